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
 * Renders the catalog into n8n properties. Identical properties are emitted once and shown for every resource and
 * operation that uses them, each condition in its shortest form, which keeps the editor payload small.
 */
export function renderCatalogProperties(entries: CatalogEntry[], { compact = true }: { compact?: boolean } = {}): INodeProperties[] {
	const selectors: INodeProperties[] = [];
	// One notice per distinct text, shown for every resource it applies to (the text does not name the resource).
	const missingNotices = new Map<string, string[]>();
	for (const entry of entries) {
		const selector = operationSelector(entry);
		selectors.push(selector);
		if (entry.curation?.notice) selectors.push(noticeProperty(entry));
		const missing = missingOperationsNotice(entry);
		if (missing && !compact) selectors.push(missingOperationsProperty([entry.resource.value], missing));
		else if (missing) missingNotices.set(missing, [...(missingNotices.get(missing) ?? []), entry.resource.value]);
	}
	// After every selector and resource notice: each resource still sees its selector, its notice, then this one.
	for (const [text, resources] of missingNotices) selectors.push(missingOperationsProperty(resources, text));
	const finding = entries.flatMap((entry) => {
		const findable = findableOf(entry.resource);
		return findable ? findProperties(entry, findable) : [];
	});
	const shared = sharedFieldProperties(entries);
	const tasks = taskProperties(entries).filter((property) => !sharedWith(shared, property));
	// `compact: false` keeps one copy per resource and the plain conditions: what the editor shows is the same (the
	// editor-sharing test compares the two), only the payload is larger.
	if (!compact) return [...selectors, ...shared, ...finding, ...tasks];
	const operationsOf = operationsByResource(selectors);
	return [...selectors, ...[...acrossResources(shared, operationsOf), ...finding, ...tasks].map((property) => withShortestCondition(property, operationsOf))];
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
function missingOperationsProperty(resources: string[], text: string): INodeProperties {
	return {
		displayName: text,
		name: 'missingOperationsNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: resources }, hide: { operation: [N8N_CUSTOM_API_CALL] } },
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

/** Every value each resource's Operation selector offers. */
function operationsByResource(selectors: INodeProperties[]): Map<string, Set<string>> {
	const byResource = new Map<string, Set<string>>();
	for (const selector of selectors) {
		if (selector.name !== 'operation') continue;
		const resource = String(selector.displayOptions!.show!.resource![0]);
		byResource.set(resource, new Set((selector.options as INodePropertyOptions[]).map((option) => String(option.value))));
	}
	return byResource;
}

/**
 * One property shown for several resources whose operations use it differently (Specify Body on Create of one and
 * on Create and Update of another): `show: { resource: R, operation: O }` fits whenever, for every resource of R,
 * its operations that are in O are exactly those that use the property. Copies of one property are adjacent (they
 * share rank and order), so folding them together leaves every operation's top-down order as it was. The custom API
 * call n8n adds to each selector is never in O, so it stays without these properties.
 */
function acrossResources(shared: INodeProperties[], operationsOf: Map<string, Set<string>>): INodeProperties[] {
	const folded: INodeProperties[] = [];
	let run: INodeProperties[] = [];
	let runBody = '';
	const flush = () => {
		folded.push(...foldRun(run, operationsOf));
		run = [];
	};
	for (const property of shared) {
		const body = bodyOf(property);
		if (body === undefined || body !== runBody) flush();
		runBody = body ?? '';
		run.push(property);
	}
	flush();
	return folded;
}

/** The property without where it shows, or undefined when it shows on more than resource and operation. */
function bodyOf({ displayOptions, ...rest }: INodeProperties): string | undefined {
	const { resource, operation, ...otherShow } = displayOptions?.show ?? {};
	if (!resource || !operation) return undefined;
	return canonical({ ...rest, displayOptions: { ...displayOptions, show: otherShow } });
}

function foldRun(run: INodeProperties[], operationsOf: Map<string, Set<string>>): INodeProperties[] {
	if (run.length < 2) return run;
	const groups: Array<{ property: INodeProperties; usedBy: Map<string, Set<string>>; operations: Set<string> }> = [];
	const fits = (usedBy: Map<string, Set<string>>, operations: Set<string>) =>
		[...usedBy].every(([resource, used]) => [...operationsOf.get(resource)!].filter((op) => operations.has(op)).length === used.size);
	for (const property of run) {
		const show = property.displayOptions!.show!;
		const operations = show.operation!.map(String);
		const usedBy = new Map(show.resource!.map((resource) => [String(resource), new Set(operations)]));
		const target = groups.find((group) => {
			if ([...usedBy.keys()].some((resource) => group.usedBy.has(resource))) return false;
			const mergedOps = new Set([...group.operations, ...operations]);
			return fits(new Map([...group.usedBy, ...usedBy]), mergedOps);
		});
		if (!target) {
			groups.push({ property, usedBy, operations: new Set(operations) });
			continue;
		}
		for (const [resource, used] of usedBy) target.usedBy.set(resource, used);
		for (const op of operations) target.operations.add(op);
	}
	return groups.map(({ property, usedBy, operations }) => ({
		...property,
		displayOptions: { ...property.displayOptions, show: { ...property.displayOptions!.show, resource: [...usedBy.keys()], operation: [...operations] } },
	}));
}

/**
 * The same condition in fewer bytes, where one exists. `show: { resource: R, operation: O }` shows a property at
 * (r, o) when r is in R and o in O. Two other forms say the same:
 * - `show: { operation: O }, hide: { resource: H }`, H every other resource offering an operation of O (none when O
 *   holds operations only R has, as Job > Get Detail's);
 * - `show: { resource: R }, hide: { operation: P }`, P the operations of R not in O and n8n's custom API call, when
 *   no resource of R uses one of P.
 * Conditions that already hide something, or show more than resource and operation with lists, keep their form.
 */
function withShortestCondition(property: INodeProperties, operationsOf: Map<string, Set<string>>): INodeProperties {
	const displayOptions = property.displayOptions;
	const { resource, operation, ...otherShow } = displayOptions?.show ?? {};
	if (!displayOptions || displayOptions.hide || !resource || !operation) return property;
	const resources = resource.map(String);
	const operations = new Set(operation.map(String));
	const candidates: Array<INodeProperties['displayOptions']> = [displayOptions];
	const others = [...operationsOf].filter(([value, offered]) => !resources.includes(value) && [...offered].some((op) => operations.has(op))).map(([value]) => value);
	candidates.push(others.length ? { show: { ...otherShow, operation }, hide: { resource: others } } : { show: { ...otherShow, operation } });
	const unused = new Set([N8N_CUSTOM_API_CALL]);
	for (const value of resources) for (const op of operationsOf.get(value) ?? []) if (!operations.has(op)) unused.add(op);
	// Not for a required property: it would show under an operation the node does not know (a workflow saved by a later
	// version), and n8n would refuse the run for it ("Parameter … is required") before the node can name the operation.
	if (!property.required && ![...unused].some((op) => operations.has(op))) candidates.push({ show: { ...otherShow, resource }, hide: { operation: [...unused] } });
	const shortest = candidates.reduce((best, candidate) => (JSON.stringify(candidate).length < JSON.stringify(best).length ? candidate : best));
	return shortest === displayOptions ? property : { ...property, displayOptions: shortest };
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
