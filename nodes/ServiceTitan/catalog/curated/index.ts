import type { ResourceCuration } from '../curation';
import { CRM_CURATION } from './crm';
import { INVENTORY_CURATION } from './inventory';
import { JOB_CURATION } from './jobs';
import { SALES_CURATION } from './sales';
import { SETTINGS_CURATION } from './settings';

/** First-class resources: resource value → curation. See ../curation.ts for what each knob does. */
export const CURATED_RESOURCES: Record<string, ResourceCuration> = {
	...CRM_CURATION,
	...JOB_CURATION,
	...SALES_CURATION,
	...INVENTORY_CURATION,
	...SETTINGS_CURATION,
};
