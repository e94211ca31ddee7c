import type { INodeProperties } from 'n8n-workflow';
import type { FieldCuration } from '../catalog/curation';
import { dropdownOf } from '../catalog/pickers';
import type { FieldSpec, FieldType } from '../catalog/types';
import type { ValueConverter } from './converter';

/**
 * How one value is entered and sent, by kind: the n8n property the editor shows (without name, display
 * name and description) and the converter from what the user entered to what ServiceTitan expects. The
 * renderer and the executor both read this table, so a kind cannot be shown one way and read another.
 */
export interface ValueKindSpec {
	property(field: FieldSpec, curation: FieldCuration): INodeProperties;
	/** Undefined leaves the field out of the request. `value` is neither undefined nor null. */
	convert(convert: ValueConverter, label: string, field: FieldSpec, value: unknown): unknown;
}

/** A value's kind: a dropdown or fixed choices where the curation says so, else the field's wire type. */
export type ValueKind = FieldType | 'dropdown' | 'multiDropdown' | 'choice';

export function valueKind(field: FieldSpec, curation: FieldCuration): ValueKind {
	if (curation.optionsSource) return 'dropdown';
	if (curation.multiOptionsSource) return 'multiDropdown';
	if (curation.options?.length) return 'choice';
	return field.type;
}

const LIST_HINT = 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>';

/** Passwords (e.g. a new technician's login) are masked in the editor like credentials. */
const SECRET_FIELD = /^(password|secret|clientSecret|apiKey)$/i;

const base = { displayName: '', name: '' };
const sortedOptions = (values: string[]) => values.map((value) => ({ name: value, value })).sort((a, b) => a.name.localeCompare(b.name));
const textOrUnset = (value: unknown) => (value === '' ? undefined : value);

export const VALUE_KINDS: Record<ValueKind, ValueKindSpec> = {
	string: {
		property: (field) =>
			SECRET_FIELD.test(field.name) ? { ...base, type: 'string', typeOptions: { password: true }, default: '' } : { ...base, type: 'string', default: '' },
		convert: (_, __, ___, value) => textOrUnset(value),
	},
	number: {
		property: () => ({ ...base, type: 'number', default: 0 }),
		convert: (c, label, field, value) => c.number(label, value, field.integer),
	},
	boolean: {
		property: () => ({ ...base, type: 'boolean', default: false }),
		convert: (c, label, _, value) => (typeof value === 'boolean' ? value : c.boolean(label, value)),
	},
	dateTime: {
		property: () => ({ ...base, type: 'dateTime', default: '' }),
		convert: (c, label, _, value) => c.dateTime(label, value),
	},
	options: {
		property: (field) => ({ ...base, type: 'options', options: sortedOptions(field.options ?? []), default: field.options?.[0] ?? '' }),
		convert: (_, __, ___, value) => textOrUnset(value),
	},
	idList: {
		property: () => ({ ...base, type: 'string', default: '', placeholder: 'e.g. 101, 102' }),
		// ServiceTitan's `ids` filters take at most 50.
		convert: (c, label, field, value) => c.idList(label, value, field.name === 'ids' ? 50 : undefined),
	},
	numberList: {
		property: () => ({ ...base, type: 'string', default: '', placeholder: 'e.g. 101, 102' }),
		convert: (c, label, _, value) => c.numberList(label, value),
	},
	stringList: {
		property: () => ({ ...base, type: 'string', default: '', placeholder: 'e.g. first, second' }),
		convert: (c, _, __, value) => c.stringList(value),
	},
	json: {
		property: (field) => ({ ...base, type: 'json', default: field.jsonShape === 'array' ? '[]' : '{}' }),
		convert: (c, label, _, value) => c.json(label, value),
	},
	dropdown: {
		property: (_, curation) => ({
			...base,
			type: 'options',
			typeOptions: { loadOptionsMethod: dropdownOf(curation.optionsSource!).method },
			default: '',
			description: LIST_HINT,
		}),
		convert: (c, label, _, value) => (value === '' ? undefined : c.numberOrId(label, value)),
	},
	multiDropdown: {
		property: (_, curation) => ({
			...base,
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: dropdownOf(curation.multiOptionsSource!).method },
			default: [],
			description: LIST_HINT,
		}),
		convert: (c, label, _, value) => c.numberList(label, value),
	},
	choice: {
		// The curation lists the default first; the editor shows the choices sorted.
		property: (_, curation) => ({ ...base, type: 'options', options: sortedOptions(curation.options!), default: curation.options![0] }),
		// Fixed choices of a free-text field are sent as the field's type sends text.
		convert: (c, label, field, value) => VALUE_KINDS[field.type].convert(c, label, field, value),
	},
};

/** What the user entered for a value that is not a shape, as ServiceTitan expects it; undefined for "not set". */
export function convertValue(convert: ValueConverter, label: string, field: FieldSpec, curation: FieldCuration, value: unknown): unknown {
	if (value === undefined || value === null) return undefined;
	return VALUE_KINDS[valueKind(field, curation)].convert(convert, label, field, value);
}
