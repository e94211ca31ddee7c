import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { ValueConverter } from '../model/converter';
import { locationsParameters, type ParamPlan } from '../model/plan';
import { ADDRESS_FIELDS } from '../model/shapes';

/** Address parts ServiceTitan requires on a location (LocationAddress: street, city, state, zip). */
const REQUIRED_ADDRESS = ['street', 'city', 'state', 'zip'] as const;

/**
 * A new customer's locations, entered as fields or as JSON: `[{ name, address: { … }, contacts: [ … ] }]`.
 * At least one is required; each needs a name and a street, city, state and zip, named with its position.
 */
export function readLocations(ctx: IExecuteFunctions, param: ParamPlan, convert: ValueConverter, label: string, itemIndex: number): unknown {
	const names = locationsParameters(param);
	if (ctx.getNodeParameter(names.input, itemIndex, 'json') === 'json') {
		const value = convert.json(label, ctx.getNodeParameter(param.parameter, itemIndex, '[]'));
		if (!Array.isArray(value) || value.length === 0) convert.fail(label, 'give at least one location, e.g. [{"name": "Home", "address": { … }}]');
		return value;
	}
	const entered = ((ctx.getNodeParameter(names.fields, itemIndex, {}) as IDataObject).location ?? []) as IDataObject[];
	if (entered.length === 0) convert.fail(label, 'add at least one location (Add Location)');
	return entered.map((location, index) => {
		const at = `${label} (location ${index + 1})`;
		const name = String(location.name ?? '').trim();
		if (!name) convert.fail(`${at} Name`, 'this field is required');
		const address: IDataObject = {};
		for (const key of ADDRESS_FIELDS) {
			const value = String(location[key] ?? '').trim();
			if (value) address[key] = value;
		}
		for (const key of REQUIRED_ADDRESS) if (!address[key]) convert.fail(`${at} ${key.charAt(0).toUpperCase()}${key.slice(1)}`, 'this field is required');
		const contacts = (((location.contacts as IDataObject | undefined)?.contact ?? []) as IDataObject[])
			.filter((contact) => String(contact.value ?? '').trim() !== '')
			.map((contact) => ({ type: contact.type, value: String(contact.value).trim(), ...(contact.memo ? { memo: contact.memo } : {}) }));
		return { name, address, ...(contacts.length ? { contacts } : {}) };
	});
}
