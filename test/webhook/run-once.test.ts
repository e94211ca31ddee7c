/**
 * Overlapping deliveries of one event (ServiceTitan re-sends when an answer is slow or lost) in n8n's engine, with
 * static data as n8n keeps it: each request reads its own copy as it arrives and saves it back whole, the last save
 * winning. The event is claimed (coordination/claims.ts) before it runs, so one delivery runs it and the others are
 * answered 200 without workflow data; static data still catches a re-delivery once the claim is gone.
 */
import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import type { IDataObject } from 'n8n-workflow';
import { InProcessClaims, getClaimStore, setClaimStore, type ClaimStore } from '../../nodes/ServiceTitan/coordination/claims';
import { DUPLICATE_WINDOW } from '../../nodes/ServiceTitan/webhook/duplicates';
import { EVENT_CLAIM_TTL_MS, eventClaimKey } from '../../nodes/ServiceTitan/webhook/runOnce';
import { HARNESS_WORKFLOW_ID } from '../harness/engine';
import { startWebhookEndpoint, type WebhookEndpoint } from '../harness';
import { SIGNATURE_HEADER, signBody, type CloudEvent } from '../simulator';
import { SIGNING_KEY, jobCompleted, signingCredentials, webhookTrigger } from './support';

const HARNESS_NODE_ID = 'harness-webhook-node';

/** Records every claim asked of the store underneath. */
class RecordingClaims implements ClaimStore {
	readonly claims: Array<{ key: string; ttlMs: number; granted: boolean }> = [];
	constructor(private readonly inner: ClaimStore) {}
	async claim(key: string, ttlMs: number): Promise<string | undefined> {
		const token = await this.inner.claim(key, ttlMs);
		this.claims.push({ key, ttlMs, granted: token !== undefined });
		return token;
	}
	async release(key: string, token: string): Promise<void> {
		await this.inner.release(key, token);
	}
}

/** Grants every claim: the trigger as it was before claims, de-duplicating by static data alone. */
const grantsEverything: ClaimStore = { claim: async () => 'always', release: async () => undefined };

const processStore = getClaimStore();
let claims: RecordingClaims;
let endpoint: WebhookEndpoint;
let staticData: IDataObject;

async function openEndpoint(): Promise<void> {
	staticData = {};
	endpoint = await startWebhookEndpoint({
		nodeType: webhookTrigger,
		parameters: { events: ['tn.jpm.job-completed'] },
		credentials: signingCredentials,
		staticData,
		staticDataPerRequest: true,
	});
}

beforeEach(async () => {
	claims = new RecordingClaims(new InProcessClaims());
	setClaimStore(claims);
	await openEndpoint();
});
afterEach(async () => await endpoint.close());
afterAll(() => setClaimStore(processStore));

/** POSTs signed bodies that overlap (all read static data before any is handled); each answer's status and body, in the order sent. */
async function deliverTogether(bodies: unknown[]): Promise<Array<{ status: number; body: IDataObject }>> {
	endpoint.overlapNext(bodies.length);
	return await Promise.all(
		bodies.map(async (body) => {
			const text = JSON.stringify(body);
			const response = await fetch(endpoint.url, {
				method: 'POST',
				headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signBody(SIGNING_KEY, text) },
				body: text,
			});
			return { status: response.status, body: (await response.json()) as IDataObject };
		}),
	);
}

/** ServiceTitan's re-sends of one event: a new delivery id each time, the same userassignedid. */
const resends = (event: CloudEvent, times: number): CloudEvent[] => Array.from({ length: times }, (_, index) => ({ ...event, id: `${event.id}-attempt-${index}` }));

const jobIdsRun = async () =>
	(await endpoint.executions()).flatMap((execution) => execution.items.map((item) => ((item.json.data as IDataObject).job as IDataObject).id));

describe('overlapping deliveries of one event', () => {
	test('four at once: all answered 200, the workflow runs once, the other three carry no workflow data', async () => {
		const answers = await deliverTogether(resends(jobCompleted(501), 4));
		expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
		const bodies = answers.map((answer) => answer.body);
		expect(bodies.filter((body) => body.started === 1)).toEqual([{ received: 1, started: 1, notSelected: 0, duplicates: 0 }]);
		expect(bodies.filter((body) => body.started === 0)).toEqual(Array(3).fill({ received: 1, started: 0, notSelected: 0, duplicates: 1 }));
		expect(endpoint.deliveries.filter((delivery) => delivery.execution !== undefined)).toHaveLength(1);
		expect(await jobIdsRun()).toEqual([501]);
	});

	test('without claims (static data alone, as before) the same overlap runs the event more than once: what the claim prevents', async () => {
		setClaimStore(grantsEverything);
		await deliverTogether(resends(jobCompleted(502), 4));
		expect(await jobIdsRun()).toEqual([502, 502, 502, 502]);
	});

	test('a different event still runs, also while re-sends of the first overlap with it', async () => {
		const first = jobCompleted(503);
		await deliverTogether([...resends(first, 3), jobCompleted(504)]);
		expect((await jobIdsRun()).sort()).toEqual([503, 504]);
		await deliverTogether([jobCompleted(505)]);
		expect((await jobIdsRun()).sort()).toEqual([503, 504, 505]);
	});

	test('overlapping batches: each event runs once, in the delivery that claimed it', async () => {
		const [a, b, c] = [jobCompleted(506), jobCompleted(507), jobCompleted(508)];
		const answers = await deliverTogether([
			[a, b],
			[b, c],
			[c, a],
		]);
		expect(answers.reduce((sum, answer) => sum + Number(answer.body.started), 0)).toBe(3);
		expect(answers.reduce((sum, answer) => sum + Number(answer.body.duplicates), 0)).toBe(3);
		expect((await jobIdsRun()).sort()).toEqual([506, 507, 508]);
	});

	test('a re-delivery after the overlap, once the claims are gone (n8n restarted), is still caught by static data', async () => {
		const event = jobCompleted(509);
		await deliverTogether(resends(event, 4));
		await endpoint.executions();
		setClaimStore(new RecordingClaims(new InProcessClaims()));
		const [replay] = await deliverTogether([{ ...event, id: 'portal-replay' }]);
		expect(replay).toEqual({ status: 200, body: { received: 1, started: 0, notSelected: 0, duplicates: 1 } });
		expect(await jobIdsRun()).toEqual([509]);
	});

	test('a re-delivery within the window that static data lost (another save won) is caught by the claim', async () => {
		const event = jobCompleted(510);
		await deliverTogether([event]);
		await endpoint.executions();
		// What a concurrent save of another event's copy does to this event's record.
		for (const key of Object.keys(staticData)) delete staticData[key];
		const [retry] = await deliverTogether([{ ...event, id: 'retry-after-10-s' }]);
		expect(retry.body).toEqual({ received: 1, started: 0, notSelected: 0, duplicates: 1 });
		expect(await jobIdsRun()).toEqual([510]);
	});
});

describe('the claim', () => {
	test('one claim per new event, keyed by workflow, trigger node and a hash of the event key, held for the whole window', async () => {
		const event = jobCompleted(511);
		await deliverTogether(resends(event, 2));
		const key = eventClaimKey({ workflowId: HARNESS_WORKFLOW_ID, nodeId: HARNESS_NODE_ID }, String(event.userassignedid));
		expect(key).toMatch(new RegExp(`^webhook-event:${HARNESS_WORKFLOW_ID}:[0-9a-f]{16}$`));
		expect(key).not.toContain(String(event.userassignedid));
		expect(claims.claims.map(({ granted, ...claim }) => claim)).toEqual([
			{ key, ttlMs: DUPLICATE_WINDOW.maxAgeMs },
			{ key, ttlMs: DUPLICATE_WINDOW.maxAgeMs },
		]);
		expect(claims.claims.map((claim) => claim.granted).sort()).toEqual([false, true]);
		expect(EVENT_CLAIM_TTL_MS).toBe(24 * 3600_000);
	});

	test('another workflow or another trigger node claims the same event under its own key (each runs it once)', () => {
		const keys = new Set([
			eventClaimKey({ workflowId: 'wf-1', nodeId: 'node-a' }, 'event-1'),
			eventClaimKey({ workflowId: 'wf-2', nodeId: 'node-a' }, 'event-1'),
			eventClaimKey({ workflowId: 'wf-1', nodeId: 'node-b' }, 'event-1'),
			eventClaimKey({ workflowId: 'wf-1', nodeId: 'node-a' }, 'event-2'),
		]);
		expect(keys.size).toBe(4);
	});

	test('an event static data has seen is not claimed again; refused and unselected deliveries claim nothing', async () => {
		const event = jobCompleted(512);
		await deliverTogether([event]);
		await endpoint.executions();
		await deliverTogether([{ ...event, id: 'later-retry' }]);
		const unsigned = await fetch(endpoint.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(jobCompleted(513)) });
		expect(unsigned.status).toBe(401);
		const [unselected] = await deliverTogether([{ ...jobCompleted(514), type: 'tn.crm.lead-created' }]);
		expect(unselected.body).toMatchObject({ started: 0, notSelected: 1 });
		expect(claims.claims).toHaveLength(1);
	});

	test('the test URL ("Listen for test event") claims nothing, so a test event can be sent again', async () => {
		await endpoint.close();
		endpoint = await startWebhookEndpoint({
			nodeType: webhookTrigger,
			parameters: { events: ['tn.jpm.job-completed'] },
			credentials: signingCredentials,
			mode: 'manual',
		});
		const event = jobCompleted(515);
		await deliverTogether([event]);
		await deliverTogether([event]);
		expect(await jobIdsRun()).toEqual([515, 515]);
		expect(claims.claims).toEqual([]);
	});

	test('a claim store that fails (Redis lost): the event runs, judged by static data alone, and a warning says so', async () => {
		const warn = jest.spyOn(Container.get(Logger), 'warn').mockImplementation(() => undefined);
		try {
			setClaimStore({ claim: async () => await Promise.reject(new Error('Connection is closed.')), release: async () => undefined });
			const event = jobCompleted(516);
			const [first] = await deliverTogether([event]);
			expect(first.body).toEqual({ received: 1, started: 1, notSelected: 0, duplicates: 0 });
			await endpoint.executions();
			const [retry] = await deliverTogether([{ ...event, id: 'retry' }]);
			expect(retry.body).toMatchObject({ started: 0, duplicates: 1 });
			expect(await jobIdsRun()).toEqual([516]);
			expect(warn).toHaveBeenCalledWith(
				'ServiceTitan Webhook Trigger: 1 event(s) could not be claimed (Connection is closed.); they run if static data has not seen them, so an overlapping delivery may run one again',
			);
		} finally {
			warn.mockRestore();
		}
	});
});
