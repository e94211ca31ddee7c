/**
 * Operations ServiceTitan lacks: a resource that holds records but has no Get by ID, Update or Delete. The gaps come
 * from the catalog; what to use instead is curated advice (ResourceCuration `missing`) or a default derived here,
 * so every such resource gets one notice, shown under each of its operations, from one rule.
 */
import type { CatalogEntry } from './index';
import type { ResourceSpec } from './types';

export type MissingOperation = 'get' | 'update' | 'delete';

const OPERATION_LABELS: Record<MissingOperation, string> = { get: 'Get by ID', update: 'Update', delete: 'Delete' };

/** A resource whose records are listed (a paged list or an export feed), so reading one, changing or removing it is expected. */
function holdsRecords(resource: ResourceSpec): boolean {
	return resource.operations.some((op) => op.method === 'GET' && (op.paged || op.export));
}

/** The operations among Get by ID, Update and Delete the resource lacks (none for resources that hold no records). */
export function missingOperations(resource: ResourceSpec): MissingOperation[] {
	if (!holdsRecords(resource)) return [];
	const values = new Set(resource.operations.map((op) => op.value));
	return (Object.keys(OPERATION_LABELS) as MissingOperation[]).filter((value) => !values.has(value));
}

/** What to use instead when no curation says: the list's IDs filter, deactivating through Update, or ServiceTitan itself. */
function defaultAdvice(resource: ResourceSpec, missing: MissingOperation): string {
	if (missing === 'get') {
		const getMany = resource.operations.find((op) => op.value === 'getAll' && op.method === 'GET');
		if (getMany?.query.some((field) => field.name === 'ids')) return 'use Get Many with the IDs filter (up to 50 IDs)';
		return getMany ? 'use Get Many with its filters' : 'list them with the operations below and pick the record by its ID';
	}
	const update = resource.operations.find((op) => op.value === 'update');
	if (missing === 'delete' && update?.body?.fields.some((field) => field.name === 'active')) return 'use Update with Active set to false to deactivate one';
	return 'manage them in ServiceTitan itself';
}

/**
 * The notice for a resource's missing operations: one sentence per distinct advice, naming the operations it covers
 * ("ServiceTitan has no Update or Delete for these records: manage them in ServiceTitan itself."); the notice shows
 * under the resource, so it does not name it, and resources with the same gaps and advice share one notice. Undefined when
 * nothing is missing.
 */
export function missingOperationsNotice({ resource, curation }: CatalogEntry): string | undefined {
	const missing = missingOperations(resource);
	if (!missing.length) return undefined;
	const byAdvice = new Map<string, MissingOperation[]>();
	for (const operation of missing) {
		const advice = curation?.missing?.[operation] ?? defaultAdvice(resource, operation);
		byAdvice.set(advice, [...(byAdvice.get(advice) ?? []), operation]);
	}
	return [...byAdvice]
		.map(([advice, operations]) => {
			const labels = operations.map((operation) => OPERATION_LABELS[operation]);
			const named = labels.length > 1 ? `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}` : labels[0];
			return `ServiceTitan has no ${named} for these records: ${advice}.`;
		})
		.join(' ');
}
