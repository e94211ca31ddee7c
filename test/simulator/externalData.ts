/**
 * ServiceTitan's external data: key/value pairs an application attaches to a record, scoped by the application's
 * GUID. Creates take `externalData: { applicationGuid, externalData: [{ key, value }] }`, updates the same plus
 * `patchMode` (Replace, the default, or Merge; a null value deletes the key in Merge). Lists filter by
 * `externalDataApplicationGuid` + `externalDataKey` + `externalDataValues` (comma-separated, any of, at most 50),
 * and a record shows the pairs of the GUID its request named (`externalDataApplicationGuid`, or the create's or
 * update's own), none of another application's.
 *
 * The store keeps every GUID's pairs on the record as `{ [guid]: [{ key, value }] }`; `presentExternalData` turns
 * that into what ServiceTitan answers, just before the response leaves.
 */
import { validationError } from './problem';
import type { SimRecord } from './store';

export type ExternalDataByGuid = Record<string, Array<{ key: string; value: string }>>;

const MAX_VALUES = 50;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Query keys this module answers, which the generic field filters must leave alone. */
export const EXTERNAL_DATA_QUERY_KEYS = ['externalDataApplicationGuid', 'externalDataKey', 'externalDataValues'];

interface ExternalDataRequest {
	applicationGuid: string;
	entries: Array<{ key: string; value: string | null }>;
	merge: boolean;
}

function readRequest(raw: unknown): ExternalDataRequest | undefined {
	if (raw === undefined || raw === null) return undefined;
	if (typeof raw !== 'object' || Array.isArray(raw))
		throw validationError({ externalData: ['externalData must be an object { applicationGuid, externalData: [{ key, value }] }.'] });
	const { applicationGuid, externalData, patchMode } = raw as { applicationGuid?: unknown; externalData?: unknown; patchMode?: unknown };
	if (typeof applicationGuid !== 'string' || !GUID.test(applicationGuid))
		throw validationError({ 'externalData.applicationGuid': ['The applicationGuid field is required and must be a GUID.'] });
	if (!Array.isArray(externalData)) throw validationError({ 'externalData.externalData': ['The externalData field is required.'] });
	const entries = externalData.map((entry, index) => {
		const { key, value } = (entry ?? {}) as { key?: unknown; value?: unknown };
		if (typeof key !== 'string' || key === '') throw validationError({ [`externalData.externalData[${index}].key`]: ['The key field is required.'] });
		return { key, value: value === null || value === undefined ? null : String(value) };
	});
	return { applicationGuid: applicationGuid.toLowerCase(), entries, merge: String(patchMode ?? 'Replace') === 'Merge' };
}

/** A create's `externalData` as the store keeps it. */
export function externalDataForCreate(raw: unknown): ExternalDataByGuid | null {
	const request = readRequest(raw);
	if (!request) return null;
	return { [request.applicationGuid]: request.entries.filter((e) => e.value !== null) as Array<{ key: string; value: string }> };
}

/** An update's `externalData` applied to what the record holds: the named GUID's pairs replaced or merged, others kept. */
export function externalDataForUpdate(current: unknown, raw: unknown): ExternalDataByGuid | undefined {
	const request = readRequest(raw);
	if (!request) return undefined;
	const stored = asStored(current);
	let pairs = request.merge ? [...(stored[request.applicationGuid] ?? [])] : [];
	for (const { key, value } of request.entries) {
		pairs = pairs.filter((pair) => pair.key !== key);
		if (value !== null) pairs.push({ key, value });
	}
	return { ...stored, [request.applicationGuid]: pairs };
}

/** The GUID a request names for external data: the query's, else the body's. */
export function requestedGuid(query: Record<string, string>, body: unknown): string | undefined {
	const fromQuery = query.externalDataApplicationGuid?.trim();
	if (fromQuery) return fromQuery.toLowerCase();
	const fromBody = (body as { externalData?: { applicationGuid?: unknown } } | undefined)?.externalData?.applicationGuid;
	return typeof fromBody === 'string' ? fromBody.toLowerCase() : undefined;
}

/** The list filter for `externalDataKey` (+ `externalDataValues`), or undefined when the query has none. */
export function externalDataFilter(query: Record<string, string>): ((record: SimRecord) => boolean) | undefined {
	const key = query.externalDataKey;
	if (!key) {
		if (query.externalDataValues) throw validationError({ externalDataKey: ['externalDataKey is required with externalDataValues.'] });
		return undefined;
	}
	const guid = query.externalDataApplicationGuid?.trim().toLowerCase();
	if (!guid || !GUID.test(guid)) throw validationError({ externalDataApplicationGuid: ['externalDataApplicationGuid (a GUID) is required with externalDataKey.'] });
	const values = (query.externalDataValues ?? '')
		.split(',')
		.map((value) => value.trim())
		.filter(Boolean);
	if (values.length > MAX_VALUES) throw validationError({ externalDataValues: [`The externalDataValues filter accepts at most ${MAX_VALUES} values.`] });
	const wanted = new Set(values);
	return (record) => (asStored(record.externalData)[guid] ?? []).some((pair) => pair.key === key && (wanted.size === 0 || wanted.has(pair.value)));
}

/** A response body with every record's external data shown as ServiceTitan shows it for `guid`. */
export function presentExternalData(body: unknown, guid: string | undefined): unknown {
	if (Array.isArray(body)) return body.map((record) => presentRecord(record, guid));
	if (!body || typeof body !== 'object') return body;
	const { data } = body as { data?: unknown };
	if (Array.isArray(data) && 'hasMore' in body) return { ...body, data: data.map((record) => presentRecord(record, guid)) };
	const presented = presentRecord(body, guid) as Record<string, unknown>;
	// A customer's create answers its new locations inside it.
	if (Array.isArray(presented.locations)) presented.locations = presented.locations.map((record) => presentRecord(record, guid));
	return presented;
}

function presentRecord(record: unknown, guid: string | undefined): unknown {
	if (!record || typeof record !== 'object' || !('externalData' in record)) return record;
	const stored = asStored((record as { externalData: unknown }).externalData);
	return { ...record, externalData: guid ? (stored[guid] ?? []) : null };
}

function asStored(value: unknown): ExternalDataByGuid {
	return value && typeof value === 'object' && !Array.isArray(value) ? (value as ExternalDataByGuid) : {};
}
