import type { INodeProperties, INodePropertyMode } from 'n8n-workflow';
import { pickerOf } from '../catalog/pickers';

/**
 * Resource locators for the records users pick most (their pickers are catalog data). "By URL" accepts the
 * address of the record's page in ServiceTitan (go.servicetitan.com/#/Customer/123 and the like).
 */
export const NUMERIC_ID_REGEX = '^[0-9]+$';

export function locatorModes(resource: string): INodePropertyMode[] {
	const { label, method, picker } = pickerOf(resource);
	const modes: INodePropertyMode[] = [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: method, searchable: true },
		},
		picker.textIds
			? { displayName: 'By ID', name: 'id', type: 'string', placeholder: picker.textIds.placeholder }
			: {
					displayName: 'By ID',
					name: 'id',
					type: 'string',
					placeholder: 'e.g. 12345678',
					validation: [
						{
							type: 'regex',
							properties: { regex: NUMERIC_ID_REGEX, errorMessage: `A ${label.toLowerCase()} ID is a number` },
						},
					],
				},
	];
	if (picker.webPage) {
		const pattern = `https?://[^\\s]*servicetitan[^\\s]*#?/${picker.webPage}/(?:Index/)?([0-9]+)`;
		modes.push({
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: `https://go.servicetitan.com/#/${picker.webPage}/12345678`,
			validation: [
				{
					type: 'regex',
					properties: { regex: pattern, errorMessage: `Not a ServiceTitan ${label.toLowerCase()} URL` },
				},
			],
			extractValue: { type: 'regex', regex: pattern },
		});
	}
	return modes;
}

export function locatorProperty(resource: string, base: Pick<INodeProperties, 'name' | 'displayName' | 'required' | 'description' | 'displayOptions'>): INodeProperties {
	// A list that depends on another choice (the reports of the chosen category) is reloaded when it changes.
	const dependsOn = [...pickerOf(resource).list.path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => `${name}.value`);
	return {
		...base,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		...(dependsOn.length ? { typeOptions: { loadOptionsDependsOn: dependsOn } } : {}),
		modes: locatorModes(resource),
	};
}
