import type { IDataObject, INodeProperties } from 'n8n-workflow';
import type { FieldCuration, LineItemField, ShapeKind } from '../catalog/curation';
import type { ValueConverter } from './converter';
import { fieldLabel } from './text';

export const ADDRESS_FIELDS = ['street', 'unit', 'city', 'state', 'zip', 'country'] as const;
export const CONTACT_TYPES = ['Email', 'Fax', 'MobilePhone', 'Phone'] as const;

/** What a shape's converter may need besides the entered value. */
export interface ShapeInput {
	convert: ValueConverter;
	/** The label the editor shows, for error messages. */
	label: string;
	curation: FieldCuration;
	/** Custom fields by name (or type ID) to ServiceTitan's `{ typeId, value }`, looking names up in the tenant. */
	resolveCustomFields(fields: Array<{ name: string; value: unknown }>): Promise<IDataObject[]>;
}

/**
 * A nested object entered as a fixed collection instead of JSON: the n8n property the editor shows and the
 * converter from the collection's value to ServiceTitan's object or list. Undefined leaves the field out.
 */
export interface ShapeSpec {
	property(curation: FieldCuration): INodeProperties;
	convert(raw: IDataObject | undefined, input: ShapeInput): unknown;
}

/** A fixed collection of one group of sub-fields; `multiple` lets the user add the group repeatedly. */
function groupCollection(placeholder: string, group: { displayName: string; name: string }, values: INodeProperties[], multiple: boolean): INodeProperties {
	return {
		displayName: '',
		name: '',
		type: 'fixedCollection',
		...(multiple ? { typeOptions: { multipleValues: true } } : {}),
		default: {},
		placeholder,
		options: [{ ...group, values }],
	};
}

export const SHAPES: Record<ShapeKind, ShapeSpec> = {
	address: {
		property: () =>
			groupCollection(
				'Add Address',
				{ displayName: 'Address', name: 'address' },
				ADDRESS_FIELDS.map((name) => ({ displayName: fieldLabel(name), name, type: 'string' as const, default: name === 'country' ? 'USA' : '' })),
				false,
			),
		convert: (raw) => {
			const address = (raw?.address ?? undefined) as IDataObject | undefined;
			if (!address) return undefined;
			const result: IDataObject = {};
			for (const key of ADDRESS_FIELDS) if (address[key] !== undefined && address[key] !== '') result[key] = address[key];
			if (!Object.keys(result).length) return undefined;
			// Vendors', ship-tos', bookings', locations' and customers' address updates document `unit` as required
			// (a string): an address without one says so with an empty unit rather than leaving it out.
			return { ...result, unit: result.unit ?? '' };
		},
	},
	contacts: {
		property: () =>
			groupCollection(
				'Add Contact',
				{ displayName: 'Contact', name: 'contact' },
				[
					{ displayName: 'Type', name: 'type', type: 'options', options: CONTACT_TYPES.map((t) => ({ name: t, value: t })), default: 'Phone' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '', placeholder: 'e.g. 555-0100 or name@example.com' },
					{ displayName: 'Memo', name: 'memo', type: 'string', default: '' },
				],
				true,
			),
		convert: (raw) => {
			const contacts = (raw?.contact ?? []) as IDataObject[];
			return contacts.length ? contacts.map((c) => ({ type: c.type, value: c.value, ...(c.memo ? { memo: c.memo } : {}) })) : undefined;
		},
	},
	customFields: {
		property: () =>
			groupCollection(
				'Add Custom Field',
				{ displayName: 'Custom Field', name: 'field' },
				[
					{
						displayName: 'Field Name or ID',
						name: 'name',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'customFieldTypes' },
						default: '',
						description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
					},
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
				true,
			),
		convert: (raw, input) => {
			const fields = (raw?.field ?? []) as Array<{ name: string; value: unknown }>;
			return fields.length ? input.resolveCustomFields(fields) : undefined;
		},
	},
	lineItems: {
		property: (curation) => groupCollection('Add Item', { displayName: 'Item', name: 'item' }, (curation.lineItemFields ?? []).map(lineItemProperty), true),
		convert: (raw, { convert, label, curation }) => {
			const items = (raw?.item ?? []) as IDataObject[];
			return items.length ? items.map((item, index) => lineItem(item, index, curation.lineItemFields ?? [], convert, label)) : undefined;
		},
	},
	locations: {
		// Only a top-level field gets the fields form (see the renderer's locations properties); anywhere else it is JSON, sent as entered.
		property: () => ({ displayName: '', name: '', type: 'json', default: '[]' }),
		convert: (raw) => raw ?? undefined,
	},
	reportParameters: {
		// The JSON list `[{ name, value }]` (the form, node version 3 on, is read by actions/reports.ts); empty is not set.
		property: () => ({ displayName: '', name: '', type: 'json', default: '[]' }),
		convert: (raw, { convert, label }) => {
			const value = convert.json(label, raw);
			const empty = Array.isArray(value) ? value.length === 0 : Boolean(value) && typeof value === 'object' && Object.keys(value as object).length === 0;
			return empty ? undefined : value;
		},
	},
};

function lineItemProperty(f: LineItemField): INodeProperties {
	// No `required` flag: n8n checks the sub-fields of every fixedCollection named like the value
	// (`items`), shown or not, so one resource's required item fields would block another's run.
	// The executor enforces required sub-fields, naming the item.
	const description = [f.required ? 'Required.' : '', f.description ?? ''].filter(Boolean).join(' ');
	const common = { displayName: f.label ?? fieldLabel(f.name), name: f.name, ...(description ? { description } : {}) };
	return { ...common, ...LINE_ITEM_VALUES[f.type].property };
}

/** How each sub-field type of a line item is entered and sent. */
const LINE_ITEM_VALUES: Record<
	LineItemField['type'],
	{ property: Pick<INodeProperties, 'type' | 'default' | 'placeholder'>; convert(c: ValueConverter, label: string, raw: unknown): unknown }
> = {
	string: { property: { type: 'string', default: '' }, convert: (_, __, raw) => String(raw) },
	number: { property: { type: 'number', default: 0 }, convert: (c, label, raw) => c.number(label, raw) },
	boolean: { property: { type: 'boolean', default: false }, convert: (c, label, raw) => (typeof raw === 'boolean' ? raw : c.boolean(label, raw)) },
	dateTime: { property: { type: 'dateTime', default: '' }, convert: (c, label, raw) => c.dateTime(label, raw) },
	numberList: { property: { type: 'string', default: '', placeholder: 'e.g. 101, 102' }, convert: (c, label, raw) => c.numberList(label, raw) },
};

/**
 * One fixed-collection line item to ServiceTitan's shape. The editor fills every sub-field with its
 * default, so optional ones still empty (''/0/false) are left out for ServiceTitan to default
 * (a skuId of 0 would name no SKU); required ones must be filled.
 */
function lineItem(item: IDataObject, index: number, fields: LineItemField[], convert: ValueConverter, label: string): IDataObject {
	const result: IDataObject = {};
	for (const field of fields) {
		const raw = item[field.name];
		const itemLabel = `${label} (item ${index + 1}) ${field.label ?? fieldLabel(field.name)}`;
		const empty = raw === undefined || raw === null || raw === '' || (!field.required && (raw === 0 || raw === false));
		if (empty) {
			if (field.required && field.type !== 'boolean') convert.fail(itemLabel, 'this field is required');
			continue;
		}
		result[field.name] = LINE_ITEM_VALUES[field.type].convert(convert, itemLabel, raw) as IDataObject[string];
	}
	return result;
}
