/** The operation plan: where each field of an operation lives among the node's parameters. */
import { planOperation } from '../../nodes/ServiceTitan/model/plan';
import { field, operation, resource } from './fixtures';

const where = (plan: ReturnType<typeof planOperation>) => plan.params.map((p) => [p.field.name, p.location, p.parameter, p.collection ?? '-']);

describe('parameters', () => {
	test('path parameters are required; optional query of a list goes to Filters, of anything else to Options', () => {
		const list = operation('getAll', 'GET', 'widgets/{widgetId}/parts', { paged: true, query: [field('name', 'string'), field('active', 'boolean')] });
		const get = operation('get', 'GET', 'widgets/{id}', { query: [field('expand', 'string')] });
		const widget = resource('widget', 'Widget', [list, get]);
		expect(where(planOperation(widget, list))).toEqual([
			['widgetId', 'path', 'widgetId', '-'],
			['name', 'query', 'name', 'filters'],
			['active', 'query', 'active', 'filters'],
		]);
		expect(planOperation(widget, list).params[0].field.required).toBe(true);
		expect(planOperation(widget, list).collections.map((c) => c.name)).toEqual(['filters']);
		expect(planOperation(widget, get).collections.map((c) => c.displayName)).toEqual(['Options']);
	});

	test('a field named like a parameter of the node itself, or like another field, gets a prefix', () => {
		const op = operation('create', 'POST', 'widgets/{limit}', {
			query: [field('operation', 'string', { required: true }), field('name', 'string', { required: true })],
			body: { kind: 'object', fields: [field('resource', 'string', { required: true }), field('name', 'string', { required: true })] },
		});
		expect(where(planOperation(resource('widget', 'Widget', [op]), op))).toEqual([
			['limit', 'path', 'pathLimit', '-'],
			['operation', 'query', 'queryOperation', '-'],
			['name', 'query', 'name', '-'],
			['resource', 'body', 'bodyResource', '-'],
			['name', 'body', 'bodyName', '-'],
		]);
	});

	test('optional body fields are Update Fields on an update or PATCH, Additional Fields otherwise', () => {
		const body = { kind: 'object' as const, fields: [field('name', 'string', { required: true }), field('memo', 'string')] };
		const create = operation('create', 'POST', 'widgets', { body });
		const patch = operation('rename', 'PATCH', 'widgets/{id}', { body });
		const widget = resource('widget', 'Widget', [create, patch]);
		expect(planOperation(widget, create)).toMatchObject({ bodyMode: 'fields', collections: [{ name: 'additionalFields', location: 'body' }] });
		expect(planOperation(widget, patch).collections).toEqual([{ name: 'updateFields', displayName: 'Update Fields', placeholder: 'Add Field', location: 'body' }]);
		expect(where(planOperation(widget, create))).toContainEqual(['name', 'body', 'name', '-']);
	});
});

describe('pickers and dropdowns from the catalog', () => {
	test('a resource with a record picker gets it for its own {id} and wherever its <resource>Id appears', () => {
		const get = operation('get', 'GET', 'customers/{id}', { query: [field('locationId', 'number')] });
		const [own, location] = planOperation(resource('customer', 'Customer', [get]), get).params;
		expect(own.curation).toEqual({ displayName: 'Customer', locator: 'customer' });
		expect(location.curation).toEqual({ displayName: 'Location', locator: 'location' });
	});

	test('a resource without one has a plain ID', () => {
		const get = operation('get', 'GET', 'widgets/{id}');
		expect(planOperation(resource('widget', 'Widget', [get]), get).params[0].curation).toEqual({ displayName: 'Widget ID' });
	});

	test('a dropdown field of the whole API, and a curation of the field overriding it', () => {
		const op = operation('create', 'POST', 'widgets', { body: { kind: 'object', fields: [field('jobTypeId', 'number'), field('campaignId', 'number')] } });
		const widget = resource('widget', 'Widget', [op]);
		const curated = { fields: { campaignId: { displayName: 'Source Campaign' } } };
		const [jobType, campaign] = planOperation(widget, op, curated).params;
		expect(jobType.curation).toEqual({ displayName: 'Job Type Name or ID', optionsSource: 'jobType' });
		expect(campaign.curation).toEqual({ displayName: 'Source Campaign', optionsSource: 'campaign' });
	});
});

describe('how the operation runs', () => {
	test('a report run is what the catalog marks, not what its path looks like', () => {
		const marked = operation('getData', 'POST', 'anything/{id}', { reportRun: true, paged: true });
		const lookalike = operation('post', 'POST', 'reports/{id}/data');
		const report = resource('report', 'Report', [marked, lookalike]);
		expect(planOperation(report, marked).reportRun).toBe(true);
		expect(planOperation(report, lookalike).reportRun).toBe(false);
	});

	test('Simplify applies to the record reads (Get, Get Many, Export) only', () => {
		const ops = [operation('get', 'GET', 'widgets/{id}'), operation('getNotes', 'GET', 'widgets/{id}/notes'), operation('update', 'PATCH', 'widgets/{id}')];
		const widget = { ...resource('widget', 'Widget', ops), simplify: ['id', 'name'] };
		expect(ops.map((op) => planOperation(widget, op).simplify)).toEqual([['id', 'name'], undefined, undefined]);
		expect(planOperation(widget, ops[1], { simplifyOperations: ['getNotes'], simplify: ['id'] }).simplify).toEqual(['id']);
	});

	test('bodies: fields, a JSON array, a file', () => {
		const array = operation('bulk', 'POST', 'widgets/bulk', { body: { kind: 'array', fields: [] } });
		const upload = operation('upload', 'POST', 'widgets/{id}/file', { body: { kind: 'binary', fields: [], fileField: 'file' } });
		const download = operation('download', 'GET', 'widgets/{id}/file', { responseType: 'binary' });
		const widget = resource('widget', 'Widget', [array, upload, download]);
		expect(planOperation(widget, array).bodyMode).toBe('array');
		expect(planOperation(widget, upload).bodyMode).toBe('binary');
		expect(planOperation(widget, download)).toMatchObject({ bodyMode: 'none', binaryResponse: true });
	});
});
