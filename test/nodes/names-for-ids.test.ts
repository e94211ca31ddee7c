/**
 * Names where IDs are asked: a dropdown's field (job type, campaign, technicians …) and a short-list picker's field
 * (business unit, technician) take the record's name, case-insensitive, as an AI agent or an upstream system gives it.
 * Run through n8n's engine against the simulator: what ServiceTitan receives, how many list reads it costs, and
 * the errors of an unknown or ambiguous name.
 */
import type { IDataObject } from 'n8n-workflow';
import { byId, newJobChoices, relativePath, simulatorForSuite } from './support';

const t = simulatorForSuite();
const idOf = (collection: string, name: string) =>
	Number(
		t()
			.sim.store.list(collection)
			.find((record) => record.name === name)!.id,
	);
const appointment = { item: [{ start: '2026-11-24T14:00:00Z', end: '2026-11-24T16:00:00Z', arrivalWindowStart: '', arrivalWindowEnd: '', technicianIds: '' }] };
/** A job's choices by ID, with the campaign Job > Create requires. */
const jobChoices = (): IDataObject => ({ ...newJobChoices(t().sim), campaignId: String(idOf('marketing:campaigns', 'Google LSA')), appointments: appointment });
/** Names arrive in expressions: an agent's $fromAI() arguments, an upstream system's fields (a typed name fails the editor's ID check). */
const expression = (text: string) => `={{ ${JSON.stringify(text)} }}`;
const listReads = (path: string) =>
	t()
		.apiRequests()
		.filter((entry) => entry.method === 'GET' && relativePath(entry).split('?')[0] === path);

test("Create Job: business unit, job type, campaign and the appointment's technicians by name are sent as their IDs, each list read once for all items", async () => {
	const parameters: IDataObject = {
		...jobChoices(),
		businessUnitId: byId(expression('plumbing service')),
		jobTypeId: expression('NO HEAT'),
		campaignId: expression(' Google LSA '),
		appointments: { item: [{ ...appointment.item[0], technicianIds: expression('Tyler Moore, 565000003') }] },
	};
	const run = await t().run(parameters, { inputItems: [{}, {}, {}] });
	expect(run.error?.message).toBeUndefined();
	const creates = t()
		.apiRequests()
		.filter((entry) => entry.method === 'POST' && relativePath(entry) === 'jobs');
	expect(creates).toHaveLength(3);
	for (const create of creates) {
		expect(create.body).toMatchObject({
			businessUnitId: idOf('settings:business-units', 'Plumbing Service'),
			jobTypeId: idOf('jpm:job-types', 'No Heat'),
			campaignId: idOf('marketing:campaigns', 'Google LSA'),
			appointments: [expect.objectContaining({ technicianIds: [idOf('settings:technicians', 'Tyler Moore'), 565000003] })],
		});
	}
	// One read of each list for the three items, not one per item.
	expect(listReads('business-units')).toHaveLength(1);
	expect(listReads('job-types')).toHaveLength(1);
	expect(listReads('campaigns')).toHaveLength(1);
	expect(listReads('technicians')).toHaveLength(1);
});

test('Assign Technicians: a list of names and IDs mixed; Get Technician by name', async () => {
	const appointmentId = Number(t().sim.store.list('jpm:appointments')[0].id);
	const assign = await t().run({
		resource: 'appointmentAssignment',
		operation: 'assignTechnicians',
		jobAppointmentId: expression(String(appointmentId)),
		technicianIds: expression('tyler moore, 565000003'),
	});
	expect(assign.error?.message).toBeUndefined();
	const request = t()
		.apiRequests()
		.find((entry) => entry.method === 'POST')!;
	expect(request.body).toMatchObject({ technicianIds: [idOf('settings:technicians', 'Tyler Moore'), 565000003] });
	t().sim.clearLog();
	const get = await t().run({ resource: 'technician', operation: 'get', id: byId(expression('Michelle Smith')) });
	expect(get.error?.message).toBeUndefined();
	expect(
		t()
			.apiRequests()
			.map((entry) => relativePath(entry).split('?')[0]),
	).toEqual(['technicians', `technicians/${idOf('settings:technicians', 'Michelle Smith')}`]);
});

test('IDs cost no list read', async () => {
	const run = await t().run(jobChoices());
	expect(run.error?.message).toBeUndefined();
	expect(
		t()
			.apiRequests()
			.filter((entry) => entry.method === 'GET'),
	).toEqual([]);
});

test('an unknown name fails naming the field, the item and the valid names, before any write', async () => {
	const run = await t().run({ ...jobChoices(), jobTypeId: expression('Roof Repair') }, { inputItems: [{}, {}] });
	expect(run.error).toMatchObject({ name: 'NodeOperationError', itemIndex: 0 });
	expect(run.error!.message).toMatch(
		/^Job Type Name or ID: no active job type is named "Roof Repair"; give an ID or one of: AC Replacement Estimate, AC Tune-Up, .*No Heat/,
	);
	expect(
		t()
			.apiRequests()
			.filter((entry) => entry.method === 'POST'),
	).toEqual([]);
});

test('a name two records share fails listing their IDs; an inactive record is not matched', async () => {
	const first = idOf('jpm:job-types', 'AC Tune-Up');
	const twin = t().sim.store.create('jpm:job-types', { name: 'ac tune-up', active: true });
	const retired = t().sim.store.create('marketing:campaigns', { name: 'Radio 2019', active: false });
	try {
		const ambiguous = await t().run({ ...jobChoices(), jobTypeId: expression('AC Tune-Up') });
		expect(ambiguous.error!.message).toBe(`Job Type Name or ID: "AC Tune-Up" names 2 job types (IDs ${first}, ${twin.id}): give the ID`);
		const inactive = await t().run({ ...jobChoices(), campaignId: expression('Radio 2019') });
		expect(inactive.error!.message).toMatch(/^Campaign Name or ID: no active campaign is named "Radio 2019"/);
	} finally {
		t().sim.store.delete('jpm:job-types', twin.id);
		t().sim.store.delete('marketing:campaigns', retired.id);
	}
});

test('each item resolves its own name; all items share one list read', async () => {
	const run = await t().run(
		{ ...jobChoices(), jobTypeId: '={{ $json.jobType }}' },
		{ inputItems: [{ jobType: 'No Cool' }, { jobType: 'no heat' }], continueOnFail: true },
	);
	const bodies = t()
		.apiRequests()
		.filter((entry) => entry.method === 'POST')
		.map((entry) => (entry.body as IDataObject).jobTypeId);
	expect(bodies).toEqual([idOf('jpm:job-types', 'No Cool'), idOf('jpm:job-types', 'No Heat')]);
	expect(listReads('job-types')).toHaveLength(1);
	expect(run.items).toHaveLength(2);
});

test("an unknown technician in a new job's appointment fails naming the appointment", async () => {
	const run = await t().run({ ...jobChoices(), appointments: { item: [{ ...appointment.item[0], technicianIds: expression('Tyler Moore, Nobody Here') }] } });
	expect(run.error!.message).toMatch(/^Appointments \(item 1\) Technician IDs: no active technician is named "Nobody Here"; give an ID or one of: Amanda Scott, /);
	expect(
		t()
			.apiRequests()
			.filter((entry) => entry.method === 'POST'),
	).toEqual([]);
});
