/**
 * The simulator's check of what it receives and sends against ServiceTitan's OpenAPI documents
 * (specs/servicetitan-openapi), with ajv rather than a checker of our own: the node and the simulator were
 * both written from one reading of the documents, so a test against the simulator alone proves nothing
 * about a query name, a body field at the wrong depth or a missing required field. Here each request is
 * compared with the document of its operation, each 2xx answer with the documented response schema,
 * and operations the simulator does not model are answered with a response built from that schema.
 *
 * OpenAPI 3.0 schemas are JSON Schema with `nullable` and `$ref`s into the document's components; both are
 * translated once per document. Request schemas are closed (an object that lists its properties accepts no
 * others) even where the document leaves them open, so a field sent at the wrong depth is a mismatch.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { ModuleKey } from '../../nodes/ServiceTitan/api';
import {
	effectiveSchema,
	listSpecOperations,
	resolveRef,
	type OpenApiDocument,
	type ParameterObject,
	type SchemaObject,
	type SpecOperation,
} from '../../scripts/lib/openapi';
import type { ApiResponse } from './context';
import { EFFECTS } from './effects';
import { REPORTING_HANDLERS } from './reporting';
import { safeDecode, type Route } from './routes';
import { SEEDED_COLLECTIONS } from './seed';

/** One way a request differs from its operation's document. */
export interface ContractMismatch {
	/** `<module>:<operationId>`: operationIds repeat across documents (`Jobs_Get` in jpm and forms). */
	operation: string;
	/** `query.sort`, `path.id`, `body.address.street`, `content-type`, `method`. */
	field: string;
	message: string;
}

/** A 2xx answer (JSON or empty) the simulator sent, against the operation's documented response schema. */
export interface ResponseCheck {
	operation: string;
	status: number;
	/** The simulator's own answer (a store record, an effect), or one built from the document. */
	source: 'modelled' | 'documented';
	/** What was answered: nothing, an object (one record), an array of `size` records, or a bare value. */
	shape: 'empty' | 'object' | 'array' | 'value';
	size: number;
	/** Records in a page's or an export's `data`, else `size`. */
	records: number;
	/** False for a GET whose document shows no answer: nothing to check it against. */
	checked: boolean;
	errors: string[];
}

export interface ContractRequest {
	method: string;
	/** URL path without the query string, from the module prefix on (`/crm/v2/tenant/1/customers/5`). */
	path: string;
	query: Record<string, string>;
	contentType: string;
	/** Parsed JSON, or multipart parts by field name; undefined when the request had no body. */
	body: unknown;
}

export interface ContractOptions {
	/** Answer operations the simulator does not model from the documented response schema (default true). */
	documentedAnswers?: boolean;
}

export const operationKey = (module: string, operationId: string): string => `${module}:${operationId}`;

// ---------------------------------------------------------------------------------------------------
// OpenAPI 3.0 → JSON Schema

type Json = Record<string, unknown>;

const COMPONENT_PREFIX = '#/components/';

/**
 * `nullable: true` becomes `anyOf: [null, the schema]` (a `type: [x, 'null']` alone would not let null past an
 * `enum` or a `oneOf: [$ref]`, which is how the documents write nullable enums); `$ref`s point into the
 * document's schema, registered under `docId`. `closed` adds `additionalProperties: false` to every object
 * that lists properties and says nothing else about extra ones.
 */
function toJsonSchema(schema: unknown, docId: string, closed: boolean): unknown {
	if (Array.isArray(schema)) return schema.map((item) => toJsonSchema(item, docId, closed));
	if (typeof schema !== 'object' || schema === null) return schema;
	const source = schema as Json;
	const out: Json = {};
	for (const [key, value] of Object.entries(source)) {
		if (key === 'nullable' || key === 'example' || key.startsWith('x-')) continue;
		if (key === '$ref' && typeof value === 'string' && value.startsWith(COMPONENT_PREFIX)) out.$ref = `${docId}${value}`;
		else if (key === 'properties' && typeof value === 'object' && value !== null) {
			out.properties = Object.fromEntries(Object.entries(value).map(([name, property]) => [name, toJsonSchema(property, docId, closed)]));
		} else out[key] = toJsonSchema(value, docId, closed);
	}
	if (closed && out.properties !== undefined && out.additionalProperties === undefined) out.additionalProperties = false;
	if (source.nullable === true) return { anyOf: [{ type: 'null' }, out] };
	return out;
}

// ---------------------------------------------------------------------------------------------------
// Examples from a schema: what an undocumented-by-the-simulator operation answers

const EXAMPLE_DATE_TIME = '2026-11-01T12:00:00Z';
const EXAMPLE_BY_FORMAT: Record<string, string> = {
	'date-time': EXAMPLE_DATE_TIME,
	date: '2026-11-01',
	guid: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
	uuid: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
	email: 'office@example.com',
	duration: '01:00:00',
	uri: 'https://example.com/',
	phone: '512-555-0100',
};

/**
 * Self-referencing schemas (a form's units hold units) end in empty arrays from this depth on, so the example
 * stays finite and every object in it complete.
 */
const EXAMPLE_ARRAY_DEPTH = 5;

/**
 * A deterministic example of a schema: objects with every property, arrays of one item, an enum's first value,
 * formats honoured, booleans false (so a documented `hasMore` ends the paging), numbers within their bounds.
 */
export function exampleOf(document: OpenApiDocument, schema: SchemaObject | undefined, name = 'value', depth = 0): unknown {
	if (schema === undefined) return null;
	const effective = effectiveSchema(document, schema);
	if (effective.enum !== undefined && effective.enum.length > 0) return effective.enum[0];
	const bounded = effective as SchemaObject & { minimum?: number; maxLength?: number; pattern?: string };
	switch (effective.type) {
		case 'object':
		case undefined: {
			if (effective.properties === undefined) {
				// A dictionary (`additionalProperties: { type: string }`): one entry.
				if (typeof effective.additionalProperties === 'object') return { Example: exampleOf(document, effective.additionalProperties, name, depth + 1) };
				return effective.type === 'object' ? {} : null;
			}
			return Object.fromEntries(
				Object.entries(effective.properties).map(([property, propertySchema]) => [property, exampleOf(document, propertySchema, property, depth + 1)]),
			);
		}
		case 'array':
			if (depth >= EXAMPLE_ARRAY_DEPTH) return [];
			return [exampleOf(document, effective.items, name, depth + 1)];
		case 'integer':
			return Math.max(1, bounded.minimum ?? 1);
		case 'number':
			return Math.max(1.5, bounded.minimum ?? 1.5);
		case 'boolean':
			return false;
		case 'string': {
			if (effective.format !== undefined && EXAMPLE_BY_FORMAT[effective.format]) return EXAMPLE_BY_FORMAT[effective.format];
			if (bounded.pattern === '^#([0-9A-Fa-f]{6})$') return '#1E90FF';
			const text = `Example ${name}`;
			return bounded.maxLength !== undefined ? text.slice(0, bounded.maxLength) : text;
		}
		default:
			return null;
	}
}

// ---------------------------------------------------------------------------------------------------
// The documents, compiled

interface CompiledOperation {
	spec: SpecOperation;
	key: string;
	/** `/crm/v2/tenant/{tenant}/customers/{id}` as a RegExp over the request path. */
	pathPattern: RegExp;
	pathParameters: ParameterObject[];
	queryParameters: Map<string, ParameterObject>;
	body?: { contentType: 'json' | 'multipart'; fileField?: string; required: boolean; validate: ValidateFunction };
	/** The first documented 2xx answer: its status, and its JSON schema when it has one. */
	success: { status: number; schema?: SchemaObject; validate?: ValidateFunction };
}

const isJsonContentType = (contentType: string): boolean => /json/i.test(contentType);

class ContractDocuments {
	private readonly ajv: Ajv;
	private readonly operations = new Map<string, SpecOperation>();
	private readonly compiled = new Map<string, CompiledOperation>();
	private readonly parameterValidators = new Map<string, ValidateFunction>();
	private readonly docIds = new Map<OpenApiDocument, { open: string; closed: string }>();

	constructor() {
		this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
		addFormats(this.ajv, {
			mode: 'full',
			formats: ['date-time', 'date', 'time', 'email', 'uri', 'uuid', 'int32', 'int64', 'float', 'double', 'byte', 'binary', 'password'],
		});
		// .NET TimeSpans ("09:00", "1.02:00:00"), as the documents describe their `duration` strings.
		this.ajv.addFormat('duration', /^-?(\d+\.)?\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$/);
		this.ajv.addFormat('guid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
		for (const format of ['decimal', 'html', 'multiline', 'phone']) this.ajv.addFormat(format, true);
		for (const spec of listSpecOperations()) this.operations.set(operationKey(spec.module, spec.operationId), spec);
	}

	/** The document's components registered twice: as documented (responses) and closed (requests). */
	private documentIds(document: OpenApiDocument, file: string): { open: string; closed: string } {
		let ids = this.docIds.get(document);
		if (!ids) {
			ids = { open: `servicetitan:${file}`, closed: `servicetitan:${file}:closed` };
			this.ajv.addSchema({ $id: ids.open, components: toJsonSchema(document.components ?? {}, ids.open, false) });
			this.ajv.addSchema({ $id: ids.closed, components: toJsonSchema(document.components ?? {}, ids.closed, true) });
			this.docIds.set(document, ids);
		}
		return ids;
	}

	private compileSchema(spec: SpecOperation, schema: SchemaObject, closed: boolean): ValidateFunction {
		const ids = this.documentIds(spec.document, spec.file);
		const docId = closed ? ids.closed : ids.open;
		return this.ajv.compile(toJsonSchema(schema, docId, closed) as Json);
	}

	get(module: string, operationId: string): CompiledOperation | undefined {
		const key = operationKey(module, operationId);
		const cached = this.compiled.get(key);
		if (cached) return cached;
		const spec = this.operations.get(key);
		if (!spec) return undefined;
		const prefix = new URL(spec.document.servers?.[0]?.url ?? '', 'https://placeholder.invalid').pathname.replace(/\/$/, '');
		const template = `${prefix}${spec.specPath}`.replace(/\/{2,}/g, '/');
		const pathPattern = new RegExp(
			`^${template
				.split(/(\{[^}]+\})/)
				.map((part) => (part.startsWith('{') ? '([^/]+)' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
				.join('')}$`,
		);
		const compiled: CompiledOperation = {
			spec,
			key,
			pathPattern,
			pathParameters: spec.parameters.filter((parameter) => parameter.in === 'path'),
			queryParameters: new Map(spec.parameters.filter((parameter) => parameter.in === 'query').map((parameter) => [parameter.name, parameter])),
			success: this.success(spec),
		};
		const requestBody = spec.operation.requestBody && resolveRef(spec.document, spec.operation.requestBody);
		const jsonType = Object.keys(requestBody?.content ?? {}).find(isJsonContentType);
		if (requestBody && jsonType) {
			const schema = requestBody.content![jsonType].schema ?? {};
			const properties = effectiveSchema(spec.document, schema).properties ?? {};
			// The documents flatten a multipart upload into a JSON object with a binary property (the file).
			const fileField = Object.keys(properties).find((name) => effectiveSchema(spec.document, properties[name]).format === 'binary');
			compiled.body = {
				contentType: fileField ? 'multipart' : 'json',
				fileField,
				required: (requestBody as { required?: boolean }).required === true,
				validate: this.compileSchema(spec, schema, true),
			};
		}
		this.compiled.set(key, compiled);
		return compiled;
	}

	private success(spec: SpecOperation): CompiledOperation['success'] {
		const codes = Object.keys(spec.operation.responses ?? {})
			.filter((code) => /^2\d\d$/.test(code))
			.sort();
		const code = codes[0] ?? '200';
		const response = spec.operation.responses?.[code] && resolveRef(spec.document, spec.operation.responses[code]);
		const jsonType = Object.keys(response?.content ?? {}).find(isJsonContentType);
		const schema = jsonType ? response!.content![jsonType].schema : undefined;
		return { status: Number(code), schema, validate: schema ? this.compileSchema(spec, schema, false) : undefined };
	}

	parameterValidator(operation: CompiledOperation, parameter: ParameterObject): ValidateFunction {
		const key = `${operation.key} ${parameter.in}.${parameter.name}`;
		let validate = this.parameterValidators.get(key);
		if (!validate) {
			validate = this.compileSchema(operation.spec, parameter.schema ?? {}, true);
			this.parameterValidators.set(key, validate);
		}
		return validate;
	}
}

let sharedDocuments: ContractDocuments | undefined;
/** Loaded once per process: 24 documents, validators compiled per operation on first use. */
function documents(): ContractDocuments {
	sharedDocuments ??= new ContractDocuments();
	return sharedDocuments;
}

// ---------------------------------------------------------------------------------------------------
// Checks

function describeErrors(errors: ErrorObject[] | null | undefined, root: string): Array<{ field: string; message: string }> {
	return (
		(errors ?? [])
			// anyOf's own "must match a schema in anyOf" repeats what its branches said.
			.filter((error) => error.keyword !== 'anyOf' && !(error.keyword === 'type' && error.params.type === 'null'))
			.map((error) => {
				const pointer = error.instancePath
					.split('/')
					.slice(1)
					.map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
				if (error.keyword === 'additionalProperties') pointer.push(String(error.params.additionalProperty));
				if (error.keyword === 'required') pointer.push(String(error.params.missingProperty));
				const field = [root, ...pointer].join('.');
				const message =
					error.keyword === 'additionalProperties'
						? 'is not in the documented schema (wrong name or depth)'
						: error.keyword === 'required'
							? 'is required by the document and missing'
							: (error.message ?? error.keyword);
				return { field, message };
			})
	);
}

/** A query or path value (always a string on the wire) as the type its schema documents. */
function coerce(document: OpenApiDocument, schema: SchemaObject | undefined, raw: string): unknown {
	const effective = effectiveSchema(document, schema);
	switch (effective.type) {
		case 'integer':
		case 'number':
			return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
		case 'boolean':
			return /^(true|false)$/i.test(raw) ? raw.toLowerCase() === 'true' : raw;
		case 'array':
			// The transport joins list values with commas (`ids=1,2`).
			return raw.split(',').map((item) => coerce(document, effective.items, item.trim()));
		case 'object':
			try {
				return JSON.parse(raw);
			} catch {
				return raw;
			}
		default:
			return raw;
	}
}

type QueryParts = Record<string, string>;

/**
 * Query keys in ASP.NET's bracket notation put back together: `owners[0].type=Job` → `owners: [{ type: 'Job' }]`,
 * `customField.Fields[Color]=Red` → `customField.Fields: { Color: 'Red' }`; other keys as they came.
 */
function assembleQuery(query: Record<string, string>): Map<string, string | QueryParts | QueryParts[]> {
	const result = new Map<string, string | QueryParts | QueryParts[]>();
	for (const [key, raw] of Object.entries(query)) {
		const bracket = /^([^[]+)\[([^\]]*)\](?:\.(.+))?$/.exec(key);
		if (!bracket) {
			result.set(key, raw);
			continue;
		}
		const [, name, inner, property] = bracket;
		if (property !== undefined && /^\d+$/.test(inner)) {
			const list = (Array.isArray(result.get(name)) ? result.get(name) : []) as QueryParts[];
			(list[Number(inner)] ??= {})[property] = raw;
			result.set(name, list);
		} else {
			const dictionary = (typeof result.get(name) === 'object' ? result.get(name) : {}) as QueryParts;
			dictionary[inner] = raw;
			result.set(name, dictionary);
		}
	}
	return result;
}

/** Assembled bracket parts with each leaf as the type its schema documents. */
function coerceParts(document: OpenApiDocument, schema: SchemaObject | undefined, parts: QueryParts | QueryParts[]): unknown {
	const effective = effectiveSchema(document, schema);
	if (Array.isArray(parts)) return parts.map((item) => coerceParts(document, effective.items, item ?? {}));
	const additional = typeof effective.additionalProperties === 'object' ? effective.additionalProperties : undefined;
	return Object.fromEntries(Object.entries(parts).map(([name, raw]) => [name, coerce(document, effective.properties?.[name] ?? additional, raw)]));
}

export function checkRequest(route: Pick<Route, 'module' | 'operation'>, request: ContractRequest): ContractMismatch[] {
	const docs = documents();
	const operation = docs.get(route.module, route.operation.operationId);
	const key = operationKey(route.module, route.operation.operationId);
	const mismatches: ContractMismatch[] = [];
	const mismatch = (field: string, message: string) => mismatches.push({ operation: key, field, message });
	if (!operation) {
		mismatch('operation', 'is not in any OpenAPI document');
		return mismatches;
	}
	const { spec, document } = { spec: operation.spec, document: operation.spec.document };
	if (request.method.toUpperCase() !== spec.method) mismatch('method', `${request.method} where the document has ${spec.method}`);
	const pathMatch = operation.pathPattern.exec(request.path);
	if (!pathMatch) mismatch('path', `${request.path} does not match the documented ${spec.specPath}`);
	else {
		const names = [...spec.specPath.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
		names.forEach((name, index) => {
			const parameter = operation.pathParameters.find((p) => p.name === name);
			if (!parameter) return;
			const raw = safeDecode(pathMatch[index + 1]);
			const validate = docs.parameterValidator(operation, parameter);
			if (!validate(coerce(document, parameter.schema, raw))) {
				for (const error of describeErrors(validate.errors, `path.${name}`)) mismatch(error.field, `${error.message} (sent ${JSON.stringify(raw)})`);
			}
		});
	}
	for (const [name, raw] of assembleQuery(request.query)) {
		const parameter = operation.queryParameters.get(name);
		if (!parameter) {
			mismatch(`query.${name}`, 'is not a documented query parameter of this operation');
			continue;
		}
		const validate = docs.parameterValidator(operation, parameter);
		const value = typeof raw === 'string' ? coerce(document, parameter.schema, raw) : coerceParts(document, parameter.schema, raw);
		if (!validate(value)) {
			for (const error of describeErrors(validate.errors, `query.${name}`)) mismatch(error.field, `${error.message} (sent ${JSON.stringify(raw)})`);
		}
	}
	for (const [name, parameter] of operation.queryParameters) {
		if (parameter.required && (request.query[name] === undefined || request.query[name] === '')) mismatch(`query.${name}`, 'is required by the document and missing');
	}
	const multipart = /multipart\/form-data/i.test(request.contentType);
	if (!operation.body) {
		if (request.body !== undefined) mismatch('body', 'is sent, but the document has no request body');
		return mismatches;
	}
	if (request.body === undefined) {
		if (operation.body.required) mismatch('body', 'is required by the document and missing');
		return mismatches;
	}
	if (operation.body.contentType === 'multipart') {
		if (!multipart) mismatch('content-type', `${request.contentType || '(none)'} where the document's upload is multipart/form-data`);
		const parts = request.body as Record<string, unknown>;
		if (operation.body.fileField && !(operation.body.fileField in parts)) mismatch(`body.${operation.body.fileField}`, 'the file part is missing');
		for (const name of Object.keys(parts)) if (name !== operation.body.fileField) mismatch(`body.${name}`, 'is not a documented part of the upload');
		return mismatches;
	}
	if (!/application\/json/i.test(request.contentType)) mismatch('content-type', `${request.contentType || '(none)'} where the document has application/json`);
	if (!operation.body.validate(request.body)) {
		for (const error of describeErrors(operation.body.validate.errors, 'body')) mismatch(error.field, error.message);
	}
	return mismatches;
}

/** Errors of a 2xx JSON body against the operation's documented response schema ([] when it conforms or none is documented). */
export function checkResponse(module: ModuleKey, operationId: string, body: unknown): string[] {
	const operation = documents().get(module, operationId);
	const validate = operation?.success.validate;
	if (!validate || validate(body)) return [];
	// One line per field whatever the record it is on: `response.data.0.x` and `response.data.1.x` say the same.
	const lines = describeErrors(validate.errors, 'response').map((error) => `${error.field.replace(/\.\d+(?=\.|$)/g, '[]')} ${error.message}`);
	return [...new Set(lines)];
}

/** Whether the operation documents a JSON answer (otherwise its 2xx answer is empty). */
function documentsAnswer(module: ModuleKey, operationId: string): boolean {
	return documents().get(module, operationId)?.success.schema !== undefined;
}

/** The documented answer: its first 2xx status, and an example of its JSON schema when there is one. */
export function documentedAnswer(module: ModuleKey, operationId: string): ApiResponse | undefined {
	const operation = documents().get(module, operationId);
	if (!operation) return undefined;
	const { status, schema } = operation.success;
	return schema ? { status, body: exampleOf(operation.spec.document, schema) } : { status };
}

/**
 * A documented example for one input of an operation (`path`, `query` or `body` property), for inputs whose
 * document pins a format, pattern or shape a made-up value would not meet; undefined for plain strings and
 * numbers.
 */
export function documentedInput(module: string, operationId: string, location: 'path' | 'query' | 'body', name: string): unknown {
	const operation = documents().get(module, operationId);
	if (!operation) return undefined;
	const { document } = operation.spec;
	let schema: SchemaObject | undefined;
	if (location === 'body') {
		const requestBody = operation.spec.operation.requestBody && resolveRef(document, operation.spec.operation.requestBody);
		const jsonType = Object.keys(requestBody?.content ?? {}).find(isJsonContentType);
		schema = jsonType ? effectiveSchema(document, requestBody!.content![jsonType].schema).properties?.[name] : undefined;
	} else {
		schema = operation.spec.parameters.find((parameter) => parameter.in === location && parameter.name === name)?.schema;
	}
	if (schema === undefined) return undefined;
	const effective = effectiveSchema(document, schema);
	const items = effective.type === 'array' ? effectiveSchema(document, effective.items) : undefined;
	const pinned = (candidate: SchemaObject) =>
		candidate.enum !== undefined ||
		(candidate.format !== undefined && EXAMPLE_BY_FORMAT[candidate.format] !== undefined && candidate.format !== 'date-time') ||
		(candidate as { pattern?: string }).pattern !== undefined;
	if (effective.type === 'object' || effective.properties !== undefined || (items && (items.type === 'object' || items.properties !== undefined || pinned(items)))) {
		return exampleOf(document, schema, name);
	}
	return effective.type === 'string' && pinned(effective) ? exampleOf(document, schema, name) : undefined;
}

/**
 * Routes whose answer is the simulator's own model: a handler with effects (effects.ts, reporting.ts), a
 * seeded collection's records, files. Everything else (generic records of unseeded collections, actions that
 * echo their body) is answered from the document when documented answers are on.
 */
export function isModelled(route: Route): boolean {
	if (REPORTING_HANDLERS[route.key] ?? EFFECTS[route.key]) return true;
	if (route.operation.body?.kind === 'binary' || route.operation.responseType === 'binary') return true;
	return route.kind !== 'action' && SEEDED_COLLECTIONS.has(route.collection);
}

/** What a simulator with the contract check on holds: every mismatch and every 2xx answer checked. */
export class ContractLog {
	readonly mismatches: ContractMismatch[] = [];
	readonly responses: ResponseCheck[] = [];
	/** Requests checked per operation key. */
	readonly requests = new Map<string, number>();
	readonly documentedAnswers: boolean;

	constructor(options: ContractOptions = {}) {
		this.documentedAnswers = options.documentedAnswers ?? true;
		documents();
	}

	request(route: Route, request: ContractRequest): void {
		const key = operationKey(route.module, route.operation.operationId);
		this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
		this.mismatches.push(...checkRequest(route, request));
	}

	/**
	 * The answer to send: the simulator's own (`handle`), or for a route it does not model the documented one
	 * (a GET whose document shows no answer keeps the simulator's, which the node can read); 2xx answers
	 * are checked against the documented response schema.
	 */
	answer(route: Route, handle: () => ApiResponse): ApiResponse {
		const documented = this.documentedAnswers && !isModelled(route) ? documentedAnswer(route.module, route.operation.operationId) : undefined;
		const useDocumented = documented !== undefined && (documented.body !== undefined || route.method !== 'GET');
		const sent = useDocumented ? documented : handle();
		if (sent.status < 300 && !sent.binary) {
			const { module, operation } = route;
			const body = sent.body;
			const documentsBody = documentsAnswer(module, operation.operationId);
			let errors: string[];
			if (body === undefined) errors = documentsBody ? ['response is empty where the document shows a body'] : [];
			else if (documentsBody) errors = checkResponse(module, operation.operationId, body);
			else errors = route.method === 'GET' ? [] : ['response has a body where the document shows none (an empty 200/204)'];
			this.responses.push({
				operation: operationKey(module, operation.operationId),
				status: sent.status,
				source: useDocumented ? 'documented' : 'modelled',
				shape: body === undefined ? 'empty' : Array.isArray(body) ? 'array' : typeof body === 'object' && body !== null ? 'object' : 'value',
				size: Array.isArray(body) ? body.length : body === undefined ? 0 : 1,
				records: Array.isArray((body as { data?: unknown } | null | undefined)?.data)
					? (body as { data: unknown[] }).data.length
					: Array.isArray(body)
						? body.length
						: body === undefined
							? 0
							: 1,
				checked: documentsBody || route.method !== 'GET',
				errors,
			});
		}
		return sent;
	}

	clear(): void {
		this.mismatches.splice(0);
		this.responses.splice(0);
		this.requests.clear();
	}
}
