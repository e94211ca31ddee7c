/**
 * The committed catalog against ServiceTitan's OpenAPI documents (specs/servicetitan-openapi or
 * SERVICETITAN_OPENAPI_DIR): every spec operation exactly once, with the same method, URL, path
 * parameters and required inputs, and nothing the specs do not have.
 */
import { readFileSync } from 'fs';
import * as path from 'path';

import { GENERATED_RESOURCES } from '../../nodes/ServiceTitan/catalog/generated';
import type { OperationSpec, ResourceSpec } from '../../nodes/ServiceTitan/catalog/types';
import { MODULE_PREFIXES } from '../../nodes/ServiceTitan/api';
import { buildCatalog, GENERATED_DIR, renderCatalog } from '../../scripts/generate-catalog';
import { listSpecOperations, pathPlaceholders, requiredBodyProperties, resolveOpenApiDir, type SpecOperation } from '../../scripts/lib/openapi';

interface CatalogEntry {
	resource: ResourceSpec;
	operation: OperationSpec;
}

// operationIds are not unique across documents (`Jobs_Get` is in both jpm and forms), so key by URL prefix too.
const specKey = (spec: SpecOperation): string => `${specUrl(spec).split('/tenant/')[0]} ${spec.operationId}`;
const entryKey = ({ resource, operation }: CatalogEntry): string => `${MODULE_PREFIXES[resource.module]} ${operation.operationId}`;

/** `telecom/v2/tenant/{tenant}/calls`, from the document's own server URL and path. */
function specUrl(spec: SpecOperation): string {
	const serverPath = new URL(spec.document.servers?.[0]?.url ?? '', 'https://placeholder.invalid').pathname;
	return `${serverPath}${spec.specPath}`.replace(/^\/+/, '');
}

const catalogUrl = ({ resource, operation }: CatalogEntry): string => `${MODULE_PREFIXES[resource.module]}/tenant/{tenant}/${operation.path}`;

const sorted = (values: string[]): string[] => [...values].sort();

describe('catalog vs ServiceTitan OpenAPI specs', () => {
	const specs = listSpecOperations(resolveOpenApiDir());
	const entries: CatalogEntry[] = GENERATED_RESOURCES.flatMap((resource) => resource.operations.map((operation) => ({ resource, operation })));
	const entriesByKey = new Map<string, CatalogEntry[]>();
	for (const entry of entries) entriesByKey.set(entryKey(entry), [...(entriesByKey.get(entryKey(entry)) ?? []), entry]);

	it('reads the specs', () => {
		expect(specs.length).toBeGreaterThan(500);
	});

	it('has every spec operation exactly once', () => {
		const problems = specs
			.map((spec) => ({ key: specKey(spec), count: entriesByKey.get(specKey(spec))?.length ?? 0 }))
			.filter(({ count }) => count !== 1)
			.map(({ key, count }) => `${key}: ${count} catalog entries`);
		expect(problems).toEqual([]);
	});

	it('has no operation that is not in the specs', () => {
		const specKeys = new Set(specs.map(specKey));
		expect(entries.map(entryKey).filter((key) => !specKeys.has(key))).toEqual([]);
		expect(entries).toHaveLength(specs.length);
	});

	it('matches each operation’s method, URL, path params and required inputs', () => {
		const problems: string[] = [];
		for (const spec of specs) {
			const entry = entriesByKey.get(specKey(spec))?.[0];
			if (entry === undefined) continue; // reported by the exactly-once test
			const { operation } = entry;
			const where = specKey(spec);
			const report = (what: string, expected: unknown, actual: unknown): void => {
				if (JSON.stringify(expected) !== JSON.stringify(actual)) {
					problems.push(`${where}: ${what} is ${JSON.stringify(actual)}, spec says ${JSON.stringify(expected)}`);
				}
			};

			report('method', spec.method, operation.method);
			report('URL', specUrl(spec), catalogUrl(entry));

			const specPathParams = spec.parameters.filter((parameter) => parameter.in === 'path' && parameter.name !== 'tenant').map((parameter) => parameter.name);
			const inPathOrder = pathPlaceholders(specUrl(spec)).filter((name) => specPathParams.includes(name));
			report(
				'pathParams',
				inPathOrder,
				operation.pathParams.map((field) => field.name),
			);

			// Paging and export-cursor parameters are carried by the `paged`/`export` flags, not by fields.
			const impliedByFlags = new Set([...(operation.paged ? ['page', 'pageSize', 'includeTotal'] : []), ...(operation.export ? ['from', 'includeRecentChanges'] : [])]);
			const requiredQuery = spec.parameters
				.filter((parameter) => parameter.in === 'query' && parameter.required === true)
				.map((parameter) => parameter.name)
				.filter((name) => !impliedByFlags.has(name));
			report('required query', sorted(requiredQuery), sorted(operation.query.filter((field) => field.required === true).map((field) => field.name)));

			const specQuery = new Set(spec.parameters.filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name));
			if (operation.paged) report('paging params', true, specQuery.has('page') && specQuery.has('pageSize'));
			if (operation.export) report('export cursor param', true, specQuery.has('from'));

			report('has body', spec.operation.requestBody !== undefined, operation.body !== undefined);
			report(
				'required body fields',
				sorted(requiredBodyProperties(spec)),
				sorted((operation.body?.fields ?? []).filter((field) => field.required === true).map((field) => field.name)),
			);
		}
		expect(problems).toEqual([]);
	});

	it('has unique resource values', () => {
		const values = GENERATED_RESOURCES.map((resource) => resource.value);
		expect(values.filter((value, index) => values.indexOf(value) !== index)).toEqual([]);
	});

	it('has unique operation values within each resource', () => {
		const duplicates = GENERATED_RESOURCES.flatMap((resource) => {
			const values = resource.operations.map((operation) => operation.value);
			return values.filter((value, index) => values.indexOf(value) !== index).map((value) => `${resource.value}.${value}`);
		});
		expect(duplicates).toEqual([]);
	});

	it('has path placeholders equal to pathParams on every operation', () => {
		const problems = entries
			.filter(({ operation }) => {
				const placeholders = pathPlaceholders(operation.path);
				return JSON.stringify(placeholders) !== JSON.stringify(operation.pathParams.map((field) => field.name));
			})
			.map(({ resource, operation }) => `${resource.value}.${operation.value}: ${operation.path}`);
		expect(problems).toEqual([]);
	});

	it('is what the generator produces from these specs (run `npm run generate:catalog`)', () => {
		const rendered = renderCatalog(buildCatalog(resolveOpenApiDir()));
		const stale = [...rendered].filter(([file, content]) => readFileSync(path.join(GENERATED_DIR, file), 'utf8') !== content).map(([file]) => file);
		expect(stale).toEqual([]);
	});
});
