import type { PagedResponse } from './types';

/** Field names come from the report's owner: never let one reach the prototype. */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The records of a page. Report data comes as positional rows plus `fields`; those become records
 * keyed by field name, so every caller (and every n8n item) gets objects. Other pages pass through.
 */
export function pageRecords<T>(response: PagedResponse<T> | undefined): T[] {
	const data = Array.isArray(response?.data) ? response.data : [];
	const fields = response?.fields;
	if (!Array.isArray(fields) || !data.some((row) => Array.isArray(row))) return data;
	return data.map((row) => {
		if (!Array.isArray(row)) return row;
		const record: Record<string, unknown> = {};
		fields.forEach((field, index) => {
			if (!UNSAFE_KEYS.has(field.name)) record[field.name] = row[index];
		});
		return record as T;
	});
}
