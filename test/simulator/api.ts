/**
 * Generic behaviour by route shape (list, get, create, update, delete, action, export), with the
 * specific handlers of effects.ts and reporting.ts taking precedence for their routes.
 */
import type { FieldSpec } from '../../nodes/ServiceTitan/catalog/types';
import { createRecord, entityName, getTarget, pagedResponse, parsePaging, type ApiEnvironment, type ApiRequest, type ApiResponse, type HandlerContext } from './context';
import { notFound, validationError } from './problem';
import type { Route } from './routes';
import { isoTime, toRecordId, type Collection, type SimRecord } from './store';
import { EFFECTS } from './effects';
import { REPORTING_HANDLERS } from './reporting';
import { downloadHandler, uploadHandler } from './files';
import { EXTERNAL_DATA_QUERY_KEYS, externalDataFilter, externalDataForCreate, externalDataForUpdate, presentExternalData, requestedGuid } from './externalData';
import { linkField } from './routes';

export type { ApiEnvironment, ApiRequest, ApiResponse, Handler, HandlerContext } from './context';

const ok = (body: unknown, status = 200): ApiResponse => ({ status, body });

const MAX_IDS = 50;
const PAGING_KEYS = new Set(['page', 'pageSize', 'includeTotal']);
/** Query keys with dedicated semantics, or that are not filters at all. */
const SPECIAL_KEYS = new Set([
	...PAGING_KEYS,
	'sort',
	'orderBy',
	'orderByDirection',
	'active',
	'ids',
	'name',
	'createdBefore',
	'createdOnOrAfter',
	'modifiedBefore',
	'modifiedOnOrAfter',
	'servicetitanapplicationkey',
	'from',
	'includeRecentChanges',
	...EXTERNAL_DATA_QUERY_KEYS,
]);

/** Address parts a list filters by (`street`, `zip` …) when its records carry an `address`. */
const ADDRESS_PARTS = new Set(['street', 'unit', 'city', 'state', 'zip', 'country']);

export function handleApi(env: ApiEnvironment, req: ApiRequest): ApiResponse {
	const ctx: HandlerContext = { env, req, parents: resolveParents(env, req), fields: validateBody(req.route, req.body) };
	const response = routeRequest(ctx);
	if (response.body === undefined || response.binary) return response;
	return { ...response, body: presentExternalData(response.body, requestedGuid(req.query, req.body)) };
}

function routeRequest(ctx: HandlerContext): ApiResponse {
	const { env, req } = ctx;
	const { route } = req;
	if (ctx.fields.externalData !== undefined && ctx.fields.externalData !== null) {
		// Kept per application GUID (externalData.ts); an update replaces or merges the named GUID's pairs.
		const updating = route.kind === 'update';
		const externalData = updating ? externalDataForUpdate(getTarget(ctx).externalData, ctx.fields.externalData) : externalDataForCreate(ctx.fields.externalData);
		ctx.fields = { ...ctx.fields, externalData };
	}
	const fields = ctx.fields;
	const specific = REPORTING_HANDLERS[route.key] ?? EFFECTS[route.key];
	if (specific) return specific(ctx);
	if (route.operation.body?.kind === 'binary') return uploadHandler(ctx);
	if (route.operation.responseType === 'binary') {
		const download = downloadHandler(ctx);
		if (download) return download;
		// A few bytes of an MP3 frame header stand in for call recordings and voicemails.
		return { status: 200, binary: { contentType: 'audio/mpeg', data: Buffer.from([0xff, 0xfb, 0x90, 0x64, 0, 0, 0, 0]) } };
	}
	switch (route.kind) {
		case 'list':
			return listHandler(ctx);
		case 'export':
			return exportHandler(ctx);
		case 'get':
			return ok(getTarget(ctx));
		case 'create':
			return ok(createRecord(ctx, route.collection, fields));
		case 'update': {
			const record = getTarget(ctx);
			const { id: _ignored, ...patch } = fields;
			return ok(env.store.update(route.collection, record.id, patch));
		}
		case 'delete': {
			const record = getTarget(ctx);
			env.store.delete(route.collection, record.id);
			return { status: 200 };
		}
		case 'action':
			return ok(lastParent(ctx) ?? (Array.isArray(req.body) ? {} : fields));
	}
}

/** Required fields from the catalog, named exactly as on the wire, like ServiceTitan's ModelState errors. */
export function validateBody(route: Route, body: unknown): Record<string, unknown> {
	const spec = route.operation.body;
	const isObject = typeof body === 'object' && body !== null && !Array.isArray(body);
	if (!spec || spec.kind === 'binary') return isObject ? (body as Record<string, unknown>) : {};
	if (spec.kind === 'array') {
		if (body !== undefined && !Array.isArray(body)) throw validationError({ '': ['The request body must be a JSON array.'] });
		return {};
	}
	if (body !== undefined && !isObject) throw validationError({ '': ['The request body must be a JSON object.'] });
	const fields = (body ?? {}) as Record<string, unknown>;
	const errors: Record<string, string[]> = {};
	for (const field of spec.fields) {
		if (field.required && isMissing(fields[field.name])) errors[field.name] = [`The ${field.name} field is required.`];
	}
	if (Object.keys(errors).length > 0) throw validationError(errors);
	return fields;
}

const isMissing = (value: unknown): boolean => value === undefined || value === null || value === '';

function resolveParents(env: ApiEnvironment, req: ApiRequest): Map<string, SimRecord> {
	const parents = new Map<string, SimRecord>();
	for (const link of req.route.parents) {
		if (!env.readable.has(link.collection) || !env.store.has(link.collection)) continue;
		const raw = req.params[link.param];
		const record = env.store.collection(link.collection).records.get(toRecordId(raw));
		if (!record) throw notFound(entityName(link.collection), raw);
		parents.set(link.param, record);
	}
	return parents;
}

function lastParent(ctx: HandlerContext): SimRecord | undefined {
	let last: SimRecord | undefined;
	for (const record of ctx.parents.values()) last = record;
	return last;
}

// ---------------------------------------------------------------------------------------------
// Lists

function listHandler(ctx: HandlerContext): ApiResponse {
	const { route, query } = ctx.req;
	const paging = route.operation.paged ? parsePaging(query) : undefined;
	const rows = filteredRows(ctx);
	return ok(paging ? pagedResponse(rows, paging) : rows);
}

/** Filtered and sorted rows, cached per collection version so paging through 200k records stays linear. */
export function filteredRows(ctx: HandlerContext, collectionKey = ctx.req.route.collection): readonly SimRecord[] {
	const { env, req } = ctx;
	if (!env.store.has(collectionKey)) return [];
	const collection = env.store.collection(collectionKey);
	// A phone filter reads the contacts too: their changes must not be answered from the cache.
	const contactsKey = `${collectionKey}/contacts`;
	const contactsVersion = req.query.phone && env.store.has(contactsKey) ? `&contacts@${env.store.collection(contactsKey).version}` : '';
	const cacheKey = listCacheKey(req) + contactsVersion;
	const cached = collection.listCache.get(cacheKey);
	if (cached && cached.version === collection.version) return cached.rows;
	const rows = computeRows(ctx, collection);
	if (collection.listCache.size >= 16) collection.listCache.delete(collection.listCache.keys().next().value as string);
	collection.listCache.set(cacheKey, { version: collection.version, rows });
	return rows;
}

function listCacheKey(req: ApiRequest): string {
	const parts = [req.route.key];
	for (const link of req.route.parents) parts.push(`${link.param}=${req.params[link.param]}`);
	for (const key of Object.keys(req.query).sort()) if (!PAGING_KEYS.has(key)) parts.push(`${key}=${req.query[key]}`);
	return parts.join('&');
}

type Predicate = (record: SimRecord) => boolean;

function computeRows(ctx: HandlerContext, collection: Collection): SimRecord[] {
	const { route, query, params } = ctx.req;
	const sample: SimRecord | undefined = collection.records.values().next().value;
	const predicates: Predicate[] = [];

	for (const link of route.parents) {
		const parentId = params[link.param];
		predicates.push((record) => String(record[link.field]) === parentId);
	}
	if (query.ids !== undefined && query.ids !== '') {
		const ids = query.ids
			.split(',')
			.map((id) => id.trim())
			.filter(Boolean);
		if (ids.length > MAX_IDS) throw validationError({ ids: [`The ids filter accepts at most ${MAX_IDS} ids.`] });
		const wanted = new Set(ids);
		predicates.push((record) => wanted.has(String(record.id)));
	}
	const active = activeFilter(route.operation.query, query.active);
	if (active) predicates.push(active);
	const dateFilters: Array<[string, string, (a: string, b: string) => boolean]> = [
		['createdBefore', 'createdOn', (value, bound) => value < bound],
		['createdOnOrAfter', 'createdOn', (value, bound) => value >= bound],
		['modifiedBefore', 'modifiedOn', (value, bound) => value < bound],
		['modifiedOnOrAfter', 'modifiedOn', (value, bound) => value >= bound],
	];
	for (const [name, field, compare] of dateFilters) {
		if (query[name] === undefined || query[name] === '') continue;
		const bound = isoTime(parseDate(name, query[name]));
		predicates.push((record) => typeof record[field] === 'string' && compare(record[field] as string, bound));
	}
	if (query.name) {
		const needle = query.name.toLowerCase();
		predicates.push((record) => typeof record.name === 'string' && record.name.toLowerCase().includes(needle));
	}
	const externalData = externalDataFilter(query);
	if (externalData) predicates.push(externalData);
	if (sample) {
		for (const [key, raw] of Object.entries(query)) {
			if (SPECIAL_KEYS.has(key) || raw === '') continue;
			const predicate =
				fieldFilter(sample, key, raw) ??
				addressFilter(sample, key, raw) ??
				(key === 'phone' ? phoneFilter(ctx, collection.key, raw) : undefined) ??
				laterFieldFilter(collection, key, raw);
			if (predicate) predicates.push(predicate);
		}
	}

	const rows: SimRecord[] = [];
	outer: for (const record of collection.records.values()) {
		for (const predicate of predicates) if (!predicate(record)) continue outer;
		rows.push(record);
	}
	const sort = sortSpec(query, sample);
	if (sort) rows.sort((a, b) => sort.direction * compareValues(a[sort.field], b[sort.field]));
	return rows;
}

/** `active`: True (the default where the operation has the filter) = active only, False, Any. */
function activeFilter(spec: FieldSpec[], raw: string | undefined): Predicate | undefined {
	const hasFilter = spec.some((field) => field.name === 'active');
	const value = (raw ?? (hasFilter ? 'True' : 'Any')).toLowerCase();
	if (value === 'any') return undefined;
	if (value === 'true') return (record) => record.active !== false;
	if (value === 'false') return (record) => record.active === false;
	throw validationError({ active: [`The value '${raw}' is not valid for active. Use True, False or Any.`] });
}

function parseDate(name: string, raw: string): number {
	const ms = Date.parse(raw);
	if (Number.isNaN(ms)) throw validationError({ [name]: [`The value '${raw}' is not a valid date-time.`] });
	return ms;
}

/**
 * Filters whose name matches a record field: exact (case-insensitive) match, comma-separated values
 * for any-of; `fooIds` against `fooId`; `<field>OnOrAfter` / `<field>Before` on other dates (`OnOrBefore` inclusive).
 */
function fieldFilter(sample: SimRecord, key: string, raw: string): Predicate | undefined {
	if (key in sample) {
		const values = raw.split(',').map((value) => value.trim());
		return (record) => values.some((value) => matchesValue(record[key], value));
	}
	if (key.endsWith('Ids') && `${key.slice(0, -3)}Id` in sample) {
		const field = `${key.slice(0, -3)}Id`;
		const wanted = new Set(raw.split(',').map((value) => value.trim()));
		return (record) => wanted.has(String(record[field]));
	}
	const range = /^(.+?)(OnOrAfter|OnOrBefore|OrAfter|Before)$/.exec(key);
	if (range) {
		const base = range[1];
		const field = [base, `${base}On`, base.replace(/s$/, ''), `${base.replace(/s$/, '')}On`].find((name) => name in sample);
		if (!field) return undefined;
		const bound = parseDate(key, raw);
		const before = range[2] === 'Before';
		const atOrBefore = range[2] === 'OnOrBefore';
		return (record) => {
			const value = Date.parse(String(record[field]));
			return !Number.isNaN(value) && (atOrBefore ? value <= bound : before ? value < bound : value >= bound);
		};
	}
	return undefined;
}

/**
 * A field the first record lacks but later ones have (records added to a generically seeded collection, like
 * contact methods): the same exact match as `fieldFilter`.
 */
function laterFieldFilter(collection: Collection, key: string, raw: string): Predicate | undefined {
	let holder: SimRecord | undefined;
	for (const record of collection.records.values()) {
		if (key in record) {
			holder = record;
			break;
		}
	}
	return holder ? fieldFilter(holder, key, raw) : undefined;
}

/** `street=…`, `zip=…` on records with an `address`: the part equal, ignoring case and repeated spaces. */
function addressFilter(sample: SimRecord, key: string, raw: string): Predicate | undefined {
	if (!ADDRESS_PARTS.has(key) || !sample.address || typeof sample.address !== 'object') return undefined;
	const wanted = normalizeText(raw);
	return (record) => normalizeText(String((record.address as Record<string, unknown> | null)?.[key] ?? '')) === wanted;
}

const normalizeText = (text: string): string => text.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * `phone=…` ("by phone number of contacts"): records with a contact whose number has the same digits, punctuation
 * and a leading country code 1 aside. The contacts are the collection's own (`customers/contacts` by `customerId`).
 */
function phoneFilter(ctx: HandlerContext, collectionKey: string, raw: string): Predicate {
	const wanted = phoneDigits(raw);
	const contactsKey = `${collectionKey}/contacts`;
	const matching = new Set<string>();
	if (wanted && ctx.env.store.has(contactsKey)) {
		const link = linkField(collectionKey.slice(collectionKey.indexOf(':') + 1));
		for (const contact of ctx.env.store.collection(contactsKey).records.values()) {
			if (typeof contact.value === 'string' && phoneDigits(contact.value) === wanted) matching.add(String(contact[link]));
		}
	}
	return (record) => matching.has(String(record.id));
}

function phoneDigits(text: string): string {
	const digits = text.replace(/\D/g, '');
	return digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
}

function matchesValue(value: unknown, raw: string): boolean {
	if (value === null || value === undefined) return raw.toLowerCase() === 'null';
	if (typeof value === 'number') return Number(raw) === value;
	if (typeof value === 'boolean') return raw.toLowerCase() === String(value);
	if (typeof value === 'string') return value.toLowerCase() === raw.toLowerCase();
	if (Array.isArray(value)) return value.some((item) => matchesValue(item, raw));
	if (typeof value === 'object') {
		const { id, name, value: inner } = value as { id?: unknown; name?: unknown; value?: unknown };
		return [id, name, inner].some((part) => part !== undefined && part !== null && matchesValue(part, raw));
	}
	return false;
}

/** `sort=+Name` / `-ModifiedOn`, or the older `orderBy` + `orderByDirection`; field names case-insensitive. */
function sortSpec(query: Record<string, string>, sample: SimRecord | undefined): { field: string; direction: number } | undefined {
	let name: string | undefined;
	let direction = 1;
	if (query.sort) {
		const match = /^\s*([+-]?)\s*(\w+)\s*$/.exec(query.sort.replace(/^ /, '+'));
		if (!match) throw validationError({ sort: [`The sort '${query.sort}' is not valid. Use +Field or -Field.`] });
		direction = match[1] === '-' ? -1 : 1;
		name = match[2];
	} else if (query.orderBy) {
		name = query.orderBy;
		direction = (query.orderByDirection ?? 'asc').toLowerCase().startsWith('desc') ? -1 : 1;
	}
	if (!name || !sample) return undefined;
	const field = Object.keys(sample).find((key) => key.toLowerCase() === name!.toLowerCase());
	if (!field) throw validationError({ sort: [`Sorting by '${name}' is not supported.`] });
	return { field, direction };
}

function compareValues(a: unknown, b: unknown): number {
	if (a === b) return 0;
	if (a === null || a === undefined) return 1;
	if (b === null || b === undefined) return -1;
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	const left = typeof a === 'object' ? JSON.stringify(a) : String(a);
	const right = typeof b === 'object' ? JSON.stringify(b) : String(b);
	return left < right ? -1 : left > right ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Export feeds

interface ExportCursor {
	/** Collection the token belongs to. */
	c: string;
	/** Log position already consumed. */
	p: number;
	/** Position before the first record returned while still inside the recent-changes window, if any. */
	r: number | null;
}

/**
 * Export feeds whose records carry no `id` (their OpenAPI schemas: job history is keyed by jobId,
 * technician ratings by technicianId + jobId, payroll settings by employeeId). The simulator's store
 * still gives every record an id; the export leaves it out, as ServiceTitan does.
 */
const EXPORTS_WITHOUT_ID = new Set(['jpm:job-history', 'customerInteractions:technician-ratings', 'payroll:payroll-settings']);

function withoutId(record: SimRecord): SimRecord {
	const { id: _omitted, ...rest } = record;
	return rest as SimRecord;
}

const encodeCursor = (cursor: ExportCursor): string => Buffer.from(JSON.stringify(cursor)).toString('base64url');

function decodeCursor(raw: string, collection: string): ExportCursor {
	const invalid = validationError({ from: ['The continuation token is invalid. Pass a continueFrom value from a previous response or a date.'] });
	if (!/^[A-Za-z0-9_-]+$/.test(raw)) throw invalid;
	try {
		const cursor = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<ExportCursor>;
		if (cursor.c !== collection || !Number.isInteger(cursor.p) || (cursor.p as number) < 0) throw invalid;
		if (cursor.r !== null && !Number.isInteger(cursor.r)) throw invalid;
		return cursor as ExportCursor;
	} catch {
		throw invalid;
	}
}

/**
 * ServiceTitan export semantics: changes in modification order, each record once at its latest version,
 * deleted and inactive ones included. Changes younger than the recent-changes delay are held back; with
 * includeRecentChanges=true they are returned, but the final token of a catch-up rewinds to just before
 * the first of them, so they come again on the next poll (the documented duplicates) until they age out.
 */
function exportHandler(ctx: HandlerContext): ApiResponse {
	const { env, req } = ctx;
	const key = req.route.collection;
	const collection = env.store.collection(key);
	const includeRecent = (req.query.includeRecentChanges ?? '').toLowerCase() === 'true';
	const from = req.query.from ?? '';
	let cursor: ExportCursor = { c: key, p: 0, r: null };
	if (/^\d{4}-\d{2}-\d{2}/.test(from)) {
		const since = parseDate('from', from);
		let index = 0;
		while (index < collection.logTimes.length && collection.logTimes[index] < since) index++;
		cursor = { c: key, p: index, r: null };
	} else if (from !== '') {
		cursor = decodeCursor(from, key);
	}
	const activeOnly = req.query.active ? activeFilter([], req.query.active) : undefined;
	const cutoff = env.clock.now() - env.recentChangesDelayMs;
	const eligible = (index: number): 'skip' | 'recent' | 'ok' => {
		const id = collection.logIds[index];
		if (collection.latestSeq.get(id) !== index + 1) return 'skip';
		if (activeOnly && !activeOnly(collection.current(id) as SimRecord)) return 'skip';
		return collection.logTimes[index] > cutoff ? 'recent' : 'ok';
	};

	const data: SimRecord[] = [];
	let rewind = cursor.r;
	let index = Math.min(cursor.p, collection.logIds.length);
	let hasMore = false;
	for (; index < collection.logIds.length; index++) {
		const state = eligible(index);
		if (state === 'skip') continue;
		if (state === 'recent' && !includeRecent) break;
		if (data.length === env.exportPageSize) {
			hasMore = true;
			break;
		}
		if (state === 'recent' && rewind === null) rewind = index;
		const record = collection.current(collection.logIds[index]) as SimRecord;
		data.push(EXPORTS_WITHOUT_ID.has(key) ? withoutId(record) : record);
	}
	const next: ExportCursor = hasMore ? { c: key, p: index, r: rewind } : { c: key, p: rewind ?? index, r: null };
	return ok({ hasMore, continueFrom: encodeCursor(next), data });
}
