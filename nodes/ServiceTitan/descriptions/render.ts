import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { GLOBAL_FIELD_CONVENTIONS, type FieldCuration, type LineItemField, type ShapeKind } from '../catalog/curation';
import type { FieldSpec, OperationSpec, ResourceSpec } from '../catalog/types';
import type { CatalogEntry } from '../catalog';
import { locatorProperty } from './locators';
import { planOperation, type OperationPlan, type ParamPlan } from './plan';
import { reportParametersProperties, versionsBefore, versionsFrom } from './reportParameters';
import { reportOptionsProperty } from './reportOptions';

/**
 * Renders the catalog into n8n properties. Identical properties of one resource are emitted once
 * and shown for every operation that uses them, which keeps the editor payload small.
 */
export function renderCatalogProperties(entries: CatalogEntry[]): INodeProperties[] {
	const selectors: INodeProperties[] = [];
	for (const entry of entries) {
		selectors.push(operationSelector(entry));
		if (entry.curation?.notice) selectors.push(noticeProperty(entry));
	}
	return [...selectors, ...sharedFieldProperties(entries)];
}

/** First-class resources in `firstClassOrder`, then the long tail alphabetically. */
export function resourceOptions(entries: CatalogEntry[], firstClassOrder: string[] = []): INodePropertyOptions[] {
	const rank = (value: string) => {
		const index = firstClassOrder.indexOf(value);
		return index === -1 ? firstClassOrder.length : index;
	};
	return entries
		.map(({ resource }) => ({ name: resource.name, value: resource.value }))
		.sort((a, b) => rank(a.value) - rank(b.value) || a.name.localeCompare(b.name));
}

function operationSelector({ resource, curation }: CatalogEntry): INodeProperties {
	const options = resource.operations
		.map((op) => {
			const override = curation?.operations?.[op.value];
			return {
				name: override?.name ?? op.name,
				value: op.value,
				description: override?.description ?? op.description ?? override?.action ?? op.action,
				action: override?.action ?? op.action,
			};
		})
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
		for (const op of entry.resource.operations) {
			const plan = planOperation(entry.resource, op, entry.curation);
			for (const { property, rank } of operationProperties(entry.resource, op, plan)) {
				const key = JSON.stringify(property);
				let usage = usages.get(key);
				if (!usage) {
					usage = { property, rank, order: order++, byResource: new Map() };
					usages.set(key, usage);
				}
				const ops = usage.byResource.get(entry.resource.value) ?? [];
				ops.push(op.value);
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

/** Display order of an operation's properties. */
const RANK = { path: 0, query: 1, specifyBody: 2, body: 3, jsonBody: 4, binaryInput: 5, paging: 6, export: 7, collection: 8, binaryOutput: 9, simplify: 10 };

export interface RankedProperty {
	property: INodeProperties;
	rank: number;
}

export function operationProperties(_resource: ResourceSpec, op: OperationSpec, plan: OperationPlan): RankedProperty[] {
	const ranked: RankedProperty[] = [];
	let rank = 0;
	const properties = { push: (property: INodeProperties) => ranked.push({ property, rank }) };
	for (const param of plan.params.filter((p) => !p.collection)) {
		rank = RANK[param.location];
		const inBody = param.location === 'body' ? { specifyBody: ['fields'] } : {};
		if (param.curation.shape === 'locations') {
			for (const property of locationsProperties(param)) properties.push({ ...property, displayOptions: { show: { ...inBody, ...property.displayOptions?.show } } });
			continue;
		}
		if (param.curation.shape === 'reportParameters') {
			const json = topLevelProperty({ ...param, curation: { ...param.curation, shape: undefined } });
			for (const property of reportParametersProperties(param, json, displayNameOf(param), param.curation.since ?? 1)) {
				properties.push({ ...property, displayOptions: { show: { ...inBody, ...property.displayOptions?.show } } });
			}
			continue;
		}
		if (param.curation.since) {
			// Versions before the curation keep the field as they saved it; later ones get the curated one.
			const legacy = topLevelProperty({ ...param, curation: GLOBAL_FIELD_CONVENTIONS[param.field.name] ?? {} });
			const curated = topLevelProperty(param);
			properties.push({ ...legacy, displayOptions: { show: { ...inBody, '@version': versionsBefore(param.curation.since) } } });
			properties.push({ ...curated, displayOptions: { show: { ...inBody, '@version': versionsFrom(param.curation.since) } } });
			continue;
		}
		const property = topLevelProperty(param);
		if (param.location === 'body') property.displayOptions = { show: inBody };
		properties.push(property);
	}

	if (plan.bodyMode === 'fields') {
		rank = RANK.specifyBody;
		properties.push({
			displayName: 'Specify Body',
			name: 'specifyBody',
			type: 'options',
			options: [
				{ name: 'Using Fields Below', value: 'fields' },
				{ name: 'Using JSON', value: 'json' },
			],
			default: 'fields',
			description: 'Fill the request body field by field, or send a JSON object as ServiceTitan documents it',
		});
		rank = RANK.jsonBody;
		properties.push({
			displayName: 'JSON Body',
			name: 'jsonBody',
			type: 'json',
			default: '{}',
			required: true,
			displayOptions: { show: { specifyBody: ['json'] } },
			description: 'The request body as a JSON object, with the field names ServiceTitan documents',
		});
	} else if (plan.bodyMode === 'array') {
		rank = RANK.jsonBody;
		properties.push({
			displayName: 'JSON Body',
			name: 'jsonBody',
			type: 'json',
			default: '[]',
			required: true,
			description: 'The request body: a JSON array',
		});
	} else if (plan.bodyMode === 'binary') {
		rank = RANK.binaryInput;
		properties.push({
			displayName: 'Input Binary Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			required: true,
			hint: 'The name of the input binary field containing the file to upload',
		});
	}

	if (plan.paged || plan.export) {
		rank = RANK.paging;
		properties.push({
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		});
		properties.push({
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		});
	}
	if (plan.export) {
		rank = RANK.export;
		properties.push({
			displayName: 'From',
			name: 'from',
			type: 'string',
			default: '',
			placeholder: 'e.g. 2026-01-01 or a continueFrom token',
			description:
				'Where the export starts: the continueFrom of an earlier export (see Add Cursor Item), or a date (records modified since). Empty starts from the beginning.',
		});
		properties.push({
			displayName: 'Include Recent Changes',
			name: 'includeRecentChanges',
			type: 'boolean',
			default: false,
			description: 'Whether to include changes of the last few minutes, at the cost of possibly receiving a record again later',
		});
		properties.push({
			displayName: 'Add Cursor Item',
			name: 'includeCursor',
			type: 'boolean',
			default: false,
			description:
				'Whether to add a last item { continueFrom, hasMore }: pass its continueFrom as From next time to get only what changed since. With a limit, whole export pages are returned so nothing is skipped.',
		});
	}

	rank = RANK.collection;
	for (const collection of plan.collections) {
		const members = plan.params.filter((p) => p.collection === collection.name);
		const property: INodeProperties = {
			displayName: collection.displayName,
			name: collection.name,
			type: 'collection',
			placeholder: collection.placeholder,
			default: {},
			options: members.map((p) => collectionMember(p)).sort((a, b) => String(a.displayName).localeCompare(String(b.displayName))),
		};
		if (collection.location === 'body') property.displayOptions = { show: { specifyBody: ['fields'] } };
		properties.push(property);
	}

	if (plan.reportRun) properties.push(reportOptionsProperty());

	if (plan.binaryResponse) {
		rank = RANK.binaryOutput;
		properties.push({
			displayName: 'Put Output File in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			required: true,
			hint: 'The name of the output binary field to put the file in',
		});
	}
	if (plan.simplify) {
		rank = RANK.simplify;
		properties.push({
			displayName: 'Simplify',
			name: 'simplify',
			type: 'boolean',
			default: true,
			description: 'Whether to return a simplified version of the response instead of the raw data',
		});
	}
	return ranked;
}

/** Names of the parameters a `locations` field is entered with: the input mode, and the fields form (the JSON keeps the field's name). */
export const locationsParameters = (param: ParamPlan) => ({ input: `${param.parameter}Input`, fields: `${param.parameter}Ui` });

/**
 * A new customer's locations: as fields (name, address, contacts per location) or as JSON. Version 1 of the
 * node keeps JSON as the default, so workflows saved before the fields existed run as they did.
 */
function locationsProperties(param: ParamPlan): INodeProperties[] {
	const names = locationsParameters(param);
	const label = displayNameOf(param);
	const input = (versions: Array<number | { _cnd: { gte: number } }>, defaultInput: 'fields' | 'json'): INodeProperties => ({
		displayName: `${label} Input`,
		name: names.input,
		type: 'options',
		options: [
			{ name: 'Using Fields Below', value: 'fields' },
			{ name: 'Using JSON', value: 'json' },
		],
		default: defaultInput,
		displayOptions: { show: { '@version': versions } },
	});
	return [
		input([1], 'json'),
		input([{ _cnd: { gte: 2 } }], 'fields'),
		{
			displayName: label,
			name: names.fields,
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Location',
			default: {},
			required: true,
			description: 'At least one service location: where the work is done (the customer’s own address is the bill-to address)',
			displayOptions: { show: { [names.input]: ['fields'] } },
			options: [
				{
					displayName: 'Location',
					name: 'location',
					values: [
						{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'e.g. Home', description: 'Required. How the office refers to the place.' },
						...ADDRESS_FIELDS.map((name) => ({
							displayName: titleCase(name),
							name,
							type: 'string' as const,
							default: name === 'country' ? 'USA' : '',
							...(name === 'street' || name === 'city' || name === 'state' || name === 'zip' ? { description: 'Required' } : {}),
						})),
						{ ...shapeProperty('contacts', {}), displayName: 'Contacts', name: 'contacts' },
					],
				},
			],
		},
		// The JSON entry exactly as before the fields existed (same name, type and default).
		{ ...topLevelProperty({ ...param, curation: { ...param.curation, shape: undefined } }), displayOptions: { show: { [names.input]: ['json'] } } },
	];
}

function displayNameOf(param: ParamPlan): string {
	return param.curation.displayName ?? titleCase(param.field.name);
}

/** The name the editor shows for a parameter, so error messages name what the user sees. */
export function parameterLabel(param: ParamPlan): string {
	return param.collection && param.curation.locator ? `${displayNameOf(param)} ID` : displayNameOf(param);
}

function descriptionOf(param: ParamPlan): string | undefined {
	return param.curation.description ?? param.field.description;
}

function topLevelProperty(param: ParamPlan): INodeProperties {
	const base = {
		displayName: displayNameOf(param),
		name: param.parameter,
		required: param.field.required || param.location === 'path' || undefined,
		description: descriptionOf(param),
	};
	if (param.curation.locator && (param.field.type === 'number' || param.field.type === 'string')) {
		return locatorProperty(param.curation.locator, base);
	}
	return { ...valueProperty(param.field, param.curation), ...stripUndefined(base) };
}

function collectionMember(param: ParamPlan): INodeProperties {
	// Resource locators are not reliable inside collections in older n8n versions: plain IDs there.
	const curation: FieldCuration = param.curation.locator
		? { ...param.curation, locator: undefined, displayName: `${param.curation.displayName ?? titleCase(param.field.name)} ID` }
		: param.curation;
	return {
		...valueProperty(param.field, curation),
		...stripUndefined({ displayName: curation.displayName ?? titleCase(param.field.name), name: param.parameter, description: descriptionOf(param) }),
	};
}

const LIST_HINT = 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>';

/** The n8n property for one value, without name/displayName/description. */
export function valueProperty(field: FieldSpec, curation: FieldCuration): INodeProperties {
	const base = { displayName: '', name: '' };
	if (curation.shape) return shapeProperty(curation.shape, curation);
	if (curation.optionsSource) {
		return { ...base, type: 'options', typeOptions: { loadOptionsMethod: curation.optionsSource }, default: '', description: LIST_HINT };
	}
	if (curation.multiOptionsSource) {
		return { ...base, type: 'multiOptions', typeOptions: { loadOptionsMethod: curation.multiOptionsSource }, default: [], description: LIST_HINT };
	}
	if (curation.options?.length) {
		// The curation lists the default first; the editor shows the choices sorted.
		const options = curation.options.map((value) => ({ name: value, value })).sort((a, b) => a.name.localeCompare(b.name));
		return { ...base, type: 'options', options, default: curation.options[0] };
	}
	switch (field.type) {
		case 'number':
			return { ...base, type: 'number', default: 0 };
		case 'boolean':
			return { ...base, type: 'boolean', default: false };
		case 'dateTime':
			return { ...base, type: 'dateTime', default: '' };
		case 'options':
			return {
				...base,
				type: 'options',
				options: (field.options ?? []).map((value) => ({ name: value, value })).sort((a, b) => a.name.localeCompare(b.name)),
				default: field.options?.[0] ?? '',
			};
		case 'idList':
		case 'numberList':
			return { ...base, type: 'string', default: '', placeholder: 'e.g. 101, 102' };
		case 'stringList':
			return { ...base, type: 'string', default: '', placeholder: 'e.g. first, second' };
		case 'json':
			return { ...base, type: 'json', default: field.jsonShape === 'array' ? '[]' : '{}' };
		default:
			// Passwords (e.g. a new technician's login) are masked in the editor like credentials.
			return SECRET_FIELD.test(field.name)
				? { ...base, type: 'string', typeOptions: { password: true }, default: '' }
				: { ...base, type: 'string', default: '' };
	}
}

const SECRET_FIELD = /^(password|secret|clientSecret|apiKey)$/i;

export const ADDRESS_FIELDS = ['street', 'unit', 'city', 'state', 'zip', 'country'] as const;
export const CONTACT_TYPES = ['Email', 'Fax', 'MobilePhone', 'Phone'] as const;

/** A fixed collection of one group of sub-fields; `multiple` lets the user add the group repeatedly. */
function groupCollection(
	placeholder: string,
	group: { displayName: string; name: string },
	values: INodeProperties[],
	multiple: boolean,
): INodeProperties {
	return {
		displayName: '',
		name: '',
		type: 'fixedCollection',
		...(multiple ? { typeOptions: { multipleValues: true } } : {}),
		default: {},
		placeholder,
		options: [{ ...group, values }],
	};
}

function shapeProperty(shape: ShapeKind, curation: FieldCuration): INodeProperties {
	switch (shape) {
		case 'address':
			return groupCollection(
				'Add Address',
				{ displayName: 'Address', name: 'address' },
				ADDRESS_FIELDS.map((name) => ({ displayName: titleCase(name), name, type: 'string' as const, default: name === 'country' ? 'USA' : '' })),
				false,
			);
		case 'contacts':
			return groupCollection(
				'Add Contact',
				{ displayName: 'Contact', name: 'contact' },
				[
					{ displayName: 'Type', name: 'type', type: 'options', options: CONTACT_TYPES.map((t) => ({ name: t, value: t })), default: 'Phone' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '', placeholder: 'e.g. 555-0100 or name@example.com' },
					{ displayName: 'Memo', name: 'memo', type: 'string', default: '' },
				],
				true,
			);
		case 'customFields':
			return groupCollection(
				'Add Custom Field',
				{ displayName: 'Custom Field', name: 'field' },
				[
					{
						displayName: 'Field Name or ID',
						name: 'name',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'customFieldTypes' },
						default: '',
						description:
							'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
					},
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
				true,
			);
		case 'lineItems':
			return groupCollection('Add Item', { displayName: 'Item', name: 'item' }, (curation.lineItemFields ?? []).map((f) => lineItemValue(f)), true);
		case 'locations':
		case 'reportParameters':
			// Only a top-level field gets the fields form (locationsProperties, reportParametersProperties); anywhere else it is JSON.
			return { displayName: '', name: '', type: 'json', default: '[]' };
	}
}

function lineItemValue(f: LineItemField): INodeProperties {
	// No `required` flag: n8n checks the sub-fields of every fixedCollection named like the value
	// (`items`), shown or not, so one resource's required item fields would block another's run.
	// The executor enforces required sub-fields, naming the item.
	const description = [f.required ? 'Required.' : '', f.description ?? ''].filter(Boolean).join(' ');
	const common = {
		displayName: f.label ?? titleCase(f.name),
		name: f.name,
		...(description ? { description } : {}),
	};
	switch (f.type) {
		case 'number':
			return { ...common, type: 'number', default: 0 };
		case 'boolean':
			return { ...common, type: 'boolean', default: false };
		case 'dateTime':
			return { ...common, type: 'dateTime', default: '' };
		case 'numberList':
			return { ...common, type: 'string', default: '', placeholder: 'e.g. 101, 102' };
		default:
			return { ...common, type: 'string', default: '' };
	}
}

export function titleCase(name: string): string {
	const words = name
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.replace(/[_-]+/g, ' ')
		.split(' ')
		.filter(Boolean)
		.map((w) => (w.length <= 2 && /^(id|ids)$/i.test(w) ? w.toUpperCase() : w.charAt(0).toUpperCase() + w.slice(1)));
	return words.join(' ').replace(/\bIds\b/g, 'IDs').replace(/\bId\b/g, 'ID');
}

function stripUndefined<T extends object>(value: T): T {
	return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
