/**
 * The saved-workflow surface: what a workflow JSON holds for our nodes and credential. Resource and
 * operation values, parameter names (with the nested names of collections and fixed collections),
 * parameter types, option values and resource-locator modes. Renaming or removing any of these
 * breaks workflows users have saved, so the surface is frozen in `surface.snapshot.txt`.
 *
 * Each line is one fact, tab-separated: `node  resource  operation  path  type  values`. A parameter
 * is listed under every resource/operation pair that shows it (ignoring conditions on other
 * parameters), so moving a parameter away from an operation counts as a removal there; one that every
 * operation shows is listed once, under `*  *`.
 */
import type { ICredentialType, INodeProperties, INodePropertyCollection, INodePropertyOptions, INodeType } from 'n8n-workflow';

type Described = Pick<INodeType, 'description'>;

function isCollectionEntry(value: unknown): value is INodePropertyCollection {
	return typeof value === 'object' && value !== null && 'values' in value && Array.isArray((value as INodePropertyCollection).values);
}

function isProperty(value: unknown): value is INodeProperties {
	return typeof value === 'object' && value !== null && 'type' in value && 'name' in value;
}

function optionValues(property: INodeProperties): string {
	if (property.type === 'options' || property.type === 'multiOptions') {
		const values = (property.options ?? [])
			.filter((option): option is INodePropertyOptions => !isProperty(option) && !isCollectionEntry(option))
			.map((option) => String(option.value));
		return values.sort().join(',');
	}
	if (property.type === 'resourceLocator') {
		return (property.modes ?? [])
			.map((mode) => mode.name)
			.sort()
			.join(',');
	}
	return '';
}

/** Display-only parameters: a workflow saves no value for them. */
const DISPLAY_ONLY_TYPES: ReadonlySet<string> = new Set(['notice', 'callout', 'button']);

/** Lines for one property and everything nested in it, under `prefix`. */
function propertyLines(property: INodeProperties, prefix: string): string[] {
	if (DISPLAY_ONLY_TYPES.has(property.type)) return [];
	const path = prefix ? `${prefix}.${property.name}` : property.name;
	const lines = [`${path}\t${property.type}\t${optionValues(property)}`];
	for (const option of property.options ?? []) {
		if (isCollectionEntry(option)) {
			for (const inner of option.values) lines.push(...propertyLines(inner, `${path}.${option.name}`));
		} else if (isProperty(option)) {
			lines.push(...propertyLines(option, path));
		}
	}
	return lines;
}

function shown(property: INodeProperties, key: 'resource' | 'operation', value: string | undefined): boolean {
	if (value === undefined) return true;
	const show = property.displayOptions?.show?.[key];
	const hide = property.displayOptions?.hide?.[key];
	if (show && !show.includes(value)) return false;
	if (hide && hide.includes(value)) return false;
	return true;
}

function optionsOf(property: INodeProperties | undefined): string[] {
	if (!property?.options) return [];
	return property.options.filter((option): option is INodePropertyOptions => !isProperty(option) && !isCollectionEntry(option)).map((option) => String(option.value));
}

/** The surface of a node: every parameter under every resource/operation pair that shows it. */
export function nodeSurface(nodeName: string, node: Described): string[] {
	const properties = node.description.properties;
	const resourceProperty = properties.find((p) => p.name === 'resource');
	const resources = resourceProperty ? optionsOf(resourceProperty) : [undefined];
	const lines: string[] = [];
	for (const resource of resources) {
		const operationProperties = properties.filter((p) => p.name === 'operation' && shown(p, 'resource', resource));
		const operations = operationProperties.length > 0 ? operationProperties.flatMap((p) => optionsOf(p)) : [undefined];
		for (const operation of operations) {
			for (const property of properties) {
				if (!shown(property, 'resource', resource) || !shown(property, 'operation', operation)) continue;
				// A parameter every operation shows (Resource itself, say) is listed once, not 563 times.
				const scoped = property.displayOptions?.show?.resource || property.displayOptions?.show?.operation;
				const where = scoped ? `${resource ?? '-'}\t${operation ?? '-'}` : '*\t*';
				for (const line of propertyLines(property, '')) lines.push(`${nodeName}\t${where}\t${line}`);
			}
		}
	}
	return [...new Set(lines)].sort();
}

export function credentialSurface(credential: ICredentialType): string[] {
	const lines = credential.properties.flatMap((property) => propertyLines(property, ''));
	return [...new Set(lines.map((line) => `${credential.name}\t-\t-\t${line}`))].sort();
}
