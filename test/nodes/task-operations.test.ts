/**
 * Task-shaped operations (catalog/tasks.ts, actions/taskOperation.ts): Customer > Get Card, Job > Get Detail,
 * Technician > Get Availability run through n8n's engine against the simulator: what they answer, which requests they
 * send and that their count stays within the bound their description states.
 */
import type { IDataObject } from 'n8n-workflow';
import { requestBound, findTaskOperation } from '../../nodes/ServiceTitan/catalog/tasks';
import type { SimRecord } from '../simulator/store';
import { byId, relativePath, simulatorForSuite, startNodeSimulator } from './support';

const context = simulatorForSuite({ latencyMs: 2 });
const requests = () =>
	context()
		.apiRequests()
		.map((entry) => `GET ${relativePath(entry).split('?')[0]}`);
const bound = (resource: string, operation: string) => requestBound(findTaskOperation(resource, operation)!);
const OPEN = ['Scheduled', 'Dispatched', 'InProgress', 'Hold'];
/** A seeded record's fields for a new record of the same kind (the store gives it an ID). */
const withoutId = ({ id: _id, ...fields }: SimRecord): IDataObject => fields as IDataObject;

describe('Customer > Get Card', () => {
	const customerWithWork = () => {
		const { sim } = context();
		const jobs = sim.store.list('jpm:jobs');
		return sim.store.list('crm:customers').find((customer) => jobs.some((job) => job.customerId === customer.id && OPEN.includes(String(job.jobStatus))))!;
	};

	test('by ID: the customer with balance, contacts, locations and open jobs, in 4 requests (the stated bound)', async () => {
		const t = context();
		const customer = customerWithWork();
		const run = await t.run({ resource: 'customer', operation: 'getCard', id: byId(customer.id) });
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(1);
		const card = run.items[0].json;
		expect(card).toMatchObject({ id: customer.id, name: customer.name, balance: customer.balance });
		const contacts = t.sim.store.list('crm:customers/contacts').filter((contact) => contact.customerId === customer.id);
		expect((card.contacts as IDataObject[]).map((contact) => contact.value).sort()).toEqual(contacts.map((contact) => contact.value).sort());
		const locations = t.sim.store.list('crm:locations').filter((location) => location.customerId === customer.id);
		expect((card.locations as IDataObject[]).map((location) => location.id).sort()).toEqual(locations.map((location) => location.id).sort());
		const open = t.sim.store.list('jpm:jobs').filter((job) => job.customerId === customer.id && OPEN.includes(String(job.jobStatus)));
		expect((card.openJobs as IDataObject[]).map((job) => job.id).sort()).toEqual(open.map((job) => job.id).sort());
		// Compact: the fields a reader needs, not the record's every field.
		expect(card).not.toHaveProperty('customFields');
		expect(Object.keys((card.openJobs as IDataObject[])[0])).toEqual(expect.arrayContaining(['id', 'jobNumber', 'jobStatus']));
		expect(requests()[0]).toBe(`GET customers/${customer.id}`);
		expect(requests().slice(1).sort()).toEqual(['GET customers/' + customer.id + '/contacts', 'GET jobs', 'GET locations'].sort());
		expect(requests()).toHaveLength(bound('customer', 'getCard'));
		expect(bound('customer', 'getCard')).toBe(4);
	});

	test('by phone: the lookup replaces the read by ID (4 requests); Simplify off returns the full records', async () => {
		const t = context();
		const customer = customerWithWork();
		const phone = t.sim.store.list('crm:customers/contacts').find((contact) => contact.customerId === customer.id && /phone/i.test(String(contact.type)))!;
		const owners = new Set(
			t.sim.store
				.list('crm:customers/contacts')
				.filter((contact) => String(contact.value).replace(/\D/g, '') === String(phone.value).replace(/\D/g, ''))
				.map((c) => c.customerId),
		);
		expect(owners.size).toBe(1);
		const run = await t.run({ resource: 'customer', operation: 'getCard', lookupBy: 'phone', matchPhone: String(phone.value), simplify: false });
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ id: customer.id, createdOn: customer.createdOn });
		expect(run.items[0].json).toHaveProperty('customFields');
		const lookup = t.apiRequests()[0];
		expect(relativePath(lookup).split('?')[0]).toBe('customers');
		expect(lookup.query).toMatchObject({ phone: expect.any(String) });
		expect(requests()).toHaveLength(4);
	});

	describe('several customers with one name', () => {
		let ids: number[];
		beforeAll(() => {
			const { sim } = context();
			const address = { street: '9 Twin Oaks Dr', unit: null, city: 'Austin', state: 'TX', zip: '78704', country: 'USA', latitude: null, longitude: null };
			ids = [0, 1].map(() => Number(sim.store.create('crm:customers', { ...withoutId(sim.store.list('crm:customers')[0]), name: 'Pat Twin', address, balance: 0 }).id));
		});

		test('answer the candidates by default (1 request, no card read): an agent asks which one', async () => {
			const run = await context().run({ resource: 'customer', operation: 'getCard', lookupBy: 'name', matchName: 'pat  twin' });
			expect(run.error).toBeUndefined();
			expect(run.items).toHaveLength(1);
			expect(run.items[0].json).toMatchObject({
				found: 2,
				note: '2 customers match Name "pat twin": ask again by ID with one of the candidates',
				candidates: [
					{ id: ids[0], name: 'Pat Twin' },
					{ id: ids[1], name: 'Pat Twin' },
				],
			});
			expect(requests()).toEqual(['GET customers']);
		});

		test('Error Naming the IDs fails naming the field, the IDs and the item', async () => {
			const run = await context().run(
				{ resource: 'customer', operation: 'getCard', lookupBy: 'name', matchName: 'Pat Twin', options: { ifSeveralFound: 'error' } },
				{ inputItems: [{}, {}] },
			);
			expect(run.error?.message).toBe(`Name: 2 customers match "Pat Twin": IDs ${ids[0]}, ${ids[1]}`);
			expect((run.error as { itemIndex?: number }).itemIndex).toBe(0);
		});

		test('Use the Oldest reads the card of the lower ID', async () => {
			const run = await context().run({
				resource: 'customer',
				operation: 'getCard',
				lookupBy: 'address',
				matchStreet: '9 twin oaks dr',
				matchZip: '78704',
				options: { ifSeveralFound: 'useOldest' },
			});
			expect(run.items[0].json).toMatchObject({ id: ids[0], contacts: [], locations: [], openJobs: [] });
			expect(requests()).toHaveLength(4);
		});
	});

	test('nothing found: an error naming the field, the value and the item; a missing ID names the Customer parameter', async () => {
		const t = context();
		const byPhone = await t.run(
			{ resource: 'customer', operation: 'getCard', lookupBy: 'phone', matchPhone: '(999) 000-0000' },
			{ continueOnFail: true, inputItems: [{}, {}] },
		);
		expect(byPhone.items[0].json.error).toBe('Phone: no customer matches "(999) 000-0000"');
		expect(byPhone.items[0].json.description).toContain('item 0');
		t.sim.clearLog();
		const missing = await t.run({ resource: 'customer', operation: 'getCard', id: byId(987654321) });
		expect(missing.error?.message).toBe('Customer: no customer with ID 987654321');
		expect(missing.error?.description).toContain('Check the parameter "Customer" of item 0');
		expect(requests()).toEqual(['GET customers/987654321']);
	});

	test('a list longer than one page: the first 50 read and the card says so in incomplete', async () => {
		const t = context();
		const customer = t.sim.store.list('crm:customers')[5];
		for (let n = 0; n < 51; n++)
			t.sim.store.create('crm:customers/contacts', { customerId: customer.id, type: 'Email', value: `extra${n}@example.com`, memo: null, phoneSettings: null });
		const run = await t.run({ resource: 'customer', operation: 'getCard', id: byId(customer.id) });
		expect(run.items[0].json.contacts).toHaveLength(50);
		expect(run.items[0].json.incomplete).toEqual(['contacts: more than 50 records; only the first 50 were read']);
		expect(requests()).toHaveLength(4);
	});

	test('an empty phone is refused before anything is sent', async () => {
		const run = await context().run({ resource: 'customer', operation: 'getCard', lookupBy: 'phone', matchPhone: '  ' });
		expect(run.error?.message).toBe('Phone: give a phone number to look the customer up by');
		expect(requests()).toEqual([]);
	});
});

describe('Job > Get Detail', () => {
	test('the job with its customer, location, appointments and their technicians by name, in at most 5 requests', async () => {
		const t = context();
		const assignments = t.sim.store.list('dispatch:appointment-assignments');
		const job = t.sim.store.list('jpm:jobs').find((candidate) => assignments.some((a) => a.jobId === candidate.id))!;
		const run = await t.run({ resource: 'job', operation: 'getDetail', id: byId(job.id) });
		expect(run.error).toBeUndefined();
		const detail = run.items[0].json;
		const customer = t.sim.store.get('crm:customers', job.customerId as number)!;
		const location = t.sim.store.get('crm:locations', job.locationId as number)!;
		expect(detail).toMatchObject({
			id: job.id,
			jobStatus: job.jobStatus,
			customer: { id: customer.id, name: customer.name },
			location: { id: location.id, name: location.name },
		});
		const appointments = t.sim.store.list('jpm:appointments').filter((a) => a.jobId === job.id);
		expect((detail.appointments as IDataObject[]).map((a) => a.id).sort()).toEqual(appointments.map((a) => a.id).sort());
		for (const appointment of detail.appointments as IDataObject[]) {
			const assigned = assignments.filter((a) => a.appointmentId === appointment.id && a.active !== false);
			expect((appointment.technicians as IDataObject[]).map((a) => a.technicianName).sort()).toEqual(assigned.map((a) => String(a.technicianName)).sort());
		}
		expect(JSON.stringify(detail.appointments)).toMatch(/technicianName/);
		expect(requests()[0]).toBe(`GET jobs/${job.id}`);
		expect(requests().slice(1).sort()).toEqual(['GET appointment-assignments', 'GET appointments', `GET customers/${customer.id}`, `GET locations/${location.id}`]);
		expect(requests().length).toBeLessThanOrEqual(bound('job', 'getDetail'));
		expect(bound('job', 'getDetail')).toBe(5);
	});

	test('a missing job: an error naming the Job parameter and the item, nothing else read', async () => {
		const run = await context().run({ resource: 'job', operation: 'getDetail', id: byId(55555555) });
		expect(run.error?.message).toBe('Job: no job with ID 55555555');
		expect(requests()).toEqual(['GET jobs/55555555']);
	});
});

describe('Technician > Get Availability', () => {
	// A day the simulator's seeded shifts cover (its epoch is 2026-11-01).
	const day = '2026-11-03';
	const dayStart = Date.parse(`${day}T00:00:00Z`);
	const at = (hours: number) => new Date(dayStart + hours * 3600000).toISOString();
	let technician: SimRecord;
	/** An appointment of a job from `start` to `end` (ISO), assigned to the technician. */
	const assignedAppointment = (jobId: unknown, start: string, end: string, status = 'Scheduled') => {
		const { sim } = context();
		const appointment = sim.store.create('jpm:appointments', { ...withoutId(sim.store.list('jpm:appointments')[0]), jobId, start, end, status });
		sim.store.create('dispatch:appointment-assignments', {
			technicianId: technician.id,
			technicianName: technician.name,
			assignedById: 0,
			assignedOn: at(1),
			status: 'Pending',
			isPaused: false,
			jobId,
			appointmentId: appointment.id,
		});
	};
	beforeAll(() => {
		const { sim } = context();
		technician = sim.store.create('settings:technicians', { ...withoutId(sim.store.list('settings:technicians')[0]), name: 'Jose Availability', businessUnitId: 424242 });
		sim.store.create('dispatch:technician-shifts', {
			shiftType: 'Normal',
			title: 'Day shift',
			note: null,
			technicianId: technician.id,
			start: at(13),
			end: at(22),
			timesheetCodeId: null,
		});
		const job = sim.store.list('jpm:jobs')[0];
		assignedAppointment(job.id, at(14), at(16));
		// A canceled appointment of his that day takes no time.
		assignedAppointment(job.id, at(20), at(21), 'Canceled');
		sim.store.create('dispatch:non-job-appointments', {
			technicianId: technician.id,
			start: at(18),
			name: 'Team meeting',
			duration: '01:30:00',
			timesheetCodeId: 1,
			summary: '',
			clearDispatchBoard: false,
			clearTechnicianView: false,
			removeTechnicianFromCapacityPlanning: false,
			allDay: false,
			showOnTechnicianSchedule: true,
			createdById: 0,
		});
	});

	test('one technician: shifts, appointments (with their times), non-job appointments and the free windows left', async () => {
		const t = context();
		const run = await t.run({ resource: 'technician', operation: 'getAvailability', date: day, technicianId: byId(technician.id) });
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(1);
		const json = run.items[0].json;
		expect(json).toMatchObject({ id: technician.id, name: 'Jose Availability' });
		expect(json.shifts).toEqual([expect.objectContaining({ shiftType: 'Normal', start: at(13), end: at(22) })]);
		expect(json.appointments).toEqual([expect.objectContaining({ start: at(14), end: at(16), status: 'Pending' })]);
		expect(json.nonJobAppointments).toEqual([expect.objectContaining({ name: 'Team meeting', duration: '01:30:00' })]);
		expect(json.freeWindows).toEqual([
			{ start: at(13), end: at(14), minutes: 60 },
			{ start: at(16), end: at(18), minutes: 120 },
			{ start: at(19.5), end: at(22), minutes: 150 },
		]);
		const shifts = t.apiRequests().find((entry) => relativePath(entry).startsWith('technician-shifts'))!;
		// Midnight to midnight in the workflow's timezone: n8n's default, America/New_York (EST on this day).
		expect(shifts.query).toMatchObject({ startsOnOrAfter: `${day}T05:00:00.000Z`, endsOnOrBefore: '2026-11-04T05:00:00.000Z', technicianId: String(technician.id) });
		expect(requests().length).toBeLessThanOrEqual(bound('technician', 'getAvailability'));
		expect(bound('technician', 'getAvailability')).toBe(8);
	});

	test('a business unit: one item per technician of that unit; every technician of the day otherwise', async () => {
		const t = context();
		const unit = await t.run({ resource: 'technician', operation: 'getAvailability', date: day, businessUnitId: byId(424242) });
		expect(unit.items.map((item) => item.json.id)).toEqual([technician.id]);
		const all = await t.run({ resource: 'technician', operation: 'getAvailability', date: day });
		const active = t.sim.store.list('settings:technicians').filter((record) => record.active !== false);
		expect(all.items).toHaveLength(active.length);
		const seeded = all.items.find((item) => item.json.id !== technician.id && (item.json.shifts as IDataObject[]).length > 0);
		expect(seeded).toBeDefined();
		for (const item of all.items) for (const shift of item.json.shifts as IDataObject[]) expect(String(shift.start).slice(0, 10)).toBe(day);
	});

	test('a technician outside the business unit: an error naming both parameters and the item', async () => {
		const run = await context().run({ resource: 'technician', operation: 'getAvailability', date: day, technicianId: byId(technician.id), businessUnitId: byId(1) });
		expect(run.error?.message).toBe(`Technician: technician ${technician.id} is not in Business Unit 1`);
		expect(run.error?.description).toContain('item 0');
		// Every read of the day goes side by side with the technicians' read; the appointments found lead to one more.
		expect(requests().length).toBeLessThanOrEqual(bound('technician', 'getAvailability'));
	});

	test('a busy day: assignments asked for 50 appointment IDs a request, side by side, within the bound', async () => {
		const t = context();
		const busyDay = '2026-11-05';
		const start = Date.parse(`${busyDay}T15:00:00Z`);
		const job = t.sim.store.list('jpm:jobs')[1];
		for (let n = 0; n < 60; n++) {
			assignedAppointment(job.id, new Date(start).toISOString(), new Date(start + 3600000).toISOString());
		}
		const run = await t.run({ resource: 'technician', operation: 'getAvailability', date: busyDay, technicianId: byId(technician.id) });
		expect(run.error).toBeUndefined();
		expect((run.items[0].json.appointments as IDataObject[]).length).toBeGreaterThanOrEqual(60);
		const batches = t.apiRequests().filter((entry) => relativePath(entry).startsWith('appointment-assignments'));
		expect(batches.length).toBe(
			Math.ceil(
				t.sim.store.list('jpm:appointments').filter((a) => String(a.start) >= `${busyDay}T05:00` && String(a.start) < '2026-11-06T05:00' && a.status !== 'Canceled')
					.length / 50,
			),
		);
		for (const batch of batches) expect(batch.query.appointmentIds.split(',').length).toBeLessThanOrEqual(50);
		expect(requests().length).toBeLessThanOrEqual(bound('technician', 'getAvailability'));
	});

	test('the day is read in the workflow timezone; a date that is not one names the Day parameter', async () => {
		const bad = await context().run({ resource: 'technician', operation: 'getAvailability', date: 'next Tuesday' });
		expect(bad.error?.message).toMatch(/^Day: "next Tuesday" is not a date/);
		expect(requests()).toEqual([]);
	});
});

describe('every request they send is one ServiceTitan documents (test/simulator/contract.ts)', () => {
	test('Get Card (by ID and by phone), Get Detail and Get Availability: no request mismatch; seeded shifts and non-job appointments answer as documented', async () => {
		const t = await startNodeSimulator({ contract: true });
		try {
			const contract = t.sim.contract!;
			const customer = t.sim.store.list('crm:customers')[0];
			const job = t.sim.store.list('jpm:jobs').find((candidate) => candidate.appointmentCount)!;
			const phone = t.sim.store.list('crm:customers/contacts').find((contact) => contact.type === 'Phone')!;
			const technician = t.sim.store.list('settings:technicians')[0];
			const runs = [
				{ resource: 'customer', operation: 'getCard', id: byId(customer.id) },
				{ resource: 'customer', operation: 'getCard', lookupBy: 'phone', matchPhone: String(phone.value), options: { ifSeveralFound: 'useOldest' } },
				{ resource: 'job', operation: 'getDetail', id: byId(job.id) },
				{
					resource: 'technician',
					operation: 'getAvailability',
					date: '2026-11-03',
					technicianId: byId(technician.id),
					businessUnitId: byId(technician.businessUnitId as number),
				},
				{ resource: 'technician', operation: 'getAvailability', date: '2026-11-03' },
			];
			for (const parameters of runs) {
				const run = await t.run(parameters, { continueOnFail: true });
				expect(run.error).toBeUndefined();
				expect(run.items.filter((item) => item.json.error)).toEqual([]);
			}
			expect(contract.mismatches.map((m) => `${m.operation} ${m.field}: ${m.message}`)).toEqual([]);
			// The shifts and non-job appointments the simulator now seeds answer as documented (the other answers' known
			// differences are listed in contract-answer-gaps.ts and checked by every-operation.test.ts).
			const seeded = contract.responses.filter((response) => /TechnicianShifts_GetList|NonJobAppointments_GetList/.test(response.operation));
			expect(seeded.map((response) => [response.operation, response.source, response.errors]).sort()).toEqual([
				['dispatch:NonJobAppointments_GetList', 'modelled', []],
				['dispatch:NonJobAppointments_GetList', 'modelled', []],
				['dispatch:TechnicianShifts_GetList', 'modelled', []],
				['dispatch:TechnicianShifts_GetList', 'modelled', []],
			]);
			expect(seeded.some((response) => response.records > 0)).toBe(true);
			expect([...contract.requests.keys()]).toEqual(
				expect.arrayContaining(['dispatch:AppointmentAssignments_GetList', 'jpm:Appointments_GetList', 'settings:Technicians_GetList']),
			);
		} finally {
			await t.sim.close();
		}
	});
});

describe('as an AI tool fills them', () => {
	test('Look Up By and its value may come from an expression ($fromAI in a tool), so one tool looks up by any rule', async () => {
		const t = context();
		const customer = t.sim.store.list('crm:customers')[3];
		const run = await t.run(
			{ resource: 'customer', operation: 'getCard', lookupBy: '={{ $json.by }}', matchName: '={{ $json.value }}', options: { ifSeveralFound: 'useOldest' } },
			{ inputItems: [{ by: 'name', value: String(customer.name) }] },
		);
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ name: customer.name });
	});

	test('left empty, the field the lookup needs is refused by name before anything is sent', async () => {
		const byIdEmpty = await context().run({ resource: 'customer', operation: 'getCard', lookupBy: '={{ "id" }}' });
		expect(byIdEmpty.error?.message).toBe('Customer: an ID is required');
		const zipEmpty = await context().run({ resource: 'customer', operation: 'getCard', lookupBy: '={{ "address" }}', matchStreet: '1 Main St' });
		expect(zipEmpty.error?.message).toBe('Zip: give the zip with the street (the address lookup matches both)');
		expect(requests()).toEqual([]);
	});
});

describe('independent reads go side by side', () => {
	test("Get Detail's four reads after the job are all in flight at once: each arrives before any of them is answered", async () => {
		// Each answer takes 200 ms: reads sent one after another would arrive after the previous one's answer.
		const t = await startNodeSimulator({ latencyMs: 200 });
		try {
			const job = t.sim.store.list('jpm:jobs').find((candidate) => candidate.appointmentCount)!;
			const run = await t.run({ resource: 'job', operation: 'getDetail', id: byId(job.id) });
			expect(run.error).toBeUndefined();
			const [first, ...wave] = t.apiRequests();
			expect(relativePath(first)).toBe(`jobs/${job.id}`);
			expect(wave).toHaveLength(4);
			// The second wave starts after the job's answer, and none of its reads waits for another.
			expect(Math.min(...wave.map((entry) => entry.time))).toBeGreaterThanOrEqual(first.time + first.ms - 2); // clock rounding
			expect(Math.max(...wave.map((entry) => entry.time))).toBeLessThan(Math.min(...wave.map((entry) => entry.time + entry.ms)));
		} finally {
			await t.sim.close();
		}
	});
});
