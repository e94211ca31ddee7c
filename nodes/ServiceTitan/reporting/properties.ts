import type { INodeProperties } from 'n8n-workflow';
import { REPORT_PATH_PARAMETERS } from '../catalog/curated/reports';
import type { ParamPlan } from '../model/plan';

/**
 * A report run's parameters (`reportParameters` shape): from node version `since`, a form built from the chosen
 * report's own description (n8n's resource mapper, filled by `methods.resourceMapping.getReportParameters`), or the
 * JSON list `[{ "name": …, "value": … }]` as before. Earlier versions show only the JSON list their workflows hold.
 */
export const reportParametersNames = (param: ParamPlan) => ({ input: `${param.parameter}Input`, form: `${param.parameter}Ui` });

export const versionsBefore = (since: number): number[] => Array.from({ length: Math.max(0, since - 1) }, (_, index) => index + 1);
export const versionsFrom = (since: number) => [{ _cnd: { gte: since } }];

export function reportParametersProperties(param: ParamPlan, json: INodeProperties, label: string, since: number): INodeProperties[] {
	const names = reportParametersNames(param);
	const from = versionsFrom(since);
	return [
		{ ...json, displayOptions: { show: { '@version': versionsBefore(since) } } },
		{
			displayName: `${label} Input`,
			name: names.input,
			type: 'options',
			options: [
				{ name: 'Using Fields Below', value: 'fields', description: 'One field per parameter of the chosen report' },
				{ name: 'Using JSON', value: 'json', description: 'A JSON list of { "name", "value" } pairs' },
			],
			default: 'fields',
			displayOptions: { show: { '@version': from } },
		},
		{
			displayName: label,
			name: names.form,
			type: 'resourceMapper',
			noDataExpression: true,
			default: { mappingMode: 'defineBelow', value: null },
			required: true,
			typeOptions: {
				loadOptionsDependsOn: [`${REPORT_PATH_PARAMETERS.category}.value`, `${REPORT_PATH_PARAMETERS.reportId}.value`],
				resourceMapper: {
					resourceMapperMethod: 'getReportParameters',
					mode: 'add',
					fieldWords: { singular: 'parameter', plural: 'parameters' },
					addAllFields: true,
					multiKeyMatch: false,
					supportAutoMap: false,
					valuesLabel: 'Report Parameters',
					noFieldsError: 'This report has no parameters',
				},
			},
			displayOptions: { show: { [names.input]: ['fields'], '@version': from } },
		},
		// A list, so version 3 starts the JSON entry as one.
		{ ...json, default: '[]', displayOptions: { show: { [names.input]: ['json'], '@version': from } } },
	];
}
