/**
 * The ServiceTitan Webhook Trigger in a running n8n 2.40.7 (and in 1.x, E2E_N8N_VERSION=1.…, all but the demo):
 * workflows published, `n8n start`, the simulator delivers signed CloudEvents to the production URL as ServiceTitan
 * would. Executions are read back through the public API.
 */
import { randomUUID } from 'node:crypto';
import { signBody, startSimulator, type Simulator } from '../simulator';
import {
	DEMO_SIGNING_KEY,
	DEMO_WEBHOOK_ID,
	completeAJobWorkflow,
	demoSigningCredential,
	demoWebhookUrl,
	jobCompletedSummaryWorkflow,
} from '../../scripts/demo/webhook-workflows';
import {
	N8nInstance,
	PACKAGE_NAME,
	credentialRef,
	freePort,
	linearWorkflow,
	n8nId,
	noOp,
	serviceTitanCredential,
	type CredentialFixture,
	type N8nServer,
	type NodeSpec,
	type PublicExecution,
	waitFor,
} from './harness';
import { onlyN8n2 } from './harness/compat';
import { isN8n1 } from './harness/env';

const SIGNING_KEY = 'e2e-app-hmac-key-from-the-developer-portal';
const RETRY_DELAYS_MS = [200, 400, 800, 1600];

function webhookTriggerNode(webhookId: string, parameters: Record<string, unknown>, credentials: CredentialFixture[]): NodeSpec {
	return {
		name: 'ServiceTitan Webhook Trigger',
		type: `${PACKAGE_NAME}.serviceTitanWebhookTrigger`,
		typeVersion: 1,
		webhookId,
		parameters: { authentication: 'signature', options: {}, ...parameters },
		credentials: Object.assign({}, ...credentials.map(credentialRef)),
	};
}

function cloudEvent(type: string, data: Record<string, unknown>, userassignedid = randomUUID()) {
	return {
		specversion: '1.0',
		id: randomUUID(),
		type,
		time: new Date().toISOString(),
		source: 'https://webhooks.servicetitan.io',
		userassignedid,
		datacontenttype: 'application/json',
		data,
	};
}

describe('ServiceTitan Webhook Trigger in a running n8n (published workflow, production URL)', () => {
	let sim: Simulator;
	let n8n: N8nInstance;
	let server: N8nServer;
	const plainHook = randomUUID();
	const fullRecordHook = randomUUID();
	let plainId: string;
	let fullRecordId: string;
	let demoSummaryId: string;
	let demoCompleteId: string;

	const productionUrl = (webhookId: string) => `${server.baseUrl}/webhook/${webhookId}/webhook`;
	const post = async (url: string, body: string, headers: Record<string, string> = {}) => {
		const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
		const text = await response.text();
		return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
	};
	const signed = (body: string) => ({ 'x-servicetitan-signature': signBody(SIGNING_KEY, body) });
	/** Executions of a workflow once the count has stayed the same for a second (a started one shows up within that). */
	const count = async (workflowId: string) => {
		let last = -1;
		for (;;) {
			const now = (await server.executions(workflowId, { includeData: false })).length;
			if (now === last) return now;
			last = now;
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
	};
	const finished = async (workflowId: string, n: number) => (await server.waitForExecutions(workflowId, n)).sort((a, b) => Number(a.id) - Number(b.id));
	/** n8n registers a published workflow's webhooks shortly after it starts; until then it answers 404. */
	const listening = async (...webhookIds: string[]) => {
		for (const webhookId of webhookIds) {
			const probe = JSON.stringify(cloudEvent('tn.crm.lead-created', { lead: { id: 0 } })); // selected nowhere: no run
			await waitFor(async () => ((await post(productionUrl(webhookId), probe, signed(probe))).status === 404 ? undefined : true), {
				timeoutMs: 60_000,
				intervalMs: 250,
				describe: () => `n8n listening on ${productionUrl(webhookId)}`,
			});
		}
	};
	const triggerOutput = (execution: PublicExecution) => execution.data!.resultData.runData['ServiceTitan Webhook Trigger'][0].data!.main[0]!.map((item) => item.json);

	beforeAll(async () => {
		sim = await startSimulator({ port: 0, requestsPerSecond: false, webhooks: { retryDelaysMs: RETRY_DELAYS_MS } });
		// A fixed port: the production URL ServiceTitan knows must stay the same across the restart below.
		n8n = await N8nInstance.create({ name: 'st-e2e-webhook', port: await freePort() });
		const signing: CredentialFixture = { id: n8nId(), name: 'ServiceTitan webhook key', type: 'serviceTitanWebhookApi', data: { signingKey: SIGNING_KEY } };
		const api = serviceTitanCredential(sim);
		const demoSigning = demoSigningCredential(n8nId());
		await n8n.importCredentials([signing, api, demoSigning]);
		const plain = linearWorkflow('ServiceTitan job events', [
			webhookTriggerNode(plainHook, { events: ['tn.jpm.job-completed', 'tn.jpm.job-rescheduled'] }, [signing]),
			noOp(),
		]);
		const full = linearWorkflow('ServiceTitan completed job, full record', [
			webhookTriggerNode(fullRecordHook, { events: ['tn.jpm.job-completed'], fetchFullRecord: true }, [signing, api]),
			noOp(),
		]);
		[plainId, fullRecordId] = await n8n.importWorkflows([plain, full]);
		await n8n.publishWorkflow(plainId);
		await n8n.publishWorkflow(fullRecordId);
		// The `npm start` example, as the demo imports it (the demo runs n8n 2.40.7 only).
		if (!isN8n1()) {
			[demoSummaryId, demoCompleteId] = await n8n.importWorkflows([jobCompletedSummaryWorkflow(api, demoSigning), completeAJobWorkflow(api)]);
			await n8n.publishWorkflow(demoSummaryId);
		}
		server = await n8n.start();
		await listening(plainHook, fullRecordHook, ...(isN8n1() ? [] : [DEMO_WEBHOOK_ID]));
	});

	afterAll(async () => {
		await n8n?.dispose();
		await sim?.close();
	});

	test('a job completed in the simulator starts exactly one execution per workflow, with the event and the full record', async () => {
		sim.webhooks.subscribe({ eventType: 'tn.jpm.job-completed', url: productionUrl(plainHook), key: SIGNING_KEY });
		sim.webhooks.subscribe({ eventType: 'tn.jpm.job-completed', url: productionUrl(fullRecordHook), key: SIGNING_KEY });
		const job = sim.store.list('jpm:jobs').find((j) => j.jobStatus !== 'Completed' && j.jobStatus !== 'Canceled')!;
		sim.store.update('jpm:jobs', job.id, { jobStatus: 'Completed' });
		await sim.webhooks.idle();

		expect(sim.webhooks.attempts.map((a) => a.status)).toEqual([200, 200]);
		const [plainRun] = await finished(plainId, 1);
		expect(plainRun).toMatchObject({ status: 'success', mode: 'webhook' });
		const [event] = triggerOutput(plainRun);
		expect(event).toMatchObject({ type: 'tn.jpm.job-completed', source: 'https://webhooks.servicetitan.io', userassignedid: sim.webhooks.attempts[0].userassignedid });
		expect((event.data as { job: { id: number } }).job.id).toBe(job.id);
		expect(Object.keys(event).sort()).toEqual(['data', 'id', 'source', 'time', 'type', 'userassignedid']);

		const [fullRun] = await finished(fullRecordId, 1);
		expect(fullRun.status).toBe('success');
		expect(triggerOutput(fullRun)[0].record).toMatchObject({ id: job.id, jobStatus: 'Completed', jobNumber: job.jobNumber });
		expect(sim.log.filter((entry) => entry.path.endsWith(`/jobs/${String(job.id)}`)).map((entry) => entry.status)).toEqual([200]);
		sim.webhooks.unsubscribe();
	});

	test('a bad signature gets 401 and starts no execution', async () => {
		const before = await count(plainId);
		const body = JSON.stringify(cloudEvent('tn.jpm.job-completed', { job: { id: 1 } }));
		const wrong = await post(productionUrl(plainHook), body, { 'x-servicetitan-signature': signBody('some-other-app-key-0123456789abcdef', body) });
		const missing = await post(productionUrl(plainHook), body);
		expect([wrong.status, missing.status]).toEqual([401, 401]);
		expect(wrong.body).toEqual({ error: 'The x-servicetitan-signature header does not match the body signed with the key' });
		expect(await count(plainId)).toBe(before);
	});

	test('a retried delivery (same userassignedid, new id) gets 200 and starts none', async () => {
		const userassignedid = randomUUID();
		const first = JSON.stringify(cloudEvent('tn.jpm.job-rescheduled', { job: { id: 7 }, appointmentId: 8 }, userassignedid));
		const retry = JSON.stringify(cloudEvent('tn.jpm.job-rescheduled', { job: { id: 7 }, appointmentId: 8 }, userassignedid));
		const before = await count(plainId);
		expect(await post(productionUrl(plainHook), first, signed(first))).toEqual({ status: 200, body: { received: 1, started: 1, notSelected: 0, duplicates: 0 } });
		// ServiceTitan retries 10 s or more later; by then n8n has long saved the window (it writes it as it answers).
		await finished(plainId, before + 1);
		expect(await post(productionUrl(plainHook), retry, signed(retry))).toEqual({ status: 200, body: { received: 1, started: 0, notSelected: 0, duplicates: 1 } });
		expect(await count(plainId)).toBe(before + 1);
	});

	test('four overlapping deliveries of one event (ServiceTitan re-sending while the first is unanswered) are all answered 200 and start one execution', async () => {
		const userassignedid = randomUUID();
		const bodies = Array.from({ length: 4 }, () => JSON.stringify(cloudEvent('tn.jpm.job-completed', { job: { id: 11 } }, userassignedid)));
		const before = await count(plainId);
		const answers = await Promise.all(bodies.map(async (body) => await post(productionUrl(plainHook), body, signed(body))));
		expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
		expect(answers.map((answer) => answer.body?.started).sort()).toEqual([0, 0, 0, 1]);
		expect(answers.map((answer) => answer.body?.duplicates).sort()).toEqual([0, 1, 1, 1]);
		const runs = await finished(plainId, before + 1);
		expect(await count(plainId)).toBe(before + 1);
		expect(triggerOutput(runs.at(-1)!)).toEqual([expect.objectContaining({ userassignedid, data: { job: { id: 11 } } })]);
	});

	test('an unselected event gets 200 and starts none', async () => {
		const before = await count(plainId);
		const body = JSON.stringify(cloudEvent('tn.crm.lead-created', { lead: { id: 3 } }));
		expect(await post(productionUrl(plainHook), body, signed(body))).toEqual({ status: 200, body: { received: 1, started: 0, notSelected: 1, duplicates: 0 } });
		expect(await count(plainId)).toBe(before);
	});

	test('a body that is not a CloudEvent gets 400 with the reason (n8n itself answers 422 for application/json that does not parse)', async () => {
		const before = await count(plainId);
		const noType = JSON.stringify({ data: { job: { id: 1 } } });
		expect(await post(productionUrl(plainHook), noType, signed(noType))).toEqual({ status: 400, body: { error: 'The event is not a CloudEvent: no "type"' } });
		const text = 'hello';
		expect(await post(productionUrl(plainHook), text, { ...signed(text), 'content-type': 'text/plain' })).toEqual({
			status: 400,
			body: { error: 'The body is not JSON; a CloudEvent was expected' },
		});
		expect((await post(productionUrl(plainHook), '{not json', signed('{not json'))).status).toBe(422);
		expect(await count(plainId)).toBe(before);
	});

	onlyN8n2('demo: "complete a job" completes a scheduled job through the API, and "job completed (webhook) → team summary" reports it', async () => {
		sim.webhooks.subscribe({ eventType: 'tn.jpm.job-completed', url: demoWebhookUrl(server.baseUrl), key: DEMO_SIGNING_KEY });
		sim.clearLog();
		const result = await n8n.execute(demoCompleteId);
		expect(result.failure).toBeUndefined();
		const completion = sim.log.find((entry) => entry.method === 'PUT' && entry.path.endsWith('/complete'));
		expect(completion?.status).toBe(200);
		const jobId = Number(/jobs\/(\d+)\/complete$/.exec(completion!.path)![1]);
		await sim.webhooks.idle();
		const [run] = await finished(demoSummaryId, 1);
		expect(run.status).toBe('success');
		const job = sim.store.get('jpm:jobs', jobId)!;
		const [summary] = run.data!.resultData.runData['Team Summary'][0].data!.main[0]!.map((item) => item.json);
		expect(summary.message).toBe(`Job ${String(job.jobNumber)} completed for customer #${String(job.customerId)}: ${String(job.summary)} (total ${String(job.total)})`);
		sim.webhooks.unsubscribe();
	});

	test('n8n down: ServiceTitan retries on its schedule with the same userassignedid, and the first delivery after n8n is back runs once', async () => {
		const before = await count(plainId);
		await n8n.stop();
		sim.webhooks.subscribe({ eventType: 'tn.jpm.job-completed', url: productionUrl(plainHook), key: SIGNING_KEY });
		const job = sim.store.list('jpm:jobs').find((j) => j.jobStatus !== 'Completed' && j.jobStatus !== 'Canceled')!;
		sim.store.update('jpm:jobs', job.id, { jobStatus: 'Completed' });
		await sim.webhooks.idle();
		const failed = sim.webhooks.attempts.filter((a) => a.userassignedid === sim.webhooks.events.at(-1)!.event.userassignedid);
		expect(failed.map((a) => a.status)).toEqual([0, 0, 0, 0, 0]);
		expect(sim.webhooks.events.at(-1)!.state).toBe('failed');

		// The portal's replay once n8n is back (same port, same production URL).
		server = await n8n.start();
		await listening(plainHook);
		expect(sim.webhooks.replay()).toBe(1);
		await sim.webhooks.idle();
		expect(sim.webhooks.attempts.at(-1)!.status).toBe(200);
		const runs = await finished(plainId, before + 1);
		expect(runs).toHaveLength(before + 1);
		expect((triggerOutput(runs.at(-1)!)[0].data as { job: { id: number } }).job.id).toBe(job.id);
	});
});
