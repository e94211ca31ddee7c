import type { IDataObject } from 'n8n-workflow';
import { ServiceTitanError } from '../transport';

/** Keep the named fields, in that order, when present. */
export function simplifyRecord(record: IDataObject, fields: string[]): IDataObject {
	const result: IDataObject = {};
	for (const field of fields) if (record[field] !== undefined) result[field] = record[field];
	return result;
}

/**
 * An API answer as records: arrays as they are, an object as one record, an empty answer (204, a
 * DELETE) as `{ deleted: true }` or `{ success: true }`, a bare value wrapped.
 */
export function responseRecords(response: unknown, deleted: boolean): IDataObject[] {
	if (response === undefined || response === null || response === '') return [deleted ? { deleted: true } : { success: true }];
	if (Array.isArray(response)) return response as IDataObject[];
	if (typeof response !== 'object') return [{ value: response as string | number | boolean }];
	return [response as IDataObject];
}

/**
 * What a get answer must be: a record (object) or a list. An empty body, `null`, a bare string or
 * number is not what ServiceTitan sends for a record, so it is an error quoting what came back,
 * never an empty item and a success.
 */
export function expectRecord(response: unknown, path: string): void {
	if (response && typeof response === 'object') return;
	const what = response === undefined || response === '' ? 'an empty answer' : `${JSON.stringify(response).slice(0, 60)}`;
	throw new ServiceTitanError('response', `ServiceTitan answered GET ${path} with ${what} instead of a record`);
}
