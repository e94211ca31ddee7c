import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { MODULE_NAMES, MODULE_PREFIXES, type ModuleKey } from '../api';
import { multipartFile, type BinaryResponse, type Query, type ServiceTitanClient } from '../transport';
import { fileDigest, fileItem, readInputFile } from './files';
import { ValueConverter } from '../model/converter';
import { responseRecords } from './responses';
import type { HttpMethod } from '../catalog/types';
import type { CatalogEntry } from '../catalog';
import type { PreparedItem } from './catalogOperation';

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

/** The API areas, as the API Area dropdown lists them. */
export const MODULE_OPTIONS = (Object.keys(MODULE_PREFIXES) as ModuleKey[])
	.map((key) => ({ name: `${MODULE_NAMES[key]} (/${MODULE_PREFIXES[key]})`, value: key }))
	.sort((a, b) => a.name.localeCompare(b.name));

/** The loadOptions method that lists MODULE_OPTIONS. */
export const API_AREAS_METHOD = 'apiAreas';

function moduleProperty(displayOptions: Show, defaultModule: ModuleKey): INodeProperties {
	return { displayName: 'API Area', name: 'module', type: 'options', displayOptions, options: MODULE_OPTIONS, default: defaultModule };
}

/**
 * The API Area of n8n's injected Custom API Call, one per API area (its default is the resource's area). The 25 copies
 * list the areas through a loader rather than each carrying the list: the same choices and defaults, 40 KiB less
 * editor payload.
 */
function injectedModuleProperty(displayOptions: Show, defaultModule: ModuleKey): INodeProperties {
	const property = { type: 'options', typeOptions: { loadOptionsMethod: API_AREAS_METHOD } } as const;
	return { displayName: 'API Area', name: 'module', ...property, displayOptions, default: defaultModule };
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
			description: 'Whether to send a body: JSON, or a file from the input item',
		},
		{
			displayName: 'Body Content Type',
			name: 'bodyContentType',
			type: 'options',
			displayOptions: within(context, { sendBody: [true] }),
			options: [
				{ name: 'JSON', value: 'json' },
				{ name: 'File (Multipart Form-Data)', value: 'multipart' },
			],
			default: 'json',
		},
		{
			displayName: 'JSON Body',
			name: 'customBody',
			type: 'json',
			displayOptions: within(context, { sendBody: [true], bodyContentType: ['json'] }),
			default: '{}',
		},
		{
			displayName: 'Input Binary Field',
			name: 'inputBinaryField',
			type: 'string',
			displayOptions: within(context, { sendBody: [true], bodyContentType: ['multipart'] }),
			default: 'data',
			required: true,
			hint: 'The name of the input binary field containing the file to upload',
		},
		{
			displayName: 'Form Field Name',
			name: 'formFieldName',
			type: 'string',
			displayOptions: within(context, { sendBody: [true], bodyContentType: ['multipart'] }),
			default: 'file',
			description: 'The form field the endpoint reads the file from (ServiceTitan’s uploads use "file")',
		},
		{
			displayName: 'Response Format',
			name: 'responseFormat',
			type: 'options',
			displayOptions: context,
			options: [
				{ name: 'JSON', value: 'json' },
				{ name: 'File', value: 'file', description: 'A download: recordings, attachments, images' },
			],
			default: 'json',
		},
		{
			displayName: 'Put Output File in Field',
			name: 'outputBinaryField',
			type: 'string',
			displayOptions: within(context, { responseFormat: ['file'] }),
			default: 'data',
			required: true,
			hint: 'The name of the output binary field to put the file in',
		},
		{
			displayName: 'Return All Pages',
			name: 'returnAllPages',
			type: 'boolean',
			displayOptions: within(context, { method: ['GET'], responseFormat: ['json'] }),
			default: false,
			description: 'Whether to follow the pages (page/hasMore, or continueFrom on export paths) and return every record as its own item',
		},
		{
			displayName: 'Add Cursor Item',
			name: 'includeCursor',
			type: 'boolean',
			displayOptions: within(context, { method: ['GET'], responseFormat: ['json'], returnAllPages: [true] }),
			default: false,
			description:
				'Whether to add a last item { continueFrom, hasMore } on an export path (…/export/…): pass its continueFrom as the "from" query parameter next time to get only what changed since',
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
		...[...resourcesByModule].map(([module, resources]) => injectedModuleProperty(within(INJECTED, { resource: resources }), module)),
		...requestProperties(OWN),
		...requestProperties(INJECTED),
	];
}

/** Validates one item's custom call and returns how to send it (see PreparedItem). */
export async function prepareCustomApiCall(ctx: IExecuteFunctions, client: ServiceTitanClient, itemIndex: number): Promise<PreparedItem> {
	const convert = new ValueConverter(ctx.getNode(), itemIndex, ctx.getTimezone());
	const area = ctx.getNodeParameter('module', itemIndex) as ModuleKey;
	const method = ctx.getNodeParameter('method', itemIndex) as HttpMethod;
	const path = String(ctx.getNodeParameter('path', itemIndex, ''))
		.trim()
		.replace(/^\/+/, '');
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
	const multipart = sendBody && ctx.getNodeParameter('bodyContentType', itemIndex, 'json') === 'multipart';
	let body: unknown;
	let bodyIdentity: unknown = null;
	if (multipart) {
		const field = String(ctx.getNodeParameter('formFieldName', itemIndex, 'file') ?? '').trim();
		if (!field) convert.fail('Form Field Name', 'give the form field the endpoint reads the file from, e.g. file');
		const file = await readInputFile(ctx, itemIndex, 'inputBinaryField', 'Input Binary Field');
		body = multipartFile(field, file);
		bodyIdentity = [field, fileDigest(file)];
	} else if (sendBody) {
		body = convert.json('JSON Body', ctx.getNodeParameter('customBody', itemIndex, '{}'));
		bodyIdentity = body;
	}
	const fingerprint = JSON.stringify([area, method, path, query, bodyIdentity]);
	const writes = method !== 'GET';

	if (ctx.getNodeParameter('responseFormat', itemIndex, 'json') === 'file') {
		return {
			writes,
			fingerprint,
			run: async () => [
				await fileItem(ctx, itemIndex, 'outputBinaryField', await client.request<BinaryResponse>({ module: area, method, path, query, body, responseType: 'binary' })),
			],
		};
	}
	if (method === 'GET' && (ctx.getNodeParameter('returnAllPages', itemIndex, false) as boolean)) {
		const withCursor = ctx.getNodeParameter('includeCursor', itemIndex, false) as boolean;
		if (withCursor && !isExportPath(path)) {
			convert.fail('Add Cursor Item', 'only an export path (…/export/…, e.g. export/customers) has a continueFrom cursor; turn it off for other paths');
		}
		return {
			writes,
			fingerprint,
			run: async () => {
				if (!isExportPath(path)) return (await client.getAll<IDataObject>({ module: area, path, query })).map((json) => ({ json }));
				const { records, cursor } = await exportRecords(client, area, path, query);
				return [...records, ...(withCursor ? [cursor] : [])].map((json) => ({ json }));
			},
		};
	}
	return {
		writes,
		fingerprint,
		// Only GETs are repeated after a lost reply: whether this PUT or DELETE is safe to repeat is unknown.
		run: async () => responseRecords(await client.request<unknown>({ module: area, method, path, query, body }), method === 'DELETE').map((json) => ({ json })),
	};
}

const isExportPath = (path: string): boolean => /(^|\/)export(\/|$)/.test(path);

/**
 * Every record of an export feed from `from` on (continueFrom/hasMore), and the cursor after the last page: its
 * continueFrom, passed as `from` next time, returns only what changed since (as the Export operations' cursor item).
 */
async function exportRecords(client: ServiceTitanClient, area: ModuleKey, path: string, query: Query): Promise<{ records: IDataObject[]; cursor: IDataObject }> {
	const { from, includeRecentChanges, ...rest } = query;
	const start = from === undefined || from === null || from === '' ? undefined : String(from);
	const records: IDataObject[] = [];
	let cursor: IDataObject = { continueFrom: start ?? '', hasMore: true };
	for await (const page of client.exportPages<IDataObject>({
		module: area,
		path,
		query: rest,
		from: start,
		includeRecentChanges: String(includeRecentChanges).toLowerCase() === 'true',
	})) {
		records.push(...page.data);
		cursor = { continueFrom: page.continueFrom, hasMore: page.hasMore };
	}
	return { records, cursor };
}
