/** The renderer: an operation's plan to n8n properties, in display order, shared across resources where identical. */
import type { INodeProperties } from 'n8n-workflow';
import type { CatalogEntry } from '../../nodes/ServiceTitan/catalog';
import { operationProperties } from '../../nodes/ServiceTitan/descriptions/operationProperties';
import { renderCatalogProperties, resourceOptions } from '../../nodes/ServiceTitan/descriptions/render';
import { planOperation } from '../../nodes/ServiceTitan/model/plan';
import { field, operation, resource } from './fixtures';

const names = (properties: INodeProperties[]) => properties.map((p) => p.name);

test('an operation reads top-down: IDs, required fields, body, paging, export cursor, collections, Simplify', () => {
	// Declared in the catalog in another order than shown.
	const op = operation('export', 'GET', 'widgets/{widgetId}/parts', {
		export: true,
		query: [field('active', 'boolean'), field('region', 'string', { required: true })],
	});
	const widget = { ...resource('widget', 'Widget', [op]), simplify: ['id'] };
	const ranked = operationProperties(planOperation(widget, op));
	const ordered = [...ranked].sort((a, b) => a.rank - b.rank).map((r) => r.property.name);
	expect(ordered).toEqual(['widgetId', 'region', 'returnAll', 'limit', 'from', 'includeRecentChanges', 'includeCursor', 'filters', 'simplify']);
});

test('a body of fields has Specify Body, the fields shown only for it, and JSON Body for the other choice', () => {
	const op = operation('create', 'POST', 'widgets', { body: { kind: 'object', fields: [field('name', 'string', { required: true }), field('memo', 'string')] } });
	const properties = operationProperties(planOperation(resource('widget', 'Widget', [op]), op)).map((r) => r.property);
	expect(names(properties)).toEqual(['name', 'specifyBody', 'jsonBody', 'additionalFields']);
	expect(properties[0].displayOptions).toEqual({ show: { specifyBody: ['fields'] } });
	expect(properties[2].displayOptions).toEqual({ show: { specifyBody: ['json'] } });
	expect(properties[3]).toMatchObject({ type: 'collection', options: [{ name: 'memo', type: 'string' }], displayOptions: { show: { specifyBody: ['fields'] } } });
});

test('a picker is a resource locator at the top level and a plain ID inside a collection', () => {
	const op = operation('getAll', 'GET', 'widgets', { paged: true, query: [field('customerId', 'number', { required: true }), field('locationId', 'number')] });
	const properties = operationProperties(planOperation(resource('widget', 'Widget', [op]), op)).map((r) => r.property);
	expect(properties[0]).toMatchObject({ name: 'customerId', displayName: 'Customer', type: 'resourceLocator', required: true });
	expect(properties[0].modes?.map((m) => m.name)).toEqual(['list', 'id', 'url']);
	const filters = properties.find((p) => p.name === 'filters')!;
	expect(filters.options).toEqual([expect.objectContaining({ name: 'locationId', displayName: 'Location ID', type: 'number' })]);
});

test('identical properties of a resource are emitted once and shown for each operation using them', () => {
	const get = operation('get', 'GET', 'widgets/{id}');
	const remove = operation('delete', 'DELETE', 'widgets/{id}');
	const entries: CatalogEntry[] = [
		{ resource: resource('widget', 'Widget', [get, remove]) },
		{ resource: resource('gadget', 'Gadget', [operation('get', 'GET', 'gadgets/{id}')]) },
	];
	const properties = renderCatalogProperties(entries);
	const ids = properties.filter((p) => p.name === 'id');
	expect(ids.map((p) => [p.displayName, p.displayOptions?.show])).toEqual([
		['Widget ID', { resource: ['widget'], operation: ['delete', 'get'] }],
		['Gadget ID', { resource: ['gadget'], operation: ['get'] }],
	]);
	// Without a Get Many, an operation list opens on the resource's first operation.
	expect(properties.filter((p) => p.name === 'operation').map((p) => p.default)).toEqual(['get', 'get']);
});

test('first-class resources first, in their order, then the rest alphabetically', () => {
	const entries: CatalogEntry[] = ['zone', 'job', 'apple', 'customer'].map((value) => ({ resource: resource(value, value.toUpperCase(), []) }));
	expect(resourceOptions(entries, ['customer', 'job']).map((o) => o.value)).toEqual(['customer', 'job', 'apple', 'zone']);
});
