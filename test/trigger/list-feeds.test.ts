import type { IDataObject } from 'n8n-workflow';
import type { Simulator } from '../simulator';
import { LIST_FEEDS } from '../../nodes/ServiceTitan/trigger/feeds';
import { PAGE_FAILURE } from './crash-scenario';
import { emitted, idsOf, simulatedTrigger } from './simulated-trigger';

/**
 * Records without an export feed (tasks, form submissions, AP bills …): the trigger polls their list
 * by modification time, through n8n-core's PollTriggerExecutor, against the simulator. Lists have no
 * recent-changes delay, so changes are read as soon as they are made.
 */
const TASKS = 'taskManagement:tasks';
const SUBMISSIONS = 'forms:submissions';

const trigger = simulatedTrigger({ simulator: { size: { customers: 12 } }, startAfterMs: 60_000, defaults: { event: 'any' } });
const poll = trigger.poll;
let sim: Simulator;
beforeEach(() => {
	sim = trigger.sim();
});

const ids = (records: ReadonlyArray<{ id?: unknown }>) => idsOf(records).sort();
const calls = (path: string) => sim.log.filter((entry) => entry.path.endsWith(path));

function newTask(name: string) {
	const [some] = sim.store.list(TASKS);
	return sim.store.create(TASKS, { ...some, id: undefined, name, isClosed: false });
}

it('the resources polled by list are the catalog’s Get Many with a modification (or creation) filter and no export feed', () => {
	const values = LIST_FEEDS.map((feed) => feed.value);
	expect(values).toEqual(expect.arrayContaining(['task', 'vendor', 'receipt', 'apBill', 'formSubmission', 'review']));
	expect(values).not.toContain('job');
	for (const feed of LIST_FEEDS) {
		expect(feed.resource.operations.some((op) => op.export)).toBe(false);
		expect(feed.operation.query.map((field) => field.name)).toContain(feed.filter.query);
	}
});

describe('tasks (a sorted list)', () => {
	it('each event sees its own changes once, from now, asking only for what changed', async () => {
		const events = ['created', 'updated', 'createdOrUpdated', 'deactivatedOrDeleted', 'any'] as const;
		const state = Object.fromEntries(events.map((event) => [event, {} as IDataObject]));
		for (const event of events) expect(emitted(await poll(state[event], { resource: 'task', event }))).toEqual([]);
		// From Now on a list: the first poll takes the time, and checks the list can be read.
		expect(calls('/tasks').map((call) => call.query.pageSize)).toEqual(['1', '1', '1', '1', '1']);
		sim.clearLog();

		sim.clock.advance(1000);
		const [edited, closed] = sim.store.list(TASKS);
		const created = newTask('Call back about the quote');
		sim.store.update(TASKS, edited.id, { name: 'Order two replacement coils' });
		sim.store.deactivate(TASKS, closed.id);
		sim.clock.advance(1000);

		const seen = async (event: (typeof events)[number]) => ids(emitted(await poll(state[event], { resource: 'task', event })));
		expect(await seen('created')).toEqual([created.id]);
		expect(await seen('updated')).toEqual([edited.id]);
		expect(await seen('createdOrUpdated')).toEqual(ids([created, edited]));
		expect(await seen('deactivatedOrDeleted')).toEqual([closed.id]);
		expect(await seen('any')).toEqual(ids([created, edited, closed]));
		const request = calls('/tasks')[0].query;
		expect(request).toMatchObject({ sort: '+ModifiedOn', active: 'Any' });
		expect(Date.parse(String(request.modifiedOnOrAfter))).toBeLessThanOrEqual(Date.parse(String(created.modifiedOn)));
		// The overlap reads them again: dropped.
		sim.clock.advance(1000);
		for (const event of events) expect(await seen(event)).toEqual([]);
	});

	it('Updated never emits a repeat of a task it classified as created (created and edited between two polls)', async () => {
		const sd: IDataObject = {};
		expect(emitted(await poll(sd, { resource: 'task', event: 'updated' }))).toEqual([]);
		sim.clock.advance(1000);
		const task = newTask('Follow up');
		sim.clock.advance(3000);
		sim.store.update(TASKS, task.id, { name: 'Follow up twice' });
		sim.clock.advance(1000);
		expect(emitted(await poll(sd, { resource: 'task', event: 'updated' }))).toEqual([]);
		sim.clock.advance(60_000);
		expect(emitted(await poll(sd, { resource: 'task', event: 'updated' }))).toEqual([]);
		sim.store.update(TASKS, task.id, { name: 'Followed up' });
		sim.clock.advance(1000);
		expect(ids(emitted(await poll(sd, { resource: 'task', event: 'updated' })))).toEqual([task.id]);
	});

	it('whole history: every task once, in pages of Max Records per Poll, records sharing one timestamp included', async () => {
		const sd: IDataObject = {};
		// Eight tasks with the same modifiedOn: more than a page, so paging must go on inside that instant.
		for (let i = 0; i < 8; i++) newTask(`Same instant ${i}`);
		sim.clock.advance(1000);
		const all: IDataObject[] = [];
		for (let i = 0; i < 30; i++) {
			const batch = emitted(await poll(sd, { resource: 'task', start: 'beginning', options: { maxRecordsPerPoll: 3 } }));
			if (i === 0) expect(batch.length).toBeLessThanOrEqual(5);
			all.push(...batch);
			if (batch.length === 0) break;
		}
		expect(all.map((record) => record.id).sort()).toEqual(ids([...sim.store.list(TASKS)]));
		expect(calls('/tasks').every((call) => call.query.pageSize === '3')).toBe(true);
	});

	it('a change stamped before the mark (ServiceTitan’s clock behind n8n’s) is still read, once', async () => {
		const sd: IDataObject = {};
		emitted(await poll(sd, { resource: 'task' }));
		sim.clock.advance(10 * 60_000);
		const seen = newTask('Moves the mark');
		expect(ids(emitted(await poll(sd, { resource: 'task' })))).toEqual([seen.id]);
		// Made after the last poll, stamped two minutes before the change it read last.
		const late = newTask('Stamped late');
		const stamp = new Date(sim.clock.now() - 2 * 60_000).toISOString();
		sim.store.update(TASKS, late.id, {}, { createdOn: stamp, modifiedOn: stamp });
		sim.clock.advance(1000);
		expect(ids(emitted(await poll(sd, { resource: 'task' })))).toEqual([late.id]);
		expect(emitted(await poll(sd, { resource: 'task' }))).toEqual([]);
	});

	it('a failed page leaves the stored state as it was; the next poll emits the rest once', async () => {
		const sd: IDataObject = {};
		emitted(await poll(sd, { resource: 'task' }));
		sim.clock.advance(1000);
		const made = Array.from({ length: 7 }, (_, i) => {
			sim.clock.advance(1000);
			return newTask(`Batch ${i}`);
		});
		const options = { maxRecordsPerPoll: 3 };
		const all = emitted(await poll(sd, { resource: 'task', options }));
		expect(all).toHaveLength(3);
		const before = JSON.stringify(sd);
		sim.injectFault({ ...PAGE_FAILURE, path: '/tasks', times: 1 });
		const failed = await poll(sd, { resource: 'task', options });
		expect((failed.error as Error).message).toMatch(/400/);
		expect(JSON.stringify(sd)).toBe(before);
		for (let i = 0; i < 5; i++) all.push(...emitted(await poll(sd, { resource: 'task', options })));
		expect(all.map((record) => record.id)).toEqual(made.map((record) => record.id));
	});
});

describe('any polled list', () => {
	it('a list that shows only new records offers only the events it can tell apart', async () => {
		const run = await poll({}, { resource: 'arrivalWindow', event: 'updated' });
		expect((run.error as Error).message).toBe('Event "updated" is not an event of Arrival Windows');
		expect(emitted(await poll({}, { resource: 'arrivalWindow', event: 'created' }))).toEqual([]);
	});

	it('a list the app may not read fails the activation poll, saying so', async () => {
		sim.injectFault({ path: '/tasks', type: 'status', status: 403, body: { title: 'Provided authentication is insufficient to grant access', status: 403 } });
		const run = await poll({}, { resource: 'task' });
		expect((run.error as Error).message).toMatch(/403/);
	});
});

describe('form submissions (submittedOnOrAfter)', () => {
	beforeEach(() => {
		// The simulator seeds two generic records here, without the submittedOn every real submission has.
		for (const generic of sim.store.list(SUBMISSIONS)) sim.store.delete(SUBMISSIONS, generic.id);
	});
	const submittedNow = () => new Date(sim.clock.now()).toISOString();
	const submit = (formName: string, status = 'Completed') =>
		sim.store.create(SUBMISSIONS, { formId: 7, formName, submittedOn: submittedNow(), status, owners: [{ type: 'Job', id: 1 }], units: [] });

	it('a new submission fires Created once; one from before the start never', async () => {
		submit('Before activation');
		sim.clock.advance(1000);
		const sd: IDataObject = {};
		expect(emitted(await poll(sd, { resource: 'formSubmission', event: 'created' }))).toEqual([]);
		sim.clock.advance(1000);
		const fresh = submit('Safety checklist');
		sim.clock.advance(1000);
		expect(ids(emitted(await poll(sd, { resource: 'formSubmission', event: 'created' })))).toEqual([fresh.id]);
		const request = calls('/submissions').at(-1)!.query;
		expect(request).toMatchObject({ sort: '+SubmittedOn' });
		expect(request.submittedOnOrAfter).toBeDefined();
		sim.clock.advance(1000);
		expect(emitted(await poll(sd, { resource: 'formSubmission', event: 'created' }))).toEqual([]);
	});

	it('Field Changed on status to Completed fires once, when a started submission is completed', async () => {
		const sd: IDataObject = {};
		const params = { resource: 'formSubmission', event: 'fieldChanged', changedField: 'status', changedTo: 'Completed' };
		expect(emitted(await poll(sd, params))).toEqual([]);
		sim.clock.advance(1000);
		const started = submit('Safety checklist', 'Started');
		sim.clock.advance(1000);
		expect(emitted(await poll(sd, params))).toEqual([]);
		sim.store.update(SUBMISSIONS, started.id, { status: 'Completed', submittedOn: submittedNow() });
		sim.clock.advance(1000);
		expect(ids(emitted(await poll(sd, params)))).toEqual([started.id]);
		sim.store.update(SUBMISSIONS, started.id, { units: [{ id: 1, name: 'Notes' }], submittedOn: submittedNow() });
		sim.clock.advance(1000);
		expect(emitted(await poll(sd, params))).toEqual([]);
	});
});

describe('AP bills (a list without sort)', () => {
	it('changes arrive once', async () => {
		const sd: IDataObject = {};
		expect(emitted(await poll(sd, { resource: 'apBill' }))).toEqual([]);
		sim.clock.advance(1000);
		const [bill] = sim.store.list('accounting:ap-bills');
		sim.store.update('accounting:ap-bills', bill.id, { summary: 'Corrected amount' });
		sim.clock.advance(1000);
		expect(ids(emitted(await poll(sd, { resource: 'apBill' })))).toEqual([bill.id]);
		expect(calls('/ap-bills').at(-1)!.query.sort).toBeUndefined();
		sim.clock.advance(1000);
		expect(emitted(await poll(sd, { resource: 'apBill' }))).toEqual([]);
	});

	it('whole history over several polls: every bill once, and one changed on a page already read is emitted again, once', async () => {
		const BILLS = 'accounting:ap-bills';
		const sd: IDataObject = {};
		const options = { maxRecordsPerPoll: 3 };
		const all: IDataObject[] = [];
		all.push(...emitted(await poll(sd, { resource: 'apBill', start: 'beginning', options })));
		expect(all).toHaveLength(3);
		// A bill on the page already read changes while the reading goes on.
		sim.clock.advance(1000);
		const changed = sim.store.update(BILLS, all[0].id as number, { summary: 'Changed mid-reading' })!;
		for (let i = 0; i < 20; i++) {
			sim.clock.advance(1000);
			const batch = emitted(await poll(sd, { resource: 'apBill', start: 'beginning', options }));
			if (batch.length === 0 && i > 5) break;
			all.push(...batch);
		}
		const keys = all.map((record) => `${String(record.id)}|${String(record.modifiedOn)}`);
		expect(new Set(keys).size).toBe(keys.length);
		const bills = sim.store.list(BILLS);
		expect(idsOf(all.filter((record) => record.summary !== 'Changed mid-reading')).sort()).toEqual(ids(bills));
		expect(all.filter((record) => record.summary === 'Changed mid-reading').map((record) => record.modifiedOn)).toEqual([changed.modifiedOn]);
		expect(calls('/ap-bills').some((call) => call.query.page === '2')).toBe(true);
	});
});
