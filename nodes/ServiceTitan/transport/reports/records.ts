import type { PagedResponse } from '../types';
import type { ReportField } from './ref';

/** Field names come from the report's owner: never let one reach the prototype. */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Keys for a report's columns: the field names, or the labels (falling back to the name, and made unique with
 * the name when two columns share a label).
 */
export function reportColumnKeys(fields: ReportField[], keyBy: 'name' | 'label'): string[] {
	if (keyBy === 'name') return fields.map((field) => field.name);
	const labels = fields.map((field) => (typeof field.label === 'string' && field.label.trim() ? field.label.trim() : field.name));
	const counts = new Map<string, number>();
	for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
	return labels.map((label, index) => ((counts.get(label) ?? 0) > 1 ? `${label} (${fields[index].name})` : label));
}

/** Positional rows as records keyed by `keys` (see reportColumnKeys). */
export function reportRecords(keys: string[], rows: unknown[][]): Array<Record<string, unknown>> {
	return rows.map((row) => rowRecord(keys, row));
}

/**
 * The records of a list page. Report data (a dynamic value set's too) comes as positional rows plus `fields`;
 * those become records keyed by field name, so every caller (and every n8n item) gets objects. Other pages pass
 * through.
 */
export function pageRecords<T>(response: PagedResponse<T> | undefined): T[] {
	const data = Array.isArray(response?.data) ? response.data : [];
	const fields = response?.fields;
	if (!Array.isArray(fields) || !data.some((row) => Array.isArray(row))) return data;
	const keys = fields.map((field) => field.name);
	return data.map((row) => (Array.isArray(row) ? (rowRecord(keys, row) as T) : row));
}

/** The one conversion of a positional row into a record. */
function rowRecord(keys: string[], row: unknown[]): Record<string, unknown> {
	const record: Record<string, unknown> = {};
	keys.forEach((key, index) => {
		if (!UNSAFE_KEYS.has(key)) record[key] = row[index];
	});
	return record;
}
