/**
 * Node version 4 picks booking providers, warehouses, trucks, zones and arrival windows from the tenant (resource
 * locators: From List / By ID) where earlier versions take the bare number their workflows saved: the same
 * parameter name in every version, the value read either way.
 */
import { NodeHelpers, type INodeParameters, type INodeProperties } from 'n8n-workflow';
import { ServiceTitan } from '../../nodes/ServiceTitan/ServiceTitan.node';
import { listSearch } from '../harness';
import { CREDENTIAL_TYPE, relativePath, startNodeSimulator, type NodeTestContext } from './support';

const description = new ServiceTitan().description;

/** The property named `name` the editor shows at this node version for these parameter values. */
function shownProperty(typeVersion: number, parameters: INodeParameters, name: string): INodeProperties | undefined {
	const shown = description.properties.filter((p) => p.name === name && NodeHelpers.displayParameter(parameters, p, { typeVersion }, description));
	expect(shown.length).toBeLessThanOrEqual(1);
	return shown[0];
}

describe('what each version shows', () => {
	test.each([
		['booking', 'create', 'booking_provider', 'searchBookingProviderTags', 'Booking Provider'],
		['booking', 'dismissBooking', 'booking_provider', 'searchBookingProviderTags', 'Booking Provider'],
		['truck', 'create', 'warehouseId', 'searchWarehouses', 'Warehouse'],
		['truck', 'update', 'id', 'searchTrucks', 'Truck'],
		['zone', 'delete', 'zoneId', 'searchZones', 'Zone'],
		['arrivalWindow', 'get', 'id', 'searchArrivalWindows', 'Arrival Window'],
	])('%s > %s: %s is picked from the list in version 4, a plain ID before', (resource, operation, name, method, label) => {
		const picker = shownProperty(4, { resource, operation, specifyBody: 'fields' }, name)!;
		expect(picker).toMatchObject({ type: 'resourceLocator', displayName: label, required: true });
		expect(picker.modes?.map((mode) => [mode.name, mode.typeOptions?.searchListMethod])).toEqual([
			['list', method],
			['id', undefined],
		]);
		for (const version of [1, 2, 3]) {
			const plain = shownProperty(version, { resource, operation, specifyBody: 'fields' }, name)!;
			expect([version, plain.type, plain.displayName]).toEqual([version, operation === 'dismissBooking' ? 'string' : 'number', `${label} ID`]);
		}
	});
});

describe('against the simulator', () => {
	let t: NodeTestContext;
	const credentials = () => ({ [CREDENTIAL_TYPE]: t.credentialData });
	beforeAll(async () => {
		t = await startNodeSimulator();
	});
	afterAll(async () => {
		await t.sim.close();
	});
	beforeEach(() => t.sim.clearLog());

	test('the booking providers are listed from the tenant’s booking provider tags, searched by name', async () => {
		const providers = t.sim.store.list('crm:booking-providers');
		expect(providers.length).toBeGreaterThan(1);
		const all = await listSearch({ nodeType: 'serviceTitan', method: 'searchBookingProviderTags', credentials: credentials() });
		expect(all.results.map((r) => [r.name, r.value]).sort()).toEqual(providers.map((p) => [`${String(p.tagName)} (#${String(p.id)})`, String(p.id)]).sort());
		const one = await listSearch({ nodeType: 'serviceTitan', method: 'searchBookingProviderTags', credentials: credentials(), filter: String(providers[1].tagName) });
		expect(one.results.map((r) => r.value)).toEqual([String(providers[1].id)]);
		expect(relativePath(t.apiRequests()[0])).toBe('booking-provider-tags');
	});

	test.each([
		['searchWarehouses', 'inventory:warehouses', { name: 'North Depot' }, 'North'],
		['searchTrucks', 'inventory:trucks', { name: 'Truck 12' }, '12'],
		['searchZones', 'dispatch:zones', { name: 'Downtown' }, 'down'],
		['searchArrivalWindows', 'dispatch:arrival-windows', { start: '08:00', duration: '02:00' }, '08:00'],
	])('%s reads the whole list and filters it by the typed text', async (method, collection, fields, typed) => {
		const record = t.sim.store.create(collection, { active: true, ...fields });
		t.sim.store.create(collection, { active: true, name: 'Elsewhere', start: '13:00', duration: '04:00' });
		const found = await listSearch({ nodeType: 'serviceTitan', method, credentials: credentials(), filter: typed });
		expect(found.results.map((r) => r.value)).toEqual([String(record.id)]);
		expect(found.results[0].name).toMatch(new RegExp(`\\(#${String(record.id)}\\)$`));
	});

	const booking = { resource: 'booking', operation: 'create', source: 'n8n', name: 'Pat Doe', summary: 'AC not cooling', isFirstTimeClient: true };

	test('Booking > Create (version 4) with the provider picked from the list books it under that provider', async () => {
		const provider = t.sim.store.list('crm:booking-providers')[1];
		const run = await t.run(
			{ ...booking, externalId: 'pick-1', booking_provider: { __rl: true, mode: 'list', value: String(provider.id), cachedResultName: String(provider.tagName) } },
			{ typeVersion: 4 },
		);
		expect(run.error).toBeUndefined();
		const posts = t.apiRequests().filter((entry) => entry.method === 'POST');
		expect(posts.map(relativePath)).toEqual([`booking-provider/${String(provider.id)}/bookings`]);
		expect(run.items[0].json).toMatchObject({ id: expect.any(Number) });
	});

	test('a version 3 workflow with the bare provider number runs as before', async () => {
		const provider = t.sim.store.list('crm:booking-providers')[0];
		const run = await t.run({ ...booking, externalId: 'plain-1', booking_provider: provider.id as number }, { typeVersion: 3 });
		expect(run.error).toBeUndefined();
		expect(
			t
				.apiRequests()
				.filter((entry) => entry.method === 'POST')
				.map(relativePath),
		).toEqual([`booking-provider/${String(provider.id)}/bookings`]);
	});
});
