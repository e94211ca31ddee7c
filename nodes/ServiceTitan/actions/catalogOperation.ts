import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { CatalogEntry } from '../catalog';
import type { OperationSpec } from '../catalog/types';
import { planOperation, type OperationPlan, type ParamPlan } from '../descriptions/plan';
import { ADDRESS_FIELDS, parameterLabel, titleCase } from '../descriptions/render';
import type { LineItemField } from '../catalog/curation';
import { expectRecord, responseRecords, simplifyRecord, ValueConverter } from '../helpers/values';
import { resolveCustomFieldIds } from '../methods/customFields';
import { multipartFile, type BinaryResponse, type Query, type ServiceTitanClient } from '../transport';
import { fileDigest, fileItem, readInputFile } from './files';
import { readLocations } from './locations';
import { readReportParameters } from './reports';
import { prepareReportRun } from './reportRun';

/** Plans depend only on catalog data, so each is made once, not once per input item. */
const plans = new WeakMap<OperationSpec, OperationPlan>();

function cachedPlan(entry: CatalogEntry, op: OperationSpec): OperationPlan {
	let plan = plans.get(op);
	if (!plan) {
		plan = planOperation(entry.resource, op, entry.curation);
		plans.set(op, plan);
	}
	return plan;
}

/**
 * One input item's work, split in two so that every item is validated and its request built before
 * any item is sent: `prepare` reads and checks the parameters (it may read from ServiceTitan, e.g.
 * custom field names, but never writes); `run` sends.
 */
export interface PreparedItem {
	/** Whether running it changes something in ServiceTitan (anything but a GET or a report run). */
	writes: boolean;
	/** What is sent: method, path, query and body; equal fingerprints are the same request. */
	fingerprint: string;
	run(): Promise<INodeExecutionData[]>;
}

export async function prepareCatalogOperation(
	ctx: IExecuteFunctions,
	client: ServiceTitanClient,
	entry: CatalogEntry,
	op: OperationSpec,
	itemIndex: number,
): Promise<PreparedItem> {
	const plan = cachedPlan(entry, op);
	const convert = new ValueConverter(ctx.getNode(), itemIndex, ctx.getTimezone());
	const request = await buildRequest(ctx, client, entry, op, plan, convert, itemIndex);
	const module = entry.resource.module;
	const fingerprint = JSON.stringify([module, op.method, request.path, request.query, request.body ?? null]);
	const writes = op.method !== 'GET' && !plan.reportRun;
	/** What every request of this item shares; the branches add body, paging or response type. */
	const target = { module, method: op.method, path: request.path, query: request.query, idempotent: op.idempotent };

	if (plan.binaryResponse) {
		return {
			writes,
			fingerprint,
			run: async () => {
				const file = await client.request<BinaryResponse>({ ...target, responseType: 'binary' });
				return [await fileItem(ctx, itemIndex, 'binaryPropertyName', file)];
			},
		};
	}

	if (plan.bodyMode === 'binary') {
		// Read and checked with the other items, before any is sent. A POST: the transport never
		// re-sends it after it may have arrived.
		const file = await readInputFile(ctx, itemIndex, 'binaryPropertyName', 'Input Binary Field');
		return {
			writes: true,
			fingerprint: JSON.stringify([module, op.method, request.path, request.query, fileDigest(file)]),
			run: async () => {
				const response = await client.request<unknown>({ ...target, body: multipartFile(op.body?.fileField ?? 'file', file) });
				return toItems(responseRecords(response, false), plan, ctx, itemIndex);
			},
		};
	}

	if (plan.paged || plan.export) {
		const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
		const limit = returnAll ? undefined : convert.limit('Limit', ctx.getNodeParameter('limit', itemIndex, 50));
		if (plan.reportRun && request.reportId) {
			return { writes, fingerprint, run: prepareReportRun(ctx, client, { reportId: request.reportId, body: request.body }, convert, itemIndex, limit) };
		}
		if (plan.export) {
			const from = String(ctx.getNodeParameter('from', itemIndex, '') ?? '').trim() || undefined;
			const includeRecentChanges = ctx.getNodeParameter('includeRecentChanges', itemIndex, false) as boolean;
			const withCursor = ctx.getNodeParameter('includeCursor', itemIndex, false) as boolean;
			return {
				writes,
				fingerprint,
				run: async () => {
					const records: IDataObject[] = [];
					let cursor: IDataObject = { continueFrom: from ?? '', hasMore: true };
					for await (const page of client.exportPages<IDataObject>({ module, path: request.path, query: request.query, from, includeRecentChanges })) {
						records.push(...page.data);
						cursor = { continueFrom: page.continueFrom, hasMore: page.hasMore };
						if (limit !== undefined && records.length >= limit) break;
					}
					// With the cursor, whole pages are returned: a cursor taken inside a page would skip the rest of it.
					const items = toItems(limit !== undefined && !withCursor ? records.slice(0, limit) : records, plan, ctx, itemIndex);
					return withCursor ? [...items, { json: cursor }] : items;
				},
			};
		}
		return {
			writes,
			fingerprint,
			run: async () => {
				const records: IDataObject[] = [];
				for await (const page of client.paginate<IDataObject>({ ...target, body: request.body, limit })) {
					records.push(...page);
				}
				return toItems(records, plan, ctx, itemIndex);
			},
		};
	}

	return {
		writes,
		fingerprint,
		run: async () => {
			const response = await client.request<unknown>({ ...target, body: request.body, reportId: request.reportId });
			if (op.method === 'GET') expectRecord(response, request.path);
			const records = responseRecords(response, op.value === 'delete' || op.method === 'DELETE');
			return toItems(records, plan, ctx, itemIndex);
		},
	};
}

interface BuiltRequest {
	path: string;
	query: Query;
	body?: unknown;
	reportId?: string;
}

async function buildRequest(
	ctx: IExecuteFunctions,
	client: ServiceTitanClient,
	entry: CatalogEntry,
	op: OperationSpec,
	plan: OperationPlan,
	convert: ValueConverter,
	itemIndex: number,
): Promise<BuiltRequest> {
	const pathValues: Record<string, string> = {};
	const query: Query = {};
	let body: IDataObject | undefined = plan.bodyMode === 'fields' ? {} : undefined;
	const specifyBody = plan.bodyMode === 'fields' ? (ctx.getNodeParameter('specifyBody', itemIndex, 'fields') as string) : undefined;
	const collections = new Map<string, IDataObject>();
	const collection = (name: string) => {
		if (!collections.has(name)) collections.set(name, (ctx.getNodeParameter(name, itemIndex, {}) ?? {}) as IDataObject);
		return collections.get(name)!;
	};

	for (const param of plan.params) {
		const label = parameterLabel(param);
		if (param.location === 'body' && specifyBody === 'json') continue;
		if (param.curation.shape === 'locations' && !param.collection) {
			body![param.field.name] = readLocations(ctx, param, convert, label, itemIndex) as IDataObject[string];
			continue;
		}
		if (param.curation.shape === 'reportParameters' && !param.collection) {
			const parameters = await readReportParameters(ctx, client, param, pathValues, convert, label, itemIndex);
			if (parameters) {
				body![param.field.name] = parameters as unknown as IDataObject[string];
				continue;
			}
		}
		let raw: unknown;
		if (param.collection) {
			const values = collection(param.collection);
			if (!(param.parameter in values)) continue;
			raw = values[param.parameter];
		} else {
			raw = ctx.getNodeParameter(param.parameter, itemIndex, undefined, { extractValue: true });
		}
		if (param.location === 'path') {
			pathValues[param.field.name] = convert.pathSegment(label, param.field, raw);
			continue;
		}
		const value = await convertValue(ctx, client, entry, param, raw, convert, label);
		if (value === undefined) {
			if (param.field.required && param.location !== 'query') convert.fail(label, 'this field is required');
			if (param.field.required && param.location === 'query') convert.fail(label, 'this parameter is required');
			continue;
		}
		if (param.location === 'query') query[param.field.name] = value as Query[string];
		else body![param.field.name] = value as IDataObject[string];
	}

	if (plan.bodyMode === 'fields' && specifyBody === 'json') {
		body = convert.jsonObject('JSON Body', ctx.getNodeParameter('jsonBody', itemIndex, '{}'));
	}
	let finalBody: unknown = body;
	if (plan.bodyMode === 'array') {
		const parsed = convert.json('JSON Body', ctx.getNodeParameter('jsonBody', itemIndex, '[]'));
		if (!Array.isArray(parsed)) convert.fail('JSON Body', 'must be a JSON array like [ … ]');
		finalBody = parsed;
	}

	const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
		const value = pathValues[name];
		if (value === undefined) convert.fail(name, 'a value is required');
		return value;
	});
	const reportId = plan.reportRun ? Object.values(pathValues).join('/') : undefined;
	return { path, query, body: finalBody, reportId };
}

async function convertValue(
	ctx: IExecuteFunctions,
	client: ServiceTitanClient,
	entry: CatalogEntry,
	param: ParamPlan,
	raw: unknown,
	convert: ValueConverter,
	label: string,
): Promise<unknown> {
	switch (param.curation.shape) {
		case 'address': {
			const address = ((raw as IDataObject | undefined)?.address ?? undefined) as IDataObject | undefined;
			if (!address) return undefined;
			const result: IDataObject = {};
			for (const key of ADDRESS_FIELDS) if (address[key] !== undefined && address[key] !== '') result[key] = address[key];
			return Object.keys(result).length ? result : undefined;
		}
		case 'contacts': {
			const contacts = ((raw as IDataObject | undefined)?.contact ?? []) as IDataObject[];
			return contacts.length ? contacts.map((c) => ({ type: c.type, value: c.value, ...(c.memo ? { memo: c.memo } : {}) })) : undefined;
		}
		case 'lineItems': {
			const items = ((raw as IDataObject | undefined)?.item ?? []) as IDataObject[];
			return items.length ? items.map((item, index) => lineItem(item, index, param.curation.lineItemFields ?? [], convert, label)) : undefined;
		}
		case 'reportParameters':
			// The JSON list; the form was read by readReportParameters.
			return convertValue(ctx, client, entry, { ...param, curation: { ...param.curation, shape: undefined } }, raw, convert, label);
		case 'customFields': {
			const fields = ((raw as IDataObject | undefined)?.field ?? []) as Array<{ name: string; value: unknown }>;
			if (!fields.length) return undefined;
			return resolveCustomFieldIds(ctx, client, entry, fields, convert, label);
		}
		default: {
			const value = convert.convert(label, param.field, param.curation, raw);
			// A required list or object sent empty is rejected by ServiceTitan anyway; say so before the request.
			if (param.field.required && param.field.type === 'json' && isEmptyJson(value)) return undefined;
			return value;
		}
	}
}

function isEmptyJson(value: unknown): boolean {
	if (Array.isArray(value)) return value.length === 0;
	return Boolean(value) && typeof value === 'object' && Object.keys(value as object).length === 0;
}

/**
 * One fixed-collection line item to ServiceTitan's shape. The editor fills every sub-field with its
 * default, so optional ones still empty (''/0/false) are left out for ServiceTitan to default
 * (a skuId of 0 would name no SKU); required ones must be filled.
 */
function lineItem(item: IDataObject, index: number, fields: LineItemField[], convert: ValueConverter, label: string): IDataObject {
	const result: IDataObject = {};
	for (const field of fields) {
		const raw = item[field.name];
		const itemLabel = `${label} (item ${index + 1}) ${field.label ?? titleCase(field.name)}`;
		const empty = raw === undefined || raw === null || raw === '' || (!field.required && (raw === 0 || raw === false));
		if (empty) {
			if (field.required && field.type !== 'boolean') convert.fail(itemLabel, 'this field is required');
			continue;
		}
		switch (field.type) {
			case 'number':
				result[field.name] = convert.number(itemLabel, raw);
				break;
			case 'boolean':
				result[field.name] = typeof raw === 'boolean' ? raw : convert.boolean(itemLabel, raw);
				break;
			case 'dateTime':
				result[field.name] = convert.dateTime(itemLabel, raw);
				break;
			case 'numberList':
				result[field.name] = convert.numberList(itemLabel, raw);
				break;
			default:
				result[field.name] = String(raw);
		}
	}
	return result;
}

function toItems(records: IDataObject[], plan: OperationPlan, ctx: IExecuteFunctions, itemIndex: number): INodeExecutionData[] {
	const simplify = plan.simplify && (ctx.getNodeParameter('simplify', itemIndex, true) as boolean);
	return records.map((record) => ({
		json: simplify && record && typeof record === 'object' ? simplifyRecord(record, plan.simplify!) : record,
	}));
}
