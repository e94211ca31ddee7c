import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import type { CatalogEntry } from '../catalog';
import { missingOperationsNotice } from '../catalog/missingOperations';
import { findableOf, FIND_OPERATIONS } from '../catalog/find';
import { planFor } from '../model/plan';
import { toolDescriptionOf } from '../catalog/toolDescriptions';
import { findOperationOptions, findProperties } from './findProperties';
import { withToolDescription } from './toolDescription';
import { N8N_CUSTOM_API_CALL } from '../actions/customApiCall';
import { operationProperties } from './operationProperties';
import { taskOperationOptions, taskProperties } from './taskProperties';

/**
 * Renders the catalog into n8n properties. Identical properties of one resource are emitted once
 * and shown for every operation that uses them, which keeps the editor payload small.
 */
export function renderCatalogProperties(entries: CatalogEntry[]): INodeProperties[] {
	const selectors: INodeProperties[] = [];
	for (const entry of entries) {
		const selector = operationSelector(entry);
		selectors.push(selector);
		if (entry.curation?.notice) selectors.push(noticeProperty(entry));
		const missing = missingOperationsNotice(entry);
		if (missing) selectors.push(missingOperationsProperty(entry, missing));
	}
	const finding = entries.flatMap((entry) => {
		const findable = findableOf(entry.resource);
		return findable ? findProperties(entry, findable) : [];
	});
	const shared = sharedFieldProperties(entries);
	return [...selectors, ...shared, ...finding, ...taskProperties(entries).filter((property) => !sharedWith(shared, property))];
}

/** First-class resources in `firstClassOrder`, then the long tail alphabetically. */
export function resourceOptions(entries: CatalogEntry[], firstClassOrder: string[] = []): INodePropertyOptions[] {
	const rank = (value: string) => {
		const index = firstClassOrder.indexOf(value);
		return index === -1 ? firstClassOrder.length : index;
	};
	return entries.map(({ resource }) => ({ name: resource.name, value: resource.value })).sort((a, b) => rank(a.value) - rank(b.value) || a.name.localeCompare(b.name));
}

function operationSelector(entry: CatalogEntry): INodeProperties {
	const { resource, curation } = entry;
	const options: INodePropertyOptions[] = resource.operations
		.map((op): INodePropertyOptions => {
			const override = curation?.operations?.[op.value];
			return withToolDescription(
				{
					name: override?.name ?? op.name,
					value: op.value,
					description: override?.description ?? op.description ?? override?.action ?? op.action,
					action: override?.action ?? op.action,
				},
				toolDescriptionOf(entry, op),
			);
		})
		.concat(findableOf(resource) ? findOperationOptions(entry) : [])
		.concat(taskOperationOptions(entry))
		.sort((a, b) => a.name.localeCompare(b.name));
	const defaultOperation = (resource.operations.find((op) => op.value === 'getAll') ?? resource.operations[0])?.value ?? '';
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource.value] } },
		options,
		default: defaultOperation,
	};
}

function noticeProperty({ resource, curation }: CatalogEntry): INodeProperties {
	return {
		displayName: curation?.notice ?? '',
		name: 'notice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: [resource.value], ...(curation?.noticeOperations ? { operation: curation.noticeOperations } : {}) } },
	};
}

/**
 * What ServiceTitan lacks for the resource (Get by ID, Update, Delete) and what to use instead, under each of its
 * operations (Find and Find or Create too): the user looking for Get on invoices is on Get Many, not on an operation
 * the notice could name. It is hidden under the Custom API Call n8n adds to the list, which has its own fields (one
 * value, rather than the resource's every operation, keeps the editor payload small).
 */
function missingOperationsProperty({ resource }: CatalogEntry, text: string): INodeProperties {
	return {
		displayName: text,
		name: 'missingOperationsNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: [resource.value] }, hide: { operation: [N8N_CUSTOM_API_CALL] } },
	};
}

/**
 * Every field property is emitted once per distinct (property, operations) pair and shown for all
 * resources that use it for exactly those operations. `show` combines its keys with AND, so a
 * property shared this way appears precisely where it belongs. Properties are ordered by rank so
 * each operation still reads top-down: IDs, required fields, body, paging, collections, Simplify.
 */
function sharedFieldProperties(entries: CatalogEntry[]): INodeProperties[] {
	interface Usage {
		property: INodeProperties;
		rank: number;
		order: number;
		byResource: Map<string, string[]>;
	}
	const usages = new Map<string, Usage>();
	let order = 0;
	for (const entry of entries) {
		// Find or Create shows every property of Create but If It Already Exists (its match rules decide).
		const findOrCreateOf = findableOf(entry.resource)?.create;
		for (const op of entry.resource.operations) {
			for (const { property, rank } of operationProperties(planFor(entry, op))) {
				const operationValues = op === findOrCreateOf && property.name !== 'ifExists' ? [op.value, FIND_OPERATIONS.findOrCreate] : [op.value];
				const key = JSON.stringify(property);
				let usage = usages.get(key);
				if (!usage) {
					usage = { property, rank, order: order++, byResource: new Map() };
					usages.set(key, usage);
				}
				const ops = usage.byResource.get(entry.resource.value) ?? [];
				ops.push(...operationValues);
				usage.byResource.set(entry.resource.value, ops);
			}
		}
	}
	const emitted: Array<{ property: INodeProperties; rank: number; order: number }> = [];
	for (const usage of usages.values()) {
		const resourcesByOps = new Map<string, { operations: string[]; resources: string[] }>();
		for (const [resource, operations] of usage.byResource) {
			const sorted = [...operations].sort();
			const key = sorted.join(',');
			const group = resourcesByOps.get(key) ?? { operations: sorted, resources: [] };
			group.resources.push(resource);
			resourcesByOps.set(key, group);
		}
		for (const { operations, resources } of resourcesByOps.values()) {
			emitted.push({
				rank: usage.rank,
				order: usage.order,
				property: {
					...usage.property,
					displayOptions: mergeShow(usage.property.displayOptions, { resource: resources, operation: operations }),
				},
			});
		}
	}
	return emitted.sort((a, b) => a.rank - b.rank || a.order - b.order).map((e) => e.property);
}

function mergeShow(existing: INodeProperties['displayOptions'], show: Record<string, string[]>): INodeProperties['displayOptions'] {
	return { ...existing, show: { ...show, ...existing?.show } };
}

/**
 * A task operation's property that another operation of its resource already has, the same but for where it shows
 * (Job > Get Detail's Job is Job > Get's): that property shows for the task operation too, and is not sent twice.
 */
function sharedWith(shared: INodeProperties[], property: INodeProperties): boolean {
	const { displayOptions, ...bare } = property;
	const show = displayOptions?.show ?? {};
	if (Object.keys(show).sort().join() !== 'operation,resource') return false;
	const same = canonical(bare);
	const target = shared.find(({ displayOptions: theirs, ...rest }) => {
		const keys = Object.keys(theirs?.show ?? {})
			.sort()
			.join();
		return keys === 'operation,resource' && String(theirs!.show!.resource) === String(show.resource) && canonical(rest) === same;
	});
	if (!target) return false;
	target.displayOptions = {
		show: { ...target.displayOptions!.show, operation: [...(target.displayOptions!.show!.operation as string[]), ...(show.operation as string[])] },
	};
	return true;
}

/** JSON with every object's keys sorted: equal properties built in another key order compare equal. */
function canonical(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (value && typeof value === 'object') {
		const record = value as Record<string, unknown>;
		return `{${Object.keys(record)
			.sort()
			.filter((key) => record[key] !== undefined)
			.map((key) => `${JSON.stringify(key)}:${canonical(record[key])}`)
			.join(',')}}`;
	}
	return JSON.stringify(value);
}
