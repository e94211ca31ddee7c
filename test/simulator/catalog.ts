import { GENERATED_RESOURCES } from '../../nodes/ServiceTitan/catalog/generated';
import type { ResourceSpec } from '../../nodes/ServiceTitan/catalog/types';

export type CatalogSource = 'generated' | 'custom';

/** The committed catalog the simulator routes by default: every operation the nodes can send. */
export function loadCatalog(): { resources: ResourceSpec[]; source: CatalogSource } {
	return { resources: GENERATED_RESOURCES, source: 'generated' };
}
