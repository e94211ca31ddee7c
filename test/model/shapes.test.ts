/** Fixed-collection shapes: the property the editor shows and the converter to ServiceTitan's object, from one table. */
import type { IDataObject } from 'n8n-workflow';
import type { FieldCuration } from '../../nodes/ServiceTitan/catalog/curation';
import { SHAPES, type ShapeInput } from '../../nodes/ServiceTitan/model/shapes';
import { converter } from './fixtures';

const input = (curation: FieldCuration = {}, resolved: IDataObject[] = []): ShapeInput & { asked: unknown[] } => {
	const asked: unknown[] = [];
	return {
		convert: converter(),
		label: 'Items',
		curation,
		asked,
		resolveCustomFields: async (fields) => {
			asked.push(fields);
			return resolved;
		},
	};
};

const ITEMS: FieldCuration = {
	shape: 'lineItems',
	lineItemFields: [
		{ name: 'skuId', type: 'number', label: 'SKU ID', required: true },
		{ name: 'quantity', type: 'number' },
		{ name: 'isAddOn', type: 'boolean' },
		{ name: 'technicianIds', type: 'numberList' },
		{ name: 'start', type: 'dateTime' },
	],
};

test('address: the filled parts and always a unit (several address schemas require it), nothing when all are empty', () => {
	expect(SHAPES.address.convert({ address: { street: '1 Main St', unit: '', city: 'Austin', country: 'USA' } }, input())).toEqual({
		street: '1 Main St',
		unit: '',
		city: 'Austin',
		country: 'USA',
	});
	expect(SHAPES.address.convert({ address: { street: '1 Main St', unit: 'Suite 4' } }, input())).toEqual({ street: '1 Main St', unit: 'Suite 4' });
	expect(SHAPES.address.convert({ address: { street: '', unit: '' } }, input())).toBeUndefined();
	expect(SHAPES.address.convert(undefined, input())).toBeUndefined();
	const property = SHAPES.address.property({});
	expect(property).toMatchObject({ type: 'fixedCollection', placeholder: 'Add Address', options: [{ name: 'address' }] });
});

test('contacts: type and value, the memo only when given', () => {
	const raw = {
		contact: [
			{ type: 'Email', value: 'a@example.com', memo: '' },
			{ type: 'Phone', value: '555-0100', memo: 'office' },
		],
	};
	expect(SHAPES.contacts.convert(raw, input())).toEqual([
		{ type: 'Email', value: 'a@example.com' },
		{ type: 'Phone', value: '555-0100', memo: 'office' },
	]);
	expect(SHAPES.contacts.convert({ contact: [] }, input())).toBeUndefined();
	expect(SHAPES.contacts.property({}).typeOptions).toEqual({ multipleValues: true });
});

test('line items: each sub-field by its type, optional empty ones left out, a missing required one named with its item', () => {
	const raw = {
		item: [
			{ skuId: 7, quantity: 0, isAddOn: true, technicianIds: '3, 4', start: '2026-11-23T08:00:00Z' },
			{ skuId: '', quantity: 2 },
		],
	};
	expect(() => SHAPES.lineItems.convert(raw, input(ITEMS))).toThrow('Items (item 2) SKU ID: this field is required');
	expect(SHAPES.lineItems.convert({ item: [raw.item[0]] }, input(ITEMS))).toEqual([
		{ skuId: 7, isAddOn: true, technicianIds: [3, 4], start: '2026-11-23T08:00:00.000Z' },
	]);
	const values = (SHAPES.lineItems.property(ITEMS).options as Array<{ values: Array<{ name: string; type: string; description?: string }> }>)[0].values;
	expect(values.map((v) => [v.name, v.type])).toEqual([
		['skuId', 'number'],
		['quantity', 'number'],
		['isAddOn', 'boolean'],
		['technicianIds', 'string'],
		['start', 'dateTime'],
	]);
	expect(values[0].description).toBe('Required.');
});

test('custom fields are resolved through the tenant’s custom field types', async () => {
	const fields = input({}, [{ typeId: 9, value: 'A1' }]);
	await expect(SHAPES.customFields.convert({ field: [{ name: 'Gate Code', value: 'A1' }] }, fields)).resolves.toEqual([{ typeId: 9, value: 'A1' }]);
	expect(fields.asked).toEqual([[{ name: 'Gate Code', value: 'A1' }]]);
	expect(SHAPES.customFields.convert({ field: [] }, fields)).toBeUndefined();
});

test('locations outside the top level are JSON, sent as entered', () => {
	expect(SHAPES.locations.property({})).toMatchObject({ type: 'json', default: '[]' });
	expect(SHAPES.locations.convert('[{"name":"Home"}]' as unknown as IDataObject, input())).toBe('[{"name":"Home"}]');
});
