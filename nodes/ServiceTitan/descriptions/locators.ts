import type { INodeProperties, INodePropertyMode } from 'n8n-workflow';
import type { LocatorKind } from '../catalog/curation';

/**
 * Resource locators for the records users pick most. "By URL" accepts the address of the
 * record's page in ServiceTitan (go.servicetitan.com/#/Customer/123 and the like).
 */
interface LocatorDefinition {
	label: string;
	searchMethod: string;
	/** Path segment of the record's page in the ServiceTitan web app. */
	urlSegment?: string;
}

export const LOCATORS: Record<LocatorKind, LocatorDefinition> = {
	customer: { label: 'Customer', searchMethod: 'searchCustomers', urlSegment: 'Customer' },
	location: { label: 'Location', searchMethod: 'searchLocations', urlSegment: 'Location' },
	job: { label: 'Job', searchMethod: 'searchJobs', urlSegment: 'Job' },
	technician: { label: 'Technician', searchMethod: 'searchTechnicians', urlSegment: 'Technician' },
	businessUnit: { label: 'Business Unit', searchMethod: 'searchBusinessUnits' },
};

export const NUMERIC_ID_REGEX = '^[0-9]+$';

export function locatorModes(kind: LocatorKind): INodePropertyMode[] {
	const def = LOCATORS[kind];
	const modes: INodePropertyMode[] = [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: def.searchMethod, searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 12345678',
			validation: [
				{
					type: 'regex',
					properties: { regex: NUMERIC_ID_REGEX, errorMessage: `A ${def.label.toLowerCase()} ID is a number` },
				},
			],
		},
	];
	if (def.urlSegment) {
		const pattern = `https?://[^\\s]*servicetitan[^\\s]*#?/${def.urlSegment}/(?:Index/)?([0-9]+)`;
		modes.push({
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: `https://go.servicetitan.com/#/${def.urlSegment}/12345678`,
			validation: [
				{
					type: 'regex',
					properties: { regex: pattern, errorMessage: `Not a ServiceTitan ${def.label.toLowerCase()} URL` },
				},
			],
			extractValue: { type: 'regex', regex: pattern },
		});
	}
	return modes;
}

export function locatorProperty(kind: LocatorKind, base: Pick<INodeProperties, 'name' | 'displayName' | 'required' | 'description' | 'displayOptions'>): INodeProperties {
	return {
		...base,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		modes: locatorModes(kind),
	};
}
