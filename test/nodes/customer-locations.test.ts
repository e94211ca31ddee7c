/**
 * Customer > Create without JSON: the new customer's locations as fields (name, address, contacts),
 * JSON kept as the alternative, and workflows saved with node version 1 (JSON) running as before.
 */
import { runNode } from '../harness';
import { ServiceTitan } from '../../nodes/ServiceTitan/ServiceTitan.node';
import { CREDENTIAL_TYPE, relativePath, startNodeSimulator, type NodeTestContext } from './support';

let t: NodeTestContext;
beforeAll(async () => {
	t = await startNodeSimulator();
});
afterAll(async () => t.sim.close());

const customer = {
	resource: 'customer',
	operation: 'create',
	name: 'Barton Creek Dental Group',
	address: { address: { street: '2 Barton Skwy', unit: '', city: 'Austin', state: 'TX', zip: '78746', country: 'USA' } },
};
const clinic = { street: '9 Lake Dr', unit: 'Suite 4', city: 'Austin', state: 'TX', zip: '78701', country: 'USA' };

async function create(parameters: Record<string, unknown>, typeVersion?: number) {
	t.sim.clearLog();
	const run = await runNode({
		nodeType: 'serviceTitan',
		typeVersion,
		parameters: { ...customer, ...parameters } as never,
		credentials: { [CREDENTIAL_TYPE]: t.credentialData },
	});
	const request = t.apiRequests().find((entry) => entry.method === 'POST' && relativePath(entry) === 'customers');
	return { run, request };
}

test('locations are entered as fields by default from version 2 on', () => {
	const { description } = new ServiceTitan();
	expect(description.version).toEqual(expect.arrayContaining([1, 2]));
	const inputs = description.properties.filter((p) => p.name === 'locationsInput');
	expect(inputs.map((p) => [p.default, p.displayOptions?.show?.['@version']])).toEqual([
		['json', [1]],
		['fields', [{ _cnd: { gte: 2 } }]],
	]);
});

test('locations as fields: name, address and contacts per location', async () => {
	const { run, request } = await create({
		locationsUi: {
			location: [
				{
					name: 'Clinic',
					...clinic,
					contacts: {
						contact: [
							{ type: 'Phone', value: '512-555-0100', memo: 'front desk' },
							{ type: 'Email', value: '', memo: '' },
						],
					},
				},
				{ name: 'Warehouse', street: '1 Industrial Blvd', unit: '', city: 'Round Rock', state: 'TX', zip: '78664', country: 'USA' },
			],
		},
	});
	expect(run.error?.message).toBeUndefined();
	expect(request?.body).toMatchObject({
		name: 'Barton Creek Dental Group',
		locations: [
			{ name: 'Clinic', address: clinic, contacts: [{ type: 'Phone', value: '512-555-0100', memo: 'front desk' }] },
			{ name: 'Warehouse', address: { street: '1 Industrial Blvd', city: 'Round Rock', state: 'TX', zip: '78664', country: 'USA' } },
		],
	});
	const created = t.sim.store.list('crm:locations').filter((location) => location.customerId === run.items[0].json.id);
	expect(created.map((location) => location.name).sort()).toEqual(['Clinic', 'Warehouse']);
});

test('no location, or one without its street, fails naming the field before anything is sent', async () => {
	const none = await create({});
	expect(none.run.error?.message).toBe('Locations: add at least one location (Add Location)');
	expect(none.request).toBeUndefined();
	const noStreet = await create({ locationsUi: { location: [{ name: 'Clinic', ...clinic, street: ' ' }] } });
	expect(noStreet.run.error?.message).toBe('Locations (location 1) Street: this field is required');
	expect(noStreet.request).toBeUndefined();
});

test('JSON stays the alternative (Locations Input: Using JSON)', async () => {
	const locations = [{ name: 'Clinic', address: clinic }];
	const { run, request } = await create({ locationsInput: 'json', locations: JSON.stringify(locations) });
	expect(run.error?.message).toBeUndefined();
	expect(request?.body).toMatchObject({ locations });
});

test('a workflow saved with node version 1 (locations as JSON, no Locations Input) runs as before', async () => {
	const locations = [{ name: 'Main office', address: clinic }];
	const { run, request } = await create({ locations: JSON.stringify(locations) }, 1);
	expect(run.error?.message).toBeUndefined();
	expect(request?.body).toMatchObject({ locations });
});
