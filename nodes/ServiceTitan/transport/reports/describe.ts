import { getAll } from '../paging';
import type { Requester } from '../types';
import { reportKey, reportPath, type ReportRef } from './ref';

/**
 * ServiceTitan's description of a report (Reporting `ReportResponse`): its input parameters and output fields.
 * The report's owner may edit it at any time, so it is read when the editor builds the parameter form and again
 * when a run checks the parameters it was saved with.
 */
export type ReportDataType = 'String' | 'Number' | 'Boolean' | 'Date' | 'Time';

export interface ReportAcceptValues {
	/** The key column, then the display column of each row of allowed values. */
	fields: Array<{ name: string; label: string }>;
	/** Allowed values come from `dynamic-value-sets/{dynamicSetId}` (business units, technicians …). */
	dynamicSetId?: string | null;
	/** A fixed list of allowed values: rows aligned to `fields`. */
	values?: unknown[][] | null;
}

export interface ReportParameterDescription {
	name: string;
	label: string;
	dataType: ReportDataType;
	isArray: boolean;
	isRequired: boolean;
	acceptValues?: ReportAcceptValues | null;
}

export interface ReportDescription {
	id: number;
	name: string;
	description?: string | null;
	modifiedOn?: string;
	parameters: ReportParameterDescription[];
	fields: Array<{ name: string; label: string; dataType?: ReportDataType }>;
}

export async function fetchReportDescription(client: Requester, report: ReportRef): Promise<ReportDescription> {
	const description = await client.request<ReportDescription>({ module: 'reporting', method: 'GET', path: reportPath(report) });
	return { ...description, parameters: Array.isArray(description?.parameters) ? description.parameters : [] };
}

export interface AllowedValue {
	value: string | number | boolean;
	name: string;
}

/** Most allowed-value sets are short (business units, technicians); this bounds a runaway one. */
const MAX_ALLOWED_VALUES = 5000;

/**
 * A parameter's allowed values, from its fixed list or its dynamic value set: each row is the key, then the display
 * name (the key when the row has no second column). Undefined when any value is allowed.
 */
export async function fetchAllowedValues(client: Requester, parameter: ReportParameterDescription): Promise<AllowedValue[] | undefined> {
	const accept = parameter.acceptValues;
	if (!accept) return undefined;
	let rows: unknown[][] | undefined;
	if (Array.isArray(accept.values) && accept.values.length > 0) rows = accept.values;
	else if (accept.dynamicSetId) {
		// The transport keys positional rows by the set's field names ({ Value, Name }); back to [key, name].
		const records = await getAll<unknown>(client, {
			module: 'reporting',
			path: `dynamic-value-sets/${encodeURIComponent(accept.dynamicSetId)}`,
			limit: MAX_ALLOWED_VALUES,
		});
		rows = records.map((record) => (Array.isArray(record) ? record : record && typeof record === 'object' ? Object.values(record) : [record]));
	}
	if (!rows) return undefined;
	return rows
		.filter((row) => Array.isArray(row) && row.length > 0 && row[0] !== null && row[0] !== undefined)
		.map((row) => {
			const key = row[0];
			const value = typeof key === 'number' || typeof key === 'boolean' ? key : String(key);
			return { value, name: row.length > 1 && row[1] !== null && row[1] !== undefined ? String(row[1]) : String(key) };
		});
}

/** One read per report and execution: every item of a run checks its parameters against the same description. */
const descriptionsByClient = new WeakMap<Requester, Map<string, Promise<ReportDescription>>>();

export function describeOnce(client: Requester, ref: ReportRef): Promise<ReportDescription> {
	let cache = descriptionsByClient.get(client);
	if (!cache) descriptionsByClient.set(client, (cache = new Map()));
	const key = reportKey(ref);
	let description = cache.get(key);
	if (!description) {
		description = fetchReportDescription(client, ref);
		// A failed read is not kept: the next item (or Retry On Fail) asks again.
		description.catch(() => cache.delete(key));
		cache.set(key, description);
	}
	return description;
}
