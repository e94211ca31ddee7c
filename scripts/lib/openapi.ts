/**
 * Reading ServiceTitan's OpenAPI 3.0 documents: loading, `$ref` resolution, schema flattening and the
 * list of operations with their module and tenant-relative path. Shared by the catalog generator and
 * the catalog-vs-spec test, so both agree on what "the spec" says.
 */
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';

import { MODULE_PREFIXES, type ModuleKey } from '../../nodes/ServiceTitan/api';
import type { HttpMethod } from '../../nodes/ServiceTitan/catalog/types';

export interface SchemaObject {
	$ref?: string;
	type?: string;
	format?: string;
	description?: string;
	nullable?: boolean;
	enum?: Array<string | number>;
	items?: SchemaObject;
	properties?: Record<string, SchemaObject>;
	required?: string[];
	additionalProperties?: boolean | SchemaObject;
	allOf?: SchemaObject[];
	oneOf?: SchemaObject[];
	anyOf?: SchemaObject[];
}

export interface ParameterObject {
	$ref?: string;
	name: string;
	in: 'path' | 'query' | 'header' | 'cookie';
	required?: boolean;
	description?: string;
	schema?: SchemaObject;
}

export interface MediaTypeObject {
	schema?: SchemaObject;
}

export interface RequestBodyObject {
	$ref?: string;
	description?: string;
	content?: Record<string, MediaTypeObject>;
}

export interface ResponseObject {
	$ref?: string;
	description?: string;
	content?: Record<string, MediaTypeObject>;
}

export interface OperationObject {
	operationId?: string;
	summary?: string;
	description?: string;
	parameters?: ParameterObject[];
	requestBody?: RequestBodyObject;
	responses?: Record<string, ResponseObject>;
}

export interface OpenApiDocument {
	servers?: Array<{ url: string }>;
	paths: Record<string, Record<string, OperationObject | ParameterObject[] | string>>;
	components?: Record<string, Record<string, unknown>>;
}

/** One operation of one document, located in our module/path terms. */
export interface SpecOperation {
	/** File name of the document, for error messages. */
	file: string;
	document: OpenApiDocument;
	module: ModuleKey;
	operationId: string;
	method: HttpMethod;
	/** The path as the document writes it, e.g. `/v2/tenant/{tenant}/calls/{id}`. */
	specPath: string;
	/** Path after `/tenant/{tenant}/`. */
	path: string;
	operation: OperationObject;
	/** Operation-level parameters merged over path-item-level ones, `$ref`s resolved. */
	parameters: ParameterObject[];
}

const HTTP_METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const TENANT_SEGMENT = '/tenant/{tenant}';

/** The repository's copy in `specs/servicetitan-openapi`, unless `SERVICETITAN_OPENAPI_DIR` says otherwise. */
export function resolveOpenApiDir(): string {
	return process.env.SERVICETITAN_OPENAPI_DIR ?? path.resolve(__dirname, '../../specs/servicetitan-openapi');
}

export function loadOpenApiDocuments(dir: string): Array<{ file: string; document: OpenApiDocument }> {
	return readdirSync(dir)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => ({ file, document: JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as OpenApiDocument }));
}

/** Follows local `$ref`s (`#/components/...`) until a concrete object is reached. */
export function resolveRef<T extends { $ref?: string }>(document: OpenApiDocument, value: T): T {
	let current: T = value;
	const seen = new Set<string>();
	while (current.$ref !== undefined) {
		const ref = current.$ref;
		if (seen.has(ref)) throw new Error(`Circular $ref ${ref}`);
		seen.add(ref);
		if (!ref.startsWith('#/')) throw new Error(`Only local $refs are supported, got ${ref}`);
		let target: unknown = document;
		for (const rawSegment of ref.slice(2).split('/')) {
			const segment = rawSegment.replace(/~1/g, '/').replace(/~0/g, '~');
			target = (target as Record<string, unknown> | undefined)?.[segment];
		}
		if (target === undefined || target === null) throw new Error(`Unresolvable $ref ${ref}`);
		current = target as T;
	}
	return current;
}

/** Name of the component a schema points to (`PaginatedResponse_Of_...`), if it is a `$ref`. */
export function refName(schema: SchemaObject | undefined): string | undefined {
	return schema?.$ref?.split('/').pop();
}

/**
 * A schema with `$ref`s resolved and composition flattened: `allOf` members are merged (properties and
 * required lists united); a `oneOf`/`anyOf` takes its first non-null member, which is how ServiceTitan
 * wraps enums and nested objects (`oneOf: [{ $ref }]`). Outer `description`/`nullable` win.
 */
export function effectiveSchema(document: OpenApiDocument, schema: SchemaObject | undefined): SchemaObject {
	if (schema === undefined) return {};
	const resolved = resolveRef(document, schema);
	const { allOf, oneOf, anyOf, ...own } = resolved;
	let merged: SchemaObject = { ...own };
	for (const member of allOf ?? []) {
		const part = effectiveSchema(document, member);
		merged = {
			...part,
			...merged,
			properties: { ...part.properties, ...merged.properties },
			required: [...(part.required ?? []), ...(merged.required ?? [])],
			type: merged.type ?? part.type,
		};
	}
	const alternatives = (oneOf ?? anyOf ?? []).filter((member) => resolveRef(document, member).type !== 'null');
	if (alternatives.length > 0) {
		const chosen = effectiveSchema(document, alternatives[0]);
		merged = { ...chosen, ...stripUndefined({ description: merged.description, nullable: merged.nullable }) };
	}
	if (merged.required?.length === 0) delete merged.required;
	return merged;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
	return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** `https://host/jpm/v2` + `/tenant/{tenant}/jobs` → `jpm`; telecom's `/telecom` + `/v3/tenant/...` → `telecomV3`. */
export function moduleOf(document: OpenApiDocument, specPath: string, file: string): ModuleKey {
	const serverUrl = document.servers?.[0]?.url;
	if (serverUrl === undefined) throw new Error(`${file}: no servers[0].url`);
	const serverPath = new URL(serverUrl, 'https://placeholder.invalid').pathname;
	const tenantAt = specPath.indexOf(TENANT_SEGMENT);
	if (tenantAt < 0) throw new Error(`${file}: path ${specPath} does not contain ${TENANT_SEGMENT}`);
	const prefix = `${serverPath}/${specPath.slice(0, tenantAt)}`.split('/').filter(Boolean).join('/');
	const entry = Object.entries(MODULE_PREFIXES).find(([, known]) => known === prefix);
	if (entry === undefined) {
		throw new Error(`${file}: unknown module prefix "${prefix}" (server ${serverUrl}, path ${specPath}); add it to MODULE_PREFIXES`);
	}
	return entry[0] as ModuleKey;
}

/** Path after `/tenant/{tenant}/`. */
export function tenantRelativePath(specPath: string): string {
	const tenantAt = specPath.indexOf(TENANT_SEGMENT);
	return specPath.slice(tenantAt + TENANT_SEGMENT.length).replace(/^\//, '');
}

/** Placeholders of a path in order: `customers/{id}/notes/{noteId}` → `['id', 'noteId']`. */
export function pathPlaceholders(relativePath: string): string[] {
	return [...relativePath.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
}

export function listSpecOperations(dir: string = resolveOpenApiDir()): SpecOperation[] {
	const operations: SpecOperation[] = [];
	for (const { file, document } of loadOpenApiDocuments(dir)) {
		for (const [specPath, pathItem] of Object.entries(document.paths)) {
			const sharedParameters = (pathItem.parameters ?? []) as ParameterObject[];
			for (const [key, value] of Object.entries(pathItem)) {
				const method = key.toUpperCase() as HttpMethod;
				if (!HTTP_METHODS.includes(method)) continue;
				const operation = value as OperationObject;
				if (operation.operationId === undefined) throw new Error(`${file}: ${key} ${specPath} has no operationId`);
				const own = (operation.parameters ?? []).map((parameter) => resolveRef(document, parameter));
				const inherited = sharedParameters
					.map((parameter) => resolveRef(document, parameter))
					.filter((parameter) => !own.some((o) => o.name === parameter.name && o.in === parameter.in));
				operations.push({
					file,
					document,
					module: moduleOf(document, specPath, file),
					operationId: operation.operationId,
					method,
					specPath,
					path: tenantRelativePath(specPath),
					operation,
					parameters: [...inherited, ...own],
				});
			}
		}
	}
	return operations;
}

/** Required top-level properties of an operation's JSON object request body (none for arrays/binary). */
export function requiredBodyProperties(spec: SpecOperation): string[] {
	const requestBody = spec.operation.requestBody && resolveRef(spec.document, spec.operation.requestBody);
	const jsonSchema = requestBody?.content?.['application/json']?.schema;
	if (jsonSchema === undefined) return [];
	const schema = effectiveSchema(spec.document, jsonSchema);
	return schema.type === 'array' ? [] : [...(schema.required ?? [])];
}
