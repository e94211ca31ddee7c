import { NodeOperationError, type ILoadOptionsFunctions, type INodePropertyOptions } from 'n8n-workflow';
import type { OptionsSource } from '../catalog/curation';
import { findEntry } from '../catalog';
import { getClient } from '../helpers/connection';
import { toNodeError } from '../helpers/errors';
import type { ModuleKey } from '../transport';
import { customFieldTypeOptions } from './customFields';

/** Where each dropdown's values come from in the tenant. */
export const OPTIONS_SOURCES: Record<OptionsSource, { module: ModuleKey; path: string }> = {
	businessUnits: { module: 'settings', path: 'business-units' },
	callReasons: { module: 'jbce', path: 'call-reasons' },
	campaignCategories: { module: 'marketing', path: 'categories' },
	campaigns: { module: 'marketing', path: 'campaigns' },
	employees: { module: 'settings', path: 'employees' },
	equipmentTypes: { module: 'equipmentSystems', path: 'equipment-types' },
	jobCancelReasons: { module: 'jpm', path: 'job-cancel-reasons' },
	jobHoldReasons: { module: 'jpm', path: 'job-hold-reasons' },
	jobTypes: { module: 'jpm', path: 'job-types' },
	membershipTypes: { module: 'memberships', path: 'membership-types' },
	paymentTerms: { module: 'accounting', path: 'payment-terms' },
	paymentTypes: { module: 'accounting', path: 'payment-types' },
	projectStatuses: { module: 'jpm', path: 'project-statuses' },
	projectTypes: { module: 'jpm', path: 'project-types' },
	purchaseOrderTypes: { module: 'inventory', path: 'purchase-order-types' },
	tagTypes: { module: 'settings', path: 'tag-types' },
	taxZones: { module: 'accounting', path: 'tax-zones' },
	technicians: { module: 'settings', path: 'technicians' },
	userRoles: { module: 'settings', path: 'user-roles' },
	vendors: { module: 'inventory', path: 'vendors' },
};

interface NamedRecord {
	id: number | string;
	name?: string;
	active?: boolean;
}

function loader(source: OptionsSource) {
	return async function (this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const { module, path } = OPTIONS_SOURCES[source];
		try {
			const client = await getClient(this);
			const records = await client.getAll<NamedRecord>({ module, path, limit: 5000 });
			return records
				.filter((r) => r.active !== false)
				.map((r) => ({ name: r.name ? String(r.name) : `#${r.id}`, value: String(r.id) }))
				.sort((a, b) => a.name.localeCompare(b.name));
		} catch (error) {
			// An empty list must mean "none exist", so failures reach the user.
			throw toNodeError(this.getNode(), error);
		}
	};
}

export const loadOptions = {
	...(Object.fromEntries((Object.keys(OPTIONS_SOURCES) as OptionsSource[]).map((source) => [source, loader(source)])) as Record<
		OptionsSource,
		ReturnType<typeof loader>
	>),

	async customFieldTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const resource = this.getCurrentNodeParameter('resource') as string;
		const entry = findEntry(resource);
		if (!entry?.curation?.customFieldTypesPath) {
			throw new NodeOperationError(this.getNode(), `${entry?.resource.name ?? resource} records have no custom fields`);
		}
		try {
			return await customFieldTypeOptions(this, await getClient(this), entry);
		} catch (error) {
			throw toNodeError(this.getNode(), error);
		}
	},
};
