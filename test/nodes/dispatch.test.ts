/**
 * Dispatch through n8n's engine against the simulator: Capacity > Get, Availability > Get Many (the grid) / Get Slots and
 * Technician Shifts, entered field by field (no JSON), with the bodies ServiceTitan documents.
 */
import { ServiceTitan } from '../../nodes/ServiceTitan/ServiceTitan.node';
import { relativePath, simulatorForSuite, storeIds } from './support';

const suite = simulatorForSuite();
const ids = (collection: string) => storeIds(suite().sim, collection);
const lastRequest = () => suite().apiRequests().at(-1)!;

test('Capacity > Get: the time frame, business units and job type as fields', async () => {
	const [first, second] = ids('settings:business-units');
	const jobType = ids('jpm:job-types')[0];
	const run = await suite().run({
		resource: 'capacity',
		operation: 'get',
		startsOnOrAfter: '2026-11-24T00:00:00Z',
		endsOnOrBefore: '2026-11-25T00:00:00Z',
		skillBasedAvailability: true,
		additionalFields: { businessUnitIds: `${first}, ${second}`, jobTypeId: String(jobType) },
	});
	expect(run.error).toBeUndefined();
	expect([lastRequest().method, relativePath(lastRequest())]).toEqual(['POST', 'capacity']);
	expect(lastRequest().body).toEqual({
		startsOnOrAfter: '2026-11-24T00:00:00.000Z',
		endsOnOrBefore: '2026-11-25T00:00:00.000Z',
		skillBasedAvailability: true,
		businessUnitIds: [first, second],
		jobTypeId: jobType,
	});
	expect(run.items).toHaveLength(1);
});

test.each([
	['getAll', 'adcap/availability'],
	['getSlots', 'adcap/availability/slots'],
])('Availability > %s: the period, the columns and the filters as fields', async (operation, path) => {
	const run = await suite().run({
		resource: 'availability',
		operation,
		startUtc: '2026-11-24T00:00:00Z',
		endUtc: '2026-11-25T00:00:00Z',
		xType: 'ArrivalWindow',
		additionalFields: { zones: '3, 4', technicians: '11', jobPriorities: 'High, Urgent', jobDurationInMinutes: 90, startMinuteTtz: 480, endMinuteTtz: 600 },
	});
	expect(run.error).toBeUndefined();
	expect([lastRequest().method, relativePath(lastRequest())]).toEqual(['POST', path]);
	expect(lastRequest().body).toEqual({
		startUtc: '2026-11-24T00:00:00.000Z',
		endUtc: '2026-11-25T00:00:00.000Z',
		xType: 'ArrivalWindow',
		zones: [3, 4],
		technicians: [11],
		jobPriorities: ['High', 'Urgent'],
		jobDurationInMinutes: 90,
		startMinuteTtz: 480,
		endMinuteTtz: 600,
	});
});

test('Availability: a zone list that is not IDs fails naming the field and the item, before any request', async () => {
	const run = await suite().run(
		{ resource: 'availability', operation: 'getAll', startUtc: '2026-11-24', endUtc: '2026-11-25', xType: 'Zone', additionalFields: { zones: 'north' } },
		{ continueOnFail: true },
	);
	expect(String(run.items[0].json.error)).toMatch(/^Zone IDs: /);
	expect(
		suite()
			.apiRequests()
			.filter((entry) => entry.method === 'POST'),
	).toEqual([]);
});

test('Technician Shift > Create, Get Many and Bulk Delete as fields', async () => {
	const [first, second] = ids('settings:technicians');
	const created = await suite().run({
		resource: 'technicianShift',
		operation: 'create',
		technicianIds: [String(first), String(second)],
		shiftType: 'OnCall',
		title: 'Weekend on call',
		start: '2026-11-28T08:00:00Z',
		end: '2026-11-28T20:00:00Z',
		repeatType: 'Weekly',
		additionalFields: { shiftDays: 'Saturday, Sunday', repeatInterval: 1, repeatEndDate: '2026-12-31T00:00:00Z', note: 'Rotation A' },
	});
	expect(created.error).toBeUndefined();
	expect([lastRequest().method, relativePath(lastRequest())]).toEqual(['POST', 'technician-shifts']);
	expect(lastRequest().body).toEqual({
		technicianIds: [first, second],
		shiftType: 'OnCall',
		title: 'Weekend on call',
		start: '2026-11-28T08:00:00.000Z',
		end: '2026-11-28T20:00:00.000Z',
		repeatType: 'Weekly',
		shiftDays: 'Saturday, Sunday',
		repeatInterval: 1,
		repeatEndDate: '2026-12-31T00:00:00.000Z',
		note: 'Rotation A',
	});

	const listed = await suite().run({ resource: 'technicianShift', operation: 'getAll', returnAll: true, filters: { technicianId: first, shiftType: 'OnCall' } });
	expect(listed.error).toBeUndefined();
	expect(lastRequest().query).toMatchObject({ technicianId: String(first), shiftType: 'OnCall' });
	for (const item of listed.items)
		expect(
			Object.keys(item.json).every((key) =>
				['id', 'title', 'shiftType', 'technicianId', 'start', 'end', 'note', 'timesheetCodeId', 'active', 'modifiedOn'].includes(key),
			),
		).toBe(true);

	const deleted = await suite().run({ resource: 'technicianShift', operation: 'bulkDelete', start: '2026-11-28T00:00:00Z', end: '2026-11-29T00:00:00Z' });
	expect(deleted.error).toBeUndefined();
	expect([lastRequest().method, relativePath(lastRequest()), lastRequest().body]).toEqual([
		'POST',
		'technician-shifts/bulk-delete',
		{ start: '2026-11-28T00:00:00.000Z', end: '2026-11-29T00:00:00.000Z' },
	]);
});

test('the editor labels them as a dispatcher reads them', () => {
	const properties = new ServiceTitan().description.properties;
	const label = (resource: string, name: string) => properties.find((p) => p.name === name && p.displayOptions?.show?.resource?.includes(resource))?.displayName;
	expect(label('availability', 'xType')).toBe('Columns By');
	expect(label('availability', 'startUtc')).toBe('Start (UTC)');
	expect(label('capacity', 'skillBasedAvailability')).toBe('Skill-Based Availability');
	const operations = properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes('availability'))!;
	expect((operations.options as Array<{ name: string }>).map((o) => o.name)).toEqual(['Get Many', 'Get Slots']);
});
