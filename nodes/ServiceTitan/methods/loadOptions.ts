import { NodeOperationError, type ILoadOptionsFunctions, type INodePropertyOptions } from 'n8n-workflow';
import { findEntry } from '../catalog';
import { RECORD_DROPDOWNS, type DropdownEntry } from '../catalog/pickers';
import { getClient } from '../helpers/connection';
import { toNodeError } from '../helpers/errors';
import { activeRecords } from '../helpers/namedRecords';
import { customFieldTypeOptions } from './customFields';
import { listPath } from './lists';
import { API_AREAS_METHOD, MODULE_OPTIONS } from '../actions/customApiCall';

/** The options of one dropdown: the active records of its resource, by name. */
function loader(entry: DropdownEntry) {
	return async function (this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		try {
			const path = listPath(this, entry.list.path);
			const client = await getClient(this);
			const records = await activeRecords(client, entry.list, path);
			return records.map((r) => ({ name: r.name ? String(r.name) : `#${r.id}`, value: String(r.id) })).sort((a, b) => a.name.localeCompare(b.name));
		} catch (error) {
			// An empty list must mean "none exist", so failures reach the user.
			throw toNodeError(this.getNode(), error);
		}
	};
}

type Loader = (this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]>;

export const loadOptions: Record<string, Loader> = {
	/** One loader per dropdown of the catalog, under the method name its fields name (jobTypes …). */
	...Object.fromEntries([...RECORD_DROPDOWNS.values()].map((entry) => [entry.method, loader(entry)])),

	/** The API areas of n8n's injected Custom API Call (actions/customApiCall.ts). */
	async [API_AREAS_METHOD](): Promise<INodePropertyOptions[]> {
		return MODULE_OPTIONS;
	},

	async customFieldTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const resource = this.getCurrentNodeParameter('resource') as string;
		const entry = findEntry(resource);
		if (!entry?.curation?.customFieldTypesPath) {
			throw new NodeOperationError(this.getNode(), `${entry?.resource.name ?? resource} records have no custom fields`);
		}
		try {
			return await customFieldTypeOptions(await getClient(this), entry);
		} catch (error) {
			throw toNodeError(this.getNode(), error);
		}
	},
};
