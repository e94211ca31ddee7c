/**
 * Adding a resource whose records are picked and fill a dropdown is catalog data only: the resource (as the
 * generator emits it) and one line each in the picker and dropdown curation. The node's description, its
 * From List search and its dropdown loader follow, with no code of their own.
 */
import type { IDataObject, INodeProperties, INodeType } from 'n8n-workflow';
import type { ResourceSpec } from '../../nodes/ServiceTitan/catalog/types';
import type { RecordDropdown, RecordPicker } from '../../nodes/ServiceTitan/catalog/curation';
import { listSearch, loadOptions } from '../harness';
import { CREDENTIAL_TYPE, startNodeSimulator, type NodeTestContext } from '../nodes/support';

/** A resource the catalog does not have, listed where the simulator serves records (dispatch zones). */
const SERVICE_AREA: ResourceSpec = {
	value: 'serviceArea',
	name: 'Service Area',
	plural: 'Service Areas',
	module: 'dispatch',
	operations: [
		{
			operationId: 'ServiceAreas_Get',
			value: 'get',
			name: 'Get',
			action: 'Get a service area',
			method: 'GET',
			path: 'zones/{id}',
			pathParams: [{ name: 'id', type: 'number', required: true, integer: true }],
			query: [],
		},
		{
			operationId: 'ServiceAreas_GetList',
			value: 'getAll',
			name: 'Get Many',
			action: 'Get many service areas',
			method: 'GET',
			path: 'zones',
			pathParams: [],
			query: [],
			paged: true,
		},
		{
			operationId: 'ServiceAreas_Merge',
			value: 'merge',
			name: 'Merge',
			action: 'Merge service areas',
			method: 'POST',
			path: 'zones/{id}/merge',
			pathParams: [{ name: 'id', type: 'number', required: true, integer: true }],
			query: [],
			body: { kind: 'object', fields: [{ name: 'serviceAreaIds', type: 'numberList', required: true }] },
			idempotent: false,
		},
	],
};

/** The node as it is built from a catalog with one more resource, a picker and a dropdown of it. */
function nodeWithServiceArea(): INodeType {
	let node: INodeType | undefined;
	jest.isolateModules(() => {
		const generated = jest.requireActual('../../nodes/ServiceTitan/catalog/generated') as { GENERATED_RESOURCES: ResourceSpec[] };
		const pickers = jest.requireActual('../../nodes/ServiceTitan/catalog/curated/pickers') as {
			RECORD_PICKERS_CURATION: Record<string, RecordPicker>;
			RECORD_DROPDOWNS_CURATION: Record<string, RecordDropdown>;
		};
		jest.doMock('../../nodes/ServiceTitan/catalog/generated', () => ({ GENERATED_RESOURCES: [...generated.GENERATED_RESOURCES, SERVICE_AREA] }));
		jest.doMock('../../nodes/ServiceTitan/catalog/curated/pickers', () => ({
			// Reports are listed per category: the picker's list path takes the category parameter.
			RECORD_PICKERS_CURATION: { ...pickers.RECORD_PICKERS_CURATION, serviceArea: { byNumber: 'ids', byText: 'name' }, report: { byNumber: 'ids', byText: 'name' } },
			RECORD_DROPDOWNS_CURATION: { ...pickers.RECORD_DROPDOWNS_CURATION, serviceArea: { multiFields: ['serviceAreaIds'] } },
		}));
		const { ServiceTitan } = require('../../nodes/ServiceTitan/ServiceTitan.node') as typeof import('../../nodes/ServiceTitan/ServiceTitan.node');
		node = new ServiceTitan();
	});
	return node!;
}

const node = nodeWithServiceArea();
/** Whether the editor shows the property under Service Area > `operation` (a condition may show or hide either key). */
const shownFor = (operation: string) => (p: INodeProperties) =>
	Object.entries({ resource: 'serviceArea', operation }).every(
		([key, value]) => (p.displayOptions?.show?.[key]?.includes(value) ?? true) && !p.displayOptions?.hide?.[key]?.includes(value),
	);

let t: NodeTestContext;
beforeAll(async () => {
	t = await startNodeSimulator();
});
afterAll(async () => t.sim.close());

const credentials = () => ({ [CREDENTIAL_TYPE]: t.credentialData });
const areas = () => (t.sim.store.list('dispatch:zones') as unknown as IDataObject[]).filter((r) => r.active !== false);

test('the Resource dropdown offers it, its own ID is a record picker and its ID lists a multi-select', () => {
	const resource = node.description.properties.find((p) => p.name === 'resource')!;
	expect(resource.options).toContainEqual({ name: 'Service Area', value: 'serviceArea' });
	const id = node.description.properties.find((p) => p.name === 'id' && shownFor('get')(p))!;
	expect(id).toMatchObject({ displayName: 'Service Area', type: 'resourceLocator' });
	expect(id.modes?.find((mode) => mode.name === 'list')?.typeOptions).toEqual({ searchListMethod: 'searchServiceAreas', searchable: true });
	const merged = node.description.properties.find((p) => p.name === 'serviceAreaIds' && shownFor('merge')(p))!;
	expect(merged).toMatchObject({ displayName: 'Service Area Names or IDs', type: 'multiOptions', typeOptions: { loadOptionsMethod: 'serviceAreas' } });
});

test('From List searches its records by name and by ID', async () => {
	t.sim.store.create('dispatch:zones', { name: 'North Austin', active: true });
	const area = areas()[0];
	expect(area).toBeDefined();
	const byName = await listSearch({ nodeType: node, method: 'searchServiceAreas', credentials: credentials(), filter: String(area.name) });
	expect(byName.results).toContainEqual({ name: `${String(area.name)} (#${String(area.id)})`, value: String(area.id), url: undefined });
	const byId = await listSearch({ nodeType: node, method: 'searchServiceAreas', credentials: credentials(), filter: String(area.id) });
	expect(byId.results.map((r) => r.value)).toEqual([String(area.id)]);
});

test('its dropdown lists the active records by name', async () => {
	const expected = areas()
		.map((r) => ({ name: r.name ? String(r.name) : `#${String(r.id)}`, value: String(r.id) }))
		.sort((a, b) => a.name.localeCompare(b.name));
	expect(expected.length).toBeGreaterThan(0);
	expect(await loadOptions({ nodeType: node, method: 'serviceAreas', credentials: credentials() })).toEqual(expected);
});

test('a picker whose list depends on another parameter fills it in, and asks for it when it is missing', async () => {
	t.sim.clearLog();
	const parameters = { resource: 'report', operation: 'get', report_category: 'operations' };
	await listSearch({ nodeType: node, method: 'searchReports', credentials: credentials(), parameters });
	expect(t.apiRequests().map((r) => r.path)).toEqual([expect.stringMatching(/\/reporting\/v2\/tenant\/\d+\/report-category\/operations\/reports$/)]);
	await expect(listSearch({ nodeType: node, method: 'searchReports', credentials: credentials(), parameters: { resource: 'report', operation: 'get' } })).rejects.toThrow(
		'Choose report_category first',
	);
});
