/**
 * The curated field shapes as a user fills them in the editor, and what ServiceTitan receives:
 * line items, addresses, contacts, dropdowns, custom fields by name, Simplify, Return All / Limit.
 */
import type { IDataObject } from 'n8n-workflow';
import { byId, newJobChoices, relativePath, startNodeSimulator, type NodeTestContext } from './support';

let t: NodeTestContext;
beforeAll(async () => {
	t = await startNodeSimulator();
});
afterAll(async () => t.sim.close());

const ids = (collection: string): number[] => t.sim.store.list(collection).map((record) => Number(record.id));
const openJobId = () => Number(t.sim.store.list('jpm:jobs').find((job) => !['Completed', 'Canceled'].includes(String(job.jobStatus)))!.id);

async function runOne(parameters: IDataObject) {
	t.sim.clearLog();
	const run = await t.run(parameters);
	const writes = t.apiRequests().filter((entry) => entry.method !== 'GET' || parameters.operation === 'get' || parameters.operation === 'getAll');
	return { run, request: writes[writes.length - 1], requests: t.apiRequests() };
}

test('Create Job: appointments as line items, priority from its list, custom fields by name', async () => {
	const gateCode = t.sim.store.create('jpm:jobs/custom-fields', { name: 'Gate Code', dataType: 'Text', active: true });
	const [customerId] = ids('crm:customers');
	const location = t.sim.store.list('crm:locations').find((l) => Number(l.customerId) === customerId)!;
	const [technicianId, secondTechnicianId] = ids('settings:technicians');
	const { run, request } = await runOne({
		...newJobChoices(t.sim),
		campaignId: String(ids('marketing:campaigns')[0]),
		appointments: {
			item: [
				{
					start: '2026-11-24T14:00:00Z',
					end: '2026-11-24T16:00:00Z',
					arrivalWindowStart: '',
					arrivalWindowEnd: '',
					technicianIds: `${technicianId}, ${secondTechnicianId}`,
				},
			],
		},
		additionalFields: { summary: 'No cooling upstairs', customFields: { field: [{ name: 'gate code', value: '#4821' }] } },
	});
	expect(run.error?.message).toBeUndefined();
	expect(request.method).toBe('POST');
	expect(relativePath(request)).toBe('jobs');
	expect(request.body).toEqual({
		customerId,
		locationId: Number(location.id),
		businessUnitId: ids('settings:business-units')[0],
		jobTypeId: ids('jpm:job-types')[0],
		priority: 'High',
		campaignId: ids('marketing:campaigns')[0],
		appointments: [{ start: '2026-11-24T14:00:00.000Z', end: '2026-11-24T16:00:00.000Z', technicianIds: [technicianId, secondTechnicianId] }],
		summary: 'No cooling upstairs',
		customFields: [{ typeId: Number(gateCode.id), value: '#4821' }],
	});
	expect(run.items[0].json).toMatchObject({ customerId, jobStatus: expect.any(String) });
});

test('Create Job: an appointment without its end fails naming the item, before any write', async () => {
	const { run, requests } = await runOne({
		resource: 'job',
		operation: 'create',
		customerId: byId(ids('crm:customers')[0]),
		locationId: byId(ids('crm:locations')[0]),
		businessUnitId: byId(ids('settings:business-units')[0]),
		jobTypeId: String(ids('jpm:job-types')[0]),
		campaignId: String(ids('marketing:campaigns')[0]),
		appointments: {
			item: [
				{ start: '2026-11-24T14:00:00Z', end: '2026-11-24T16:00:00Z' },
				{ start: '2026-11-25T14:00:00Z', end: '' },
			],
		},
	});
	expect(run.error).toMatchObject({ name: 'NodeOperationError', itemIndex: 0 });
	expect(run.error!.message).toBe('Appointments (item 2) End: this field is required');
	expect(requests.filter((r) => r.method === 'POST')).toHaveLength(0);
});

test('Cancel Job: the cancel reason comes from the dropdown and is sent as its ID', async () => {
	const jobId = openJobId();
	const [reasonId] = ids('jpm:job-cancel-reasons');
	const { run, request } = await runOne({ resource: 'job', operation: 'cancel', id: byId(jobId), reasonId: String(reasonId), memo: 'Customer moved' });
	expect(run.error?.message).toBeUndefined();
	expect([request.method, relativePath(request)]).toEqual(['PUT', `jobs/${jobId}/cancel`]);
	expect(request.body).toEqual({ reasonId, memo: 'Customer moved' });
	// ServiceTitan answers a cancel with an empty 200 (its document shows no body).
	expect(run.items.map((item) => item.json)).toEqual([{ success: true }]);
	expect(t.sim.store.get('jpm:jobs', jobId)).toMatchObject({ jobStatus: 'Canceled' });
});

test('Create Customer: address and contacts from fixed collections, locations as JSON', async () => {
	const { run, request } = await runOne({
		resource: 'customer',
		operation: 'create',
		name: 'Barton Creek Dental Group',
		locationsInput: 'json',
		locations: JSON.stringify([{ name: 'Main office', address: { street: '2 Barton Skwy', city: 'Austin', state: 'TX', zip: '78746', country: 'USA' } }]),
		address: { address: { street: '2 Barton Skwy', unit: '', city: 'Austin', state: 'TX', zip: '78746', country: 'USA' } },
		additionalFields: {
			type: 'Commercial',
			contacts: {
				contact: [
					{ type: 'Email', value: 'office@bartoncreek.example', memo: 'front desk' },
					{ type: 'Phone', value: '512-555-0144', memo: '' },
				],
			},
		},
	});
	expect(run.error?.message).toBeUndefined();
	expect(request.body).toEqual({
		name: 'Barton Creek Dental Group',
		type: 'Commercial',
		locations: [{ name: 'Main office', address: { street: '2 Barton Skwy', city: 'Austin', state: 'TX', zip: '78746', country: 'USA' } }],
		address: { street: '2 Barton Skwy', unit: '', city: 'Austin', state: 'TX', zip: '78746', country: 'USA' },
		contacts: [
			{ type: 'Email', value: 'office@bartoncreek.example', memo: 'front desk' },
			{ type: 'Phone', value: '512-555-0144' },
		],
	});
	expect(Object.keys(run.items[0].json).sort()).toEqual(expect.arrayContaining(['id', 'name']));
});

test('Create Estimate: optional item fields left at their defaults are not sent', async () => {
	const jobId = openJobId();
	const [skuId] = ids('pricebook:services');
	const { run, request } = await runOne({
		resource: 'estimate',
		operation: 'create',
		additionalFields: {
			name: 'Replace condenser',
			jobId,
			items: {
				item: [
					{ skuId, description: '', quantity: 1, unitPrice: 0, unitCost: 0, isAddOn: false, itemGroupName: '' },
					{ skuId: 0, description: 'Haul-away fee', quantity: 2, unitPrice: 45.5, unitCost: 0, isAddOn: true, itemGroupName: '' },
				],
			},
		},
	});
	expect(run.error?.message).toBeUndefined();
	expect(request.body).toEqual({
		name: 'Replace condenser',
		jobId,
		items: [
			{ skuId, quantity: 1 },
			{ description: 'Haul-away fee', quantity: 2, unitPrice: 45.5, isAddOn: true },
		],
	});
});

test('Create Payment: payment type from the dropdown, splits entered per invoice', async () => {
	const [typeId] = ids('accounting:payment-types');
	const [firstInvoice, secondInvoice] = ids('accounting:invoices');
	const { run, request } = await runOne({
		resource: 'payment',
		operation: 'create',
		typeId: String(typeId),
		additionalFields: {
			amount: 300,
			splits: {
				item: [
					{ invoiceId: firstInvoice, amount: 200 },
					{ invoiceId: secondInvoice, amount: 100 },
				],
			},
		},
	});
	expect(run.error?.message).toBeUndefined();
	expect(request.body).toEqual({
		typeId,
		amount: 300,
		splits: [
			{ invoiceId: firstInvoice, amount: 200 },
			{ invoiceId: secondInvoice, amount: 100 },
		],
	});
});

test('Get Customer: Simplify keeps the curated fields in order; off returns the raw record', async () => {
	const [customerId] = ids('crm:customers');
	const simplified = await runOne({ resource: 'customer', operation: 'get', id: byId(customerId) });
	expect(Object.keys(simplified.run.items[0].json)).toEqual(
		['id', 'name', 'type', 'active', 'balance', 'address', 'customFields', 'createdOn', 'modifiedOn', 'mergedToId'].filter(
			(field) => field in simplified.run.items[0].json,
		),
	);
	expect(Object.keys(simplified.run.items[0].json).length).toBeLessThanOrEqual(10);
	const raw = await runOne({ resource: 'customer', operation: 'get', id: byId(customerId), simplify: false });
	expect(raw.run.items[0].json).toHaveProperty('doNotMail');
	expect(raw.run.items[0].json).toHaveProperty('externalData');
});

test('Get Notes of a customer returns the notes as they are (Simplify is for customers, not notes)', async () => {
	const note = t.sim.store.list('crm:customers/notes')[0];
	const { run } = await runOne({ resource: 'customer', operation: 'getNotes', id: byId(Number(note.customerId)), returnAll: true });
	expect(run.error?.message).toBeUndefined();
	expect(run.items.length).toBeGreaterThan(0);
	expect(run.items[0].json).toHaveProperty('text');
});

describe('Get Many', () => {
	let big: NodeTestContext;
	beforeAll(async () => {
		big = await startNodeSimulator({ size: { 'crm:customers': 10_100 } });
	});
	afterAll(async () => big.sim.close());

	test('Return All follows hasMore over several pages', async () => {
		const run = await big.run({ resource: 'customer', operation: 'getAll', returnAll: true });
		expect(run.error?.message).toBeUndefined();
		const active = big.sim.store.list('crm:customers').filter((c) => c.active !== false);
		const pageCount = Math.ceil(active.length / 5000);
		expect(pageCount).toBeGreaterThan(1);
		const pages = big.apiRequests().map((entry) => entry.query);
		expect(pages.map((q) => q.page)).toEqual(Array.from({ length: pageCount }, (_, i) => String(i + 1)));
		expect(pages.every((q) => q.pageSize === '5000')).toBe(true);
		expect(run.items).toHaveLength(active.length);
		expect(run.items.map((item) => item.json.id)).toEqual(active.map((c) => c.id));
		expect(run.items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	test('Limit asks for that many and fetches no further page', async () => {
		big.sim.clearLog();
		const run = await big.run({ resource: 'customer', operation: 'getAll', returnAll: false, limit: 120, filters: { name: '' } });
		expect(run.items).toHaveLength(120);
		expect(big.apiRequests().map((entry) => entry.query)).toEqual([{ page: '1', pageSize: '120' }]);
	});

	test('filters reach the query string converted (dates to ISO, IDs comma-joined)', async () => {
		big.sim.clearLog();
		const [first, second] = big.sim.store.list('crm:customers');
		const run = await big.run({
			resource: 'customer',
			operation: 'getAll',
			returnAll: true,
			filters: { ids: `${first.id}, ${second.id}`, modifiedOnOrAfter: '2020-01-01T00:00:00Z' },
		});
		expect(run.error?.message).toBeUndefined();
		expect(big.apiRequests()[0].query).toEqual({
			ids: `${first.id},${second.id}`,
			modifiedOnOrAfter: '2020-01-01T00:00:00.000Z',
			page: '1',
			pageSize: '5000',
			includeTotal: 'true', // Return All: the total lets the later pages be requested side by side
		});
		expect(run.items.map((item) => item.json.id).sort()).toEqual([first.id, second.id].sort());
	});
});
