import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { runPoll, type PollRun } from '../harness';
import { startSimulator, type Simulator } from '../simulator';
import { closeSharedDispatcher } from '../../nodes/ServiceTitan/transport';
import { wallClock } from '../../nodes/ServiceTitan/trigger/poll';
import { PAGE_FAILURE } from './crash-scenario';

/**
 * The trigger's guarantees, checked by calling poll() through n8n-core's PollTriggerExecutor
 * repeatedly with one shared static-data object, against the simulator's export feeds.
 */
const COLLECTION = 'crm:customers';
const EXPORT_PATH = '/export/customers';
const RECENT_DELAY_MS = 15 * 60_000;

let sim: Simulator;

function credentials(overrides: IDataObject = {}) {
	// A high rate keeps the limiter from pacing these many small polls.
	return {
		serviceTitanOAuth2Api: { environment: 'custom', authUrl: sim.authUrl, apiBaseUrl: sim.apiBaseUrl, ...sim.credentials, requestsPerSecond: 1000, ...overrides },
	};
}

function parameters(overrides: INodeParameters = {}): INodeParameters {
	return { resource: 'customer', event: 'any', start: 'beginning', options: {}, ...overrides };
}

async function poll(staticData: IDataObject, params: INodeParameters = {}, extra: Partial<Parameters<typeof runPoll>[0]> = {}): Promise<PollRun> {
	return runPoll({ nodeType: 'serviceTitanTrigger', parameters: parameters(params), credentials: credentials(), staticData, ...extra });
}

function emitted(run: PollRun): IDataObject[] {
	if (run.error) throw run.error;
	return run.response ? run.response[0].map((item) => item.json) : [];
}

const key = (r: IDataObject) => `${String(r.id)}|${String(r.modifiedOn)}`;

/** What a perfect consumer should have seen: every record once, at its latest version. */
function expectedKeys(): string[] {
	return sim.store
		.changeLog(COLLECTION)
		.filter((entry) => entry.latest)
		.map((entry) => `${String(entry.id)}|${entry.modifiedOn}`);
}

function exportCalls() {
	return sim.log.filter((entry) => entry.path.endsWith(EXPORT_PATH));
}

/** Moves simulated time past ServiceTitan's recent-changes delay so new changes are exported. */
function settle() {
	sim.clock.advance(RECENT_DELAY_MS + 60_000);
}

const realWallClock = wallClock.now;

beforeEach(async () => {
	sim = await startSimulator({ size: { customers: 23 }, exportPageSize: 5 });
	// The trigger compares ServiceTitan's timestamps with n8n's clock: here, the simulated one.
	wallClock.now = () => sim.clock.now();
	settle();
});

afterEach(async () => {
	wallClock.now = realWallClock;
	await sim.close();
});

afterAll(async () => {
	await closeSharedDispatcher();
});

describe('first poll by start mode', () => {
	it('whole history: emits every record once, paging through the feed', async () => {
		const sd: IDataObject = {};
		const records = emitted(await poll(sd));
		expect(records.map(key).sort()).toEqual(expectedKeys().sort());
		expect(exportCalls().length).toBe(Math.ceil(records.length / 5) + (records.length % 5 === 0 ? 1 : 0));
		expect(exportCalls()[0].query.from).toBeUndefined();
		expect(await poll(sd).then((r) => r.response)).toBeNull();
	});

	it('from now: the first poll only positions the cursor, later changes arrive', async () => {
		const sd: IDataObject = {};
		const first = await poll(sd, { start: 'now' });
		expect(first.error).toBeUndefined();
		expect(first.response).toBeNull();
		expect(Object.keys(first.nodeStaticData)).not.toHaveLength(0);

		const created = sim.store.create(COLLECTION, { name: 'New After Start', type: 'Residential' });
		settle();
		const records = emitted(await poll(sd, { start: 'now' }));
		expect(records.map((r) => r.id)).toEqual([created.id]);
	});

	it('from a date: emits only records modified since then', async () => {
		const log = sim.store.changeLog(COLLECTION).filter((entry) => entry.latest);
		const cut = log[Math.floor(log.length / 2)].modifiedOn;
		const records = emitted(await poll({}, { start: 'date', startDate: cut }));
		const expected = log.filter((entry) => Date.parse(entry.modifiedOn) >= Date.parse(cut)).map((e) => e.id);
		expect(records.map((r) => r.id).sort()).toEqual([...expected].sort());
		expect(records.length).toBeLessThan(log.length);
	});
});

describe('changes between polls', () => {
	it('classifies created, updated and deactivated records by event', async () => {
		const sd: Record<string, IDataObject> = { created: {}, updated: {}, deactivatedOrDeleted: {}, createdOrUpdated: {} };
		for (const event of Object.keys(sd)) emitted(await poll(sd[event], { event }));

		const existing = sim.store.list(COLLECTION)[0];
		const other = sim.store.list(COLLECTION)[1];
		sim.clock.advance(1000);
		const created = sim.store.create(COLLECTION, { name: 'Brand New Plumbing', type: 'Commercial' });
		sim.store.update(COLLECTION, existing.id, { name: 'Renamed HVAC Client' });
		sim.store.deactivate(COLLECTION, other.id);
		settle();

		const ids = async (event: string) =>
			emitted(await poll(sd[event], { event }))
				.map((r) => r.id)
				.sort();
		expect(await ids('created')).toEqual([created.id]);
		expect(await ids('updated')).toEqual([existing.id]);
		expect(await ids('deactivatedOrDeleted')).toEqual([other.id]);
		expect(await ids('createdOrUpdated')).toEqual([created.id, existing.id].sort());
	});

	it('applies simple filters client-side', async () => {
		sim.store.create(COLLECTION, { name: 'Match Me', type: 'Commercial' });
		settle();
		const records = emitted(await poll({}, { conditions: { condition: [{ field: 'type', operator: 'equals', value: 'commercial' }] } }));
		expect(records.length).toBeGreaterThan(0);
		expect(records.every((r) => r.type === 'Commercial')).toBe(true);
	});

	it('emits a record again only when it changed again', async () => {
		const sd: IDataObject = {};
		emitted(await poll(sd));
		expect(await poll(sd).then((r) => r.response)).toBeNull();
		const target = sim.store.list(COLLECTION)[3];
		sim.store.update(COLLECTION, target.id, { name: 'Changed Once' });
		settle();
		expect(emitted(await poll(sd)).map((r) => r.id)).toEqual([target.id]);
		expect(await poll(sd).then((r) => r.response)).toBeNull();
	});
});

describe('failures and limits', () => {
	it('a failure on page k leaves the cursor as it was; recovery emits the rest exactly once', async () => {
		const sd: IDataObject = {};
		emitted(await poll(sd));
		const before = JSON.stringify(sd);
		for (let i = 0; i < 12; i++) sim.store.create(COLLECTION, { name: `Batch ${i}`, type: 'Residential' });
		settle();

		// Pages 1 and 2 succeed, page 3 fails with a status the transport does not retry.
		let calls = 0;
		sim.injectFault({ ...PAGE_FAILURE, path: EXPORT_PATH, times: 1, after: 2 });
		const failed = await poll(sd);
		calls = exportCalls().length;
		expect(failed.error).toBeDefined();
		expect((failed.error as Error).message).toMatch(/400/);
		expect(JSON.stringify(sd)).toBe(before);
		expect(calls).toBeGreaterThanOrEqual(1);

		const recovered = emitted(await poll(sd));
		expect(recovered).toHaveLength(12);
		expect(new Set(recovered.map(key)).size).toBe(12);
	});

	it('max records per poll: stops at a page boundary and continues next time', async () => {
		const sd: IDataObject = {};
		const first = emitted(await poll(sd, { options: { maxRecordsPerPoll: 6 } }));
		expect(first).toHaveLength(10); // two full pages of 5: never stops inside a page
		const second = emitted(await poll(sd, { options: { maxRecordsPerPoll: 6 } }));
		const rest = [];
		rest.push(...second);
		for (let i = 0; i < 5; i++) rest.push(...emitted(await poll(sd, { options: { maxRecordsPerPoll: 6 } })));
		const all = [...first, ...rest];
		expect(all.map(key).sort()).toEqual(expectedKeys().sort());
	});

	it('asks for the next page while judging this one, but never for a page it will not read', async () => {
		// Whole history: 23 records in pages of 5, each page asked for once, nothing lost or repeated.
		const all = emitted(await poll({}, { options: { maxRecordsPerPoll: 1000 } }));
		expect(all.map(key).sort()).toEqual(expectedKeys().sort());
		expect(exportCalls()).toHaveLength(5);
		// Max Records per Poll 6 stops each poll after two pages; a third asked for ahead would be asked again by the
		// next poll (the cursor stays at the last page read), so every position is asked for once.
		const sd: IDataObject = {};
		const before = exportCalls().length;
		const polled: IDataObject[] = [];
		for (let i = 0; i < 4; i++) polled.push(...emitted(await poll(sd, { options: { maxRecordsPerPoll: 6 } })));
		expect(polled.map(key).sort()).toEqual(expectedKeys().sort());
		const positions = exportCalls()
			.slice(before)
			.map((call) => String(call.query.from ?? ''));
		expect(positions.length).toBeGreaterThanOrEqual(5);
		expect(new Set(positions).size).toBe(positions.length);
	});

	it('include recent changes: repeats from ServiceTitan are dropped', async () => {
		const sd: IDataObject = {};
		const options = { includeRecentChanges: true };
		emitted(await poll(sd, { options }));
		const fresh = sim.store.create(COLLECTION, { name: 'Just Booked', type: 'Residential' });
		const a = emitted(await poll(sd, { options }));
		const b = emitted(await poll(sd, { options }));
		expect(a.map((r) => r.id)).toEqual([fresh.id]);
		expect(b).toHaveLength(0);
		// the feed really did send it again
		const calls = exportCalls();
		expect(calls[calls.length - 1].query.includeRecentChanges).toBe('true');
	});

	it('one item per poll wraps the records', async () => {
		const run = await poll({}, { options: { output: 'perPoll' } });
		expect(run.response?.[0]).toHaveLength(1);
		const json = run.response![0][0].json as { count: number; records: IDataObject[] };
		expect(json.count).toBe(json.records.length);
		expect(json.records.map(key).sort()).toEqual(expectedKeys().sort());
	});
});

describe('modes and settings', () => {
	it('manual mode returns recent records and never touches the cursor', async () => {
		const sd: IDataObject = {};
		emitted(await poll(sd));
		const before = JSON.stringify(sd);
		const manual = await poll(sd, {}, { mode: 'manual' });
		expect(manual.error).toBeUndefined();
		expect(manual.response?.[0].length).toBeGreaterThan(0);
		expect(manual.response![0].length).toBeLessThanOrEqual(5);
		expect(JSON.stringify(sd)).toBe(before);
	});

	it('changing the resource, the start, or Reset Cursor starts over', async () => {
		const sd: IDataObject = {};
		const all = emitted(await poll(sd)).length;
		expect(await poll(sd).then((r) => r.response)).toBeNull();
		expect(emitted(await poll(sd, { options: { resetCursor: true } }))).toHaveLength(all);
		expect(await poll(sd, { options: { resetCursor: true } }).then((r) => r.response)).toBeNull();
		const log = sim.store.changeLog(COLLECTION).filter((entry) => entry.latest);
		expect(emitted(await poll(sd, { start: 'date', startDate: log[0].modifiedOn })).length).toBe(all);
		expect(emitted(await poll(sd, { resource: 'location' })).length).toBeGreaterThan(0);
	});

	it('survives a restart: a new workflow with the saved static data continues', async () => {
		const sd: IDataObject = {};
		const first = await poll(sd);
		expect(first.savedStaticData).toBeDefined();
		const created = sim.store.create(COLLECTION, { name: 'After Restart', type: 'Residential' });
		settle();
		const afterRestart = emitted(await poll(JSON.parse(JSON.stringify(first.savedStaticData)) as IDataObject));
		expect(afterRestart.map((r) => r.id)).toEqual([created.id]);
	});

	it('wrong credentials fail clearly and leave the cursor alone', async () => {
		const sd: IDataObject = {};
		emitted(await poll(sd));
		const before = JSON.stringify(sd);
		const run = await runPoll({
			nodeType: 'serviceTitanTrigger',
			parameters: parameters(),
			credentials: credentials({ clientSecret: 'not-the-secret' }),
			staticData: sd,
		});
		expect((run.error as Error).message).toMatch(/Client ID or Client Secret/);
		expect(JSON.stringify(sd)).toBe(before);
	});

	it('rate limits are waited out, not surfaced', async () => {
		sim.injectFault({ path: EXPORT_PATH, type: 'status', status: 429, retryAfter: '1', times: 2 });
		const records = emitted(await poll({}));
		expect(records.map(key).sort()).toEqual(expectedKeys().sort());
		expect(exportCalls().filter((call) => call.status === 429)).toHaveLength(2);
	});

	it('works without getPollBudgetMs (older n8n) and stops at a page boundary when the budget is spent', async () => {
		const sd: IDataObject = {};
		const withoutBudget = emitted(await poll(sd, {}, { pollBudgetMs: null }));
		expect(withoutBudget.map(key).sort()).toEqual(expectedKeys().sort());

		// A budget already spent: one page is still read (progress is guaranteed), then the poll returns.
		const tight: IDataObject = {};
		const first = emitted(await poll(tight, {}, { pollBudgetMs: 1 }));
		expect(first.length).toBeGreaterThan(0);
		expect(first.length % 5).toBe(0);
		expect(first.length).toBeLessThan(expectedKeys().length);
	});

	it('a resource the app may not read (403) says so', async () => {
		sim.injectFault({
			path: EXPORT_PATH,
			type: 'status',
			status: 403,
			body: { title: 'Provided authentication is insufficient to grant access', status: 403, traceId: 'trace-403' },
		});
		const run = await poll({});
		expect((run.error as Error).message).toMatch(/403/);
		expect((run.error as Error).message).toMatch(/insufficient|scope|access/i);
	});
});
