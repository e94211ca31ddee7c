import type { ResourceCuration } from '../curation';

/** First-class resources: resource value → curation. See ../curation.ts for what each knob does. */
export const CURATED_RESOURCES: Record<string, ResourceCuration> = {
	customer: {
		notice: 'ServiceTitan has no Delete for customers: use Update with Active set to false to deactivate one.',
		simplify: ['id', 'name', 'type', 'active', 'balance', 'address', 'customFields', 'createdOn', 'modifiedOn', 'mergedToId'],
		customFieldTypesPath: 'customers/custom-fields',
	},
};
