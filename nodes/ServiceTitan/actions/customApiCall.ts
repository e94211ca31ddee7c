import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { MODULE_NAMES, MODULE_PREFIXES, type ModuleKey, type Query, type ServiceTitanClient } from '../transport';
import { responseRecords, ValueConverter } from '../helpers/values';
import type { HttpMethod } from '../catalog/types';
import type { CatalogEntry } from '../catalog';

export const CUSTOM_API_CALL = 'customApiCall';

/**
 * The operation n8n itself adds as "Custom API Call" to every Resource and Operation dropdown of a node
 * whose credential has `authenticate` (n8n's load-nodes-and-credentials injectCustomApiCallOptions),
 * unless the list already ends with an option of that name. Picked under any resource, it runs our
 * Custom API Call, defaulting to that resource's API area.
 */
export const N8N_CUSTOM_API_CALL = '__CUSTOM_API_CALL__';

/** Whether the item asks for the Custom API Call: our resource, or n8n's injected operation under any resource. */
export function isCustomApiCall(resource: string, operation: string): boolean {
	return resource === CUSTOM_API_CALL || operation === N8N_CUSTOM_API_CALL;
}

type Show = NonNullable<INodeProperties['displayOptions']>;

/** Our resource, and n8n's operation under every other resource (hidden under ours, which has its own set). */
const OWN: Show = { show: { resource: [CUSTOM_API_CALL] } };
const INJECTED: Show = { show: { operation: [N8N_CUSTOM_API_CALL] }, hide: { resource: [CUSTOM_API_CALL] } };

function within(context: Show, show: Record<string, Array<string | boolean>>): Show {
	return { ...context, show: { ...context.show, ...show } };
}

const MODULE_OPTIONS = (Object.keys(MODULE_PREFIXES) as ModuleKey[])
	.map((key) => ({ name: `${MODULE_NAMES[key]} (/${MODULE_PREFIXES[key]})`, value: key }))
	.sort((a, b) => a.name.localeCompare(b.name));

function moduleProperty(displayOptions: Show, defaultModule: ModuleKey): INodeProperties {
	return { displayName: 'API Area', name: 'module', type: 'options', displayOptions, options: MODULE_OPTIONS, default: defaultModule };
}

/** Method, path, query, body and paging: the same for both contexts. */
function requestProperties(context: Show): INodeProperties[] {
	return [
		{
			displayName: 'Method',
			name: 'method',
			type: 'options',
			displayOptions: context,
			options: ['DELETE', 'GET', 'PATCH', 'POST', 'PUT'].map((m) => ({ name: m, value: m })),
			default: 'GET',
		},
		{
			displayName: 'Path',
			name: 'path',
			type: 'string',
			displayOptions: context,
			default: '',
			required: true,
			placeholder: 'customers/12345/notes',
			description: 'Path after /{area}/v2/tenant/{tenant}/ — the tenant is added for you',
		},
		{
			displayName: 'Query Parameters',
			name: 'queryParameters',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			displayOptions: context,
			default: {},
			placeholder: 'Add Parameter',
			options: [
				{
					displayName: 'Parameter',
					name: 'parameter',
					values: [
						{ displayName: 'Name', name: 'name', type: 'string', default: '' },
						{ displayName: 'Value', name: 'value', type: 'string', default: '' },
					],
				},
			],
		},
		{
			displayName: 'Send Body',
			name: 'sendBody',
			type: 'boolean',
			displayOptions: context,
			default: false,
			description: 'Whether to send a JSON body',
		},
		{
			displayName: 'JSON Body',
			name: 'customBody',
			type: 'json',
			displayOptions: within(context, { sendBody: [true] }),
			default: '{}',
		},
		{
			displayName: 'Return All Pages',
			name: 'returnAllPages',
			type: 'boolean',
			displayOptions: within(context, { method: ['GET'] }),
			default: false,
			description: 'Whether to follow page/hasMore and return every record as its own item (for list endpoints)',
		},
	];
}

/**
 * Any method and path under an API area, through the same auth, limiter and retries: as our own
 * Custom API Call resource, and behind n8n's injected operation of every other resource, where the
 * API Area defaults to that resource's.
 */
export function customApiCallProperties(entries: CatalogEntry[]): INodeProperties[] {
	const resourcesByModule = new Map<ModuleKey, string[]>();
	for (const { resource } of entries) resourcesByModule.set(resource.module, [...(resourcesByModule.get(resource.module) ?? []), resource.value]);
	return [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: OWN,
			options: [{ name: 'Call', value: 'call', description: 'Send any request to the ServiceTitan API', action: 'Make a custom API call' }],
			default: 'call',
		},
		moduleProperty(OWN, 'crm'),
		...[...resourcesByModule].map(([module, resources]) => moduleProperty(within(INJECTED, { resource: resources }), module)),
		...requestProperties(OWN),
		...requestProperties(INJECTED),
	];
}

export async function executeCustomApiCall(ctx: IExecuteFunctions, client: ServiceTitanClient, itemIndex: number): Promise<INodeExecutionData[]> {
	const convert = new ValueConverter(ctx.getNode(), itemIndex);
	const module = ctx.getNodeParameter('module', itemIndex) as ModuleKey;
	const method = ctx.getNodeParameter('method', itemIndex) as HttpMethod;
	const path = String(ctx.getNodeParameter('path', itemIndex, '')).trim().replace(/^\/+/, '');
	if (!path && method !== 'GET') convert.fail('Path', 'a path is required');
	if (/^https?:/i.test(path) || /\/tenant\//.test(path)) {
		convert.fail('Path', 'give only the part after /tenant/{tenant}/, e.g. customers/123');
	}
	const query: Query = {};
	const parameters = (ctx.getNodeParameter('queryParameters.parameter', itemIndex, []) ?? []) as Array<{ name: string; value: string }>;
	for (const { name, value } of parameters) if (name) query[name] = value;
	const sendBody = ctx.getNodeParameter('sendBody', itemIndex, false) as boolean;
	const body = sendBody ? convert.json('JSON Body', ctx.getNodeParameter('customBody', itemIndex, '{}')) : undefined;

	if (method === 'GET' && (ctx.getNodeParameter('returnAllPages', itemIndex, false) as boolean)) {
		const records = await client.getAll<IDataObject>({ module, path, query });
		return records.map((json) => ({ json }));
	}
	const response = await client.request<unknown>({ module, method, path, query, body });
	return responseRecords(response, method === 'DELETE').map((json) => ({ json }));
}
