import type { IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';

type GetNodeParameter = (name: string, itemIndex: number, fallbackValue?: unknown, options?: Record<string, unknown>) => unknown;

/**
 * What n8n's `getNodeParameter` does after evaluating a parameter, per top-level parameter name of the node's
 * description. n8n looks the parameter's displayed property up for its schema validation and for `extractValue`
 * by scanning every property of that name and checking each one's show/hide conditions, for every read of every
 * item: with 103 properties named "id" and 62 named "updateFields" that scan was 0.11 ms of each Update Job item in
 * a real n8n 2.40.7 (BENCHMARKS.md's method). Where the description shows the step changes nothing, it is skipped.
 */
export interface ParameterFacts {
	/** Names of the description that n8n's validation does not act on (no `validateType` at any depth, no resource mapper). */
	unvalidated: ReadonlySet<string>;
	/**
	 * How `extractValue` acts on a name: "plain" when no property of the name extracts anything (the value is
	 * returned as it is); "locator" when some are resource locators and none has a property-level rule (a value the
	 * editor stored as a locator gives its `value`, except in the modes listed, whose regex n8n applies; any other
	 * value is returned as it is); names missing here (filters, property-level rules) keep n8n's own extraction.
	 */
	extraction: ReadonlyMap<string, { kind: 'plain' } | { kind: 'locator'; extractingModes: ReadonlySet<string> }>;
}

export function parameterFactsOf(properties: readonly INodeProperties[]): ParameterFacts {
	const byName = new Map<string, INodeProperties[]>();
	for (const property of properties) byName.set(property.name, [...(byName.get(property.name) ?? []), property]);
	const unvalidated = new Set<string>();
	const extraction = new Map<string, { kind: 'plain' } | { kind: 'locator'; extractingModes: ReadonlySet<string> }>();
	for (const [name, same] of byName) {
		if (!same.some((property) => property.type === 'resourceMapper' || JSON.stringify(property).includes('"validateType"'))) unvalidated.add(name);
		if (same.some((property) => property.type === 'filter' || 'extractValue' in property)) continue;
		const locators = same.filter((property) => property.type === 'resourceLocator');
		if (locators.length === 0) extraction.set(name, { kind: 'plain' });
		else {
			const modes = locators.flatMap((property) => property.modes ?? []).filter((mode) => mode.extractValue);
			extraction.set(name, { kind: 'locator', extractingModes: new Set(modes.map((mode) => mode.name)) });
		}
	}
	return { unvalidated, extraction };
}

/**
 * The node's context, with parameters that hold no expression read once per execution instead of once per item,
 * and n8n's lookups that `facts` show to change nothing left out.
 *
 * In a real n8n 2.40.7, `getNodeParameter` costs about 0.1 ms even for a plain value (it builds the expression's
 * additional keys, copies, cleans and validates the value) and `getNode` copies the whole node. Checking 1,000
 * Create Customer items calls them about a dozen times per item: 0.6 s of the 1.5 s before the first request in
 * the CPU profile of the benchmark's `n8n execute`. A value without an expression (no string starting with "=",
 * at any depth) does not depend on the item, so the first item's answer holds for all; each caller gets its own
 * copy, as from n8n. A parameter with an expression is evaluated for each item by n8n, as before, and a read that
 * fails is never remembered: every item that reads it fails with its own item index.
 */
export function withParameterMemo(ctx: IExecuteFunctions, facts?: ParameterFacts): IExecuteFunctions {
	const n8nRead = ctx.getNodeParameter.bind(ctx) as GetNodeParameter;
	const read = (name: string, itemIndex: number, fallbackValue: unknown, options: Record<string, unknown> | undefined, raw: unknown) =>
		// Another node's parameter (`contextNode`) is described by that node, not by these facts.
		facts && !options?.contextNode ? readLeaner(n8nRead, facts, name, itemIndex, fallbackValue, options, raw) : n8nRead(name, itemIndex, fallbackValue, options);
	let node: INode | undefined;
	const getNode = () => (node ??= ctx.getNode());
	const parameters = getNode().parameters;
	const remembered = new Map<string, { value: unknown }>();
	const getNodeParameter: GetNodeParameter = (name, itemIndex, fallbackValue, options) => {
		const raw = valueAt(parameters, name);
		if (options?.contextNode || (raw === undefined ? hasExpression(fallbackValue) : hasExpression(raw))) return read(name, itemIndex, fallbackValue, options, raw);
		const key = JSON.stringify([name, raw === undefined ? fallbackValue : null, options ?? null]);
		let entry = remembered.get(key);
		if (!entry) {
			entry = { value: read(name, itemIndex, fallbackValue, options, raw) };
			remembered.set(key, entry);
		}
		return copyOf(entry.value);
	};
	const bound = new Map<PropertyKey, unknown>();
	return new Proxy(ctx, {
		get(target, property) {
			if (property === 'getNodeParameter') return getNodeParameter;
			if (property === 'getNode') return getNode;
			const value: unknown = Reflect.get(target, property, target);
			if (typeof value !== 'function') return value;
			// n8n's contexts keep state on `this`: their methods run on the context itself, not on the proxy.
			if (!bound.has(property)) bound.set(property, (value as (...args: unknown[]) => unknown).bind(target));
			return bound.get(property);
		},
	});
}

/** n8n's read, without the validation and extraction steps that `facts` show to change nothing for this name. */
function readLeaner(
	n8nRead: GetNodeParameter,
	facts: ParameterFacts,
	name: string,
	itemIndex: number,
	fallbackValue: unknown,
	options: Record<string, unknown> | undefined,
	raw: unknown,
): unknown {
	const top = name.split('.')[0];
	const lean: Record<string, unknown> = facts.unvalidated.has(top) ? { ...options, skipValidation: true } : { ...options };
	const extraction = options?.extractValue ? facts.extraction.get(top) : undefined;
	// A mode with a rule ("By URL": its regex) is extracted by n8n, as are names whose properties the facts leave to it.
	if (!extraction || (extraction.kind === 'locator' && isLocator(raw) && extraction.extractingModes.has(String(raw.mode))))
		return n8nRead(name, itemIndex, fallbackValue, lean);
	const value = n8nRead(name, itemIndex, fallbackValue, { ...lean, extractValue: false });
	if (extraction.kind === 'plain' || !isLocator(value)) return value;
	// A locator the editor stored (`__rl`) is shown by a locator property; any other locator-shaped value, and a mode
	// known only now (the whole locator from an expression) that has a rule, n8n extracts.
	const stored = raw !== null && typeof raw === 'object' && (raw as { __rl?: unknown }).__rl === true;
	if (!stored || extraction.extractingModes.has(String(value.mode))) return n8nRead(name, itemIndex, fallbackValue, lean);
	// As n8n's own extraction does for a mode without a rule (and for a mode the property does not have).
	return value.value;
}

/** A resource locator's value as n8n extracts it: an object with a mode and a value. */
function isLocator(value: unknown): value is { mode: unknown; value: unknown } {
	return value !== null && typeof value === 'object' && 'mode' in value && 'value' in value;
}

/** `a.b.c` as n8n's parameter paths (lodash `get`); a path with an index is not looked into (read each time). */
function valueAt(parameters: unknown, path: string): unknown {
	if (path.includes('[')) return '=';
	let value = parameters;
	for (const part of path.split('.')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as Record<string, unknown>)[part];
	}
	return value;
}

function hasExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(hasExpression);
	if (value && typeof value === 'object') return Object.values(value).some(hasExpression);
	return false;
}

/** A parameter value is JSON (n8n stores it so): copied by hand, ten times faster than `structuredClone` for these small values. */
function copyOf<T>(value: T): T {
	if (Array.isArray(value)) return value.map(copyOf) as T;
	if (value !== null && typeof value === 'object') {
		const copy: Record<string, unknown> = {};
		for (const key of Object.keys(value)) copy[key] = copyOf((value as Record<string, unknown>)[key]);
		return copy as T;
	}
	return value;
}
