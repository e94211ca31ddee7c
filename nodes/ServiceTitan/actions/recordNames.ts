import type { IExecuteFunctions } from 'n8n-workflow';
import type { FieldCuration } from '../catalog/curation';
import { RECORD_DROPDOWNS, RECORD_PICKERS, type ListRequest } from '../catalog/pickers';
import { activeRecords, type NamedRecord } from '../helpers/namedRecords';
import type { ValueConverter } from '../model/converter';
import type { ServiceTitanClient } from '../transport';

/** How many valid names an error lists before it says how many more there are. */
const LISTED_NAMES = 20;

interface NamedList {
	/** Business Unit, Technician: what one record is called. */
	label: string;
	plural: string;
	list: ListRequest;
}

/**
 * Where a field that asks for an ID also takes a name: a dropdown's field (its list), and a record picker's field
 * whose records form a short list (a dropdown of the same resource, or a picker that reads its whole list). Customers,
 * locations and jobs are not: their lists are too long to read for a name (Find looks them up).
 */
function namedListOf(curation: FieldCuration): NamedList | undefined {
	const dropdown = RECORD_DROPDOWNS.get(curation.optionsSource ?? curation.multiOptionsSource ?? curation.locator ?? '');
	if (dropdown) return { label: dropdown.label, plural: dropdown.pluralLabel, list: dropdown.list };
	const picker = curation.locator ? RECORD_PICKERS.get(curation.locator) : undefined;
	if (picker?.picker.searchHere && !picker.picker.textIds && !picker.list.path.includes('{')) {
		return { label: picker.label, plural: `${picker.label} records`, list: picker.list };
	}
	return undefined;
}

/** One list read per dropdown list per node run (an execution, or one tool call), shared by its items. */
const listsOfRun = new WeakMap<object, Map<string, Promise<NamedRecord[]>>>();

function recordsOf(ctx: IExecuteFunctions, client: ServiceTitanClient, list: ListRequest, path: string): Promise<NamedRecord[]> {
	let lists = listsOfRun.get(ctx);
	if (!lists) listsOfRun.set(ctx, (lists = new Map()));
	const key = `${list.module} ${path} ${JSON.stringify(list.query ?? {})}`;
	let records = lists.get(key);
	if (!records) {
		records = activeRecords(client, list, path);
		// A failed read is not kept: the next item asks again (through the client's retries).
		records.catch(() => lists.delete(key));
		lists.set(key, records);
	}
	return records;
}

const isId = (text: string) => /^\d+$/.test(text);

/**
 * A value entered for an ID field with its names replaced by the IDs they name (case-insensitive, among the active
 * records the field's dropdown lists). An ID, an empty value or a field that takes no names is returned as it came.
 * An unknown or ambiguous name fails naming the field, the item and the valid names.
 */
export async function namesToIds(
	ctx: IExecuteFunctions,
	client: ServiceTitanClient,
	curation: FieldCuration,
	raw: unknown,
	convert: ValueConverter,
	label: string,
	itemIndex: number,
): Promise<unknown> {
	const source = namedListOf(curation);
	if (!source) return raw;
	const multi = Boolean(curation.multiOptionsSource);
	const values = multi ? (Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [raw]) : [raw];
	const names = values.filter((value): value is string => typeof value === 'string' && value.trim() !== '' && !isId(value.trim()));
	if (!names.length) return raw;
	const path = source.list.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
		encodeURIComponent(String(ctx.getNodeParameter(name, itemIndex, '', { extractValue: true }))),
	);
	const records = await recordsOf(ctx, client, source.list, path);
	const idOf = (name: string) => {
		const wanted = name.trim().toLowerCase();
		const matches = records.filter(
			(record) =>
				String(record.name ?? '')
					.trim()
					.toLowerCase() === wanted,
		);
		if (matches.length === 1) return String(matches[0].id);
		if (matches.length > 1) {
			convert.fail(label, `"${name.trim()}" names ${matches.length} ${source.plural.toLowerCase()} (IDs ${matches.map((record) => record.id).join(', ')}): give the ID`);
		}
		const valid = [...new Set(records.map((record) => String(record.name ?? '')).filter(Boolean))].sort((a, b) => a.localeCompare(b));
		const listed = valid.slice(0, LISTED_NAMES).join(', ') + (valid.length > LISTED_NAMES ? ` … and ${valid.length - LISTED_NAMES} more` : '');
		convert.fail(label, `no active ${source.label.toLowerCase()} is named "${name.trim()}"; give an ID or one of: ${listed || 'none exist'}`);
	};
	const resolved = values.map((value) => (typeof value === 'string' && names.includes(value) ? idOf(value) : value));
	// A comma-separated list stays one: the list's own converter reads it as it would have read the IDs.
	if (multi) return typeof raw === 'string' ? resolved.join(', ') : resolved;
	return resolved[0];
}
