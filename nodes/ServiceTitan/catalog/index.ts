import { GENERATED_RESOURCES } from './generated';
import { CURATED_RESOURCES } from './curated';
import type { ResourceCuration } from './curation';
import type { OperationSpec, ResourceSpec } from './types';

export interface CatalogEntry {
	resource: ResourceSpec;
	curation?: ResourceCuration;
}

/** Every resource the action node offers: the generated catalog with its curation applied. */
export const CATALOG: CatalogEntry[] = GENERATED_RESOURCES.map((resource) => {
	const curation = CURATED_RESOURCES[resource.value];
	return { resource: curation?.name ? { ...resource, name: curation.name } : resource, curation };
});

const byValue = new Map(CATALOG.map((entry) => [entry.resource.value, entry]));

export function findEntry(resourceValue: string): CatalogEntry | undefined {
	return byValue.get(resourceValue);
}

export function findOperation(resourceValue: string, operationValue: string): { entry: CatalogEntry; operation: OperationSpec } | undefined {
	const entry = byValue.get(resourceValue);
	const operation = entry?.resource.operations.find((op) => op.value === operationValue);
	return entry && operation ? { entry, operation } : undefined;
}

export type { ResourceSpec, OperationSpec } from './types';
