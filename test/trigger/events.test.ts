import type { IDataObject } from 'n8n-workflow';
import type { Simulator } from '../simulator';
import { changeEventOf, TRACKED_RECORDS_LIMIT, ValueTracker } from '../../nodes/ServiceTitan/trigger/changeEvents';
import { emitted, idsOf as ids, simulatedTrigger } from './simulated-trigger';

/**
 * The trigger's event rules on the feeds contractors use most (jobs), polled through n8n-core's
 * PollTriggerExecutor with one shared static-data object, against the simulator.
 */
const JOBS = 'jpm:jobs';
const RECENT_DELAY_MS = 15 * 60_000;

const trigger = simulatedTrigger({ simulator: { size: { customers: 12 }, exportPageSize: 5 }, startAfterMs: RECENT_DELAY_MS + 60_000, defaults: {} });
const poll = trigger.poll;
let sim: Simulator;
beforeEach(() => {
	sim = trigger.sim();
});

function newJob(fields: IDataObject = {}) {
	const location = sim.store.list('crm:locations')[0];
	return sim.store.create(JOBS, { jobNumber: 'T-1', customerId: location.customerId, locationId: location.id, jobStatus: 'Scheduled', summary: 'No heat', ...fields });
}

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

interface StatusCase {
	event: string;
	resource: string;
	collection: string;
	/** The value the record holds before the event. */
	before: IDataObject;
	/** The change that is the event. */
	after: IDataObject;
}

const STATUS_CASES: StatusCase[] = [
	{ event: 'jobCompleted', resource: 'job', collection: JOBS, before: { jobStatus: 'InProgress' }, after: { jobStatus: 'Completed' } },
	{ event: 'jobCanceled', resource: 'job', collection: JOBS, before: { jobStatus: 'Scheduled' }, after: { jobStatus: 'Canceled' } },
	{
		event: 'appointmentScheduledOrRescheduled',
		resource: 'appointment',
		collection: 'jpm:appointments',
		before: { start: '2026-12-10T15:00:00Z' },
		after: { start: '2026-12-11T17:00:00Z' },
	},
	{
		event: 'estimateSold',
		resource: 'estimate',
		collection: 'sales:estimates',
		before: { status: { value: 0, name: 'Open' } },
		after: { status: { value: 1, name: 'Sold' } },
	},
	{
		event: 'estimateDismissed',
		resource: 'estimate',
		collection: 'sales:estimates',
		before: { status: { value: 0, name: 'Open' } },
		after: { status: { value: 2, name: 'Dismissed' } },
	},
	{ event: 'invoicePaid', resource: 'invoice', collection: 'accounting:invoices', before: { balance: '240.00' }, after: { balance: '0.00' } },
	{ event: 'purchaseOrderCanceled', resource: 'purchaseOrder', collection: 'inventory:purchase-orders', before: { status: 'Sent' }, after: { status: 'Canceled' } },
	{ event: 'membershipStatusChanged', resource: 'membership', collection: 'memberships:memberships', before: { status: 'Active' }, after: { status: 'Suspended' } },
];

describe('status events', () => {
	it.each(STATUS_CASES)(
		'$event fires once on the change, not on an unrelated update before or after it, not on a repeat',
		async ({ event, resource, collection, before, after }) => {
			const target = sim.store.list(collection)[0];
			expect(target).toBeDefined();
			sim.store.update(collection, target.id, before);
			sim.clock.advance(60_000);
			const sd: IDataObject = {};
			const params = { resource, event, options: { includeRecentChanges: true } };
			expect(emitted(await poll(sd, params))).toEqual([]);

			const poke = async () => {
				sim.clock.advance(1000);
				sim.store.update(collection, target.id, { memo: `unrelated ${sim.clock.now()}` });
				sim.clock.advance(60_000);
				return emitted(await poll(sd, params));
			};
			// Seen for the first time, with a value that is not the event's: nothing.
			expect(await poke()).toEqual([]);
			sim.clock.advance(1000);
			sim.store.update(collection, target.id, after);
			sim.clock.advance(60_000);
			const fired = emitted(await poll(sd, params));
			expect(ids(fired)).toEqual([target.id]);
			expect(fired[0]).toMatchObject(after);
			// ServiceTitan repeats the change (Include Recent Changes): not again.
			sim.clock.advance(60_000);
			expect(emitted(await poll(sd, params))).toEqual([]);
			// A later update that leaves the value alone: not again.
			expect(await poke()).toEqual([]);
			sim.clock.advance(RECENT_DELAY_MS + 60_000);
			expect(emitted(await poll(sd, params))).toEqual([]);
		},
	);

	it('Job Canceled fires for a job the trigger never saw before, when it is canceled', async () => {
		const sd: IDataObject = {};
		const params = { resource: 'job', event: 'jobCanceled' };
		const job = sim.store.list(JOBS).find((record) => record.jobStatus !== 'Canceled')!;
		expect(emitted(await poll(sd, params))).toEqual([]);
		sim.clock.advance(1000);
		sim.store.update(JOBS, job.id, { jobStatus: 'Canceled' });
		const other = sim.store.list(JOBS).find((record) => record.id !== job.id && record.jobStatus !== 'Canceled')!;
		sim.store.update(JOBS, other.id, { summary: 'Unrelated edit' });
		sim.clock.advance(RECENT_DELAY_MS + 60_000);
		expect(ids(emitted(await poll(sd, params)))).toEqual([job.id]);
		sim.store.update(JOBS, job.id, { summary: 'Edited after canceling' });
		sim.clock.advance(RECENT_DELAY_MS + 60_000);
		expect(emitted(await poll(sd, params))).toEqual([]);
	});

	it('From Now starts from the values of records changed earlier the same day: their first change after activation fires', async () => {
		const APPOINTMENTS = 'jpm:appointments';
		const [today, older] = sim.store.list(APPOINTMENTS);
		sim.store.update(APPOINTMENTS, today.id, { start: '2026-12-10T15:00:00Z' });
		// Old enough to be exported (ServiceTitan's 15-minute delay), on the day the trigger is activated.
		sim.clock.advance(RECENT_DELAY_MS + 60_000);
		expect(new Date(sim.clock.now()).toISOString().slice(0, 10)).toBe(String(sim.store.get(APPOINTMENTS, today.id)!.modifiedOn).slice(0, 10));
		const sd: IDataObject = {};
		const params = { resource: 'appointment', event: 'appointmentScheduledOrRescheduled' };
		expect(emitted(await poll(sd, params))).toEqual([]);
		sim.store.update(APPOINTMENTS, today.id, { start: '2026-12-11T09:00:00Z' });
		// Last changed before today: its first change after activation cannot be told from an unrelated one.
		sim.store.update(APPOINTMENTS, older.id, { start: '2026-12-12T09:00:00Z' });
		sim.clock.advance(RECENT_DELAY_MS + 60_000);
		expect(ids(emitted(await poll(sd, params)))).toEqual([today.id]);
		sim.store.update(APPOINTMENTS, older.id, { start: '2026-12-13T09:00:00Z' });
		sim.clock.advance(RECENT_DELAY_MS + 60_000);
		expect(ids(emitted(await poll(sd, params)))).toEqual([older.id]);
	});

	it('Field Changed fires on a change of the named field, to a named value or to any', async () => {
		const anyChange: IDataObject = {};
		const toHold: IDataObject = {};
		const any = { resource: 'job', event: 'fieldChanged', changedField: 'jobStatus' };
		const hold = { resource: 'job', event: 'fieldChanged', changedField: 'jobStatus', changedTo: 'hold' };
		const job = newJob({ jobStatus: 'Scheduled' });
		sim.clock.advance(RECENT_DELAY_MS + 60_000);
		expect(emitted(await poll(anyChange, { ...any, start: 'beginning' })).map((record) => record.id)).toContain(job.id);
		expect(ids(emitted(await poll(toHold, { ...hold, start: 'beginning' })))).not.toContain(job.id);

		const step = async (patch: IDataObject) => {
			sim.store.update(JOBS, job.id, patch);
			sim.clock.advance(RECENT_DELAY_MS + 60_000);
			return [ids(emitted(await poll(anyChange, { ...any, start: 'beginning' }))), ids(emitted(await poll(toHold, { ...hold, start: 'beginning' })))];
		};
		expect(await step({ summary: 'Unrelated' })).toEqual([[], []]);
		expect(await step({ jobStatus: 'Dispatched' })).toEqual([[job.id], []]);
		expect(await step({ jobStatus: 'Hold' })).toEqual([[job.id], [job.id]]);
		expect(await step({ summary: 'Still on hold' })).toEqual([[], []]);
		expect(await step({ jobStatus: 'Scheduled' })).toEqual([[job.id], []]);
	});

	it('Field Changed without a field says which parameter is missing', async () => {
		const run = await poll({}, { resource: 'job', event: 'fieldChanged', changedField: ' ' });
		expect((run.error as Error).message).toMatch(/^Field: /);
	});
});

describe('last-seen values', () => {
	it(`keep the ${TRACKED_RECORDS_LIMIT} most recently changed records; one forgotten past that is read as first seen`, () => {
		const canceled = changeEventOf('job', 'jobCanceled')!;
		const tracker = new ValueTracker(canceled, undefined);
		expect(tracker.observe('first', { jobStatus: 'Canceled' }, false)).toBe(true);
		for (let i = 0; i < TRACKED_RECORDS_LIMIT; i++) tracker.observe(`job${i}`, { jobStatus: 'Scheduled' }, false);
		const state = tracker.toState();
		expect(state.entries).toHaveLength(TRACKED_RECORDS_LIMIT);
		// Stored well under 100 KB of static data.
		expect(JSON.stringify(state).length).toBeLessThan(100_000);

		const next = new ValueTracker(canceled, state);
		// Remembered: still canceled after an unrelated update does not fire; a change to canceled does.
		expect(next.observe('job0', { jobStatus: 'Canceled' }, false)).toBe(true);
		expect(next.observe('job0', { jobStatus: 'Canceled', summary: 'edited' }, false)).toBe(false);
		// Forgotten (the oldest change): a canceled job seen again counts as newly canceled.
		expect(next.observe('first', { jobStatus: 'Canceled' }, false)).toBe(true);
		// Values remembered for another event are not reused.
		expect(new ValueTracker(changeEventOf('job', 'jobCompleted')!, state).observe('job1', { jobStatus: 'Completed' }, false)).toBe(true);
	});
});
