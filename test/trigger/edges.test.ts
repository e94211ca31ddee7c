import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { runPoll, type PollRun } from '../harness';
import { startSimulator, type Simulator } from '../simulator';
import { closeSharedDispatcher } from '../../nodes/ServiceTitan/transport';
import { wallClock } from '../../nodes/ServiceTitan/trigger/poll';
import { STATE_KEY } from '../../nodes/ServiceTitan/trigger/state';

/**
 * The trigger at the edges of ServiceTitan's export feeds: records repeated around the cursor,
 * overlapping ticks, feeds without id, equal timestamps, odd timestamps, deadlines and a stored cursor
 * ServiceTitan no longer accepts. Every poll runs through n8n-core's PollTriggerExecutor against
 * the simulator.
 */
const COLLECTION = 'crm:customers';
const EXPORT_PATH = '/export/customers';
const RECENT_DELAY_MS = 15 * 60_000;
const NODE_KEY = 'node:ServiceTitan Trigger';

let sim: Simulator;
const realWallClock = wallClock.now;

async function useSimulator(options: Parameters<typeof startSimulator>[0] = {}) {
	sim = await startSimulator({ size: { customers: 23 }, exportPageSize: 5, ...options });
	// The trigger compares ServiceTitan's timestamps with n8n's clock: here, the simulated one.
	wallClock.now = () => sim.clock.now();
	settle();
}

afterEach(async () => {
	wallClock.now = realWallClock;
	await sim?.close();
});

afterAll(async () => {
	await closeSharedDispatcher();
});

function credentials() {
	return { serviceTitanOAuth2Api: { environment: 'custom', authUrl: sim.authUrl, apiBaseUrl: sim.apiBaseUrl, ...sim.credentials, requestsPerSecond: 1000 } };
}

async function poll(staticData: IDataObject, params: INodeParameters = {}, extra: Partial<Parameters<typeof runPoll>[0]> = {}): Promise<PollRun> {
	return runPoll({
		nodeType: 'serviceTitanTrigger',
		parameters: { resource: 'customer', event: 'any', start: 'beginning', options: {}, ...params },
		credentials: credentials(),
		staticData,
		...extra,
	});
}

function emitted(run: PollRun): IDataObject[] {
	if (run.error) throw run.error;
	return run.response ? run.response[0].map((item) => item.json) : [];
}

const exportCalls = (path = EXPORT_PATH) => sim.log.filter((entry) => entry.path.endsWith(path));

function settle() {
	sim.clock.advance(RECENT_DELAY_MS + 60_000);
}

const recent = { includeRecentChanges: true };

describe('From Now', () => {
	beforeEach(() => useSimulator());

	it('never emits a record changed before activation, even when ServiceTitan repeats it', async () => {
		const live = sim.store.list(COLLECTION);
		const before = [sim.store.update(COLLECTION, live[0].id, { name: 'Just Before 1' }), sim.store.update(COLLECTION, live[1].id, { name: 'Just Before 2' })];
		sim.clock.advance(60_000);
		const sd: IDataObject = {};
		expect((await poll(sd, { start: 'now', options: recent }, { activationPoll: true })).response).toBeNull();
		sim.clock.advance(1000);
		const after = sim.store.create(COLLECTION, { name: 'After Activation', type: 'Residential' });

		const second = emitted(await poll(sd, { start: 'now', options: recent }));
		// ServiceTitan did send the records from before activation again.
		expect(exportCalls().length).toBeGreaterThanOrEqual(2);
		expect(second.map((r) => r.id)).toEqual([after.id]);
		expect(second.map((r) => r.id)).not.toEqual(expect.arrayContaining(before.map((r) => r?.id)));
		expect(emitted(await poll(sd, { start: 'now', options: recent }))).toEqual([]);
	});

	it('keeps its position across a restart before the first emission (n8n saves static data after the activation poll)', async () => {
		const first = await poll({}, { start: 'now' }, { activationPoll: true });
		expect(first.response).toBeNull();
		expect(first.staticDataChanged).toBe(true);
		// What n8n's ActiveWorkflowManager.add() writes to the database once activation is done.
		const persisted = JSON.parse(JSON.stringify(first.staticData)) as IDataObject;

		const created = sim.store.create(COLLECTION, { name: 'Made While n8n Was Down', type: 'Residential' });
		sim.clock.advance(20 * 60_000);
		const afterRestart = emitted(await poll(persisted, { start: 'now' }, { activationPoll: true, activation: 'init' }));
		expect(afterRestart.map((r) => r.id)).toEqual([created.id]);
	});

	it('positioning stops at the deadline; what it skipped is never emitted', async () => {
		for (let i = 0; i < 12; i++) sim.store.create(COLLECTION, { name: `Earlier Today ${i}`, type: 'Residential' });
		settle();
		const sd: IDataObject = {};
		sim.clearLog();
		expect((await poll(sd, { start: 'now' }, { pollBudgetMs: 1 })).response).toBeNull();
		// Three pages of today's changes exist; a spent budget reads one.
		expect(exportCalls()).toHaveLength(1);
		const later = sim.store.create(COLLECTION, { name: 'After Positioning', type: 'Residential' });
		settle();
		const records: IDataObject[] = [];
		for (let i = 0; i < 5; i++) records.push(...emitted(await poll(sd, { start: 'now' })));
		expect(records.map((r) => r.id)).toEqual([later.id]);
	});
});

describe('overlapping ticks', () => {
	beforeEach(() => useSimulator({ latencyMs: 60, size: { customers: 40 }, exportPageSize: 50 }));

	it('a tick that starts while the previous poll runs does nothing', async () => {
		const sd: IDataObject = {};
		const firstTick = poll(sd);
		await new Promise((resolve) => setTimeout(resolve, 20));
		const secondTick = poll(sd);
		const [a, b] = await Promise.all([firstTick, secondTick]);
		const all = [...emitted(a), ...emitted(b)];
		expect(all.length).toBeGreaterThan(0);
		expect(new Set(all.map((r) => `${String(r.id)}|${String(r.modifiedOn)}`)).size).toBe(all.length);
		expect(b.response).toBeNull();
		// The lease is released: the next tick polls again.
		const created = sim.store.create(COLLECTION, { name: 'Next Tick', type: 'Residential' });
		settle();
		expect(emitted(await poll(sd)).map((r) => r.id)).toEqual([created.id]);
	});
});

describe('de-duplication window', () => {
	it('6,000 records repeated by Include Recent Changes are emitted once each, in small static data', async () => {
		await useSimulator({ size: { customers: 0 }, exportPageSize: 500 });
		const sd: IDataObject = {};
		emitted(await poll(sd, { options: recent }));
		for (let i = 0; i < 6000; i++) sim.store.create(COLLECTION, { name: `Bulk ${i}`, type: 'Residential' });
		const counts: number[] = [];
		const ids = new Map<unknown, number>();
		for (let i = 0; i < 4; i++) {
			const records = emitted(await poll(sd, { options: { ...recent, maxRecordsPerPoll: 10_000 } }));
			counts.push(records.length);
			for (const record of records) ids.set(record.id, (ids.get(record.id) ?? 0) + 1);
			sim.clock.advance(60_000);
		}
		expect(counts).toEqual([6000, 0, 0, 0]);
		expect([...ids.values()].every((count) => count === 1)).toBe(true);
		// 8 characters per record: about 48 KB (the id|modifiedOn list was 159 KB for 5,000).
		expect(JSON.stringify((sd[NODE_KEY] as IDataObject)[STATE_KEY]).length).toBeLessThan(60_000);
	}, 120_000);

	it('forgets records once they are older than the window', async () => {
		await useSimulator({ size: { customers: 3 } });
		const sd: IDataObject = {};
		emitted(await poll(sd, { options: recent }));
		for (let i = 0; i < 10; i++) sim.store.create(COLLECTION, { name: `Old ${i}`, type: 'Residential' });
		emitted(await poll(sd, { options: recent }));
		const size = () => JSON.stringify((sd[NODE_KEY] as IDataObject)[STATE_KEY]).length;
		const full = size();
		sim.clock.advance(2 * 60 * 60_000);
		const fresh = sim.store.create(COLLECTION, { name: 'Fresh', type: 'Residential' });
		expect(emitted(await poll(sd, { options: recent })).map((r) => r.id)).toEqual([fresh.id]);
		emitted(await poll(sd, { options: recent }));
		expect(size()).toBeLessThan(full);
	});
});

describe('feeds without id', () => {
	beforeEach(() => useSimulator());

	it.each([
		[
			'jobHistory',
			'jpm:job-history',
			'/export/job-history',
			(i: number) => ({ jobId: 500 + i, history: [{ id: 900 + i, eventType: 'Scheduled', date: new Date(sim.clock.now()).toISOString() }] }),
		],
		['technicianRating', 'customerInteractions:technician-ratings', '/export/technician-ratings', (i: number) => ({ technicianId: 70 + i, jobId: 500 + i, rating: 5 })],
		['payrollSetting', 'payroll:payroll-settings', '/export/payroll-settings', (i: number) => ({ employeeId: 30 + i, hourlyRate: 25 })],
	])('%s: repeats are dropped', async (resource, collection, path, record) => {
		const sd: IDataObject = {};
		emitted(await poll(sd, { resource, options: recent }));
		sim.store.create(collection, record(1));
		sim.store.create(collection, record(2));
		const counts: number[] = [];
		for (let i = 0; i < 3; i++) counts.push(emitted(await poll(sd, { resource, options: recent })).length);
		expect(exportCalls(path).at(-1)?.query.includeRecentChanges).toBe('true');
		expect(counts).toEqual([2, 0, 0]);
	});
});

describe('timestamps', () => {
	beforeEach(async () => {
		await useSimulator();
		sim.clock.freeze();
	});

	it('a second change with the same modifiedOn is emitted', async () => {
		const sd: IDataObject = {};
		emitted(await poll(sd, { options: recent }));
		const target = sim.store.list(COLLECTION)[6];
		sim.store.update(COLLECTION, target.id, { status: 'Scheduled' });
		const first = emitted(await poll(sd, { options: recent }));
		sim.store.update(COLLECTION, target.id, { status: 'Canceled' });
		const second = emitted(await poll(sd, { options: recent }));
		expect(first.map((r) => [r.id, r.status])).toEqual([[target.id, 'Scheduled']]);
		expect(second.map((r) => [r.id, r.status])).toEqual([[target.id, 'Canceled']]);
		expect(second[0].modifiedOn).toBe(first[0].modifiedOn);
		expect(emitted(await poll(sd, { options: recent }))).toEqual([]);
	});

	it('one record dated 2099 does not stop "Created" from seeing later records', async () => {
		const sd: IDataObject = {};
		emitted(await poll(sd, { event: 'created' }));
		const odd = sim.store.list(COLLECTION)[2];
		sim.store.update(COLLECTION, odd.id, { name: 'Clock Gone Wrong' }, { modifiedOn: '2099-01-01T00:00:00.000Z' });
		settle();
		expect(emitted(await poll(sd, { event: 'created' }))).toEqual([]);
		const created = [];
		for (let i = 0; i < 2; i++) {
			sim.clock.advance(1000);
			created.push(sim.store.create(COLLECTION, { name: `After 2099 ${i}`, type: 'Residential' }).id);
			settle();
			created.push(...emitted(await poll(sd, { event: 'created' })).map((r) => `emitted ${String(r.id)}`));
		}
		expect(created).toEqual([created[0], `emitted ${String(created[0])}`, created[2], `emitted ${String(created[2])}`]);
	});

	it('a record created before the high-water mark but exported later is "created"', async () => {
		const sd: IDataObject = {};
		emitted(await poll(sd, { event: 'created' }));
		const mark = Date.parse(String((sd[NODE_KEY] as { [STATE_KEY]: { highWater: string } })[STATE_KEY].highWater));
		const late = new Date(mark - 5000).toISOString();
		const record = sim.store.create(COLLECTION, { name: 'Exported Late', type: 'Residential' }, { createdOn: late, modifiedOn: late });
		settle();
		expect(emitted(await poll(sd, { event: 'created' })).map((r) => r.id)).toEqual([record.id]);
		expect(emitted(await poll(sd, { event: 'updated' }))).toEqual([]);
	});
});

describe('deadline', () => {
	beforeEach(() => useSimulator());

	it('holds inside a page: retries of 503s stop at the deadline', async () => {
		const sd: IDataObject = {};
		emitted(await poll(sd));
		const before = JSON.stringify(sd);
		sim.injectFault({ path: EXPORT_PATH, type: 'status', status: 503, times: 5 });
		sim.clearLog();
		// n8n's budget 16 s minus the 15-s margin: a 1-s deadline.
		const run = await poll(sd, {}, { pollBudgetMs: 16_000 });
		expect((run.error as Error)?.message).toMatch(/deadline/i);
		// Without the deadline, the transport made 6 attempts (5 × 503, then 200).
		expect(exportCalls().length).toBeLessThan(6);
		expect(JSON.stringify(sd)).toBe(before);
	});
});

describe('a stored cursor ServiceTitan no longer accepts', () => {
	beforeEach(() => useSimulator());

	function setCursor(sd: IDataObject, cursor: string) {
		const node = sd[NODE_KEY] as IDataObject;
		node[STATE_KEY] = { ...(node[STATE_KEY] as IDataObject), cursor };
	}

	it('continues from the high-water mark by itself: nothing lost, nothing twice', async () => {
		const sd: IDataObject = {};
		const all = emitted(await poll(sd));
		expect(all.length).toBeGreaterThan(0);
		setCursor(sd, 'an-expired-continuation-token');
		const created = sim.store.create(COLLECTION, { name: 'After Expiry', type: 'Residential' });
		settle();
		const records = emitted(await poll(sd));
		expect(records.map((r) => r.id)).toEqual([created.id]);
		expect(exportCalls().some((call) => call.status === 400)).toBe(true);
		expect(await poll(sd).then((r) => r.response)).toBeNull();
	});

	it('says to use Reset Cursor when ServiceTitan rejects the re-positioning too', async () => {
		const sd: IDataObject = {};
		emitted(await poll(sd));
		setCursor(sd, 'an-expired-continuation-token');
		sim.injectFault({
			path: EXPORT_PATH,
			type: 'status',
			status: 400,
			times: 2,
			body: { title: 'One or more validation errors occurred.', status: 400, errors: { from: ['The continuation token is invalid.'] } },
		});
		const run = await poll(sd);
		expect((run.error as Error).message).toMatch(/Reset Cursor/);
	});
});

describe('static data of the previous version', () => {
	beforeEach(() => useSimulator());

	it('is read: the cursor is kept and its id|modifiedOn keys still drop repeats', async () => {
		const sd: IDataObject = {};
		emitted(await poll(sd, { options: recent }));
		const fresh = sim.store.create(COLLECTION, { name: 'Emitted By The Old Version', type: 'Residential' });
		const byOld = emitted(await poll(sd, { options: recent }));
		expect(byOld.map((r) => r.id)).toEqual([fresh.id]);
		// Rewrite what was stored the way the first version stored it.
		const node = sd[NODE_KEY] as IDataObject;
		const current = node[STATE_KEY] as { fingerprint: string; cursor: string; highWater: string };
		node[STATE_KEY] = {
			v: 1,
			fingerprint: current.fingerprint,
			cursor: current.cursor,
			highWater: current.highWater,
			recent: [`${String(fresh.id)}|${String(fresh.modifiedOn)}`],
		};
		sim.clearLog();
		expect(emitted(await poll(sd, { options: recent }))).toEqual([]);
		expect(exportCalls()[0].query.from).toBe(current.cursor);
		expect((node[STATE_KEY] as { v: number }).v).toBe(2);
	});
});
