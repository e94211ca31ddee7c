/**
 * The simulator delivers V2 webhooks like ServiceTitan: per event type URL and key (control API),
 * CloudEvents from record changes, signed, retried after non-2xx with the same userassignedid,
 * replayable once the retries are used up; and the trigger in n8n's engine receives them.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IDataObject } from 'n8n-workflow';
import { startWebhookEndpoint, type WebhookEndpoint } from '../harness';
import { SIGNATURE_HEADER, WEBHOOK_SOURCE, signBody, startSimulator, type Simulator } from '../simulator';
import { SIGNING_KEY, signingCredentials, webhookTrigger } from './support';

/** Fast retries for tests, in the order ServiceTitan uses them (10, 30, 60, 300 s scaled down). */
const RETRY_DELAYS_MS = [20, 60, 120, 600];

interface Received {
	headers: http.IncomingHttpHeaders;
	body: string;
}

/** A receiver that answers with the next status of `statuses` (then 200), recording what it got. */
async function receiver(statuses: number[] = []): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
	const received: Received[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
			res.statusCode = statuses.shift() ?? 200;
			res.end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	const { port } = server.address() as AddressInfo;
	return { url: `http://127.0.0.1:${port}/hook`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function token(sim: Simulator): Promise<string> {
	const response = await fetch(`${sim.authUrl}/connect/token`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ grant_type: 'client_credentials', client_id: sim.credentials.clientId, client_secret: sim.credentials.clientSecret }),
	});
	return ((await response.json()) as { access_token: string }).access_token;
}

async function completeJobThroughApi(sim: Simulator, jobId: unknown): Promise<number> {
	const response = await fetch(`${sim.apiBaseUrl}/jpm/v2/tenant/${sim.credentials.tenantId}/jobs/${String(jobId)}/complete`, {
		method: 'PUT',
		headers: { authorization: `Bearer ${await token(sim)}`, 'st-app-key': sim.credentials.appKey, 'content-type': 'application/json' },
		body: JSON.stringify({ completedOn: '2026-11-01T12:30:00Z' }),
	});
	return response.status;
}

const openJob = (sim: Simulator) => sim.store.list('jpm:jobs').find((job) => job.jobStatus !== 'Completed' && job.jobStatus !== 'Canceled')!;

describe('simulator webhook deliveries', () => {
	let sim: Simulator;

	beforeEach(async () => {
		sim = await startSimulator({ size: 'small', requestsPerSecond: false, webhooks: { retryDelaysMs: RETRY_DELAYS_MS } });
	});
	afterEach(async () => await sim.close());

	test('a job completed through the API is POSTed once as a signed CloudEvent to the URL registered for tn.jpm.job-completed', async () => {
		const hook = await receiver();
		sim.webhooks.subscribe({ eventType: 'tn.jpm.job-completed', url: hook.url, key: SIGNING_KEY });
		const job = openJob(sim);
		expect(await completeJobThroughApi(sim, job.id)).toBe(200);
		await sim.webhooks.idle();
		await hook.close();

		expect(hook.received).toHaveLength(1);
		const [{ headers, body }] = hook.received;
		expect(headers['content-type']).toBe('application/json');
		expect(headers[SIGNATURE_HEADER]).toBe(signBody(SIGNING_KEY, body));
		const event = JSON.parse(body) as IDataObject;
		expect(event).toMatchObject({ specversion: '1.0', type: 'tn.jpm.job-completed', source: WEBHOOK_SOURCE, datacontenttype: 'application/json' });
		expect(event.userassignedid).toEqual(expect.any(String));
		expect((event.data as IDataObject).job).toMatchObject({ id: job.id, jobStatus: 'Completed' });
		expect((event.data as IDataObject).tenantId).toBe(Number(sim.credentials.tenantId));
	});

	test('other changes go to the URLs of their own types only; unsigned without a key', async () => {
		const leads = await receiver();
		const jobs = await receiver();
		sim.webhooks.subscribe({ eventType: 'tn.crm.lead-created', url: leads.url });
		sim.webhooks.subscribe({ eventType: 'tn.jpm.job-rescheduled', url: jobs.url });
		sim.store.create('crm:leads', { summary: 'Furnace noise', campaignId: 1 });
		const appointment = sim.store.list('jpm:appointments')[0];
		sim.store.update('jpm:appointments', appointment.id, { start: '2026-11-03T15:00:00Z' });
		await sim.webhooks.idle();
		await Promise.all([leads.close(), jobs.close()]);

		expect(leads.received.map((r) => JSON.parse(r.body).type)).toEqual(['tn.crm.lead-created']);
		expect(leads.received[0].headers[SIGNATURE_HEADER]).toBeUndefined();
		expect(jobs.received.map((r) => JSON.parse(r.body).data.appointmentId)).toEqual([appointment.id]);
	});

	test('non-2xx is retried on the schedule with the same userassignedid and a new delivery id, then left for replay', async () => {
		const hook = await receiver([500, 503, 500, 502, 500]);
		sim.webhooks.subscribe({ eventType: 'tn.jpm.job-completed', url: hook.url, key: SIGNING_KEY });
		sim.store.update('jpm:jobs', openJob(sim).id, { jobStatus: 'Completed' });
		await sim.webhooks.idle();

		const attempts = sim.webhooks.attempts;
		expect(attempts.map((a) => [a.attempt, a.status])).toEqual([
			[1, 500],
			[2, 503],
			[3, 500],
			[4, 502],
			[5, 500],
		]);
		const events = hook.received.map((r) => JSON.parse(r.body) as IDataObject);
		expect(new Set(events.map((e) => e.userassignedid)).size).toBe(1);
		expect(new Set(events.map((e) => e.id)).size).toBe(5);
		expect(sim.webhooks.events.map((e) => e.state)).toEqual(['failed']);

		// The portal's replay: same event (userassignedid) once more.
		expect(sim.webhooks.replay()).toBe(1);
		await sim.webhooks.idle();
		await hook.close();
		expect(hook.received).toHaveLength(6);
		expect(JSON.parse(hook.received[5].body).userassignedid).toBe(events[0].userassignedid);
		expect(sim.webhooks.events.map((e) => e.state)).toEqual(['delivered']);
	});

	test('an unreachable URL counts as a failed attempt and is retried', async () => {
		const hook = await receiver();
		const deadUrl = hook.url;
		await hook.close();
		sim.webhooks.subscribe({ eventType: 'tn.jpm.job-completed', url: deadUrl });
		sim.store.update('jpm:jobs', openJob(sim).id, { jobStatus: 'Completed' });
		await sim.webhooks.idle();
		expect(sim.webhooks.attempts.map((a) => a.status)).toEqual([0, 0, 0, 0, 0]);
		expect(sim.webhooks.attempts[0].error).toEqual(expect.any(String));
	});

	test('the control API registers, lists (keys hidden), emits and clears subscriptions over HTTP', async () => {
		const hook = await receiver();
		const control = (method: string, path = '', body?: unknown) =>
			fetch(`${sim.url}/_simulator/webhooks${path}`, {
				method,
				headers: { 'content-type': 'application/json' },
				body: body === undefined ? undefined : JSON.stringify(body),
			}).then(async (r) => ({ status: r.status, body: (await r.json()) as IDataObject }));

		const registered = await control('POST', '', { eventTypes: ['tn.jpm.job-completed', 'tn.crm.lead-created'], url: hook.url, key: SIGNING_KEY, encoding: 'base64' });
		expect(registered.status).toBe(200);
		expect(registered.body.subscriptions).toEqual([
			{ eventType: 'tn.jpm.job-completed', url: hook.url, encoding: 'base64', signed: true },
			{ eventType: 'tn.crm.lead-created', url: hook.url, encoding: 'base64', signed: true },
		]);
		expect(JSON.stringify(registered.body)).not.toContain(SIGNING_KEY);
		expect((await control('POST', '', { url: hook.url })).status).toBe(400);

		const emitted = await control('POST', '/emit', { type: 'tn.crm.lead-created', data: { lead: { id: 1 } } });
		expect(emitted.body).toMatchObject({ deliveries: 1 });
		await sim.webhooks.idle();
		expect(hook.received[0].headers[SIGNATURE_HEADER]).toBe(signBody(SIGNING_KEY, hook.received[0].body, 'base64'));

		expect((await control('DELETE')).body.subscriptions).toEqual([]);
		await hook.close();
	});
});

describe("simulator → ServiceTitan Webhook Trigger in n8n's engine", () => {
	let sim: Simulator;
	let endpoint: WebhookEndpoint;

	beforeEach(async () => {
		sim = await startSimulator({ size: 'small', requestsPerSecond: false, webhooks: { retryDelaysMs: RETRY_DELAYS_MS } });
		endpoint = await startWebhookEndpoint({
			nodeType: webhookTrigger,
			parameters: { events: ['tn.jpm.job-completed'] },
			credentials: signingCredentials,
		});
	});
	afterEach(async () => {
		await endpoint.close();
		await sim.close();
	});

	test('each completed job starts exactly one execution with the event as sent; other job changes start none', async () => {
		sim.webhooks.subscribe({ eventType: 'tn.jpm.job-completed', url: endpoint.url, key: SIGNING_KEY });
		sim.webhooks.subscribe({ eventType: 'tn.jpm.job-updated', url: endpoint.url, key: SIGNING_KEY });
		const [first, second] = sim.store.list('jpm:jobs').filter((job) => job.jobStatus !== 'Completed' && job.jobStatus !== 'Canceled');
		expect(await completeJobThroughApi(sim, first.id)).toBe(200);
		sim.store.update('jpm:jobs', second.id, { summary: 'only an update' });
		await sim.webhooks.idle();

		const executions = await endpoint.executions();
		expect(executions).toHaveLength(1);
		expect(executions[0].items.map((item) => ((item.json.data as IDataObject).job as IDataObject).id)).toEqual([first.id]);
		expect(sim.webhooks.attempts.map((a) => [a.type, a.status])).toEqual([
			['tn.jpm.job-completed', 200],
			['tn.jpm.job-updated', 200],
		]);
	});

	test('a wrong key is refused with 401 on every retry, and nothing runs', async () => {
		sim.webhooks.subscribe({ eventType: 'tn.jpm.job-completed', url: endpoint.url, key: 'the-wrong-key-for-this-app-0123456789' });
		sim.store.update('jpm:jobs', openJob(sim).id, { jobStatus: 'Completed' });
		await sim.webhooks.idle();
		expect(sim.webhooks.attempts.map((a) => a.status)).toEqual([401, 401, 401, 401, 401]);
		expect(await endpoint.executions()).toHaveLength(0);
	});

	test('an ack lost after n8n ran the event: ServiceTitan retries with the same userassignedid and nothing runs twice', async () => {
		// A proxy in front of n8n that swallows the first answer, as a timeout on the way back would.
		let swallow = 1;
		const proxy = http.createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', async () => {
				const forwarded = await fetch(endpoint.url, { method: 'POST', headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) });
				await forwarded.arrayBuffer();
				res.statusCode = swallow-- > 0 ? 504 : forwarded.status;
				res.end();
			});
		});
		await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', () => resolve()));
		const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/`;
		sim.webhooks.subscribe({ eventType: 'tn.jpm.job-completed', url: proxyUrl, key: SIGNING_KEY });
		sim.store.update('jpm:jobs', openJob(sim).id, { jobStatus: 'Completed' });
		await sim.webhooks.idle();
		await new Promise<void>((resolve) => proxy.close(() => resolve()));

		expect(sim.webhooks.attempts.map((a) => a.status)).toEqual([504, 200]);
		expect(endpoint.deliveries.map((d) => d.responseBody)).toEqual([
			{ received: 1, started: 1, notSelected: 0, duplicates: 0 },
			{ received: 1, started: 0, notSelected: 0, duplicates: 1 },
		]);
		expect(await endpoint.executions()).toHaveLength(1);
	});
});
