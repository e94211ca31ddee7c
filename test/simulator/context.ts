import { notFound, validationError } from './problem';
import type { Route } from './routes';
import { toRecordId, type SimRecord, type SimulatorStore } from './store';
import type { SimulatorClock } from './clock';
import type { FileStore } from './files';
import type { ReportingState } from './reporting';

const MAX_PAGE_SIZE = 5000;
const DEFAULT_PAGE_SIZE = 50;

export interface ApiRequest {
	route: Route;
	params: Record<string, string>;
	query: Record<string, string>;
	body: unknown;
	tenant: string;
}

export interface ApiResponse {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
	/** Non-JSON payload (call recordings, downloaded files). */
	binary?: { contentType: string; data: Buffer };
}

export interface ApiEnvironment {
	store: SimulatorStore;
	clock: SimulatorClock;
	exportPageSize: number;
	recentChangesDelayMs: number;
	/** Collections some GET route reads: only these are checked as parents. */
	readable: ReadonlySet<string>;
	/** Uploaded files (shared by all tenants, looked up per tenant). */
	files: FileStore;
	/** Returns ms until a report slot frees, or 0 after taking a slot. */
	takeReportRun(tenant: string, reportId: string): number;
	/** Sync or async report runs, and the data queries started. */
	reporting: ReportingState;
}

/** What route handlers see: the request, the tenant's environment and the resolved parent records. */
export interface HandlerContext {
	env: ApiEnvironment;
	req: ApiRequest;
	/** Parent records by path parameter name (only for parents the store knows). */
	parents: Map<string, SimRecord>;
	/** The request body as an object ({} when absent or not an object). */
	fields: Record<string, unknown>;
}

export type Handler = (ctx: HandlerContext) => ApiResponse;

/** `crm:customers` → "Customer", for messages like ServiceTitan's "Customer with id 5 was not found." */
export function entityName(collection: string): string {
	const last =
		collection
			.slice(collection.indexOf(':') + 1)
			.split('/')
			.pop() ?? collection;
	const singular = last.endsWith('ies') ? `${last.slice(0, -3)}y` : last.endsWith('s') && !last.endsWith('ss') ? last.slice(0, -1) : last;
	return singular.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

/** The record named by the route's id parameter, checked against its parents. */
export function getTarget(ctx: HandlerContext): SimRecord {
	const { route, params } = ctx.req;
	const raw = params[route.idParam ?? 'id'];
	const record = ctx.env.store.has(route.collection) ? ctx.env.store.collection(route.collection).records.get(toRecordId(raw)) : undefined;
	if (!record) throw notFound(entityName(route.collection), raw);
	for (const link of route.parents) {
		const value = record[link.field];
		if (value !== undefined && ctx.parents.has(link.param) && String(value) !== params[link.param]) throw notFound(entityName(route.collection), raw);
	}
	return record;
}

/** Creates a record linked to the route's parents (`customers/{id}/notes` → customerId). */
export function createRecord(ctx: HandlerContext, collection: string, fields: Record<string, unknown>): SimRecord {
	const { id: _ignored, ...rest } = fields;
	const links: Record<string, unknown> = {};
	for (const link of ctx.req.route.parents) links[link.field] = toRecordId(ctx.req.params[link.param]);
	return ctx.env.store.create(collection, { ...rest, ...links });
}

export function parsePaging(query: Record<string, string>, defaultSize = DEFAULT_PAGE_SIZE, maxSize = MAX_PAGE_SIZE) {
	const page = intParam(query, 'page', 1, 1, Number.MAX_SAFE_INTEGER);
	const pageSize = intParam(query, 'pageSize', defaultSize, 1, maxSize);
	const includeTotal = (query.includeTotal ?? '').toLowerCase() === 'true';
	return { page, pageSize, includeTotal };
}

function intParam(query: Record<string, string>, name: string, fallback: number, min: number, max: number): number {
	const raw = query[name];
	if (raw === undefined || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value)) throw validationError({ [name]: [`The value '${raw}' is not valid for ${name}.`] });
	if (value < min || value > max) throw validationError({ [name]: [`The field ${name} must be between ${min} and ${max}.`] });
	return value;
}

export function pagedResponse<T>(rows: readonly T[], paging: ReturnType<typeof parsePaging>): Record<string, unknown> {
	const start = (paging.page - 1) * paging.pageSize;
	return {
		page: paging.page,
		pageSize: paging.pageSize,
		hasMore: rows.length > start + paging.pageSize,
		totalCount: paging.includeTotal ? rows.length : null,
		data: rows.slice(start, start + paging.pageSize),
	};
}
