import type { CatalogEntry } from '../catalog';
import type { FieldSpec, OperationSpec, ResourceSpec } from '../catalog/types';
import type { FieldCuration, ResourceCuration } from '../catalog/curation';
import { keyedCreateOf, type KeyedCreate } from '../catalog/keys';
import { GLOBAL_FIELD_CONVENTIONS, RECORD_PICKERS, sinceOf } from '../catalog/pickers';
import { fieldLabel } from './text';
import { OPERATION_PARAMETER_NAMES } from './operationParameters';

/**
 * The operation model: where each ServiceTitan field of an operation lives in the node's parameters. The
 * renderer (n8n properties) and the executor (reading them back) share this plan, so they cannot drift.
 */
export type FieldLocation = 'path' | 'query' | 'body';

export interface ParamPlan {
	field: FieldSpec;
	curation: FieldCuration;
	location: FieldLocation;
	/** n8n parameter name: top-level, or the option name inside `collection`. */
	parameter: string;
	/** Name of the collection parameter holding it, for optional fields. */
	collection?: string;
}

export interface CollectionPlan {
	name: string;
	displayName: string;
	placeholder: string;
	location: FieldLocation;
}

export type BodyMode = 'none' | 'fields' | 'array' | 'binary';

export interface OperationPlan {
	params: ParamPlan[];
	collections: CollectionPlan[];
	bodyMode: BodyMode;
	paged: boolean;
	export: boolean;
	binaryResponse: boolean;
	/** Fields Simplify keeps, when the resource defines them and the operation returns records. */
	simplify?: string[];
	/** Reporting data runs go through the per-report limiter. */
	reportRun: boolean;
	/** A create ServiceTitan can key (catalog/keys.ts): it gets External Key and If It Already Exists. */
	keyedCreate?: KeyedCreate;
}

/** Collections are named after what they hold, as n8n's own nodes do. */
function optionalQueryCollection(op: OperationSpec): CollectionPlan {
	return op.paged || op.export || op.value === 'getAll'
		? { name: 'filters', displayName: 'Filters', placeholder: 'Add Filter', location: 'query' }
		: { name: 'queryOptions', displayName: 'Options', placeholder: 'Add Option', location: 'query' };
}

function optionalBodyCollection(op: OperationSpec): CollectionPlan {
	return op.value === 'update' || op.method === 'PATCH'
		? { name: 'updateFields', displayName: 'Update Fields', placeholder: 'Add Field', location: 'body' }
		: { name: 'additionalFields', displayName: 'Additional Fields', placeholder: 'Add Field', location: 'body' };
}

export function fieldCuration(field: FieldSpec, curation: ResourceCuration | undefined, op: OperationSpec): FieldCuration {
	const merged: FieldCuration = {
		...GLOBAL_FIELD_CONVENTIONS[field.name],
		...curation?.fields?.[field.name],
		...curation?.operations?.[op.value]?.fields?.[field.name],
	};
	// Custom fields by name need the resource's custom field types endpoint; without one the
	// "Field Name or ID" dropdown could only fail, so the field stays JSON ([{ typeId, value }]).
	if (merged.shape === 'customFields' && !curation?.customFieldTypesPath) delete merged.shape;
	return merged;
}

/** Operations that return the resource's own records (not notes, contacts, custom field types …). */
const DEFAULT_SIMPLIFY_OPERATIONS = ['get', 'getAll', 'export'];

export function planOperation(resource: ResourceSpec, op: OperationSpec, curation?: ResourceCuration): OperationPlan {
	const params: ParamPlan[] = [];
	const taken = new Set<string>(RESERVED_PARAMETER_NAMES);
	const uniqueName = (name: string, prefix: string) => {
		let candidate = taken.has(name) ? `${prefix}${name.charAt(0).toUpperCase()}${name.slice(1)}` : name;
		for (let n = 2; taken.has(candidate); n++) candidate = `${prefix}${name}${n}`;
		taken.add(candidate);
		return candidate;
	};

	for (const field of op.pathParams) {
		// A resource's own `{id}` is the record the user picks, so it gets the resource's locator.
		const ownId = field.name === 'id' ? ownIdCuration(resource) : undefined;
		const fieldWithRequired = { ...field, required: true };
		params.push({
			field: fieldWithRequired,
			curation: { ...ownId, ...fieldCuration(field, curation, op) },
			location: 'path',
			parameter: uniqueName(field.name, 'path'),
		});
	}

	const collections: CollectionPlan[] = [];
	const queryCollection = optionalQueryCollection(op);
	for (const field of op.query) {
		if (field.required) {
			params.push({ field, curation: fieldCuration(field, curation, op), location: 'query', parameter: uniqueName(field.name, 'query') });
		} else {
			params.push({ field, curation: fieldCuration(field, curation, op), location: 'query', parameter: field.name, collection: queryCollection.name });
		}
	}
	if (params.some((p) => p.collection === queryCollection.name)) collections.push(queryCollection);

	let bodyMode: BodyMode = 'none';
	if (op.body?.kind === 'binary') bodyMode = 'binary';
	else if (op.body?.kind === 'array') bodyMode = 'array';
	else if (op.body?.kind === 'object') {
		bodyMode = 'fields';
		const bodyCollection = optionalBodyCollection(op);
		for (const field of op.body.fields) {
			if (field.required) {
				params.push({ field, curation: fieldCuration(field, curation, op), location: 'body', parameter: uniqueName(field.name, 'body') });
			} else {
				params.push({ field, curation: fieldCuration(field, curation, op), location: 'body', parameter: field.name, collection: bodyCollection.name });
			}
		}
		if (params.some((p) => p.collection === bodyCollection.name)) collections.push(bodyCollection);
	}

	const returnsRecords = op.method === 'GET' && op.responseType !== 'binary';
	const simplifyFields = curation?.simplify ?? resource.simplify;
	return {
		params,
		collections,
		bodyMode,
		paged: Boolean(op.paged),
		export: Boolean(op.export),
		binaryResponse: op.responseType === 'binary',
		simplify: returnsRecords && simplifyFields?.length && (curation?.simplifyOperations ?? DEFAULT_SIMPLIFY_OPERATIONS).includes(op.value) ? simplifyFields : undefined,
		reportRun: Boolean(op.reportRun),
		keyedCreate: keyedCreateOf(resource, op),
	};
}

/** Plans depend only on catalog data, so each is made once, not once per render or input item. */
const plans = new WeakMap<OperationSpec, OperationPlan>();

export function planFor(entry: CatalogEntry, op: OperationSpec): OperationPlan {
	let plan = plans.get(op);
	if (!plan) {
		plan = planOperation(entry.resource, op, entry.curation);
		plans.set(op, plan);
	}
	return plan;
}

/** Parameter names the node itself uses; catalog fields with these names get a prefix. */
export const RESERVED_PARAMETER_NAMES = [
	'resource',
	'operation',
	...OPERATION_PARAMETER_NAMES,
	'filters',
	'queryOptions',
	'additionalFields',
	'updateFields',
	'options',
	'notice',
	'missingOperationsNotice',
	'externalKeyName',
	'externalKeyValue',
	'ifExists',
];

/** A resource's own `{id}`: its record picker where it has one, a plain ID otherwise. */
function ownIdCuration(resource: ResourceSpec): FieldCuration {
	const picker = RECORD_PICKERS.get(resource.value);
	return picker ? { displayName: resource.name, locator: resource.value, ...sinceOf(picker.picker) } : { displayName: `${resource.name} ID` };
}

/** The label of a parameter: its curated display name, or its wire name in Title Case. */
export function displayNameOf(param: ParamPlan): string {
	return param.curation.displayName ?? fieldLabel(param.field.name);
}

/**
 * The name the editor shows for a parameter, so error messages name what the user sees. Inside a collection a
 * picker is a plain ID field (resource locators are unreliable there in older n8n), labelled "… ID".
 */
export function parameterLabel(param: ParamPlan): string {
	let label = labels.get(param);
	if (label === undefined) {
		label = param.collection && param.curation.locator ? `${displayNameOf(param)} ID` : displayNameOf(param);
		labels.set(param, label);
	}
	return label;
}

/** Checking an item labels each of its parameters: made once per parameter, not 1,000 times (0.2 s of CPU in a real n8n). */
const labels = new WeakMap<ParamPlan, string>();

/** Names of the parameters a `locations` field is entered with: the input mode, and the fields form (the JSON keeps the field's name). */
export const locationsParameters = (param: ParamPlan) => ({ input: `${param.parameter}Input`, fields: `${param.parameter}Ui` });
