/**
 * The editor payload is kept small by folding identical properties of several resources into one and writing each
 * condition in its shortest form (descriptions/render.ts). Neither may change what the user sees: under every
 * resource and operation, the same properties in the same order, with the same names, types, defaults, options and
 * help text, as the plain rendering (one copy per resource, `show: { resource, operation }`) gives.
 */
import type { INodeProperties } from 'n8n-workflow';
import { CATALOG } from '../../nodes/ServiceTitan/catalog';
import { renderCatalogProperties } from '../../nodes/ServiceTitan/descriptions/render';
import { N8N_CUSTOM_API_CALL } from '../../nodes/ServiceTitan/actions/customApiCall';

const compact = renderCatalogProperties(CATALOG);
const plain = renderCatalogProperties(CATALOG, { compact: false });

/** As n8n decides: every `show` key lists the value, no `hide` key lists it (an unset operation matches no list). */
function shownAt(property: INodeProperties, at: { resource: string; operation: string | undefined }): boolean {
	return Object.entries(at).every(([key, value]) => {
		const show = property.displayOptions?.show?.[key];
		const hide = property.displayOptions?.hide?.[key];
		return (!show || show.includes(value as string)) && !hide?.includes(value as string);
	});
}

/** A property as the user meets it there: everything but the resource and operation conditions that placed it. */
function asSeen({ displayOptions, ...property }: INodeProperties): string {
	const { resource: _showResource, operation: _showOperation, ...show } = displayOptions?.show ?? {};
	const { resource: _hideResource, operation: _hideOperation, ...hide } = displayOptions?.hide ?? {};
	return JSON.stringify({ ...property, show, hide });
}

const seen = (properties: INodeProperties[], at: { resource: string; operation: string | undefined }) =>
	properties.filter((property) => shownAt(property, at)).map(asSeen);

const places = CATALOG.flatMap(({ resource }) => {
	const selector = plain.find((property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes(resource.value));
	const operations = (selector?.options ?? []).map((option) => String((option as { value: string }).value));
	// n8n's Custom API Call joins every selector; a resource without a selector leaves Operation unset.
	return [...(operations.length ? [...operations, N8N_CUSTOM_API_CALL] : [undefined])].map((operation) => ({ resource: resource.value, operation }));
});

test('the compact rendering is smaller: identical properties of several resources are sent once', () => {
	expect(compact.length).toBeLessThan(plain.length);
	expect(JSON.stringify(compact).length).toBeLessThan(JSON.stringify(plain).length);
});

test.each(places.map((at) => [at.resource, String(at.operation), at] as const))('%s > %s shows exactly what the plain rendering shows', (_resource, _operation, at) => {
	expect(seen(compact, at)).toEqual(seen(plain, at));
});
