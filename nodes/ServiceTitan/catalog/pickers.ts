/**
 * Record pickers and dropdowns, derived from their curation (curated/pickers.ts) and the catalog: which
 * records a picker searches, where a dropdown's options come from, which fields get them everywhere, and
 * the method names the editor calls them by.
 */
import type { ModuleKey } from '../api';
import { CATALOG, type CatalogEntry } from './index';
import { RECORD_DROPDOWNS_CURATION, RECORD_PICKERS_CURATION } from './curated/pickers';
import { SHAPE_CONVENTIONS, type ApiRecord, type FieldCuration, type ListSource, type RecordDropdown, type RecordPicker } from './curation';

/** Where records are listed: the module and path (with `{placeholders}` filled from other parameters) and a fixed query. */
export interface ListRequest extends ListSource {
	module: ModuleKey;
}

export interface PickerEntry {
	/** The resource (value) whose records are picked. */
	resource: string;
	/** What the record is called: Customer, Business Unit. */
	label: string;
	/** `methods.listSearch` method of the From List mode: searchCustomers. */
	method: string;
	list: ListRequest;
	picker: RecordPicker;
	/** How a record reads in the list. */
	title(record: ApiRecord): string;
}

export interface DropdownEntry {
	resource: string;
	label: string;
	/** Plural of the label, for a multi-select: Tag Types. */
	pluralLabel: string;
	/** `methods.loadOptions` method: jobTypes. */
	method: string;
	list: ListRequest;
	dropdown: RecordDropdown;
}

/** `Name (#id)`: how most records read in a list. */
export const nameAndId = (record: ApiRecord): string => `${record.name} (#${record.id})`;

/** `Business Units` → `BusinessUnits`. */
const compact = (words: string): string => words.replace(/\s+(\w)/g, (_, c: string) => c.toUpperCase()).replace(/\s+/g, '');

function listRequest(entry: CatalogEntry, source: ListSource | undefined): ListRequest {
	if (source) return { module: entry.resource.module, ...source };
	const getMany = entry.resource.operations.find((op) => op.value === 'getAll' && op.method === 'GET');
	if (!getMany) throw new Error(`${entry.resource.value} has a picker or dropdown but no Get Many to list its records: give it a list path`);
	return { module: entry.resource.module, path: getMany.path };
}

/** A picker's node version, for a field curation: absent when it holds in every version. */
export const sinceOf = (picker: RecordPicker): Pick<FieldCuration, 'since'> => (picker.since ? { since: picker.since } : {});

export interface Pickers {
	pickers: Map<string, PickerEntry>;
	dropdowns: Map<string, DropdownEntry>;
	/** Field name → what it is in every operation: a picker, a dropdown, or a fixed-collection shape. */
	conventions: Record<string, FieldCuration>;
}

/** The pickers and dropdowns of a catalog; a field one names must be picked or listed the same way everywhere. */
export function derivePickers(
	entries: CatalogEntry[],
	pickerCuration: Record<string, RecordPicker> = RECORD_PICKERS_CURATION,
	dropdownCuration: Record<string, RecordDropdown> = RECORD_DROPDOWNS_CURATION,
): Pickers {
	const known = new Set(entries.map((entry) => entry.resource.value));
	for (const value of [...Object.keys(pickerCuration), ...Object.keys(dropdownCuration)]) {
		if (!known.has(value)) throw new Error(`A picker or dropdown names ${value}, which is no resource of the catalog`);
	}
	const pickers = new Map<string, PickerEntry>();
	const dropdowns = new Map<string, DropdownEntry>();
	const conventions: Record<string, FieldCuration> = { ...SHAPE_CONVENTIONS };
	const claim = (field: string, curation: FieldCuration) => {
		if (conventions[field]) throw new Error(`Field ${field} is claimed by two pickers or dropdowns`);
		conventions[field] = curation;
	};
	for (const entry of entries) {
		const { resource } = entry;
		const picker = pickerCuration[resource.value];
		if (picker) {
			pickers.set(resource.value, {
				resource: resource.value,
				label: resource.name,
				method: `search${compact(resource.plural)}`,
				list: listRequest(entry, picker.list),
				picker,
				title: picker.title ?? nameAndId,
			});
			for (const field of picker.fields ?? [`${resource.value}Id`]) claim(field, { displayName: resource.name, locator: resource.value, ...sinceOf(picker) });
		}
		const dropdown = dropdownCuration[resource.value];
		if (dropdown) {
			const method = compact(resource.plural);
			dropdowns.set(resource.value, {
				resource: resource.value,
				label: resource.name,
				pluralLabel: resource.plural,
				method: method.charAt(0).toLowerCase() + method.slice(1),
				list: listRequest(entry, dropdown.list),
				dropdown,
			});
			for (const field of dropdown.fields ?? []) claim(field, { displayName: `${resource.name} Name or ID`, optionsSource: resource.value });
			for (const field of dropdown.multiFields ?? []) claim(field, { displayName: `${resource.name} Names or IDs`, multiOptionsSource: resource.value });
		}
	}
	return { pickers, dropdowns, conventions };
}

const CATALOG_PICKERS = derivePickers(CATALOG);

/** The action node's record pickers, by the resource whose records they pick. */
export const RECORD_PICKERS = CATALOG_PICKERS.pickers;
/** The action node's dropdowns filled from the tenant, by the resource whose records they list. */
export const RECORD_DROPDOWNS = CATALOG_PICKERS.dropdowns;
/** What a field of this name is in every operation (a picker, a dropdown, a shape), before any curation of the field. */
export const GLOBAL_FIELD_CONVENTIONS = CATALOG_PICKERS.conventions;

export function pickerOf(resource: string): PickerEntry {
	const entry = RECORD_PICKERS.get(resource);
	if (!entry) throw new Error(`No record picker for ${resource}: give its curation a picker`);
	return entry;
}

export function dropdownOf(resource: string): DropdownEntry {
	const entry = RECORD_DROPDOWNS.get(resource);
	if (!entry) throw new Error(`No dropdown of ${resource} records: give its curation a dropdown`);
	return entry;
}
