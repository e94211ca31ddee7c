import type { IExecuteFunctions, INode } from 'n8n-workflow';

type GetNodeParameter = (name: string, itemIndex: number, fallbackValue?: unknown, options?: Record<string, unknown>) => unknown;

/**
 * The node's context, with parameters that hold no expression read once per execution instead of once per item.
 *
 * In a real n8n 2.40.7, `getNodeParameter` costs about 0.1 ms even for a plain value (it builds the expression's
 * additional keys, copies, cleans and validates the value) and `getNode` copies the whole node. Checking 1,000
 * Create Customer items calls them about a dozen times per item: 0.6 s of the 1.5 s before the first request in
 * the CPU profile of the benchmark's `n8n execute`. A value without an expression (no string starting with "=",
 * at any depth) does not depend on the item, so the first item's answer holds for all; each caller gets its own
 * copy, as from n8n. A parameter with an expression is evaluated for each item by n8n, as before, and a read that
 * fails is never remembered: every item that reads it fails with its own item index.
 */
export function withParameterMemo(ctx: IExecuteFunctions): IExecuteFunctions {
	const read = ctx.getNodeParameter.bind(ctx) as GetNodeParameter;
	let node: INode | undefined;
	const getNode = () => (node ??= ctx.getNode());
	const parameters = getNode().parameters;
	const remembered = new Map<string, { value: unknown }>();
	const getNodeParameter: GetNodeParameter = (name, itemIndex, fallbackValue, options) => {
		const raw = valueAt(parameters, name);
		if (options?.contextNode || (raw === undefined ? hasExpression(fallbackValue) : hasExpression(raw))) return read(name, itemIndex, fallbackValue, options);
		const key = JSON.stringify([name, raw === undefined ? fallbackValue : null, options ?? null]);
		let entry = remembered.get(key);
		if (!entry) {
			entry = { value: read(name, itemIndex, fallbackValue, options) };
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

function copyOf<T>(value: T): T {
	return value !== null && typeof value === 'object' ? structuredClone(value) : value;
}
