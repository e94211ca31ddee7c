/**
 * Create → get → update → delete (or deactivate / cancel) chains of the ServiceTitan action node in a
 * real n8n 2.40.7, one workflow per chain run with `n8n execute`: each step reads the ID the previous
 * one returned through an expression, as a user's workflow would. Every node's output and every
 * request the simulator received are checked. Plus Return All over several pages, a Custom API
 * Call and an error with "On Error: Continue (regular output)".
 */
import { startSimulator, type RequestLogEntry, type Simulator } from '../simulator';
import {
	isN8n1,
	N8nInstance,
	byId,
	linearWorkflow,
	manualTrigger,
	nodeOutput,
	serviceTitanCredential,
	serviceTitanNode,
	type CredentialFixture,
	type WorkflowFixture,
} from './harness';
import { onlyN8n2 } from './harness/compat';

type Json = Record<string, any>;
type Outputs = Record<string, Json[]>;

interface Step {
	name: string;
	parameters: Json;
	extra?: Json;
	/** `METHOD path-after-tenant` the step sends, given the outputs of the steps before it. */
	request: (out: Outputs) => string;
	/** Request body the step sends (toMatchObject), if checked. */
	body?: (out: Outputs) => Json;
	/** Assertions on the step's output items. */
	check: (items: Json[], out: Outputs) => void;
}

interface Chain {
	title: string;
	steps: Step[];
	/** Assertions on the simulator's store after the run. */
	after?: (out: Outputs) => void;
}

/** `={{ $('Create').item.json.id }}` */
const idOf = (node: string, field = 'id') => `={{ $('${node}').item.json.${field} }}`;
const one = (items: Json[]): Json => {
	expect(items).toHaveLength(1);
	return items[0];
};

const TOTAL_SERVICES = 10_500; // pageSize is 5000: three pages

describe('CRUD chains of the ServiceTitan node (n8n execute)', () => {
	let sim: Simulator;
	let n8n: N8nInstance;
	let credential: CredentialFixture;
	const chains: Array<Chain & { workflow: WorkflowFixture }> = [];
	const extra: Record<string, WorkflowFixture> = {};

	const tenantCalls = (): RequestLogEntry[] => sim.log.filter((entry) => entry.path.includes('/tenant/'));
	const relative = (entry: RequestLogEntry) => entry.path.replace(/^\/[\w-]+\/v\d\/tenant\/\d+\//, '');
	const ids = (collection: string, accept: (record: Json) => boolean = () => true): number[] =>
		sim.store
			.list(collection)
			.filter((record) => record.active !== false && accept(record as Json))
			.map((record) => Number(record.id));

	function defineChains(): Chain[] {
		const customerId = ids('crm:customers')[0];
		const location = sim.store.list('crm:locations').find((l) => Number(l.customerId) === customerId)!;
		const [technicianId, secondTechnicianId] = ids('settings:technicians');
		const businessUnitId = ids('settings:business-units')[0];
		const jobTypeId = ids('jpm:job-types')[0];
		const campaignId = ids('marketing:campaigns')[0];
		const cancelReasonId = ids('jpm:job-cancel-reasons')[0];
		const paymentTypeId = ids('accounting:payment-types')[0];
		const invoice = sim.store.list('accounting:invoices').find((i) => Number((i.customer as Json)?.id ?? i.customerId) > 0)! as Json;
		const invoiceCustomerId = Number(invoice.customer?.id ?? invoice.customerId);
		const campaignCategoryId = ids('marketing:categories')[0];
		const serviceId = ids('pricebook:services')[0];
		const [employeeId, secondEmployeeId] = ids('settings:employees');
		const address = { street: '1200 Barton Springs Rd', unit: '', city: 'Austin', state: 'TX', zip: '78704', country: 'USA' };

		return [
			{
				title: 'customers (crm): create → get → update → deactivate (Update, Active = false; there is no Delete) → get',
				steps: [
					{
						name: 'Create',
						parameters: {
							resource: 'customer',
							operation: 'create',
							name: 'Zilker Park Cafe',
							address: { address },
							locations: JSON.stringify([{ name: 'Cafe', address }]),
							additionalFields: {
								type: 'Commercial',
								doNotMail: true,
								contacts: { contact: [{ type: 'Phone', value: '512-555-0177', memo: 'front desk' }] },
							},
						},
						request: () => 'POST customers',
						body: () => ({
							name: 'Zilker Park Cafe',
							type: 'Commercial',
							doNotMail: true,
							address: { street: '1200 Barton Springs Rd', city: 'Austin', zip: '78704' },
							locations: [{ name: 'Cafe' }],
							contacts: [{ type: 'Phone', value: '512-555-0177', memo: 'front desk' }],
						}),
						check: (items) => expect(one(items)).toMatchObject({ id: expect.any(Number), name: 'Zilker Park Cafe', type: 'Commercial', active: true }),
					},
					{
						name: 'Get',
						parameters: { resource: 'customer', operation: 'get', id: byId(idOf('Create')) },
						request: (out) => `GET customers/${out.Create[0].id}`,
						check: (items, out) => expect(one(items)).toMatchObject({ id: out.Create[0].id, name: 'Zilker Park Cafe' }),
					},
					{
						name: 'Update',
						parameters: {
							resource: 'customer',
							operation: 'update',
							id: byId(idOf('Get')),
							updateFields: { name: 'Zilker Park Cafe & Bakery', doNotService: true },
						},
						request: (out) => `PATCH customers/${out.Create[0].id}`,
						body: () => ({ name: 'Zilker Park Cafe & Bakery', doNotService: true }),
						check: (items, out) => expect(one(items)).toMatchObject({ id: out.Create[0].id, name: 'Zilker Park Cafe & Bakery', doNotService: true }),
					},
					{
						name: 'Deactivate',
						parameters: { resource: 'customer', operation: 'update', id: byId(idOf('Create')), updateFields: { active: false } },
						request: (out) => `PATCH customers/${out.Create[0].id}`,
						body: () => ({ active: false }),
						check: (items, out) => expect(one(items)).toMatchObject({ id: out.Create[0].id, active: false }),
					},
					{
						name: 'Get Again',
						parameters: { resource: 'customer', operation: 'get', id: byId(idOf('Create')), simplify: false },
						request: (out) => `GET customers/${out.Create[0].id}`,
						check: (items) => expect(one(items)).toMatchObject({ name: 'Zilker Park Cafe & Bakery', active: false, doNotService: true }),
					},
				],
				after: (out) => expect(sim.store.get('crm:customers', out.Create[0].id)).toMatchObject({ active: false }),
			},
			{
				title: 'jobs (jpm): create with an appointment → get → update → cancel with a cancel reason',
				steps: [
					{
						name: 'Create',
						parameters: {
							resource: 'job',
							operation: 'create',
							customerId: byId(customerId),
							locationId: byId(location.id as number),
							businessUnitId: byId(businessUnitId),
							jobTypeId: String(jobTypeId),
							priority: 'High',
							campaignId: String(campaignId),
							appointments: {
								item: [
									{
										start: '2026-12-01T14:00:00Z',
										end: '2026-12-01T16:00:00Z',
										arrivalWindowStart: '',
										arrivalWindowEnd: '',
										technicianIds: `${technicianId}, ${secondTechnicianId}`,
									},
								],
							},
							additionalFields: { summary: 'Water heater leaking in garage' },
						},
						request: () => 'POST jobs',
						body: () => ({
							customerId,
							locationId: Number(location.id),
							businessUnitId,
							jobTypeId,
							priority: 'High',
							campaignId,
							summary: 'Water heater leaking in garage',
							appointments: [{ start: '2026-12-01T14:00:00.000Z', end: '2026-12-01T16:00:00.000Z', technicianIds: [technicianId, secondTechnicianId] }],
						}),
						check: (items) =>
							expect(one(items)).toMatchObject({ id: expect.any(Number), customerId, jobStatus: expect.any(String), summary: 'Water heater leaking in garage' }),
					},
					{
						name: 'Get',
						parameters: { resource: 'job', operation: 'get', id: byId(idOf('Create')), simplify: false },
						request: (out) => `GET jobs/${out.Create[0].id}`,
						check: (items, out) => expect(one(items)).toMatchObject({ id: out.Create[0].id, priority: 'High', jobTypeId }),
					},
					{
						name: 'Update',
						parameters: {
							resource: 'job',
							operation: 'update',
							id: byId(idOf('Create')),
							updateFields: { priority: 'Urgent', summary: 'Water heater leaking, shut-off valve stuck' },
						},
						request: (out) => `PATCH jobs/${out.Create[0].id}`,
						body: () => ({ priority: 'Urgent', summary: 'Water heater leaking, shut-off valve stuck' }),
						check: (items, out) => expect(one(items)).toMatchObject({ id: out.Create[0].id, priority: 'Urgent' }),
					},
					{
						name: 'Cancel',
						parameters: { resource: 'job', operation: 'cancel', id: byId(idOf('Create')), reasonId: String(cancelReasonId), memo: 'Customer fixed it himself' },
						request: (out) => `PUT jobs/${out.Create[0].id}/cancel`,
						body: () => ({ reasonId: cancelReasonId, memo: 'Customer fixed it himself' }),
						// ServiceTitan answers a cancel with an empty 200 (its document shows no body); `after` checks the job.
						check: (items) => expect(one(items)).toEqual({ success: true }),
					},
				],
				after: (out) => expect(sim.store.get('jpm:jobs', out.Create[0].id)).toMatchObject({ jobStatus: 'Canceled' }),
			},
			{
				title: 'pricebook services (pricebook): create → get → update → delete',
				steps: [
					{
						name: 'Create',
						parameters: {
							resource: 'pricebookService',
							operation: 'create',
							code: 'E2E-TUNEUP',
							description: 'AC tune-up, up to 2 systems',
							additionalFields: { displayName: 'AC Tune-Up', price: 149, hours: 1.5, taxable: false },
						},
						request: () => 'POST services',
						body: () => ({ code: 'E2E-TUNEUP', description: 'AC tune-up, up to 2 systems', displayName: 'AC Tune-Up', price: 149, hours: 1.5, taxable: false }),
						check: (items) => expect(one(items)).toMatchObject({ id: expect.any(Number), code: 'E2E-TUNEUP' }),
					},
					{
						name: 'Get',
						parameters: { resource: 'pricebookService', operation: 'get', id: idOf('Create'), simplify: false },
						request: (out) => `GET services/${out.Create[0].id}`,
						check: (items) => expect(one(items)).toMatchObject({ code: 'E2E-TUNEUP', price: 149 }),
					},
					{
						name: 'Update',
						parameters: { resource: 'pricebookService', operation: 'update', id: idOf('Create'), updateFields: { price: 169, memberPrice: 129 } },
						request: (out) => `PATCH services/${out.Create[0].id}`,
						body: () => ({ price: 169, memberPrice: 129 }),
						check: (items) => expect(one(items)).toMatchObject({ price: 169, memberPrice: 129 }),
					},
					{
						name: 'Delete',
						parameters: { resource: 'pricebookService', operation: 'delete', id: idOf('Create') },
						request: (out) => `DELETE services/${out.Create[0].id}`,
						check: (items) => expect(items).toHaveLength(1),
					},
				],
				after: (out) => expect(sim.store.get('pricebook:services', out.Create[0].id)).toBeUndefined(),
			},
			{
				title: 'vendors (inventory): create → get → update',
				steps: [
					{
						name: 'Create',
						parameters: {
							resource: 'vendor',
							operation: 'create',
							name: 'E2E Supply House',
							active: true,
							isTruckReplenishment: false,
							taxRate: 0.0825,
							restrictedMobileCreation: false,
							address: { address: { ...address, street: '500 Industrial Blvd' } },
							additionalFields: { email: 'orders@e2e-supply.test', phone: '512-555-0188' },
						},
						request: () => 'POST vendors',
						body: () => ({ name: 'E2E Supply House', active: true, taxRate: 0.0825, email: 'orders@e2e-supply.test', address: { street: '500 Industrial Blvd' } }),
						check: (items) => expect(one(items)).toMatchObject({ id: expect.any(Number), name: 'E2E Supply House' }),
					},
					{
						name: 'Get',
						parameters: { resource: 'vendor', operation: 'get', id: idOf('Create') },
						request: (out) => `GET vendors/${out.Create[0].id}`,
						check: (items, out) => expect(one(items)).toMatchObject({ id: out.Create[0].id, name: 'E2E Supply House' }),
					},
					{
						name: 'Update',
						parameters: { resource: 'vendor', operation: 'update', id: idOf('Create'), updateFields: { memo: 'Net 30', active: false } },
						request: (out) => `PATCH vendors/${out.Create[0].id}`,
						body: () => ({ memo: 'Net 30', active: false }),
						check: (items) => expect(one(items)).toMatchObject({ memo: 'Net 30', active: false }),
					},
				],
			},
			{
				title: 'technicians (settings): create → get → update',
				steps: [
					{
						name: 'Create',
						parameters: {
							resource: 'technician',
							operation: 'create',
							accountCreationMethod: 'CreateLater',
							roleId: '3',
							positions: 'Technician',
							name: 'Riley E2E',
							licenseType: 'ManagedTech',
							additionalFields: { email: 'riley@e2e.test', businessUnitId },
						},
						request: () => 'POST technicians',
						body: () => ({ name: 'Riley E2E', accountCreationMethod: 'CreateLater', licenseType: 'ManagedTech', roleId: 3, email: 'riley@e2e.test', businessUnitId }),
						check: (items) => expect(one(items)).toMatchObject({ id: expect.any(Number), name: 'Riley E2E' }),
					},
					{
						name: 'Get',
						parameters: { resource: 'technician', operation: 'get', id: byId(idOf('Create')) },
						request: (out) => `GET technicians/${out.Create[0].id}`,
						check: (items, out) => expect(one(items)).toMatchObject({ id: out.Create[0].id, name: 'Riley E2E' }),
					},
					{
						name: 'Update',
						parameters: { resource: 'technician', operation: 'update', id: byId(idOf('Create')), updateFields: { dailyGoal: 1800, phoneNumber: '512-555-0199' } },
						request: (out) => `PATCH technicians/${out.Create[0].id}`,
						body: () => ({ dailyGoal: 1800, phoneNumber: '512-555-0199' }),
						check: (items) => expect(one(items)).toMatchObject({ dailyGoal: 1800, phoneNumber: '512-555-0199' }),
					},
				],
			},
			{
				title: 'payments (accounting): create with a split → Get Many by ID → update',
				steps: [
					{
						name: 'Create',
						parameters: {
							resource: 'payment',
							operation: 'create',
							typeId: String(paymentTypeId),
							additionalFields: {
								customerId: invoiceCustomerId,
								amount: 120.5,
								memo: 'Paid at the door',
								paidOn: '2026-11-20T10:00:00Z',
								splits: { item: [{ invoiceId: Number(invoice.id), amount: 120.5 }] },
							},
						},
						request: () => 'POST payments',
						body: () => ({ typeId: paymentTypeId, amount: 120.5, customerId: invoiceCustomerId, splits: [{ invoiceId: Number(invoice.id), amount: 120.5 }] }),
						check: (items) => expect(one(items)).toMatchObject({ id: expect.any(Number) }),
					},
					{
						name: 'Get By ID',
						parameters: { resource: 'payment', operation: 'getAll', returnAll: true, filters: { ids: idOf('Create') }, simplify: false },
						request: (out) => `GET payments ids=${out.Create[0].id}`,
						check: (items, out) => expect(one(items)).toMatchObject({ id: out.Create[0].id, memo: 'Paid at the door' }),
					},
					{
						name: 'Update',
						parameters: {
							resource: 'payment',
							operation: 'update',
							id: idOf('Create'),
							typeId: String(paymentTypeId),
							splits: { item: [{ invoiceId: Number(invoice.id), amount: 100 }] },
							updateFields: { memo: 'Corrected amount' },
						},
						request: (out) => `PATCH payments/${out.Create[0].id}`,
						body: () => ({ typeId: paymentTypeId, splits: [{ invoiceId: Number(invoice.id), amount: 100 }], memo: 'Corrected amount' }),
						check: (items) => expect(items).toHaveLength(1),
					},
				],
				after: (out) => expect(sim.store.get('accounting:payments', out.Create[0].id)).toMatchObject({ memo: 'Corrected amount' }),
			},
			{
				title: 'non-job appointments (dispatch): create → get → update → delete',
				steps: [
					{
						name: 'Create',
						parameters: {
							resource: 'nonJobAppointment',
							operation: 'create',
							technicianId: byId(technicianId),
							start: '2026-12-02T13:00:00Z',
							duration: '01:30:00',
							name: 'Truck inspection',
							additionalFields: { showOnTechnicianSchedule: true, summary: 'Quarterly fleet check' },
						},
						request: () => 'POST non-job-appointments',
						body: () => ({ technicianId, start: '2026-12-02T13:00:00.000Z', duration: '01:30:00', name: 'Truck inspection', showOnTechnicianSchedule: true }),
						check: (items) => expect(one(items)).toMatchObject({ id: expect.any(Number), name: 'Truck inspection' }),
					},
					{
						name: 'Get',
						parameters: { resource: 'nonJobAppointment', operation: 'get', id: idOf('Create') },
						request: (out) => `GET non-job-appointments/${out.Create[0].id}`,
						check: (items) => expect(one(items)).toMatchObject({ name: 'Truck inspection', technicianId }),
					},
					{
						name: 'Update',
						parameters: {
							resource: 'nonJobAppointment',
							operation: 'update',
							id: idOf('Create'),
							technicianId: byId(technicianId),
							start: '2026-12-02T15:00:00Z',
							duration: '02:00:00',
							name: 'Truck inspection (moved)',
							updateFields: {},
						},
						request: (out) => `PUT non-job-appointments/${out.Create[0].id}`,
						body: () => ({ start: '2026-12-02T15:00:00.000Z', duration: '02:00:00', name: 'Truck inspection (moved)' }),
						check: (items) => expect(items).toHaveLength(1),
					},
					{
						name: 'Delete',
						parameters: { resource: 'nonJobAppointment', operation: 'delete', id: idOf('Create') },
						request: (out) => `DELETE non-job-appointments/${out.Create[0].id}`,
						check: (items) => expect(items).toHaveLength(1),
					},
				],
				after: (out) => expect(sim.store.get('dispatch:non-job-appointments', out.Create[0].id)).toBeUndefined(),
			},
			{
				title: 'memberships (memberships): sell → get → update',
				steps: [
					{
						name: 'Sell',
						parameters: {
							resource: 'membership',
							operation: 'create',
							businessUnitId: byId(businessUnitId),
							customerId: byId(customerId),
							saleTaskId: serviceId,
							durationBillingId: 1,
							recurringServiceAction: 'None',
							additionalFields: { locationId: Number(location.id) },
						},
						request: () => 'POST memberships/sale',
						body: () => ({ businessUnitId, customerId, saleTaskId: serviceId, durationBillingId: 1, recurringServiceAction: 'None', locationId: Number(location.id) }),
						check: (items) => expect(one(items)).toMatchObject({ customerMembershipId: expect.any(Number) }),
					},
					{
						name: 'Get',
						parameters: { resource: 'membership', operation: 'get', id: idOf('Sell', 'customerMembershipId') },
						request: (out) => `GET memberships/${out.Sell[0].customerMembershipId}`,
						check: (items, out) => expect(one(items)).toMatchObject({ id: out.Sell[0].customerMembershipId, customerId }),
					},
					{
						name: 'Update',
						parameters: {
							resource: 'membership',
							operation: 'update',
							id: idOf('Sell', 'customerMembershipId'),
							updateFields: { memo: 'Sold at the door', status: 'Canceled' },
						},
						request: (out) => `PATCH memberships/${out.Sell[0].customerMembershipId}`,
						body: () => ({ memo: 'Sold at the door', status: 'Canceled' }),
						check: (items) => expect(one(items)).toMatchObject({ memo: 'Sold at the door', status: 'Canceled' }),
					},
				],
			},
			{
				title: 'campaigns (marketing): create → get → update',
				steps: [
					{
						name: 'Create',
						parameters: {
							resource: 'campaign',
							operation: 'create',
							name: 'E2E Spring Tune-Up Mailer',
							businessUnitId: byId(businessUnitId),
							active: true,
							categoryId: String(campaignCategoryId),
						},
						request: () => 'POST campaigns',
						body: () => ({ name: 'E2E Spring Tune-Up Mailer', businessUnitId, active: true, categoryId: campaignCategoryId }),
						check: (items) => expect(one(items)).toMatchObject({ id: expect.any(Number), name: 'E2E Spring Tune-Up Mailer' }),
					},
					{
						name: 'Get',
						parameters: { resource: 'campaign', operation: 'get', id: idOf('Create') },
						request: (out) => `GET campaigns/${out.Create[0].id}`,
						check: (items, out) => expect(one(items)).toMatchObject({ id: out.Create[0].id, name: 'E2E Spring Tune-Up Mailer' }),
					},
					{
						name: 'Update',
						parameters: {
							resource: 'campaign',
							operation: 'update',
							id: idOf('Create'),
							name: 'E2E Spring Tune-Up Mailer 2027',
							businessUnitId: byId(businessUnitId),
							active: false,
							categoryId: String(campaignCategoryId),
							updateFields: {},
						},
						request: (out) => `PATCH campaigns/${out.Create[0].id}`,
						body: () => ({ name: 'E2E Spring Tune-Up Mailer 2027', active: false }),
						check: (items) => expect(one(items)).toMatchObject({ name: 'E2E Spring Tune-Up Mailer 2027', active: false }),
					},
				],
			},
			{
				title: 'installed equipment (equipment systems): create → get → update',
				steps: [
					{
						name: 'Create',
						parameters: {
							resource: 'installedEquipment',
							operation: 'create',
							locationId: byId(location.id as number),
							additionalFields: { name: 'Carrier 3-ton condenser', manufacturer: 'Carrier', model: '24ACC636', serialNumber: 'E2E-0001' },
						},
						request: () => 'POST installed-equipment',
						body: () => ({ locationId: Number(location.id), manufacturer: 'Carrier', model: '24ACC636' }),
						check: (items) => expect(one(items)).toMatchObject({ id: expect.any(Number), manufacturer: 'Carrier' }),
					},
					{
						name: 'Get',
						parameters: { resource: 'installedEquipment', operation: 'get', id: idOf('Create'), simplify: false },
						request: (out) => `GET installed-equipment/${out.Create[0].id}`,
						check: (items) => expect(one(items)).toMatchObject({ model: '24ACC636', locationId: Number(location.id) }),
					},
					{
						name: 'Update',
						parameters: { resource: 'installedEquipment', operation: 'update', id: idOf('Create'), updateFields: { memo: 'Coil cleaned', cost: 3200 } },
						request: (out) => `PATCH installed-equipment/${out.Create[0].id}`,
						body: () => ({ memo: 'Coil cleaned', cost: 3200 }),
						check: (items) => expect(one(items)).toMatchObject({ memo: 'Coil cleaned', cost: 3200 }),
					},
				],
			},
			{
				title: 'tasks (task management): create → get',
				steps: [
					{
						name: 'Create',
						parameters: {
							resource: 'task',
							operation: 'create',
							name: 'Call back about the estimate',
							businessUnitId: byId(businessUnitId),
							reportedById: String(employeeId),
							assignedToId: String(secondEmployeeId ?? employeeId),
							isClosed: false,
							employeeTaskTypeId: 1,
							employeeTaskSourceId: 1,
							reportedDate: '2026-11-20T09:00:00Z',
							priority: 'High',
						},
						request: () => 'POST tasks',
						body: () => ({ name: 'Call back about the estimate', businessUnitId, reportedById: employeeId, priority: 'High', isClosed: false }),
						check: (items) => expect(one(items)).toMatchObject({ id: expect.any(Number) }),
					},
					{
						name: 'Get',
						parameters: { resource: 'task', operation: 'get', id: idOf('Create') },
						request: (out) => `GET tasks/${out.Create[0].id}`,
						check: (items, out) => expect(one(items)).toMatchObject({ id: out.Create[0].id, name: 'Call back about the estimate' }),
					},
				],
			},
		];
	}

	beforeAll(async () => {
		sim = await startSimulator({ port: 0, size: { 'pricebook:services': TOTAL_SERVICES } });
		n8n = await N8nInstance.create({ name: 'st-e2e-crud' });
		credential = serviceTitanCredential(sim);
		await n8n.importCredentials([credential]);

		for (const chain of defineChains()) {
			const workflow = linearWorkflow(`Chain: ${chain.title}`, [
				manualTrigger(),
				...chain.steps.map((step) => serviceTitanNode(credential, step.parameters, step.name, step.extra)),
			]);
			chains.push({ ...chain, workflow });
		}
		extra.returnAll = linearWorkflow('Get Many services, Return All', [
			manualTrigger(),
			serviceTitanNode(credential, { resource: 'pricebookService', operation: 'getAll', returnAll: true, filters: {}, simplify: true }, 'All Services'),
		]);
		extra.custom = linearWorkflow('Custom API Call: add a note to a customer, then read the notes', [
			manualTrigger(),
			serviceTitanNode(
				credential,
				{
					resource: 'customApiCall',
					operation: 'call',
					module: 'crm',
					method: 'POST',
					path: `customers/${ids('crm:customers')[1]}/notes`,
					sendBody: true,
					customBody: JSON.stringify({ text: 'Gate code 4821', pinToTop: true }),
				},
				'Add Note',
			),
			serviceTitanNode(
				credential,
				{
					resource: 'customApiCall',
					operation: 'call',
					module: 'crm',
					method: 'GET',
					path: `customers/${ids('crm:customers')[1]}/notes`,
					queryParameters: { parameter: [{ name: 'pageSize', value: '50' }] },
				},
				'Read Notes',
			),
		]);
		extra.continueOnFail = linearWorkflow('Update a job that does not exist, continue on fail', [
			manualTrigger(),
			serviceTitanNode(credential, { resource: 'job', operation: 'update', id: byId(987654321), updateFields: { summary: 'nobody home' } }, 'Update Missing Job', {
				onError: 'continueRegularOutput',
			}),
			serviceTitanNode(credential, { resource: 'job', operation: 'get', id: byId(ids('jpm:jobs')[0]) }, 'Next Step'),
		]);
		await n8n.importWorkflows([...chains.map((chain) => chain.workflow), ...Object.values(extra)]);
	});

	afterAll(async () => {
		await n8n?.dispose();
		await sim?.close();
	});

	beforeEach(() => sim.clearLog());

	// Against n8n 1.x (the compatibility subset) one chain: customers.
	const CHAINS = [
		'customers',
		'jobs',
		'pricebook services',
		'vendors',
		'technicians',
		'payments',
		'non-job appointments',
		'memberships',
		'campaigns',
		'installed equipment',
		'tasks',
	];
	test.each(isN8n1() ? CHAINS.slice(0, 1) : CHAINS)('chain: %s', async (prefix) => {
		const chain = chains.find((candidate) => candidate.title.startsWith(`${prefix} (`));
		if (!chain) throw new Error(`no chain "${prefix}"`);
		const result = await n8n.execute(chain.workflow.id);
		expect(result.failure).toBeUndefined();

		const out: Outputs = {};
		for (const step of chain.steps) out[step.name] = nodeOutput(result.run, step.name);
		const calls = tenantCalls();
		expect(calls.map((call) => `${call.status}`).filter((status) => status !== '200')).toEqual([]);
		const describeCall = (call: RequestLogEntry) => {
			const text = `${call.method} ${relative(call)}`;
			return call.query.ids ? `${text} ids=${call.query.ids}` : text;
		};
		expect(calls.map(describeCall)).toEqual(chain.steps.map((step) => step.request(out)));
		chain.steps.forEach((step, index) => {
			if (step.body) expect({ step: step.name, body: calls[index].body }).toMatchObject({ step: step.name, body: step.body(out) });
			for (const call of [calls[index]]) expect(call.headers['st-app-key']).toBe(sim.credentials.appKey);
			step.check(out[step.name], out);
		});
		chain.after?.(out);
	});

	test(`Get Many with Return All fetches every page (${TOTAL_SERVICES} services, pages of 5000)`, async () => {
		const result = await n8n.execute(extra.returnAll.id);
		expect(result.failure).toBeUndefined();
		const calls = tenantCalls();
		expect(calls.map((call) => [call.method, relative(call), call.query.page, call.query.pageSize])).toEqual([
			['GET', 'services', '1', '5000'],
			['GET', 'services', '2', '5000'],
			['GET', 'services', '3', '5000'],
		]);
		const items = nodeOutput(result.run, 'All Services');
		expect(items).toHaveLength(sim.store.list('pricebook:services').length);
		expect(items.length).toBeGreaterThan(10_000);
		expect(new Set(items.map((item) => item.id)).size).toBe(items.length);
	});

	onlyN8n2('Custom API Call: POST with a JSON body, then GET with query parameters, on any path of an API area', async () => {
		const result = await n8n.execute(extra.custom.id);
		expect(result.failure).toBeUndefined();
		const customerId = ids('crm:customers')[1];
		const calls = tenantCalls();
		expect(calls.map((call) => `${call.method} ${call.path}`)).toEqual([
			`POST /crm/v2/tenant/${sim.credentials.tenantId}/customers/${customerId}/notes`,
			`GET /crm/v2/tenant/${sim.credentials.tenantId}/customers/${customerId}/notes`,
		]);
		expect(calls[0].body).toEqual({ text: 'Gate code 4821', pinToTop: true });
		expect(calls[1].query).toEqual({ pageSize: '50' });
		const [note] = nodeOutput(result.run, 'Add Note');
		expect(note).toMatchObject({ text: 'Gate code 4821' });
		const notes = nodeOutput(result.run, 'Read Notes');
		expect(JSON.stringify(notes)).toContain('Gate code 4821');
	});

	onlyN8n2('an API error with "On Error: Continue (regular output)" becomes an item and the workflow goes on', async () => {
		const result = await n8n.execute(extra.continueOnFail.id);
		expect(result.failure).toBeUndefined();
		const [failed] = nodeOutput(result.run, 'Update Missing Job');
		expect(failed).toHaveProperty('error');
		expect(JSON.stringify(failed.error)).toMatch(/987654321/);
		expect(JSON.stringify(failed.error)).toMatch(/not found|404/i);
		expect(nodeOutput(result.run, 'Next Step')).toHaveLength(1);
		expect(tenantCalls().map((call) => [call.method, relative(call), call.status])).toEqual([
			['PATCH', 'jobs/987654321', 404],
			['GET', `jobs/${ids('jpm:jobs')[0]}`, 200],
		]);
	});
});
