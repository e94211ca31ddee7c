import * as path from 'node:path';
import type { ResourceSpec } from '../../nodes/ServiceTitan/catalog/types';
import { FIXTURE_RESOURCES } from './fixture-catalog';

export type CatalogSource = 'generated' | 'fixture' | 'custom';

const GENERATED_CATALOG = path.resolve(__dirname, '../../nodes/ServiceTitan/catalog/generated/index');

let cached: { resources: ResourceSpec[]; source: CatalogSource } | undefined;

/**
 * The committed, generated catalog when it exists; otherwise the hand-written core fixture, so the
 * simulator keeps working on a checkout where the generator has not run yet. Required lazily because
 * the generated module is large and may not exist at compile time.
 */
export function loadCatalog(): { resources: ResourceSpec[]; source: CatalogSource } {
	if (cached) return cached;
	try {
		// eslint-disable-next-line @typescript-eslint/no-var-requires
		const generated = require(GENERATED_CATALOG) as { GENERATED_RESOURCES?: ResourceSpec[] };
		if (Array.isArray(generated.GENERATED_RESOURCES) && generated.GENERATED_RESOURCES.length > 0) {
			cached = { resources: generated.GENERATED_RESOURCES, source: 'generated' };
			return cached;
		}
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		const missing = code === 'MODULE_NOT_FOUND' && String((error as Error).message).includes('catalog/generated');
		if (!missing) throw error;
	}
	cached = { resources: FIXTURE_RESOURCES, source: 'fixture' };
	return cached;
}
