import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { findOperation } from '../catalog';
import { getClient } from '../helpers/client';
import { toNodeError } from '../helpers/errors';
import { executeCatalogOperation } from './catalogOperation';
import { executeCustomApiCall, isCustomApiCall } from './customApiCall';

/**
 * Items run concurrently so a large input approaches the tenant's rate limit (the shared limiter
 * paces the actual requests); this bounds how many are in flight from one node execution.
 */
export const ITEM_CONCURRENCY = 16;

/** Owns the item loop: concurrency, input order, pairedItem and continueOnFail. */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const client = await getClient(this);
	const results: INodeExecutionData[][] = new Array(items.length);
	const failures: Array<{ index: number; error: Error }> = [];
	const continueOnFail = this.continueOnFail();
	let next = 0;
	let stop = false;

	const runItem = async (itemIndex: number): Promise<INodeExecutionData[]> => {
		const resource = this.getNodeParameter('resource', itemIndex) as string;
		const operation = this.getNodeParameter('operation', itemIndex) as string;
		if (isCustomApiCall(resource, operation)) return executeCustomApiCall(this, client, itemIndex);
		const found = findOperation(resource, operation);
		if (!found) {
			throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not known for resource "${resource}"`, { itemIndex });
		}
		return executeCatalogOperation(this, client, found.entry, found.operation, itemIndex);
	};

	const worker = async () => {
		while (!stop && next < items.length) {
			const itemIndex = next++;
			try {
				const output = await runItem(itemIndex);
				results[itemIndex] = output.map((item) => ({ ...item, pairedItem: { item: itemIndex } }));
			} catch (error) {
				const nodeError = toNodeError(this.getNode(), error, itemIndex);
				if (continueOnFail) {
					results[itemIndex] = [{ json: { error: nodeError.message }, pairedItem: { item: itemIndex } }];
				} else {
					failures.push({ index: itemIndex, error: nodeError });
					stop = true; // start no new items; the ones in flight finish
				}
			}
		}
	};

	await Promise.all(Array.from({ length: Math.min(ITEM_CONCURRENCY, items.length) }, worker));
	if (failures.length) {
		failures.sort((a, b) => a.index - b.index);
		throw failures[0].error;
	}
	return [results.flat()];
}
