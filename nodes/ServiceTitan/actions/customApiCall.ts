import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { MODULE_NAMES, MODULE_PREFIXES, type ModuleKey, type Query, type ServiceTitanClient } from '../transport';
import { responseRecords, ValueConverter } from '../helpers/values';
import type { HttpMethod } from '../catalog/types';
import type { PreparedItem } from './catalogOperation';

export const CUSTOM_API_CALL = 'customApiCall';

const show = { show: { resource: [CUSTOM_API_CALL] } };

/** Any method and path under an API area, through the same auth, limiter and retries. */
export const customApiCallProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: show,
		options: [{ name: 'Call', value: 'call', description: 'Send any request to the ServiceTitan API', action: 'Make a custom API call' }],
		default: 'call',
	},
	{
		displayName: 'API Area',
		name: 'module',
		type: 'options',
		displayOptions: show,
		options: (Object.keys(MODULE_PREFIXES) as ModuleKey[])
			.map((key) => ({ name: `${MODULE_NAMES[key]} (/${MODULE_PREFIXES[key]})`, value: key }))
			.sort((a, b) => a.name.localeCompare(b.name)),
		default: 'crm',
	},
	{
		displayName: 'Method',
		name: 'method',
		type: 'options',
		displayOptions: show,
		options: ['DELETE', 'GET', 'PATCH', 'POST', 'PUT'].map((m) => ({ name: m, value: m })),
		default: 'GET',
	},
	{
		displayName: 'Path',
		name: 'path',
		type: 'string',
		displayOptions: show,
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
		displayOptions: show,
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
		displayOptions: show,
		default: false,
		description: 'Whether to send a JSON body',
	},
	{
		displayName: 'JSON Body',
		name: 'customBody',
		type: 'json',
		displayOptions: { show: { resource: [CUSTOM_API_CALL], sendBody: [true] } },
		default: '{}',
	},
	{
		displayName: 'Return All Pages',
		name: 'returnAllPages',
		type: 'boolean',
		displayOptions: { show: { resource: [CUSTOM_API_CALL], method: ['GET'] } },
		default: false,
		description: 'Whether to follow page/hasMore and return every record as its own item (for list endpoints)',
	},
];

/** Validates one item's custom call and returns how to send it (see PreparedItem). */
export function prepareCustomApiCall(ctx: IExecuteFunctions, client: ServiceTitanClient, itemIndex: number): PreparedItem {
	const convert = new ValueConverter(ctx.getNode(), itemIndex, ctx.getTimezone());
	const module = ctx.getNodeParameter('module', itemIndex) as ModuleKey;
	const method = ctx.getNodeParameter('method', itemIndex) as HttpMethod;
	const path = String(ctx.getNodeParameter('path', itemIndex, '')).trim().replace(/^\/+/, '');
	if (!path && method !== 'GET') convert.fail('Path', 'a path is required');
	if (/^https?:/i.test(path) || /\/tenant\//.test(path)) {
		convert.fail('Path', 'give only the part after /tenant/{tenant}/, e.g. customers/123');
	}
	if (/(^|\/)\.\.?(\/|$)/.test(path)) convert.fail('Path', '"." and ".." segments are not allowed');
	// A query string or fragment in the path would be glued to the ones the node adds (page=…).
	if (/[?#]/.test(path)) convert.fail('Path', 'put query parameters under Query Parameters, not after "?" in the path');
	const query: Query = {};
	const parameters = (ctx.getNodeParameter('queryParameters.parameter', itemIndex, []) ?? []) as Array<{ name: string; value: string }>;
	for (const { name, value } of parameters) if (name) query[name] = value;
	const sendBody = ctx.getNodeParameter('sendBody', itemIndex, false) as boolean;
	const body = sendBody ? convert.json('JSON Body', ctx.getNodeParameter('customBody', itemIndex, '{}')) : undefined;
	const fingerprint = JSON.stringify([module, method, path, query, body ?? null]);
	const writes = method !== 'GET';

	if (method === 'GET' && (ctx.getNodeParameter('returnAllPages', itemIndex, false) as boolean)) {
		return {
			writes,
			fingerprint,
			run: async () => (await client.getAll<IDataObject>({ module, path, query })).map((json) => ({ json })),
		};
	}
	return {
		writes,
		fingerprint,
		// Only GETs are repeated after a lost reply: whether this PUT or DELETE is safe to repeat is unknown.
		run: async () => responseRecords(await client.request<unknown>({ module, method, path, query, body }), method === 'DELETE').map((json) => ({ json })),
	};
}
