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
	/** IDs are numbers unless this says otherwise (report categories are words such as `operations`). */
	textId?: { placeholder: string };
	/** Parameters the list depends on (the reports of the chosen category): n8n reloads the list when they change. */
	dependsOn?: string[];
}

export const LOCATORS: Record<LocatorKind, LocatorDefinition> = {
	customer: { label: 'Customer', searchMethod: 'searchCustomers', urlSegment: 'Customer' },
	location: { label: 'Location', searchMethod: 'searchLocations', urlSegment: 'Location' },
	job: { label: 'Job', searchMethod: 'searchJobs', urlSegment: 'Job' },
	technician: { label: 'Technician', searchMethod: 'searchTechnicians', urlSegment: 'Technician' },
	businessUnit: { label: 'Business Unit', searchMethod: 'searchBusinessUnits' },
	reportCategory: { label: 'Report Category', searchMethod: 'searchReportCategories', textId: { placeholder: 'e.g. operations' } },
	report: { label: 'Report', searchMethod: 'searchReports', dependsOn: ['report_category.value'] },
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
		def.textId
			? { displayName: 'By ID', name: 'id', type: 'string', placeholder: def.textId.placeholder }
			: {
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
	const dependsOn = LOCATORS[kind].dependsOn;
	return {
		...base,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		...(dependsOn ? { typeOptions: { loadOptionsDependsOn: dependsOn } } : {}),
		modes: locatorModes(kind),
	};
}
