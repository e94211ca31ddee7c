import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INode, type INodeExecutionData } from 'n8n-workflow';
import { findEntry, findOperation } from '../catalog';
import { findableOf, FIND_OPERATIONS } from '../catalog/find';
import { findTaskOperation } from '../catalog/tasks';
import { getClient } from '../helpers/connection';
import { toNodeError } from '../helpers/errors';
import { nextTurn } from '../limits';
import { NOTHING_SENT, NOTHING_SENT_SENTENCE, ServiceTitanError, type ServiceTitanClient } from '../transport';
import { prepareCatalogOperation, type PreparedItem } from './catalogOperation';
import { isCustomApiCall, prepareCustomApiCall } from './customApiCall';
import { prepareFind } from './find';
import { withParameterMemo, type ParameterFacts } from './parameterMemo';
import { prepareTaskOperation } from './taskOperation';
import { asToolError, fitToolAnswer, isToolRun, ToolWriteMemory } from './toolMode';
import { WriteMemory } from './writeMemory';

/**
 * Items run concurrently so a large input approaches the tenant's rate limit (the shared limiter
 * paces the actual requests); this bounds how many are in flight from one node execution.
 */
export const ITEM_CONCURRENCY = 16;

/**
 * Checking items is synchronous work inside async functions: without a pause, checking 1,500 creates
 * was one uninterrupted stretch of the event loop (~1 s here, seconds on a loaded worker). Meanwhile
 * the process reads no socket: not Redis's answers to the shared limiter, which then looked unreachable
 * in n8n's queue mode, nor the requests of other executions. The loop gets a turn at least this often.
 */
const TURN_EVERY_MS = 20;

type NodeError = ReturnType<typeof toNodeError>;

/**
 * Owns the item loop: validation of every item before any is sent, concurrency, input order,
 * pairedItem, continueOnFail, and the record of writes (reused by Retry On Fail, listed in the error).
 */
export async function route(this: IExecuteFunctions, continueOnFail: boolean, facts?: ParameterFacts): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const node = this.getNode();
	const client = await getClient(this);
	// As a tool: answers sized for a model, errors as one actionable line, writes remembered across tool calls (toolMode.ts).
	const asTool = isToolRun(this);
	const results: INodeExecutionData[][] = new Array(items.length);
	const prepared: Array<PreparedItem | undefined> = new Array(items.length);

	// The token travels while the items are checked (1,000 items take about a second in a real n8n) instead of after.
	// A failed fetch is left to the first request, which fetches again and reports it for its item as before.
	if (items.length > 1) client.ensureAccessToken().catch(() => undefined);

	// 1. Check every item and build its request. Nothing is written until all items passed.
	const parameters = withParameterMemo(this, facts);
	const invalid = await forEachItem(
		node,
		items.length,
		async (itemIndex) => {
			prepared[itemIndex] = await prepareItem(parameters, client, itemIndex);
		},
		(itemIndex, error) => {
			if (!continueOnFail) return true;
			results[itemIndex] = [errorItem(error, itemIndex)];
			return false;
		},
	);
	if (invalid) {
		if (asTool) throw asToolError(invalid);
		// Said once: a refused credential value, or a connection that failed while an item was checked, says it already.
		const saysNothingSent = `${invalid.message}\n${invalid.description ?? ''}`.toLowerCase().includes(NOTHING_SENT.toLowerCase());
		appendDescription(
			invalid,
			saysNothingSent ? 'Every item is checked before any item is sent.' : `${NOTHING_SENT_SENTENCE}: every item is checked before any item is sent.`,
		);
		throw invalid;
	}

	// 2. Send. Writes already done in this execution (an earlier try of Retry On Fail) are reused.
	const memory = asTool ? new ToolWriteMemory(this) : new WriteMemory(memoryScope(this));
	const written: Array<{ index: number; id?: unknown; reused: boolean }> = [];
	const uncertain: number[] = [];
	const failed = await forEachItem(
		node,
		items.length,
		async (itemIndex) => {
			const item = prepared[itemIndex];
			if (!item) return; // failed its checks, already an error item
			if (item.writes) {
				const remembered = await memory.get(itemIndex, item.fingerprint);
				if (remembered && 'output' in remembered) {
					results[itemIndex] = remembered.output;
					written.push({ index: itemIndex, id: recordId(remembered.output), reused: true });
					return;
				}
				if (remembered) {
					uncertain.push(itemIndex);
					throw new NodeOperationError(node, `Not sent again: an earlier try of this item in this execution got no usable answer (${remembered.uncertain})`, {
						itemIndex,
						description: 'Check the record in ServiceTitan. Sending it again could apply it twice.',
					});
				}
			}
			try {
				// The items are this run's own, so they are marked in place: a copy of each of 200,000 records costs ~0.2 s.
				const output = await item.run();
				for (const entry of output) entry.pairedItem = { item: itemIndex };
				results[itemIndex] = output;
				if (item.writes) {
					await memory.remember(itemIndex, item.fingerprint, { output });
					written.push({ index: itemIndex, id: recordId(output), reused: false });
				}
			} catch (error) {
				if (item.writes && error instanceof ServiceTitanError && error.mayHaveBeenApplied) {
					await memory.remember(itemIndex, item.fingerprint, { uncertain: error.message });
					uncertain.push(itemIndex);
				}
				throw error;
			}
		},
		(itemIndex, error) => {
			if (!continueOnFail) return true;
			results[itemIndex] = [errorItem(error, itemIndex)];
			return false;
		},
	);
	if (failed) {
		if (asTool) throw asToolError(failed);
		const rerunSafe = prepared.every((item) => !item?.writes || item.lookedUpFirst);
		appendDescription(failed, writtenSummary(items.length, written, uncertain, results, rerunSafe));
		throw failed;
	}
	// One input item (a Return All) needs no flattening copy of its 200,000 items.
	const output = results.length === 1 ? results[0] : results.flat();
	return [asTool ? fitToolAnswer(output) : output];
}

async function prepareItem(ctx: IExecuteFunctions, client: ServiceTitanClient, itemIndex: number): Promise<PreparedItem> {
	const resource = ctx.getNodeParameter('resource', itemIndex) as string;
	const operation = ctx.getNodeParameter('operation', itemIndex, '') as string;
	if (isCustomApiCall(resource, operation)) return prepareCustomApiCall(ctx, client, itemIndex);
	if (operation === FIND_OPERATIONS.find || operation === FIND_OPERATIONS.findOrCreate) {
		const entry = findEntry(resource);
		const findable = entry && findableOf(entry.resource);
		if (entry && findable) return prepareFind(ctx, client, entry, findable, operation, itemIndex);
	}
	const task = findTaskOperation(resource, operation);
	if (task) return prepareTaskOperation(ctx, client, task, itemIndex);
	const found = findOperation(resource, operation);
	if (!found) {
		throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" is not known for resource "${resource}"`, {
			itemIndex,
			description: 'The workflow may come from another version of this node: pick the resource and operation again.',
		});
	}
	return prepareCatalogOperation(ctx, client, found.entry, found.operation, itemIndex);
}

/**
 * Runs `work` for every item, ITEM_CONCURRENCY at a time, in input order. `onError` decides per
 * failure whether to stop (no new items start; those in flight finish); the failure with the
 * lowest item index is returned.
 */
async function forEachItem(
	node: INode,
	count: number,
	work: (itemIndex: number) => Promise<void>,
	onError: (itemIndex: number, error: NodeError) => boolean,
): Promise<NodeError | undefined> {
	const failures: Array<{ index: number; error: NodeError }> = [];
	let next = 0;
	let stop = false;
	// One pause for all workers: each waiting for a turn of its own would run them back to back in one turn.
	let lastTurnAt = performance.now();
	let pause: Promise<void> | undefined;
	const breathe = () =>
		(pause ??= nextTurn().then(() => {
			pause = undefined;
			lastTurnAt = performance.now();
		}));
	const worker = async () => {
		while (!stop && next < count) {
			if (performance.now() - lastTurnAt >= TURN_EVERY_MS) {
				await breathe();
				continue; // meanwhile other workers may have taken the remaining items, or a failure stopped them
			}
			const itemIndex = next++;
			try {
				await work(itemIndex);
			} catch (error) {
				const nodeError = toNodeError(node, error, itemIndex);
				if (onError(itemIndex, nodeError)) {
					failures.push({ index: itemIndex, error: nodeError });
					stop = true;
				}
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(ITEM_CONCURRENCY, count) }, worker));
	failures.sort((a, b) => a.index - b.index);
	return failures[0]?.error;
}

/** Scope of the write memory: one run of this node in this execution (Retry On Fail keeps the run index). */
function memoryScope(ctx: IExecuteFunctions): string | undefined {
	const executionId = ctx.getExecutionId?.();
	if (!executionId) return undefined;
	// The execution context carries its run index; a node inside a loop runs again with a new one.
	const runIndex = (ctx as unknown as { runIndex?: number }).runIndex ?? 0;
	return `${executionId}\u0000${ctx.getNode().name}\u0000${runIndex}`;
}

/** A continue-on-fail item: the message plus what a user needs to act on it. */
function errorItem(error: NodeError, itemIndex: number): INodeExecutionData {
	const json: IDataObject = { error: error.message };
	if (error.description) json.description = error.description;
	const httpCode = (error as { httpCode?: string | null }).httpCode;
	if (httpCode) json.httpCode = httpCode;
	const response = (error as { errorResponse?: IDataObject }).errorResponse;
	if (response?.traceId) json.traceId = response.traceId;
	if (response?.errors && Object.keys(response.errors as object).length) json.fieldErrors = response.errors;
	return { json, pairedItem: { item: itemIndex } };
}

function recordId(output: INodeExecutionData[]): unknown {
	return output[0]?.json?.id;
}

function appendDescription(error: NodeError, note: string): void {
	error.description = [error.description, note].filter(Boolean).join('\n\n');
}

/** Which items were written before the node stopped, so a user can recover without duplicates. */
function writtenSummary(
	total: number,
	written: Array<{ index: number; id?: unknown; reused: boolean }>,
	uncertain: number[],
	results: INodeExecutionData[][],
	rerunSafe: boolean,
): string {
	const lines: string[] = [];
	if (written.length) {
		const list = [...written].sort((a, b) => a.index - b.index).map((w) => `item ${w.index}${w.id !== undefined && w.id !== null ? ` (ID ${String(w.id)})` : ''}`);
		lines.push(`Written to ServiceTitan in this execution (${written.length}): ${list.join(', ')}.`);
	} else {
		lines.push('No item was written to ServiceTitan.');
	}
	if (uncertain.length)
		lines.push(
			`May have been written (answer lost): ${[...uncertain]
				.sort((a, b) => a - b)
				.map((i) => `item ${i}`)
				.join(', ')}.`,
		);
	const notRun = Array.from({ length: total }, (_, i) => i).filter((i) => results[i] === undefined);
	if (rerunSafe && (written.length || uncertain.length)) {
		lines.push(
			`${notRun.length} item(s) were not sent or failed. Re-running the workflow is safe: each item looks its record up first (External Key or match rules), so the written ones are found, not created again.`,
		);
	} else if (written.length || uncertain.length) {
		lines.push(
			`${notRun.length} item(s) were not sent or failed. Retry On Fail (same execution) does not send the written items again; re-running the workflow does, so remove them from the input first.`,
		);
	}
	return lines.join('\n');
}
