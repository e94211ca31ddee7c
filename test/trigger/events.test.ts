import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { runPoll, type PollRun } from '../harness';
import { startSimulator, type Simulator } from '../simulator';
import { closeSharedDispatcher } from '../../nodes/ServiceTitan/transport';
import { wallClock } from '../../nodes/ServiceTitan/trigger/poll';

/**
 * The trigger's event rules on the feeds contractors use most (jobs), polled through n8n-core's
 * PollTriggerExecutor with one shared static-data object, against the simulator.
 */
const JOBS = 'jpm:jobs';
const RECENT_DELAY_MS = 15 * 60_000;

let sim: Simulator;

function credentials() {
	return { serviceTitanOAuth2Api: { environment: 'custom', authUrl: sim.authUrl, apiBaseUrl: sim.apiBaseUrl, ...sim.credentials, requestsPerSecond: 1000 } };
}

async function poll(staticData: IDataObject, params: INodeParameters): Promise<PollRun> {
	return runPoll({ nodeType: 'serviceTitanTrigger', parameters: { start: 'now', options: {}, ...params }, credentials: credentials(), staticData });
}

function emitted(run: PollRun): IDataObject[] {
	if (run.error) throw run.error;
	return run.response ? run.response[0].map((item) => item.json) : [];
}

const ids = (records: IDataObject[]) => records.map((record) => record.id);

function newJob(fields: IDataObject = {}) {
	const location = sim.store.list('crm:locations')[0];
	return sim.store.create(JOBS, { jobNumber: 'T-1', customerId: location.customerId, locationId: location.id, jobStatus: 'Scheduled', summary: 'No heat', ...fields });
}

const realWallClock = wallClock.now;

beforeEach(async () => {
	sim = await startSimulator({ size: { customers: 12 }, exportPageSize: 5 });
	sim.clock.freeze();
	sim.clock.advance(RECENT_DELAY_MS + 60_000);
	wallClock.now = () => sim.clock.now();
});

afterEach(async () => {
	wallClock.now = realWallClock;
	await sim.close();
});

afterAll(async () => {
	await closeSharedDispatcher();
});

describe('jobs feed', () => {
	it('Created, Updated and Deactivated or Deleted each see their own job changes once', async () => {
		const events = ['created', 'updated', 'createdOrUpdated', 'deactivatedOrDeleted', 'any'] as const;
		const state = Object.fromEntries(events.map((event) => [event, {} as IDataObject]));
		for (const event of events) expect(emitted(await poll(state[event], { resource: 'job', event }))).toEqual([]);

		sim.clock.advance(1000);
		const [existing, removed] = sim.store.list(JOBS);
		const created = newJob();
		sim.store.update(JOBS, existing.id, { summary: 'Second visit needed' });
		sim.store.delete(JOBS, removed.id);
		sim.clock.advance(RECENT_DELAY_MS + 60_000);

		const seen = async (event: (typeof events)[number]) => ids(emitted(await poll(state[event], { resource: 'job', event }))).sort();
		expect(await seen('created')).toEqual([created.id]);
		expect(await seen('updated')).toEqual([existing.id]);
		expect(await seen('createdOrUpdated')).toEqual([created.id, existing.id].sort());
		expect(await seen('deactivatedOrDeleted')).toEqual([removed.id]);
		expect(await seen('any')).toEqual([created.id, existing.id, removed.id].sort());
		for (const event of events) expect(await seen(event)).toEqual([]);
	});

	it('without Include Recent Changes, a change inside the 15-minute delay arrives once, after it', async () => {
		const sd: IDataObject = {};
		expect(emitted(await poll(sd, { resource: 'job', event: 'createdOrUpdated' }))).toEqual([]);
		const job = newJob();
		sim.clock.advance(5 * 60_000);
		expect(emitted(await poll(sd, { resource: 'job', event: 'createdOrUpdated' }))).toEqual([]);
		const exportCalls = sim.log.filter((entry) => entry.path.endsWith('/export/jobs'));
		expect(exportCalls[exportCalls.length - 1].query.includeRecentChanges).not.toBe('true');
		sim.clock.advance(11 * 60_000);
		expect(ids(emitted(await poll(sd, { resource: 'job', event: 'createdOrUpdated' })))).toEqual([job.id]);
		sim.clock.advance(20 * 60_000);
		expect(emitted(await poll(sd, { resource: 'job', event: 'createdOrUpdated' }))).toEqual([]);
	});

	it('Updated never emits a repeat of a job it classified as created (created and edited between two polls)', async () => {
		const sd: IDataObject = {};
		const params = { resource: 'job', event: 'updated', options: { includeRecentChanges: true } };
		expect(emitted(await poll(sd, params))).toEqual([]);
		sim.clock.advance(1000);
		const job = newJob();
		sim.clock.advance(3000);
		sim.store.update(JOBS, job.id, { summary: 'No heat, upstairs too' });
		sim.clock.advance(60_000);
		// The first poll sees a job created after everything seen before: created, so not an update.
		expect(emitted(await poll(sd, params))).toEqual([]);
		// ServiceTitan repeats it (still inside its recent-changes window) on the following polls.
		sim.clock.advance(60_000);
		expect(emitted(await poll(sd, params))).toEqual([]);
		sim.clock.advance(RECENT_DELAY_MS);
		expect(emitted(await poll(sd, params))).toEqual([]);
		// A real update afterwards is one.
		sim.store.update(JOBS, job.id, { summary: 'Fixed upstairs' });
		sim.clock.advance(60_000);
		expect(ids(emitted(await poll(sd, params)))).toEqual([job.id]);
		sim.clock.advance(60_000);
		expect(emitted(await poll(sd, params))).toEqual([]);
	});
});
