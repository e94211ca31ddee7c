import type { HttpMethod, OperationSpec, ResourceSpec } from '../../nodes/ServiceTitan/catalog/types';
import { MODULE_PREFIXES, type ModuleKey } from '../../nodes/ServiceTitan/api';

/** What the simulator does for a route, decided from the operation's shape. */
export type RouteKind = 'list' | 'export' | 'get' | 'create' | 'update' | 'delete' | 'action';

/** A path parameter that names a record the route's records hang off (`customers/{id}/notes` → customerId). */
export interface ParentLink {
	param: string;
	/** Field on child records that holds the parent id. */
	field: string;
	/** Store collection of the parent; only checked when the store has it. */
	collection: string;
}

export interface Route {
	method: HttpMethod;
	module: ModuleKey;
	/** Catalog path relative to `/tenant/{tenant}/`. */
	path: string;
	operation: OperationSpec;
	resource: ResourceSpec;
	kind: RouteKind;
	/** Store collection read or written (`crm:customers`); for actions, the collection of the path itself. */
	collection: string;
	parents: ParentLink[];
	/** Path param holding the record id on get/update/delete. */
	idParam?: string;
	/** `module:METHOD path` with placeholder names blanked (`jpm:PUT jobs/{}/cancel`): key for specific behaviour. */
	key: string;
}

export interface RouteMatch {
	route: Route;
	/** Path parameters by placeholder name, including `tenant`. */
	params: Record<string, string>;
}

/**
 * Paths that name the same records under a different URL, or parents whose list lives elsewhere
 * (payroll's `jobs/{job}` are JPM jobs).
 */
const COLLECTION_ALIASES: Record<string, string> = {
	'crm:booking-provider': 'crm:booking-providers',
	'crm:booking-provider-tags': 'crm:booking-providers',
	'crm:booking-provider/bookings': 'crm:bookings',
	'crm:booking-provider/bookings/contacts': 'crm:bookings/contacts',
	'reporting:report-category': 'reporting:report-categories',
	'reporting:report-category/reports': 'reporting:reports',
	'payroll:jobs': 'jpm:jobs',
	'payroll:technicians': 'settings:technicians',
	'payroll:employees': 'settings:employees',
	'forms:jobs': 'jpm:jobs',
	// locations/{id}/preferredtechnician/{preferredTechnicianId}: the second ID is a technician's.
	'crm:locations/preferredtechnician': 'settings:technicians',
};

const isParam = (segment: string): boolean => segment.startsWith('{') && segment.endsWith('}');
const paramName = (segment: string): string => segment.slice(1, -1);

/** Telecom v2 and v3 serve the same calls. */
export function collectionModule(module: ModuleKey): string {
	return module === 'telecomV3' ? 'telecom' : module;
}

/** `export/customers` and the legacy `estimates/export` read the same records as `customers` / `estimates`. */
export function collectionKey(module: ModuleKey, staticSegments: string[]): string {
	let segments = staticSegments;
	if (segments[0] === 'export') segments = segments.slice(1);
	if (segments[segments.length - 1] === 'export') segments = segments.slice(0, -1);
	const key = `${collectionModule(module)}:${segments.join('/')}`;
	return COLLECTION_ALIASES[key] ?? key;
}

function singular(word: string): string {
	if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
	if (word.endsWith('sses') || word.endsWith('xes')) return word.slice(0, -2);
	if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
	return word;
}

/** `business-units` → `businessUnitId`. */
export function linkField(segment: string): string {
	const camel = singular(segment).replace(/[-_]([a-z])/g, (_, c: string) => c.toUpperCase());
	return `${camel}Id`;
}

function classify(operation: OperationSpec, segments: string[], hasListSibling: boolean): RouteKind {
	const last = segments[segments.length - 1];
	if (operation.export || segments[0] === 'export' || last === 'export') return 'export';
	if (isParam(last)) {
		if (operation.method === 'GET') return 'get';
		if (operation.method === 'DELETE') return 'delete';
		if (operation.method === 'POST') return 'action';
		return 'update';
	}
	if (operation.method === 'GET') return 'list';
	if (operation.method === 'POST' && hasListSibling) return 'create';
	return 'action';
}

interface TrieNode {
	literal: Map<string, TrieNode>;
	param?: { name: string; node: TrieNode };
	routes: Map<string, Route>;
}

const newNode = (): TrieNode => ({ literal: new Map(), routes: new Map() });

/**
 * Every catalog operation compiled into a segment trie (literal segments win over placeholders, with
 * backtracking), so matching costs a few map lookups per request.
 */
export class Router {
	readonly routes: Route[] = [];
	private readonly root = newNode();

	constructor(resources: readonly ResourceSpec[], seededCollections: ReadonlySet<string> = new Set()) {
		const listPaths = new Set<string>();
		for (const resource of resources) {
			for (const operation of resource.operations) {
				if (operation.method === 'GET') listPaths.add(`${resource.module}:${operation.path}`);
			}
		}
		const compiled = resources.flatMap((resource) => resource.operations.map((operation) => this.compile(resource, operation, listPaths, seededCollections)));
		// A write to `{id}` of something no GET can read (e.g. technician-rating/technician/{t}/job/{j}) is an action, not a record update.
		const readable = new Set(seededCollections);
		for (const route of compiled) if (route.method === 'GET') readable.add(route.collection);
		for (const route of compiled) {
			if ((route.kind === 'update' || route.kind === 'delete') && !readable.has(route.collection)) {
				route.kind = 'action';
				route.idParam = undefined;
			}
			this.insert(route);
		}
	}

	private compile(resource: ResourceSpec, operation: OperationSpec, listPaths: Set<string>, seeded: ReadonlySet<string>): Route {
		const area = resource.module;
		const segments = operation.path.split('/').filter(Boolean);
		const staticSegments = segments.filter((segment) => !isParam(segment));
		const collection = collectionKey(area, staticSegments);
		const hasListSibling = listPaths.has(`${area}:${operation.path}`) || seeded.has(collection);
		const kind = classify(operation, segments, hasListSibling);
		const last = segments[segments.length - 1];
		const idParam = (kind === 'get' || kind === 'update' || kind === 'delete') && isParam(last) ? paramName(last) : undefined;
		const parents: ParentLink[] = [];
		segments.forEach((segment, index) => {
			if (!isParam(segment) || paramName(segment) === idParam || index === 0 || isParam(segments[index - 1])) return;
			const before = segments.slice(0, index).filter((s) => !isParam(s));
			parents.push({
				param: paramName(segment),
				field: linkField(segments[index - 1]),
				collection: collectionKey(area, before),
			});
		});
		const blanked = segments.map((segment) => (isParam(segment) ? '{}' : segment)).join('/');
		return {
			method: operation.method,
			module: area,
			path: operation.path,
			operation,
			resource,
			kind,
			collection,
			parents,
			idParam,
			key: `${collectionModule(area)}:${operation.method} ${blanked}`,
		};
	}

	private insert(route: Route): void {
		const pattern = [...MODULE_PREFIXES[route.module].split('/'), 'tenant', '{tenant}', ...route.path.split('/').filter(Boolean)];
		let node = this.root;
		for (const segment of pattern) {
			if (isParam(segment)) {
				// Different operations may name the same position differently (`{id}` vs `{jobId}`); keep the first node and remember each route's own names.
				node.param ??= { name: paramName(segment), node: newNode() };
				node = node.param.node;
			} else {
				let next = node.literal.get(segment);
				if (!next) node.literal.set(segment, (next = newNode()));
				node = next;
			}
		}
		if (!node.routes.has(route.method)) {
			node.routes.set(route.method, route);
			this.routes.push(route);
		}
	}

	/** Matches a path relative to the API base (`/crm/v2/tenant/1/customers/5`). */
	match(method: string, pathname: string): RouteMatch | { methodNotAllowed: true } | undefined {
		const segments = pathname.split('/').filter(Boolean).map(safeDecode);
		const values: string[] = [];
		const node = this.walk(this.root, segments, 0, values);
		if (!node) return undefined;
		const route = node.routes.get(method.toUpperCase());
		if (!route) return { methodNotAllowed: true };
		const params: Record<string, string> = {};
		const names = [...MODULE_PREFIXES[route.module].split('/'), 'tenant', '{tenant}', ...route.path.split('/').filter(Boolean)].filter(isParam).map(paramName);
		names.forEach((name, index) => (params[name] = values[index]));
		return { route, params };
	}

	private walk(node: TrieNode, segments: string[], index: number, values: string[]): TrieNode | undefined {
		if (index === segments.length) return node.routes.size > 0 ? node : undefined;
		const literal = node.literal.get(segments[index]);
		if (literal) {
			const found = this.walk(literal, segments, index + 1, values);
			if (found) return found;
		}
		if (node.param) {
			values.push(segments[index]);
			const found = this.walk(node.param.node, segments, index + 1, values);
			if (found) return found;
			values.pop();
		}
		return undefined;
	}
}

export function safeDecode(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}

/** Builds the concrete URL path of an operation, filling placeholders (tests, demo). */
export function operationUrlPath(module: ModuleKey, path: string, tenant: string, params: Record<string, string | number> = {}): string {
	const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(params[name] ?? 1)));
	return `/${MODULE_PREFIXES[module]}/tenant/${tenant}/${filled}`;
}
