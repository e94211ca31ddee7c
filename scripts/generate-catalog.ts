/**
 * Generates `nodes/ServiceTitan/catalog/generated/*.ts` from ServiceTitan's OpenAPI documents
 * (`specs/servicetitan-openapi`, or `SERVICETITAN_OPENAPI_DIR`). The output is committed source, so
 * the published package never reads the specs. Run with `npm run generate:catalog`.
 *
 * Mechanical parts (paths, parameters, bodies, paging/export flags, CRUD operation names) come from the
 * specs; resource grouping and display names come from `lib/catalog-rules.ts`.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'fs';
import * as path from 'path';

import type { BodySpec, FieldSpec, OperationSpec, ResourceSpec } from '../nodes/ServiceTitan/catalog/types';
import { MODULE_PREFIXES, type ModuleKey } from '../nodes/ServiceTitan/api';
import {
	IDEMPOTENCY_OVERRIDES,
	OPERATION_OVERRIDES,
	RESOURCE_RULES,
	SEQUENTIAL_PAGES,
	EXPORT_IDENTITIES,
	idempotentByRule,
	type OperationNaming,
	type ResourceRule,
} from './lib/catalog-rules';
import { actionFor, article, cleanDescription, inSentence, lowerFirst, pluralize, splitWords, titleCase, upperFirst } from './lib/naming';
import {
	effectiveSchema,
	listSpecOperations,
	pathPlaceholders,
	refName,
	resolveOpenApiDir,
	resolveRef,
	type OpenApiDocument,
	type ParameterObject,
	type SchemaObject,
	type SpecOperation,
} from './lib/openapi';

export const GENERATED_DIR = path.resolve(__dirname, '../nodes/ServiceTitan/catalog/generated');

const PAGING_PARAMS = new Set(['page', 'pageSize', 'includeTotal']);
const EXPORT_CURSOR_PARAMS = new Set(['from', 'includeRecentChanges']);

// ---------------------------------------------------------------------------------------------------
// Fields

/** Comma-separated id filters are typed `string` in the specs (`ids`, `jobIds`), but are id lists. */
const isIdListName = (name: string): boolean => name === 'ids' || /[a-z]Ids$/.test(name);

function numberField(schema: SchemaObject): Pick<FieldSpec, 'type' | 'integer'> {
	return schema.type === 'integer' ? { type: 'number', integer: true } : { type: 'number' };
}

function enumOptions(schema: SchemaObject): string[] {
	return (schema.enum ?? []).map(String);
}

function fieldDescription(raw: string | undefined, type: FieldSpec['type']): string | undefined {
	if (raw === undefined) return undefined;
	const sortFields = /Available fields are:\s*([^\n]+)/.exec(raw)?.[1];
	if (/Applies sorting by the specified field/.test(raw)) {
		return cleanDescription(`"+Field" ascending, "-Field" descending.${sortFields ? ` Fields: ${sortFields.trim()}` : ''}`);
	}
	// Enum values become options, so their "Values: [...]" listing is noise.
	const text = type === 'options' ? raw.replace(/Values:\s*\[[^\]]*\]/g, '') : raw;
	return cleanDescription(text);
}

function queryField(document: OpenApiDocument, parameter: ParameterObject): FieldSpec {
	const schema = effectiveSchema(document, parameter.schema);
	let typed: Pick<FieldSpec, 'type' | 'integer' | 'options'>;
	if (schema.enum !== undefined) typed = { type: 'options', options: enumOptions(schema) };
	else if (schema.type === 'array') {
		const items = effectiveSchema(document, schema.items);
		// Lists of numbers are IDs; lists of words (statuses, sources, budget codes) are not, and must not be refused as IDs.
		if (items.type === 'object') typed = { type: 'json' };
		else if (items.type === 'integer' || items.type === 'number') typed = { type: 'idList' };
		else typed = { type: 'stringList' };
		if (items.enum !== undefined) {
			const documented = (parameter.description ?? schema.description ?? '').trim().replace(/([^.])$/, '$1.');
			const allowed = `Values: ${enumOptions(items).join(', ')}.`;
			return makeField(parameter.name, typed, parameter.required === true, fieldDescription(`${documented} ${allowed}`.trim(), typed.type));
		}
	} else if (schema.type === 'object') typed = { type: 'json' };
	else if (schema.type === 'integer' || schema.type === 'number') typed = numberField(schema);
	else if (schema.type === 'boolean') typed = { type: 'boolean' };
	else if (schema.format === 'date-time') typed = { type: 'dateTime' };
	else if (isIdListName(parameter.name)) typed = { type: 'idList' };
	else typed = { type: 'string' };
	return makeField(parameter.name, typed, parameter.required === true, fieldDescription(parameter.description ?? schema.description, typed.type));
}

function bodyField(document: OpenApiDocument, name: string, property: SchemaObject, required: boolean): FieldSpec {
	const schema = effectiveSchema(document, property);
	let typed: Pick<FieldSpec, 'type' | 'integer' | 'options'>;
	if (schema.enum !== undefined) typed = { type: 'options', options: enumOptions(schema) };
	else if (schema.type === 'array') {
		const items = effectiveSchema(document, schema.items);
		if (items.type === 'integer' || items.type === 'number') typed = { type: 'numberList' };
		else if (items.type === 'string') typed = { type: 'stringList' };
		else typed = { type: 'json' };
	} else if (schema.type === 'object' || schema.properties !== undefined) typed = { type: 'json' };
	else if (schema.type === 'integer' || schema.type === 'number') typed = numberField(schema);
	else if (schema.type === 'boolean') typed = { type: 'boolean' };
	else if (schema.format === 'date-time') typed = { type: 'dateTime' };
	else typed = { type: 'string' };
	return makeField(name, typed, required, fieldDescription(schema.description, typed.type));
}

/** Fixed key order keeps the output stable and readable. */
function makeField(name: string, typed: Pick<FieldSpec, 'type' | 'integer' | 'options'>, required: boolean, description: string | undefined): FieldSpec {
	const field: FieldSpec = { name, type: typed.type };
	if (required) field.required = true;
	if (typed.integer) field.integer = true;
	if (typed.options !== undefined) field.options = typed.options;
	if (description !== undefined && !SELF_EXPLANATORY_FIELDS.has(name) && !restatesName(name, description)) {
		field.description = description;
	}
	return field;
}

/** Filters on nearly every list whose names say it all; their descriptions would only add bulk. */
const SELF_EXPLANATORY_FIELDS = new Set(['createdBefore', 'createdOnOrAfter', 'modifiedBefore', 'modifiedOnOrAfter']);

/** "Tenant ID." for `tenant`, "The job ID." for `id`: a description that only repeats the name is dropped. */
function restatesName(name: string, description: string): boolean {
	const filler = new Set(['the', 'a', 'an', 'id', 'of', 'by', 'filters', 'filter', 'format', 'int64', 'int32', 'identifier']);
	const nameWords = new Set(splitWords(name).map((word) => word.toLowerCase()));
	const words = description
		.toLowerCase()
		.replace(/[^a-z0-9 ]/g, ' ')
		.split(' ')
		.filter((word) => word !== '' && !filler.has(word));
	return words.every((word) => nameWords.has(word) || nameWords.has(word.replace(/s$/, '')));
}

function pathField(document: OpenApiDocument, name: string, parameter: ParameterObject | undefined): FieldSpec {
	const schema = effectiveSchema(document, parameter?.schema);
	const typed = schema.type === 'integer' || schema.type === 'number' ? numberField(schema) : { type: 'string' as const };
	return makeField(name, typed, true, fieldDescription(parameter?.description, typed.type));
}

// ---------------------------------------------------------------------------------------------------
// Bodies and responses

const isJsonContentType = (contentType: string): boolean => /json/i.test(contentType);

function requestBodySpec(spec: SpecOperation): BodySpec | undefined {
	const { document } = spec;
	const requestBody = spec.operation.requestBody && resolveRef(document, spec.operation.requestBody);
	if (requestBody?.content === undefined) return undefined;
	const contentTypes = Object.keys(requestBody.content);
	const jsonType = contentTypes.find(isJsonContentType);
	if (jsonType === undefined) return { kind: 'binary', fields: [] };
	const schema = effectiveSchema(document, requestBody.content[jsonType].schema);
	if (schema.type === 'array') return { kind: 'array', fields: [] };
	const properties = schema.properties ?? {};
	// The published documents flatten multipart uploads into a JSON object with a binary `file`.
	const fileField = Object.keys(properties).find((name) => effectiveSchema(document, properties[name]).format === 'binary');
	if (fileField !== undefined) return { kind: 'binary', fields: [], fileField };
	const required = new Set(schema.required ?? []);
	return {
		kind: 'object',
		fields: Object.entries(properties).map(([name, property]) => bodyField(document, name, property, required.has(name))),
	};
}

interface ResponseShape {
	documented: boolean;
	binary: boolean;
	/** The documented JSON is a bare value (integer, string, number, boolean), not a record. */
	value?: boolean;
	schemaName?: string;
	properties: string[];
}

function responseShape(spec: SpecOperation): ResponseShape {
	const successes = Object.entries(spec.operation.responses ?? {})
		.filter(([code]) => /^2/.test(code))
		.map(([, response]) => resolveRef(spec.document, response));
	const contents = successes.flatMap((response) => Object.entries(response.content ?? {}));
	const json = contents.find(([contentType]) => isJsonContentType(contentType));
	if (json !== undefined) {
		const schema = json[1].schema;
		const type = effectiveSchema(spec.document, schema).type;
		return {
			documented: true,
			binary: false,
			value: typeof type === 'string' && ['integer', 'number', 'string', 'boolean'].includes(type),
			schemaName: refName(schema),
			properties: Object.keys(effectiveSchema(spec.document, schema).properties ?? {}),
		};
	}
	if (contents.length > 0) return { documented: true, binary: true, properties: [] };
	// Undocumented bodies: downloads say so or redirect to a file; everything else is assumed JSON.
	const text = `${spec.operation.description ?? ''} ${spec.operation.summary ?? ''}`;
	const redirects = Object.keys(spec.operation.responses ?? {}).includes('302');
	return { documented: false, binary: redirects || /\bDownloads?\b/i.test(text), properties: [] };
}

/** Property names of the records an operation returns: a page's or an export's `data` items, or the object itself. */
function recordFields(spec: SpecOperation): string[] {
	const success = Object.entries(spec.operation.responses ?? {})
		.filter(([code]) => /^2/.test(code))
		.map(([, response]) => resolveRef(spec.document, response))
		.flatMap((response) => Object.entries(response.content ?? {}))
		.find(([contentType]) => isJsonContentType(contentType));
	if (success === undefined) return [];
	const schema = effectiveSchema(spec.document, success[1].schema);
	const data = schema.properties?.data;
	if (data !== undefined) {
		const items = effectiveSchema(spec.document, data);
		return items.type === 'array' ? Object.keys(effectiveSchema(spec.document, items.items).properties ?? {}) : [];
	}
	return schema.type === 'array' ? Object.keys(effectiveSchema(spec.document, schema.items).properties ?? {}) : Object.keys(schema.properties ?? {});
}

/** Simplify keeps at most this many fields, as n8n's own nodes do. */
const SIMPLIFY_MAX_FIELDS = 10;

/**
 * The fields Simplify keeps on a record, from its schema: what identifies it (id, name, number), what state it
 * is in (status, type, active), what it is worth (total, amount, balance), the records it belongs to (customer,
 * location, job …) and when it changed. Records of at most 10 fields are returned whole (no Simplify).
 */
export function simplifyFields(fields: string[]): string[] | undefined {
	if (fields.length <= SIMPLIFY_MAX_FIELDS) return undefined;
	const has = new Set(fields);
	const picked: string[] = [];
	const take = (name: string | undefined) => {
		if (name !== undefined && has.has(name) && !picked.includes(name) && picked.length < SIMPLIFY_MAX_FIELDS) picked.push(name);
	};
	const matching = (pattern: RegExp) => fields.filter((name) => pattern.test(name));
	const reserved = ['createdOn', 'modifiedOn'].filter((name) => has.has(name)).length;
	const room = () => picked.length < SIMPLIFY_MAX_FIELDS - reserved;
	take('id');
	for (const name of ['name', 'number', 'displayName', 'title', 'code', ...matching(/^[a-z]+Number$/), 'summary', 'description']) if (room()) take(name);
	for (const name of ['status', ...matching(/^[a-z]+Status$/), 'type', 'active']) if (room()) take(name);
	for (const name of ['total', 'amount', 'balance', ...matching(/^(total|amount)[A-Z]/)]) if (room()) take(name);
	const PARENTS = ['customerId', 'locationId', 'jobId', 'projectId', 'appointmentId', 'invoiceId', 'technicianId', 'employeeId', 'businessUnitId', 'vendorId'];
	for (const name of [...PARENTS, ...matching(/^[a-z]+Id$/)]) if (room()) take(name);
	for (const name of matching(/(Date|On)$/).filter((n) => n !== 'createdOn' && n !== 'modifiedOn')) if (room()) take(name);
	take('createdOn');
	take('modifiedOn');
	return picked.length > 1 ? picked : undefined;
}

// ---------------------------------------------------------------------------------------------------
// Operations

type OperationDraft = Omit<OperationSpec, 'value' | 'name' | 'action'>;

function operationDescription(spec: SpecOperation): string | undefined {
	const raw = spec.operation.description ?? spec.operation.summary;
	// Many summaries merely repeat the operationId.
	if (raw === undefined || raw.trim() === spec.operationId) return undefined;
	return cleanDescription(raw);
}

function draftOperation(spec: SpecOperation): OperationDraft {
	const { document } = spec;
	const response = responseShape(spec);
	const queryParameters = spec.parameters.filter((parameter) => parameter.in === 'query');
	const queryNames = new Set(queryParameters.map((parameter) => parameter.name));

	const paged =
		queryNames.has('page') &&
		queryNames.has('pageSize') &&
		(response.schemaName?.startsWith('PaginatedResponse_Of_') === true ||
			(response.properties.includes('hasMore') && response.properties.includes('data')) ||
			!response.documented);
	const isExport = spec.path.split('/').includes('export') && (response.properties.includes('continueFrom') || (!response.documented && queryNames.has('from')));

	const query = queryParameters
		.filter((parameter) => !(paged && PAGING_PARAMS.has(parameter.name)))
		.filter((parameter) => !(isExport && EXPORT_CURSOR_PARAMS.has(parameter.name)))
		.map((parameter) => queryField(document, parameter));

	const pathParams = pathPlaceholders(spec.path)
		.filter((name) => name !== 'tenant')
		.map((name) =>
			pathField(
				document,
				name,
				spec.parameters.find((parameter) => parameter.in === 'path' && parameter.name === name),
			),
		);

	const draft: OperationDraft = {
		operationId: spec.operationId,
		method: spec.method,
		path: spec.path,
		pathParams,
		query,
	};
	const description = operationDescription(spec);
	if (description !== undefined) draft.description = description;
	const body = requestBodySpec(spec);
	if (body !== undefined) draft.body = body;
	if (paged) draft.paged = true;
	if (isExport) draft.export = true;
	if (response.binary) draft.responseType = 'binary';
	else if (response.value) draft.responseType = 'value';
	return draft;
}

// ---------------------------------------------------------------------------------------------------
// Operation names

type CrudValue = 'getAll' | 'get' | 'create' | 'update' | 'delete';

const CRUD_NAMES: Record<CrudValue, string> = {
	create: 'Create',
	get: 'Get',
	getAll: 'Get Many',
	update: 'Update',
	delete: 'Delete',
};

/** Verbs that may start an operationId suffix; anything else needs an entry in OPERATION_OVERRIDES. */
const KNOWN_VERBS = new Set([
	'Add',
	'Approve',
	'Assign',
	'Attach',
	'Cancel',
	'Complete',
	'Confirm',
	'Create',
	'Delete',
	'Detach',
	'Dismiss',
	'Get',
	'Hold',
	'List',
	'Mark',
	'Match',
	'Reject',
	'Remove',
	'Replace',
	'Reschedule',
	'Search',
	'Sell',
	'Submit',
	'Unassign',
	'Unsell',
	'Update',
]);

/** `Jobs_RemoveCancellation` → `RemoveCancellation`; a bare operationId (`reviews`) has no suffix. */
const suffixOf = (operationId: string): string => (operationId.includes('_') ? operationId.slice(operationId.indexOf('_') + 1) : '');
const controllerOf = (operationId: string): string => operationId.split('_')[0];
const endsWithPlaceholder = (p: string): boolean => /\}$/.test(p);
const parentOf = (p: string): string => p.slice(0, p.lastIndexOf('/'));

/**
 * How strongly an operationId suffix claims a CRUD role; among several operations of the same shape
 * (e.g. `Bookings_GetList` and `Bookings_GetList2`) the unique best one gets the standard name.
 */
function crudRank(value: CrudValue, suffix: string): number {
	const exact: Record<CrudValue, string[]> = {
		getAll: ['GetList', ''],
		get: ['Get', 'GetById', ''],
		create: ['Create', ''],
		update: ['Update', ''],
		delete: ['Delete', ''],
	};
	const prefixes: Record<CrudValue, RegExp> = {
		getAll: /^(GetList|GetAll|List)/,
		get: /^Get/,
		create: /^(Create|Add|Post)/,
		update: /^Update/,
		delete: /^(Delete|Remove)/,
	};
	if (exact[value].includes(suffix)) return 3;
	if (prefixes[value].test(suffix) || (value === 'getAll' && suffix.endsWith('List'))) return 2;
	// `GetJobTimesheets` is still more of a list than `RouterSessions` is.
	return value === 'getAll' && suffix.startsWith('Get') ? 1 : 0;
}

/**
 * The standard CRUD role of each operation by method and path shape: a GET/POST on a collection path,
 * a GET/PATCH/PUT/DELETE on `<collection>/{id}`. Collections are the resource's paths that do not end in a
 * placeholder and do not extend another of its paths (`customers`, not `customers/{id}/notes`).
 */
function assignCrudValues(drafts: OperationDraft[]): Map<string, CrudValue> {
	const paths = drafts.map((draft) => draft.path);
	const collections = new Set(paths.filter((p) => !endsWithPlaceholder(p) && !paths.some((other) => other !== p && p.startsWith(`${other}/`))));
	const candidates = new Map<CrudValue, OperationDraft[]>();
	const propose = (value: CrudValue, draft: OperationDraft): void => {
		candidates.set(value, [...(candidates.get(value) ?? []), draft]);
	};
	for (const draft of drafts) {
		if (draft.export) continue;
		const suffix = suffixOf(draft.operationId);
		const onCollection = collections.has(draft.path);
		const parent = parentOf(draft.path);
		// `dynamic-value-sets/{id}` is an item even when its collection has no operation of its own.
		const parentIsCollection = collections.has(parent) || (!parent.includes('{') && !paths.some((other) => parent.startsWith(`${other}/`)));
		const onItem = endsWithPlaceholder(draft.path) && parent !== '' && parentIsCollection;
		if (onCollection && draft.method === 'GET') propose('getAll', draft);
		if (onCollection && draft.method === 'POST' && crudRank('create', suffix) > 0) propose('create', draft);
		if (onItem && draft.method === 'GET') propose('get', draft);
		if (onItem && (draft.method === 'PATCH' || draft.method === 'PUT')) propose('update', draft);
		if (onItem && draft.method === 'DELETE') propose('delete', draft);
	}
	const assigned = new Map<string, CrudValue>();
	for (const [value, proposed] of candidates) {
		const ranked = proposed.map((draft) => ({ draft, rank: crudRank(value, suffixOf(draft.operationId)) })).sort((a, b) => b.rank - a.rank);
		const unique = ranked.length === 1 || ranked[0].rank > ranked[1].rank;
		if (unique) assigned.set(ranked[0].draft.operationId, value);
	}
	return assigned;
}

function nameOperation(module: ModuleKey, rule: ResourceRule, draft: OperationDraft, crud: CrudValue | undefined): OperationNaming & { action: string } {
	const resourceName = rule.name;
	const plural = inSentence(pluralName(rule));
	const override = OPERATION_OVERRIDES[`${module}:${draft.operationId}`];
	if (override !== undefined) return { ...override, action: override.action ?? actionFor(splitWords(override.name), resourceName) };
	if (draft.export) return { value: 'export', name: 'Export', action: `Export ${plural}` };
	const suffix = suffixOf(draft.operationId);
	const value = crud ?? (lowerFirst(suffix) as CrudValue | string);
	const subRecord = subRecordNaming(draft, resourceName);
	if (subRecord !== undefined) return { value, ...subRecord };
	if (value === 'getAll') return { value, name: CRUD_NAMES.getAll, action: `Get many ${plural}` };
	if (value in CRUD_NAMES) {
		const name = CRUD_NAMES[value as CrudValue];
		return { value, name, action: `${name} ${article(resourceName)} ${inSentence(resourceName)}` };
	}
	let words = splitWords(suffix);
	if (!KNOWN_VERBS.has(words[0])) {
		throw new Error(`${module}:${draft.operationId}: "${suffix}" does not start with a known verb; add it to OPERATION_OVERRIDES`);
	}
	// n8n says "Get Many", never "List": `ListCompanySegments` → Get Many Company Segments.
	if (words[0] === 'List' && words.length > 1) {
		const things = inSentence(pluralize(words.slice(1).join(' ')));
		return {
			value,
			name: titleCase(['Get', 'Many', ...splitWords(upperFirst(things).replace(/ (\w)/g, (_, c: string) => c.toUpperCase()))]),
			action: `Get many ${things}`,
		};
	}
	// A trailing "List" is a plural: `GetTypeList` → Get Types.
	if (words.length > 2 && words[words.length - 1] === 'List') words = [...words.slice(0, -2), pluralize(words[words.length - 2])];
	return { value, name: titleCase(words), action: actionFor(words, resourceName) };
}

/** A record's own notes, contacts and tags, in the singular. */
const SUB_RECORDS: Record<string, string> = { notes: 'note', contacts: 'contact', tags: 'tag' };

/**
 * A record's notes, contacts and tags read the same on every resource: Add Note ("Add a note to a job"), Get
 * Notes ("Get notes of a job"), Delete Note ("Delete a note of a job"), Remove Tag ("Remove a tag from a job").
 * Their paths say what they are (`jobs/{id}/notes`, `customers/{id}/tags/{tagTypeId}`); updates keep the
 * general rule.
 */
function subRecordNaming(draft: OperationDraft, resourceName: string): { name: string; action: string } | undefined {
	const match = /\/\{[^}]+\}\/(notes|contacts|tags)(\/\{[^}]+\})?$/.exec(draft.path);
	if (match === null) return undefined;
	const [, collection, item] = match;
	const one = SUB_RECORDS[collection];
	const record = `${article(resourceName)} ${inSentence(resourceName)}`;
	if (draft.method === 'POST') return { name: `Add ${upperFirst(one)}`, action: `Add ${article(one)} ${one} to ${record}` };
	if (draft.method === 'GET' && item === undefined) return { name: `Get ${upperFirst(collection)}`, action: `Get ${collection} of ${record}` };
	if (draft.method === 'DELETE' && item !== undefined) {
		return collection === 'tags'
			? { name: `Remove ${upperFirst(one)}`, action: `Remove ${article(one)} ${one} from ${record}` }
			: { name: `Delete ${upperFirst(one)}`, action: `Delete ${article(one)} ${one} of ${record}` };
	}
	return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Catalog

/** The resource's plural display name, Title Case: the rule's irregular plural, or the regular one. */
function pluralName(rule: ResourceRule): string {
	return rule.plural ? titleCase(splitWords(rule.plural)) : pluralize(rule.name);
}

/** A report's data run: a POST that reads (paged rows of a report), limited per report by ServiceTitan. */
const isReportRun = (draft: OperationDraft): boolean => /(^|\/)reports\/\{[^}]+\}\/data$/.test(draft.path);

function ruleFor(spec: SpecOperation): ResourceRule {
	const rules = RESOURCE_RULES[spec.module];
	const byExport = rules.find((rule) => rule.exports?.includes(spec.operationId));
	if (byExport !== undefined) return byExport;
	const controller = controllerOf(spec.operationId);
	const byController = rules.find((rule) => rule.controllers?.includes(controller));
	if (byController === undefined) {
		throw new Error(`${spec.file}: no resource rule in module ${spec.module} for ${spec.operationId} (controller ${controller})`);
	}
	return byController;
}

function compareStrings(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/** Builds the catalog in memory, grouped by module, resources and operations sorted by value. */
export function buildCatalog(openApiDir: string = resolveOpenApiDir()): Map<ModuleKey, ResourceSpec[]> {
	const specs = listSpecOperations(openApiDir);
	const grouped = new Map<ResourceRule, { module: ModuleKey; specs: SpecOperation[] }>();
	for (const spec of specs) {
		const rule = ruleFor(spec);
		const group = grouped.get(rule) ?? { module: spec.module, specs: [] };
		if (group.module !== spec.module) throw new Error(`Resource ${rule.value} spans modules ${group.module} and ${spec.module}`);
		group.specs.push(spec);
		grouped.set(rule, group);
	}
	assertRulesAreUsed(specs, grouped);

	const catalog = new Map<ModuleKey, ResourceSpec[]>();
	const seenValues = new Set<string>();
	const identitiesUsed = new Set<string>();
	for (const [rule, { module, specs: resourceSpecs }] of grouped) {
		if (seenValues.has(rule.value)) throw new Error(`Duplicate resource value ${rule.value}`);
		seenValues.add(rule.value);
		const drafts = resourceSpecs.map(draftOperation);
		const crud = assignCrudValues(drafts);
		const operations = drafts.map((draft): OperationSpec => {
			const naming = nameOperation(module, rule, draft, crud.get(draft.operationId));
			const { operationId, description, ...rest } = draft;
			const operation: OperationSpec = { operationId, value: naming.value, name: naming.name, action: naming.action, description, ...rest };
			// Reads are repeatable by their verb; every write states whether a lost reply may be re-sent.
			if (draft.method !== 'GET') operation.idempotent = IDEMPOTENCY_OVERRIDES[`${module}:${operationId}`] ?? idempotentByRule(module, draft.method, draft.path);
			if (isReportRun(draft)) operation.reportRun = true;
			if (SEQUENTIAL_PAGES.has(`${module}:${operationId}`)) operation.sequentialPages = true;
			const identity = EXPORT_IDENTITIES[`${module}:${operationId}`];
			if (identity) {
				identitiesUsed.add(`${module}:${operationId}`);
				if (!operation.export) throw new Error(`EXPORT_IDENTITIES names ${module}:${operationId}, which is not an export feed`);
				operation.identity = [...identity];
			}
			return operation;
		});
		const byValue = new Map<string, string>();
		for (const operation of operations) {
			const clash = byValue.get(operation.value);
			if (clash !== undefined) {
				throw new Error(`${module}/${rule.value}: ${clash} and ${operation.operationId} both map to "${operation.value}"; add an OPERATION_OVERRIDES entry`);
			}
			byValue.set(operation.value, operation.operationId);
		}
		operations.sort((a, b) => compareStrings(a.value, b.value));
		const resource: ResourceSpec = { value: rule.value, name: rule.name, plural: pluralName(rule), module, operations };
		// Simplify's fields come from the records Get Many, Get or Export return (in that order of preference).
		const recordSource = ['getAll', 'get', 'export']
			.map((value) => operations.find((operation) => operation.value === value))
			.map((operation) => operation && resourceSpecs.find((spec) => spec.operationId === operation.operationId))
			.map((spec) => (spec ? recordFields(spec) : []))
			.find((fields) => fields.length > 0);
		const simplify = recordSource ? simplifyFields(recordSource) : undefined;
		if (simplify !== undefined) resource.simplify = simplify;
		catalog.set(module, [...(catalog.get(module) ?? []), resource]);
	}
	const staleIdentities = Object.keys(EXPORT_IDENTITIES).filter((key) => !identitiesUsed.has(key));
	if (staleIdentities.length) throw new Error(`EXPORT_IDENTITIES names operations the specs no longer have: ${staleIdentities.join(', ')}`);
	for (const resources of catalog.values()) resources.sort((a, b) => compareStrings(a.value, b.value));
	return catalog;
}

/** Stale rules (a controller or export that vanished from the specs) would silently rot; refuse them. */
function assertRulesAreUsed(specs: SpecOperation[], grouped: Map<ResourceRule, { specs: SpecOperation[] }>): void {
	for (const [module, rules] of Object.entries(RESOURCE_RULES) as Array<[ModuleKey, ResourceRule[]]>) {
		for (const rule of rules) {
			const mine = grouped.get(rule)?.specs ?? [];
			if (mine.length === 0) throw new Error(`Resource rule ${module}/${rule.value} matches no operation`);
			for (const exportId of rule.exports ?? []) {
				if (!mine.some((spec) => spec.operationId === exportId)) throw new Error(`${module}/${rule.value}: export ${exportId} not in the specs`);
			}
			for (const controller of rule.controllers ?? []) {
				if (!mine.some((spec) => controllerOf(spec.operationId) === controller)) {
					throw new Error(`${module}/${rule.value}: controller ${controller} not in the specs`);
				}
			}
		}
	}
	for (const key of Object.keys(IDEMPOTENCY_OVERRIDES)) {
		const [module, operationId] = key.split(':');
		if (!specs.some((spec) => spec.module === module && spec.operationId === operationId)) {
			throw new Error(`IDEMPOTENCY_OVERRIDES entry ${key} matches no operation`);
		}
	}
	for (const key of Object.keys(OPERATION_OVERRIDES)) {
		const [module, operationId] = key.split(':');
		if (!specs.some((spec) => spec.module === module && spec.operationId === operationId)) {
			throw new Error(`OPERATION_OVERRIDES entry ${key} matches no operation`);
		}
	}
}

// ---------------------------------------------------------------------------------------------------
// Rendering

const HEADER = [
	"// Generated by scripts/generate-catalog.ts from ServiceTitan's OpenAPI documents. Do not edit by hand:",
	'// change the generator or scripts/lib/catalog-rules.ts and run `npm run generate:catalog`.',
	// No eslint-disable here: n8n's scanner ignores inline directives; eslint.config.mjs says which rules
	// do not apply to catalog data.
].join('\n');

function stringLiteral(value: string): string {
	return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\r?\n/g, '\\n')}'`;
}

function inlineLiteral(value: unknown): string {
	if (typeof value === 'string') return stringLiteral(value);
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (Array.isArray(value)) return `[${value.map(inlineLiteral).join(', ')}]`;
	const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
	return entries.length === 0 ? '{}' : `{ ${entries.map(([key, v]) => `${key}: ${inlineLiteral(v)}`).join(', ')} }`;
}

function renderFields(fields: FieldSpec[], indent: string): string {
	if (fields.length === 0) return '[]';
	return `[\n${fields.map((field) => `${indent}\t${inlineLiteral(field)},`).join('\n')}\n${indent}]`;
}

function renderOperation(operation: OperationSpec, indent: string): string {
	const lines: string[] = [];
	const t = `${indent}\t`;
	for (const [key, value] of Object.entries(operation)) {
		if (value === undefined) continue;
		if (key === 'pathParams' || key === 'query') lines.push(`${t}${key}: ${renderFields(value as FieldSpec[], t)},`);
		else if (key === 'body') {
			const body = value as BodySpec;
			lines.push(`${t}body: {`, `${t}\tkind: ${stringLiteral(body.kind)},`, `${t}\tfields: ${renderFields(body.fields, `${t}\t`)},`);
			if (body.fileField !== undefined) lines.push(`${t}\tfileField: ${stringLiteral(body.fileField)},`);
			lines.push(`${t}},`);
		} else lines.push(`${t}${key}: ${inlineLiteral(value)},`);
	}
	return `${indent}{\n${lines.join('\n')}\n${indent}},`;
}

function renderModule(resources: ResourceSpec[]): string {
	const body = resources
		.map((resource) =>
			[
				'\t{',
				`\t\tvalue: ${stringLiteral(resource.value)},`,
				`\t\tname: ${stringLiteral(resource.name)},`,
				`\t\tplural: ${stringLiteral(resource.plural)},`,
				`\t\tmodule: ${stringLiteral(resource.module)},`,
				...(resource.simplify ? [`\t\tsimplify: ${inlineLiteral(resource.simplify)},`] : []),
				'\t\toperations: [',
				...resource.operations.map((operation) => renderOperation(operation, '\t\t\t')),
				'\t\t],',
				'\t},',
			].join('\n'),
		)
		.join('\n');
	return `${HEADER}\nimport type { ResourceSpec } from '../types';\n\nexport const resources: ResourceSpec[] = [\n${body}\n];\n`;
}

function renderIndex(modules: ModuleKey[]): string {
	const imports = modules.map((module) => `import { resources as ${module} } from './${module}';`);
	return [
		HEADER,
		"import type { ResourceSpec } from '../types';",
		...imports,
		'',
		'/** Every generated resource, module by module in MODULE_PREFIXES order. */',
		'export const GENERATED_RESOURCES: ResourceSpec[] = [',
		...modules.map((module) => `\t...${module},`),
		'];',
		'',
	].join('\n');
}

/** Renders the generated sources: file name → content. */
export function renderCatalog(catalog: Map<ModuleKey, ResourceSpec[]>): Map<string, string> {
	const modules = (Object.keys(MODULE_PREFIXES) as ModuleKey[]).filter((module) => catalog.has(module));
	const files = new Map<string, string>();
	for (const area of modules) files.set(`${area}.ts`, renderModule(catalog.get(area) ?? []));
	files.set('index.ts', renderIndex(modules));
	return files;
}

export function writeCatalog(files: Map<string, string>, outDir: string = GENERATED_DIR): void {
	mkdirSync(outDir, { recursive: true });
	for (const stale of readdirSync(outDir).filter((file) => file.endsWith('.ts') && !files.has(file))) {
		rmSync(path.join(outDir, stale));
	}
	for (const [file, content] of files) writeFileSync(path.join(outDir, file), content);
}

function main(): void {
	const openApiDir = resolveOpenApiDir();
	const catalog = buildCatalog(openApiDir);
	const files = renderCatalog(catalog);
	writeCatalog(files);
	const resources = [...catalog.values()].flat();
	const operations = resources.flatMap((resource) => resource.operations);
	const bytes = Buffer.byteLength(JSON.stringify(resources));
	console.log(
		`Wrote ${files.size} files to ${path.relative(process.cwd(), GENERATED_DIR)}: ${resources.length} resources, ` +
			`${operations.length} operations (${operations.filter((o) => o.paged).length} paged, ` +
			`${operations.filter((o) => o.export).length} exports), ${bytes} bytes as JSON`,
	);
}

if (require.main === module) main();
