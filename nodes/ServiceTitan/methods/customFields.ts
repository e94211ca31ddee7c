import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';
import type { CatalogEntry } from '../catalog';
import type { ValueConverter } from '../model/converter';
import type { ServiceTitanClient } from '../transport';

interface CustomFieldType {
	id: number;
	name: string;
	dataType?: string;
}

async function fetchCustomFieldTypes(client: ServiceTitanClient, entry: CatalogEntry): Promise<CustomFieldType[]> {
	const path = entry.curation?.customFieldTypesPath;
	if (!path) return [];
	return client.getAll<CustomFieldType>({ module: entry.resource.module, path, query: entry.curation?.customFieldTypesQuery });
}

export async function customFieldTypeOptions(client: ServiceTitanClient, entry: CatalogEntry): Promise<INodePropertyOptions[]> {
	const types = await fetchCustomFieldTypes(client, entry);
	return types.map((t) => ({ name: t.name, value: String(t.id), description: t.dataType })).sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Custom fields are entered by name (or type ID); ServiceTitan wants `{ typeId, value }`.
 * A name that matches no custom field type of the tenant is an error, not a silent drop.
 */
export async function resolveCustomFieldIds(
	client: ServiceTitanClient,
	entry: CatalogEntry,
	fields: Array<{ name: string; value: unknown }>,
	convert: ValueConverter,
	label: string,
): Promise<IDataObject[]> {
	const needsLookup = fields.some((f) => !/^\d+$/.test(String(f.name).trim()));
	const types = needsLookup ? await fetchCustomFieldTypes(client, entry) : [];
	return fields.map((field) => {
		const key = String(field.name ?? '').trim();
		if (!key) convert.fail(label, 'a custom field needs a name or type ID');
		if (/^\d+$/.test(key)) return { typeId: Number(key), value: field.value as string };
		const match = types.find((t) => t.name.toLowerCase() === key.toLowerCase());
		if (!match) {
			const known = types
				.map((t) => t.name)
				.slice(0, 20)
				.join(', ');
			convert.fail(label, `no custom field named "${key}" exists for ${entry.resource.name.toLowerCase()}s in this tenant${known ? ` (known: ${known})` : ''}`);
		}
		return { typeId: match.id, value: field.value as string };
	});
}
