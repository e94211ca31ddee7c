import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { CatalogEntry } from '../catalog';
import type { OperationSpec } from '../catalog/types';
import { ValueConverter } from '../model/converter';
import { OPERATION_PARAMETERS } from '../model/operationParameters';
import { planFor, type OperationPlan } from '../model/plan';
import { multipartFile, reportKey, type BinaryResponse, type ServiceTitanClient } from '../transport';
import { buildRequest } from './buildRequest';
import { prepareReportRun } from '../reporting/run';
import { fileDigest, fileItem, readInputFile } from './files';
import { describeFileForTool, fitToolAnswer, toolLimit, toolListAnswer } from './toolMode';
import { expectRecord, responseRecords, simplifyRecord } from './responses';
import { getKeyScope } from '../helpers/connection';
import type { IfExists } from '../descriptions/externalKey';
import { readExternalKey, runKeyedCreate, withExternalKey, type CreateRequest, type ExternalKey, type KeyedOutcome } from './keyedCreate';

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
	/** A keyed create or Find or Create: a re-run looks the record up instead of creating it again. */
	lookedUpFirst?: boolean;
	run(): Promise<INodeExecutionData[]>;
}

export async function prepareCatalogOperation(
	ctx: IExecuteFunctions,
	client: ServiceTitanClient,
	entry: CatalogEntry,
	op: OperationSpec,
	itemIndex: number,
): Promise<PreparedItem> {
	const plan = planFor(entry, op);
	const convert = new ValueConverter(ctx.getNode(), itemIndex, ctx.getTimezone());
	const request = await buildRequest(ctx, client, entry, op, plan, convert, itemIndex);
	const apiModule = entry.resource.module;
	const fingerprint = JSON.stringify([apiModule, op.method, request.path, request.query, request.body ?? null]);
	const writes = op.method !== 'GET' && !plan.reportRun;
	/** What every request of this item shares; the branches add body, paging or response type. */
	const target = { module: apiModule, method: op.method, path: request.path, query: request.query, idempotent: op.idempotent };

	if (plan.binaryResponse) {
		return {
			writes,
			fingerprint,
			run: async () => {
				const file = await client.request<BinaryResponse>({ ...target, responseType: 'binary' });
				return [describeFileForTool(ctx, await fileItem(ctx, itemIndex, OPERATION_PARAMETERS.outputBinaryField.name, file), entry, op, request)];
			},
		};
	}

	if (plan.bodyMode === 'binary') {
		// Read and checked with the other items, before any is sent. A POST: the transport never
		// re-sends it after it may have arrived.
		const file = await readInputFile(ctx, itemIndex, OPERATION_PARAMETERS.inputBinaryField.name, OPERATION_PARAMETERS.inputBinaryField.property.displayName);
		return {
			writes: true,
			fingerprint: JSON.stringify([apiModule, op.method, request.path, request.query, fileDigest(file)]),
			run: async () => {
				const response = await client.request<unknown>({ ...target, body: multipartFile(op.body?.fileField ?? 'file', file) });
				return toItems(responseRecords(response, false), plan, ctx, itemIndex);
			},
		};
	}

	if (plan.keyedCreate && plan.bodyMode === 'fields') {
		const key = readExternalKey(ctx, plan.keyedCreate, request.body as IDataObject, await keyScopeOf(ctx), convert, itemIndex);
		if (key) {
			const create = { op, path: request.path, query: request.query, body: withExternalKey(request.body as IDataObject, key, convert) };
			const ifExists = ctx.getNodeParameter('ifExists', itemIndex, 'returnExisting') as IfExists;
			return {
				writes,
				lookedUpFirst: ifExists !== 'createAnyway',
				fingerprint: JSON.stringify([apiModule, op.method, create.path, create.query, create.body, ifExists]),
				run: async () => [{ json: keyedOutput(await runKeyedCreate({ ctx, client, entry, create, key, itemIndex }, ifExists)) }],
			};
		}
	}

	if (plan.paged || plan.export) {
		const returnAll = OPERATION_PARAMETERS.returnAll.read(ctx, itemIndex);
		const limit = returnAll ? undefined : convert.limit(OPERATION_PARAMETERS.limit.property.displayName, toolLimit(ctx, OPERATION_PARAMETERS.limit.read(ctx, itemIndex)));
		// As a tool: one record past the limit tells whether more exist, and the answer stops at its size budget.
		const toolAnswer = toolListAnswer(ctx, entry, limit);
		const itemsOf = (records: IDataObject[]) => toItems(records, plan, ctx, itemIndex);
		if (plan.reportRun && request.report) {
			const report = prepareReportRun(ctx, client, { report: request.report, body: request.body }, convert, itemIndex, limit);
			return {
				writes,
				fingerprint,
				run: async () => {
					const { items, heldBack } = await report();
					// As a tool: rows the Limit held back are said, as for lists, so an agent does not take these for all.
					return toolAnswer ? fitToolAnswer(items, 'report rows', heldBack) : items;
				},
			};
		}
		if (plan.export) {
			const from = OPERATION_PARAMETERS.from.read(ctx, itemIndex);
			const includeRecentChanges = OPERATION_PARAMETERS.includeRecentChanges.read(ctx, itemIndex);
			const withCursor = OPERATION_PARAMETERS.includeCursor.read(ctx, itemIndex);
			return {
				writes,
				fingerprint,
				run: async () => {
					if (toolAnswer)
						return toolAnswer.collect(
							client.exportPages<IDataObject>({ module: apiModule, path: request.path, query: request.query, from, includeRecentChanges }),
							(page) => itemsOf(page.data),
						);
					const records: IDataObject[] = [];
					let cursor: IDataObject = { continueFrom: from ?? '', hasMore: true };
					for await (const page of client.exportPages<IDataObject>({ module: apiModule, path: request.path, query: request.query, from, includeRecentChanges })) {
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
				// Each page becomes items as it arrives, simplified while the next pages are still on their way.
				const pages = client.paginate<IDataObject>({
					...target,
					body: request.body,
					limit: toolAnswer?.fetchLimit ?? limit,
					pageSize: toolAnswer?.pageSize,
					sequentialPages: op.sequentialPages,
				});
				if (toolAnswer) return toolAnswer.collect(pages, itemsOf);
				const items: INodeExecutionData[] = [];
				for await (const page of pages) {
					for (const item of toItems(page, plan, ctx, itemIndex)) items.push(item);
				}
				return items;
			},
		};
	}

	return {
		writes,
		fingerprint,
		run: async () => {
			const response = await client.request<unknown>({ ...target, body: request.body, reportId: request.report && reportKey(request.report) });
			// A documented bare value (a location's preferred technician ID, or null when it has none) is the answer itself.
			if (op.responseType === 'value' && (response === null || response === undefined || typeof response !== 'object'))
				return toItems([{ value: (response ?? null) as IDataObject['value'] }], plan, ctx, itemIndex);
			if (op.method === 'GET') expectRecord(response, request.path);
			const records = responseRecords(response, op.method === 'DELETE');
			return toItems(records, plan, ctx, itemIndex);
		},
	};
}

/** The record, and how this item came to it: `created`, and `matchedOn` / `recovered` / `updated` when they apply. */
export function keyedOutput({ record, ...how }: KeyedOutcome): IDataObject {
	return { ...record, ...how };
}

/**
 * A create's request read from its parameters (Find or Create sends it when nothing matches), with its External
 * Key attached when one is given.
 */
export async function prepareCreateRequest(
	ctx: IExecuteFunctions,
	client: ServiceTitanClient,
	entry: CatalogEntry,
	op: OperationSpec,
	itemIndex: number,
): Promise<{ create: CreateRequest; key?: ExternalKey; convert: ValueConverter }> {
	const plan = planFor(entry, op);
	const convert = new ValueConverter(ctx.getNode(), itemIndex, ctx.getTimezone());
	const request = await buildRequest(ctx, client, entry, op, plan, convert, itemIndex);
	const body = (request.body ?? {}) as IDataObject;
	const key = plan.keyedCreate ? readExternalKey(ctx, plan.keyedCreate, body, await keyScopeOf(ctx), convert, itemIndex) : undefined;
	return { create: { op, path: request.path, query: request.query, body: key ? withExternalKey(body, key, convert) : body }, key, convert };
}

/** Tenant and application GUID, read from the credential once per execution rather than once per item. */
const keyScopes = new WeakMap<IExecuteFunctions, ReturnType<typeof getKeyScope>>();
export function keyScopeOf(ctx: IExecuteFunctions): ReturnType<typeof getKeyScope> {
	let scope = keyScopes.get(ctx);
	if (!scope) {
		scope = getKeyScope(ctx);
		keyScopes.set(ctx, scope);
	}
	return scope;
}

function toItems(records: IDataObject[], plan: OperationPlan, ctx: IExecuteFunctions, itemIndex: number): INodeExecutionData[] {
	const simplify = plan.simplify && OPERATION_PARAMETERS.simplify.read(ctx, itemIndex);
	return records.map((record) => ({
		json: simplify && record && typeof record === 'object' ? simplifyRecord(record, plan.simplify!) : record,
	}));
}
