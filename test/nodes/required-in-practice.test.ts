/**
 * Task > Create and Job > Create ask for what ServiceTitan needs in practice (other integrators: a task without
 * reporter, business unit, type and source is accepted but incomplete; a job without a campaign is refused with 422).
 * These are required parameters already; a number left at 0 and an empty dropdown are refused before any write,
 * naming the field and the item, and the editor says why.
 */
import { ServiceTitan } from '../../nodes/ServiceTitan/ServiceTitan.node';
import type { IDataObject } from 'n8n-workflow';
import { byId, newJobChoices, relativePath, simulatorForSuite, storeIds } from './support';

const suite = simulatorForSuite();
const ids = (collection: string) => storeIds(suite().sim, collection);

function task(overrides: IDataObject = {}): IDataObject {
	const [reporter, assignee] = ids('settings:employees');
	return {
		resource: 'task',
		operation: 'create',
		reportedById: String(reporter),
		assignedToId: String(assignee),
		isClosed: false,
		name: 'Call back about the quote',
		businessUnitId: byId(ids('settings:business-units')[0]),
		employeeTaskTypeId: 3,
		employeeTaskSourceId: 5,
		reportedDate: '2026-11-24T14:00:00Z',
		priority: 'Normal',
		...overrides,
	};
}

const writes = () =>
	suite()
		.apiRequests()
		.filter((entry) => entry.method !== 'GET');

test('Task > Create with reporter, business unit, type and source sends them all', async () => {
	const run = await suite().run(task());
	expect(run.error).toBeUndefined();
	expect(writes().map(relativePath)).toEqual(['tasks']);
	expect(writes()[0].body).toMatchObject({
		employeeTaskTypeId: 3,
		employeeTaskSourceId: 5,
		businessUnitId: ids('settings:business-units')[0],
		reportedById: ids('settings:employees')[0],
	});
});

test.each([
	['employeeTaskTypeId', 0, 'Task Type ID: this field is required (0 is no ServiceTitan ID)'],
	['employeeTaskSourceId', 0, 'Task Source ID: this field is required (0 is no ServiceTitan ID)'],
	['reportedById', '={{ "" }}', 'Reported By Name or ID: this field is required'],
])('Task > Create with %s left empty is refused before any write, naming the field and the item', async (name, value, message) => {
	const run = await suite().run(task({ [name]: value }), { continueOnFail: true });
	expect(String(run.items[0].json.error)).toContain(message);
	expect(JSON.stringify(run.items[0].json)).toMatch(/item 0|\[item 0\]/i);
	expect(writes()).toEqual([]);
});

test.each([
	['left empty, n8n refuses the workflow', '', 'Parameter "Campaign Name or ID" is required'],
	['empty from an expression, the node refuses the item', '={{ "" }}', 'Campaign Name or ID: this field is required'],
])('Job > Create without a campaign (ServiceTitan answers 422): %s, before any write', async (_, campaignId, message) => {
	const outcome = suite().run(
		{
			...newJobChoices(suite().sim),
			campaignId,
			appointments: { item: [{ start: '2026-11-24T14:00:00Z', end: '2026-11-24T16:00:00Z' }] },
		},
		{ continueOnFail: true },
	);
	const error = await outcome.then(
		(run) => String(run.items[0].json.error),
		(thrown: Error) => thrown.message,
	);
	expect(error).toContain(message);
	expect(writes()).toEqual([]);
});

test('the editor marks them required and says why', () => {
	const properties = new ServiceTitan().description.properties;
	const shownOn = (resource: string, name: string) =>
		properties.find((p) => p.name === name && p.displayOptions?.show?.resource?.includes(resource) && p.displayOptions?.show?.operation?.includes('create'))!;
	for (const name of ['reportedById', 'businessUnitId', 'employeeTaskTypeId', 'employeeTaskSourceId']) {
		expect([name, shownOn('task', name).required, shownOn('task', name).description]).toEqual([name, true, expect.stringContaining('leaves the task incomplete')]);
	}
	expect(shownOn('job', 'campaignId')).toMatchObject({ required: true, description: expect.stringContaining('refuses a job without a campaign') });
});
