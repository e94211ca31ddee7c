import type { IExecuteFunctions, INodeExecutionData, INodeProperties, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { CATALOG } from './catalog';
import { mainConnection } from './compatibility';
import { FIRST_CLASS_ORDER } from './catalog/curated';
import { route } from './actions/router';
import { parameterFactsOf } from './actions/parameterMemo';
import { CUSTOM_API_CALL, customApiCallProperties } from './actions/customApiCall';
import { renderCatalogProperties, resourceOptions } from './descriptions/render';
import { loadOptions } from './methods/loadOptions';
import { listSearch } from './methods/listSearch';
import { resourceMapping } from './reporting/resourceMapping';
import { testServiceTitanCredential } from './methods/credentialTest';
import { ACTION_BUILDER_HINT } from './helpers/builderHints';

/** The first-class resources first, then the long tail, with the Custom API Call last. */
const RESOURCE_OPTIONS = resourceOptions(CATALOG, FIRST_CLASS_ORDER).concat({ name: 'Custom API Call', value: CUSTOM_API_CALL });

const PROPERTIES: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: RESOURCE_OPTIONS,
		default: 'customer',
	},
	...renderCatalogProperties(CATALOG),
	...customApiCallProperties(CATALOG),
];

/** Which of n8n's per-read lookups change nothing for these properties (the item loop skips them). */
const PARAMETER_FACTS = parameterFactsOf(PROPERTIES);

export class ServiceTitan implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ServiceTitan',
		name: 'serviceTitan',
		icon: { light: 'file:servicetitan.svg', dark: 'file:servicetitan.dark.svg' },
		group: ['transform'],
		// 2: a new customer's locations are entered as fields by default (version 1 keeps JSON as its default).
		// 3: reports are picked from the tenant and run with a form of their own parameters (earlier versions keep IDs and JSON).
		// 4: booking providers, warehouses, trucks, zones and arrival windows are picked from the tenant (earlier versions keep IDs).
		version: [1, 2, 3, 4],
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Work with customers, jobs, invoices and every other ServiceTitan record',
		defaults: { name: 'ServiceTitan' },
		usableAsTool: true,
		builderHint: ACTION_BUILDER_HINT,
		inputs: [mainConnection()],
		outputs: [mainConnection()],
		credentials: [{ name: 'serviceTitanOAuth2Api', required: true, testedBy: 'testServiceTitanCredential' }],
		properties: PROPERTIES,
	};

	methods = {
		loadOptions,
		listSearch,
		resourceMapping,
		credentialTest: { testServiceTitanCredential },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// Read here, where n8n's community-node rules look for it: the router owns the item loop that honours it.
		return route.call(this, this.continueOnFail(), PARAMETER_FACTS);
	}
}
