import type { IDataObject } from 'n8n-workflow';
import { CATALOG } from '../catalog';
import { LIST_CHANGE_FILTERS, type ListChangeFilter } from '../catalog/curated/triggerEvents';
import type { OperationSpec, ResourceSpec } from '../catalog/types';

/** An export feed the trigger can follow. */
export interface ExportFeed {
	kind: 'export';
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
	return [{ kind: 'export' as const, value: resource.value, name: resource.plural, resource, operation, listOperation }];
}).sort((a, b) => a.name.localeCompare(b.name));

/** A list endpoint the trigger polls by modification (or creation) time, for records without an export feed. */
export interface ListFeed {
	kind: 'list';
	value: string;
	name: string;
	resource: ResourceSpec;
	/** The resource's Get Many. */
	operation: OperationSpec;
	filter: ListChangeFilter;
	/** Whether the list takes `active` (then `active=Any`, so deactivations are seen). */
	hasActiveFilter: boolean;
}

/**
 * The list's change filter from its query: `modifiedOnOrAfter`, else `createdOnOrAfter` (records only
 * created, never seen changing), else a curated one. Sorted by the same field where the list sorts.
 */
function changeFilterOf(resource: ResourceSpec, operation: OperationSpec): ListChangeFilter | undefined {
	const names = new Set(operation.query.map((field) => field.name));
	const sortable = names.has('sort');
	if (names.has('modifiedOnOrAfter')) return { query: 'modifiedOnOrAfter', field: 'modifiedOn', sort: sortable ? 'ModifiedOn' : undefined };
	if (names.has('createdOnOrAfter')) return { query: 'createdOnOrAfter', field: 'createdOn', sort: sortable ? 'CreatedOn' : undefined, createOnly: true };
	const curated = LIST_CHANGE_FILTERS[resource.value];
	return curated && names.has(curated.query) ? curated : undefined;
}

/** Every resource without an export feed whose Get Many can be asked for what changed since an instant. */
export const LIST_FEEDS: ListFeed[] = CATALOG.flatMap(({ resource }) => {
	if (exportOperationOf(resource)) return [];
	const operation = resource.operations.find((op) => op.value === 'getAll' && op.method === 'GET' && op.paged && op.pathParams.length === 0);
	const filter = operation && changeFilterOf(resource, operation);
	if (!operation || !filter) return [];
	const hasActiveFilter = operation.query.some((field) => field.name === 'active');
	return [{ kind: 'list' as const, value: resource.value, name: resource.plural, resource, operation, filter, hasActiveFilter }];
}).sort((a, b) => a.name.localeCompare(b.name));

export type TriggerFeed = ExportFeed | ListFeed;

/** What the Resource dropdown offers: export feeds and polled lists, by name. */
export const TRIGGER_FEEDS: TriggerFeed[] = [...EXPORT_FEEDS, ...LIST_FEEDS].sort((a, b) => a.name.localeCompare(b.name));

const byValue = new Map(TRIGGER_FEEDS.map((feed) => [feed.value, feed]));

export function findFeed(value: string): TriggerFeed | undefined {
	return byValue.get(value);
}

/** The record's identity within its feed (`id`, or the feed's key fields from the catalog), or undefined when it has none. */
export function identityOf(feed: TriggerFeed, record: IDataObject): string | undefined {
	const fields = record.id !== undefined && record.id !== null ? ['id'] : feed.kind === 'export' ? feed.operation.identity : undefined;
	if (!fields) return undefined;
	const values = fields.map((field) => record[field]);
	if (values.some((value) => value === undefined || value === null)) return undefined;
	return values.map(String).join('|');
}
