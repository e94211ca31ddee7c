/**
 * The ServiceTitan Webhook Trigger in n8n's engine (n8n-core's WebhookContext and WorkflowExecute,
 * over a real loopback HTTP request): signature, event filter, CloudEvent validation, batches,
 * duplicates, the output, and Fetch Full Record against the simulator.
 */
import type { IDataObject } from 'n8n-workflow';
import { runWebhook, startWebhookEndpoint, type CredentialsByType } from '../harness';
import { startSimulator, signBody, type Simulator } from '../simulator';
import { DUPLICATE_WINDOW, takeNewKeys } from '../../nodes/ServiceTitan/webhook/duplicates';
import { WEBHOOK_EVENT_TYPES } from '../../nodes/ServiceTitan/webhook/events';
import { SIGNING_KEY, cloudEvent, deliver, jobCompleted, signingCredentials, webhookTrigger } from './support';

describe('signature', () => {
	test('a body signed with the key (hex) starts one execution and is answered 200', async () => {
		const result = await deliver(jobCompleted(101));
		expect(result.status).toBe(200);
		expect(result.responseBody).toEqual({ received: 1, started: 1, notSelected: 0, duplicates: 0 });
		expect(result.finished?.status).toBe('success');
		expect(result.finished?.items.map((item) => (item.json.data as IDataObject).job)).toEqual([{ id: 101, jobNumber: '101', jobStatus: 'Completed' }]);
	});

	test('base64 and sha256=-prefixed signatures are accepted too', async () => {
		expect((await deliver(jobCompleted(102), { encoding: 'base64' })).finished?.status).toBe('success');
		const body = JSON.stringify(jobCompleted(103));
		const prefixed = await deliver(body, { key: null, headers: { 'x-servicetitan-signature': `sha256=${signBody(SIGNING_KEY, body)}` } });
		expect(prefixed.finished?.status).toBe('success');
	});

	test('a signature made with another key is answered 401 and starts nothing; the key is never echoed', async () => {
		const result = await deliver(jobCompleted(104), { key: 'another-key-of-another-app-0123456789' });
		expect(result.status).toBe(401);
		expect(result.execution).toBeUndefined();
		expect(result.responseBody).toEqual({ error: 'The x-servicetitan-signature header does not match the body signed with the key' });
		expect(JSON.stringify(result.responseBody)).not.toContain(SIGNING_KEY);
	});

	test('a missing signature header is answered 401 and starts nothing', async () => {
		const result = await deliver(jobCompleted(105), { key: null });
		expect(result.status).toBe(401);
		expect(result.responseBody).toEqual({ error: 'The x-servicetitan-signature header is missing' });
		expect(result.execution).toBeUndefined();
	});

	test('a tampered body (signature of the original) is answered 401', async () => {
		const original = JSON.stringify(jobCompleted(106));
		const tampered = original.replace('"id":106', '"id":999');
		const result = await deliver(tampered, { key: null, headers: { 'x-servicetitan-signature': signBody(SIGNING_KEY, original) } });
		expect(result.status).toBe(401);
		expect(result.execution).toBeUndefined();
	});

	test('a header that is no signature at all is answered 401 with that reason', async () => {
		const result = await deliver(jobCompleted(107), { key: null, headers: { 'x-servicetitan-signature': 'not a signature' } });
		expect(result.status).toBe(401);
		expect(result.responseBody).toEqual({ error: 'The x-servicetitan-signature header is not an HMAC-SHA256 signature (hex or base64)' });
	});

	test('HMAC Signature without a signing credential refuses every delivery with 401 (no failed run)', async () => {
		const result = await deliver(jobCompleted(111), { credentials: {} });
		expect(result.status).toBe(401);
		expect(result.responseBody).toEqual({ error: 'No signing credential is selected in the trigger, so no delivery can be verified' });
		expect(result.execution).toBeUndefined();
	});

	test('the header name is an option', async () => {
		const body = JSON.stringify(jobCompleted(108));
		const parameters = { events: ['tn.jpm.job-completed'], options: { signatureHeader: 'X-ST-Signature' } };
		const ok = await deliver(body, { key: null, parameters, headers: { 'x-st-signature': signBody(SIGNING_KEY, body) } });
		expect(ok.finished?.status).toBe('success');
		const wrongHeader = await deliver(body, { parameters });
		expect(wrongHeader.status).toBe(401);
	});

	test('unsigned deliveries: started with Authentication None, refused when HMAC Signature is selected', async () => {
		const none = await deliver(jobCompleted(109), { key: null, credentials: {}, parameters: { events: ['tn.jpm.job-completed'], authentication: 'none' } });
		expect(none.status).toBe(200);
		expect(none.finished?.status).toBe('success');
		const withKey = await deliver(jobCompleted(110), { key: null });
		expect(withKey.status).toBe(401);
		expect(withKey.execution).toBeUndefined();
	});
});

describe('events, CloudEvent validation and batches', () => {
	test('an event type that is not selected is answered 200 (no retry) and starts nothing', async () => {
		const result = await deliver(cloudEvent('tn.crm.lead-created', { lead: { id: 5 } }));
		expect(result.status).toBe(200);
		expect(result.responseBody).toEqual({ received: 1, started: 0, notSelected: 1, duplicates: 0 });
		expect(result.execution).toBeUndefined();
	});

	test.each([
		['not JSON', 'job completed!', 'text/plain', 'The body is not JSON; a CloudEvent was expected'],
		['empty', '', 'text/plain', 'The body is empty; a CloudEvent (JSON) was expected'],
		['no type', JSON.stringify({ id: '1', data: { job: { id: 1 } } }), 'application/json', 'The event is not a CloudEvent: no "type"'],
		['no data', JSON.stringify({ id: '1', type: 'tn.jpm.job-completed' }), 'application/json', 'The event is not a CloudEvent: no "data" object'],
		[
			'a bad event in a batch',
			JSON.stringify([jobCompleted(1), { type: 'tn.jpm.job-completed' }]),
			'application/json',
			'Event [1] is not a CloudEvent: no "data" object',
		],
		['an empty batch', '[]', 'application/json', 'The batch is empty'],
	])('a body that is %s gets 400 with the reason and starts nothing', async (_what, body, contentType, reason) => {
		const result = await deliver(body, { headers: { 'content-type': contentType } });
		expect(result.status).toBe(400);
		expect(result.responseBody).toEqual({ error: reason });
		expect(result.execution).toBeUndefined();
	});

	test('a batch (JSON array) becomes one item per selected event, in order, in one execution', async () => {
		const batch = [jobCompleted(201), cloudEvent('tn.crm.lead-created', { lead: { id: 7 } }), jobCompleted(202)];
		const result = await deliver(batch);
		expect(result.responseBody).toEqual({ received: 3, started: 2, notSelected: 1, duplicates: 0 });
		expect(result.finished?.items.map((item) => ((item.json.data as IDataObject).job as IDataObject).id)).toEqual([201, 202]);
	});

	test('the output is the event as sent: type, time, id, userassignedid, source and data', async () => {
		const event = jobCompleted(203);
		const result = await deliver(event);
		expect(result.finished?.items.map((item) => item.json)).toEqual([
			{ type: event.type, time: event.time, id: event.id, userassignedid: event.userassignedid, source: event.source, data: event.data },
		]);
	});

	test('CloudEvents sent as application/cloudevents+json are read from the raw body', async () => {
		const result = await deliver(jobCompleted(204), { headers: { 'content-type': 'application/cloudevents+json' } });
		expect(result.finished?.status).toBe('success');
	});

	test('every one of the 21 event types can be selected, and each starts the workflow', async () => {
		expect(WEBHOOK_EVENT_TYPES).toHaveLength(21);
		const all = WEBHOOK_EVENT_TYPES.map((type) => type.value);
		const batch = all.map((type) => cloudEvent(type, { tenantId: 1 }));
		const result = await deliver(batch, { parameters: { events: all } });
		expect(result.finished?.items.map((item) => item.json.type)).toEqual(all);
	});
});

describe('duplicates', () => {
	test('a retry with the same userassignedid (new delivery id) is answered 200 and starts nothing', async () => {
		const staticData: IDataObject = {};
		const first = jobCompleted(301);
		const retry = { ...first, id: 'another-delivery-id' };
		const one = await deliver(first, { staticData });
		const two = await deliver(retry, { staticData });
		expect(one.finished?.status).toBe('success');
		expect(two.status).toBe(200);
		expect(two.responseBody).toEqual({ received: 1, started: 0, notSelected: 0, duplicates: 1 });
		expect(two.execution).toBeUndefined();
		// A different event still runs.
		expect((await deliver(jobCompleted(302), { staticData })).finished?.status).toBe('success');
	});

	test('without userassignedid the delivery id identifies the event; a batch repeating an event runs it once', async () => {
		const staticData: IDataObject = {};
		const event = jobCompleted(303, { userassignedid: undefined });
		const result = await deliver([event, event], { staticData });
		expect(result.responseBody).toEqual({ received: 2, started: 1, notSelected: 0, duplicates: 1 });
		expect((await deliver(event, { staticData })).execution).toBeUndefined();
	});

	test('a refused delivery (bad signature) is not remembered: its valid retry runs', async () => {
		const staticData: IDataObject = {};
		const event = jobCompleted(304);
		expect((await deliver(event, { staticData, key: 'wrong-key-wrong-key-wrong-key-0000' })).status).toBe(401);
		expect((await deliver(event, { staticData })).finished?.status).toBe('success');
	});

	test('the window is kept in the node static data, bounded in count and age', () => {
		const staticData: IDataObject = {};
		const now = Date.UTC(2026, 10, 1);
		const keys = Array.from({ length: DUPLICATE_WINDOW.maxEntries + 5 }, (_, i) => `event-${i}`);
		expect(takeNewKeys(staticData, keys, now).every(Boolean)).toBe(true);
		expect((staticData.seenEvents as unknown[]).length).toBe(DUPLICATE_WINDOW.maxEntries);
		// The oldest fell out of the window (count), the newest are remembered.
		expect(takeNewKeys(staticData, ['event-0', `event-${keys.length - 1}`], now)).toEqual([true, false]);
		// Past the age bound everything is new again.
		expect(takeNewKeys(staticData, [`event-${keys.length - 1}`], now + DUPLICATE_WINDOW.maxAgeMs + 1)).toEqual([true]);
	});

	test('the test URL ("Listen for test event"): n8n keeps no static data, so a repeat runs again', async () => {
		const endpoint = await startWebhookEndpoint({ nodeType: webhookTrigger, parameters: { events: ['tn.jpm.job-completed'], authentication: 'none' }, mode: 'manual' });
		try {
			const body = JSON.stringify(jobCompleted(306));
			for (let i = 0; i < 2; i++) await fetch(endpoint.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
			expect((await endpoint.executions()).map((execution) => execution.status)).toEqual(['success', 'success']);
			expect(endpoint.staticData).toEqual({});
		} finally {
			await endpoint.close();
		}
	});

	test('the window survives between deliveries in static data (what n8n saves after each webhook call)', async () => {
		const result = await deliver(jobCompleted(305));
		expect(result.nodeStaticData.seenEvents).toEqual([[expect.any(String), expect.any(Number)]]);
	});
});

describe('Fetch Full Record', () => {
	let sim: Simulator;
	let credentials: CredentialsByType;

	beforeAll(async () => {
		sim = await startSimulator({ size: 'small', requestsPerSecond: false });
		credentials = {
			...signingCredentials,
			serviceTitanOAuth2Api: { environment: 'custom', authUrl: sim.authUrl, apiBaseUrl: sim.apiBaseUrl, ...sim.credentials },
		};
	});
	afterAll(async () => await sim.close());
	beforeEach(() => sim.clearLog());

	const apiPaths = () =>
		sim.log.filter((entry) => entry.path.includes('/tenant/')).map((entry) => `${entry.method} ${entry.path.replace(/^.*\/tenant\/[^/]+\//, '')} ${entry.status}`);

	test('found: the job is loaded through the API and put beside the event as "record"', async () => {
		const job = sim.store.list('jpm:jobs')[0];
		const result = await deliver(jobCompleted(Number(job.id)), { credentials, parameters: { events: ['tn.jpm.job-completed'], fetchFullRecord: true } });
		expect(result.status).toBe(200);
		expect(result.finished?.status).toBe('success');
		expect(result.finished?.items[0].json.record).toEqual(JSON.parse(JSON.stringify(sim.store.get('jpm:jobs', job.id))));
		expect(apiPaths()).toEqual([`GET jobs/${String(job.id)} 200`]);
	});

	test('a rescheduled job brings its appointment too; an invoice event reads the invoice list by ids', async () => {
		const appointment = sim.store.list('jpm:appointments')[0];
		const job = sim.store.get('jpm:jobs', appointment.jobId as number)!;
		const invoice = sim.store.list('accounting:invoices')[0];
		const batch = [
			cloudEvent('tn.jpm.job-rescheduled', { job: { id: job.id }, appointmentId: appointment.id }),
			cloudEvent('tn.acc.invoice-posted', { invoice: { id: invoice.id } }),
		];
		const result = await deliver(batch, { credentials, parameters: { events: ['tn.jpm.job-rescheduled', 'tn.acc.invoice-posted'], fetchFullRecord: true } });
		const [rescheduled, posted] = result.finished!.items.map((item) => item.json);
		expect((rescheduled.record as IDataObject).id).toBe(job.id);
		expect((rescheduled.appointment as IDataObject).id).toBe(appointment.id);
		expect((posted.record as IDataObject).id).toBe(invoice.id);
		expect(apiPaths()).toEqual([`GET jobs/${String(job.id)} 200`, `GET appointments/${String(appointment.id)} 200`, 'GET invoices 200']);
		expect(sim.log.find((entry) => entry.path.endsWith('/invoices'))?.query).toMatchObject({ ids: String(invoice.id) });
	});

	test("404: the execution fails with ServiceTitan's status and title; ServiceTitan still got its 200", async () => {
		const result = await deliver(jobCompleted(424242), { credentials, parameters: { events: ['tn.jpm.job-completed'], fetchFullRecord: true } });
		expect(result.status).toBe(200);
		expect(result.finished?.status).toBe('error');
		expect(result.finished?.error).toMatchObject({ name: 'NodeApiError', httpCode: '404', itemIndex: 0 });
		expect(result.finished?.error?.message).toMatch(/^ServiceTitan 404: .*no record with that ID in this tenant/);
		const recorded = JSON.stringify(result.finished?.error?.recorded);
		expect(recorded).not.toContain(sim.credentials.clientSecret);
		expect(recorded).not.toContain(SIGNING_KEY);
	});

	test('an invoice the ids filter does not return fails the execution with a 404 naming it', async () => {
		const batch = [cloudEvent('tn.acc.invoice-posted', { invoice: { id: 777777 } })];
		const result = await deliver(batch, { credentials, parameters: { events: ['tn.acc.invoice-posted'], fetchFullRecord: true } });
		expect(result.finished?.error?.message).toMatch(/^ServiceTitan 404: No invoice with id 777777 was found\./);
	});

	test('a call, a lead and a booking are read from telecom and CRM', async () => {
		const callRecord = sim.store.list('telecom:calls')[0];
		const lead = sim.store.list('crm:leads')[0];
		const booking = sim.store.list('crm:bookings')[0];
		const batch = [
			cloudEvent('tn.tlc.call-completed', { call: { id: callRecord.id } }),
			cloudEvent('tn.crm.lead-updated', { lead: { id: lead.id } }),
			cloudEvent('tn.crm.booking-updated', { booking: { id: booking.id } }),
		];
		const events = ['tn.tlc.call-completed', 'tn.crm.lead-updated', 'tn.crm.booking-updated'];
		const result = await deliver(batch, { credentials, parameters: { events, fetchFullRecord: true } });
		expect(result.finished?.items.map((item) => (item.json.record as IDataObject).id)).toEqual([callRecord.id, lead.id, booking.id]);
		expect(sim.log.filter((entry) => entry.path.includes('/tenant/')).map((entry) => entry.path.split('/tenant/')[0])).toEqual(['/telecom/v2', '/crm/v2', '/crm/v2']);
	});

	test('with On Error: Continue a failed fetch keeps the event and names the error; the other events get their record', async () => {
		const job = sim.store.list('jpm:jobs')[0];
		const result = await runWebhook({
			nodeType: webhookTrigger,
			parameters: { events: ['tn.jpm.job-completed'], fetchFullRecord: true, authentication: 'none' },
			credentials,
			continueOnFail: true,
			body: [jobCompleted(999999), jobCompleted(Number(job.id))],
		});
		const items = result.finished!.items.map((item) => item.json);
		expect(result.finished?.status).toBe('success');
		expect(items[0]).toMatchObject({ type: 'tn.jpm.job-completed', error: expect.stringMatching(/^ServiceTitan 404: /) });
		expect(items[0].record).toBeUndefined();
		expect((items[1].record as IDataObject).id).toBe(job.id);
	});

	test('events without a readable record (Scheduling Pro sessions, a deleted zone) are output as sent', async () => {
		const batch = [cloudEvent('tn.sp.session-completed', { session: { id: 'abc' } }), cloudEvent('tn.dis.zone-deleted', { zone: { id: 3 } })];
		const result = await deliver(batch, { credentials, parameters: { events: ['tn.sp.session-completed', 'tn.dis.zone-deleted'], fetchFullRecord: true } });
		expect(result.finished?.items.map((item) => 'record' in item.json)).toEqual([false, false]);
		expect(apiPaths()).toEqual([]);
	});

	test('without the option nothing is fetched and no API credential is needed', async () => {
		const result = await deliver(jobCompleted(Number(sim.store.list('jpm:jobs')[0].id)));
		expect(result.finished?.items[0].json.record).toBeUndefined();
		expect(apiPaths()).toEqual([]);
	});
});

test('the node is a webhook trigger answering on receipt at POST …/webhook', () => {
	expect(webhookTrigger.description.webhooks).toEqual([expect.objectContaining({ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' })]);
	expect(webhookTrigger.description.group).toEqual(['trigger']);
});

test('publishing registers nothing with ServiceTitan (it has no subscription API): checkExists answers true, so n8n calls neither create nor delete', async () => {
	const lifecycle = webhookTrigger.webhookMethods.default;
	expect(await lifecycle.checkExists.call({} as never)).toBe(true);
	expect(await lifecycle.create.call({} as never)).toBe(true);
	expect(await lifecycle.delete.call({} as never)).toBe(true);
});
