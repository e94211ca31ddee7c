import type { INodeProperties } from 'n8n-workflow';
import type { FieldCuration } from '../catalog/curation';
import type { FieldSpec } from '../catalog/types';
import { displayNameOf, locationsParameters, type ParamPlan } from '../model/plan';
import { ADDRESS_FIELDS, SHAPES } from '../model/shapes';
import { fieldLabel } from '../model/text';
import { VALUE_KINDS, valueKind } from '../model/values';
import { locatorProperty } from './locators';

/** The n8n property for one value, without name/displayName/description: its shape's, or its value kind's. */
export function valueProperty(field: FieldSpec, curation: FieldCuration): INodeProperties {
	if (curation.shape) return SHAPES[curation.shape].property(curation);
	return VALUE_KINDS[valueKind(field, curation)].property(field, curation);
}

function descriptionOf(param: ParamPlan): string | undefined {
	return param.curation.description ?? param.field.description;
}

/** A parameter of its own: a record picker where the field has one, else its value's property. */
export function topLevelProperty(param: ParamPlan): INodeProperties {
	const base = {
		displayName: displayNameOf(param),
		name: param.parameter,
		required: param.field.required || param.location === 'path' || undefined,
		description: descriptionOf(param),
	};
	if (param.curation.locator && (param.field.type === 'number' || param.field.type === 'string')) {
		return locatorProperty(param.curation.locator, base);
	}
	return { ...valueProperty(param.field, param.curation), ...stripUndefined(base) };
}

/** An option of a collection (Additional Fields, Filters …). */
export function collectionMember(param: ParamPlan): INodeProperties {
	// Resource locators are not reliable inside collections in older n8n versions: plain IDs there.
	const curation: FieldCuration = param.curation.locator
		? { ...param.curation, locator: undefined, displayName: `${param.curation.displayName ?? fieldLabel(param.field.name)} ID` }
		: param.curation;
	return {
		...valueProperty(param.field, curation),
		...stripUndefined({ displayName: curation.displayName ?? fieldLabel(param.field.name), name: param.parameter, description: descriptionOf(param) }),
	};
}

/**
 * A new customer's locations: as fields (name, address, contacts per location) or as JSON. Version 1 of the
 * node keeps JSON as the default, so workflows saved before the fields existed run as they did.
 */
export function locationsProperties(param: ParamPlan): INodeProperties[] {
	const names = locationsParameters(param);
	const label = displayNameOf(param);
	const input = (versions: Array<number | { _cnd: { gte: number } }>, defaultInput: 'fields' | 'json'): INodeProperties => ({
		displayName: `${label} Input`,
		name: names.input,
		type: 'options',
		options: [
			{ name: 'Using Fields Below', value: 'fields' },
			{ name: 'Using JSON', value: 'json' },
		],
		default: defaultInput,
		displayOptions: { show: { '@version': versions } },
	});
	return [
		input([1], 'json'),
		input([{ _cnd: { gte: 2 } }], 'fields'),
		{
			displayName: label,
			name: names.fields,
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Location',
			default: {},
			required: true,
			description: 'At least one service location: where the work is done (the customer’s own address is the bill-to address)',
			displayOptions: { show: { [names.input]: ['fields'] } },
			options: [
				{
					displayName: 'Location',
					name: 'location',
					values: [
						{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'e.g. Home', description: 'Required. How the office refers to the place.' },
						...ADDRESS_FIELDS.map((name) => ({
							displayName: fieldLabel(name),
							name,
							type: 'string' as const,
							default: name === 'country' ? 'USA' : '',
							...(name === 'street' || name === 'city' || name === 'state' || name === 'zip' ? { description: 'Required' } : {}),
						})),
						{ ...SHAPES.contacts.property({}), displayName: 'Contacts', name: 'contacts' },
					],
				},
			],
		},
		// The JSON entry exactly as before the fields existed (same name, type and default).
		{ ...topLevelProperty({ ...param, curation: { ...param.curation, shape: undefined } }), displayOptions: { show: { [names.input]: ['json'] } } },
	];
}

function stripUndefined<T extends object>(value: T): T {
	return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
