import type { IDataObject } from 'n8n-workflow';
import { CATALOG } from '../catalog';
import type { OperationSpec, ResourceSpec } from '../catalog/types';

/** An export feed the trigger can follow. */
export interface ExportFeed {
	/** The resource value; stable, stored in workflows. */
	value: string;
	/** Plural display name, e.g. "Jobs". */
	name: string;
	resource: ResourceSpec;
	operation: OperationSpec;
	/** A list operation to sample recent records from in manual mode. */
	listOperation?: OperationSpec;
}

/** Prefer the current `export/...` route where a legacy one also exists (estimates). */
function exportOperationOf(resource: ResourceSpec): OperationSpec | undefined {
	const exports = resource.operations.filter((op) => op.export && op.method === 'GET');
	return exports.find((op) => op.path.startsWith('export/')) ?? exports[0];
}

export const EXPORT_FEEDS: ExportFeed[] = CATALOG.flatMap(({ resource }) => {
	const operation = exportOperationOf(resource);
	if (!operation) return [];
	const listOperation = resource.operations.find((op) => op.value === 'getAll' && op.paged && op.pathParams.length === 0);
	return [{ value: resource.value, name: resource.plural, resource, operation, listOperation }];
}).sort((a, b) => a.name.localeCompare(b.name));

const byValue = new Map(EXPORT_FEEDS.map((feed) => [feed.value, feed]));

export function findFeed(value: string): ExportFeed | undefined {
	return byValue.get(value);
}

/**
 * What identifies a record of the feeds whose records have no `id` (from their OpenAPI schemas:
 * Jpm.V2.ExportJobHistoryResponse, the technician-ratings and payroll-settings export responses).
 */
const IDENTITY_FIELDS: Record<string, readonly string[]> = {
	'export/job-history': ['jobId'],
	'export/technician-ratings': ['technicianId', 'jobId'],
	'export/payroll-settings': ['employeeId'],
};

/** The record's identity within its feed (`id`, or the feed's key fields), or undefined when it has none. */
export function identityOf(feed: ExportFeed, record: IDataObject): string | undefined {
	const fields = record.id !== undefined && record.id !== null ? ['id'] : IDENTITY_FIELDS[feed.operation.path];
	if (!fields) return undefined;
	const values = fields.map((field) => record[field]);
	if (values.some((value) => value === undefined || value === null)) return undefined;
	return values.map(String).join('|');
}
