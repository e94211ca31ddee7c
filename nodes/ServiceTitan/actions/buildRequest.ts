import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { CatalogEntry } from '../catalog';
import type { OperationSpec } from '../catalog/types';
import { resolveCustomFieldIds } from '../methods/customFields';
import type { ValueConverter } from '../model/converter';
import { OPERATION_PARAMETERS } from '../model/operationParameters';
import { parameterLabel, type OperationPlan, type ParamPlan } from '../model/plan';
import { fieldLabel } from '../model/text';
import { SHAPES } from '../model/shapes';
import { GLOBAL_FIELD_CONVENTIONS } from '../catalog/pickers';
import { convertValue } from '../model/values';
import type { Query, ReportRef, ServiceTitanClient } from '../transport';
import { readLocations } from './locations';
import { namesToIds } from './recordNames';
import { readReportParameters } from '../reporting/readParameters';
import { reportOf } from '../reporting/run';

export interface BuiltRequest {
	path: string;
	query: Query;
	body?: unknown;
	/** A report run's report (its path values decoded once, here). */
	report?: ReportRef;
}

/**
 * The request of one item: path, query and body read from its parameters and converted, every bad value an
 * error naming the parameter and the item.
 */
export async function buildRequest(
	ctx: IExecuteFunctions,
	client: ServiceTitanClient,
	entry: CatalogEntry,
	op: OperationSpec,
	plan: OperationPlan,
	convert: ValueConverter,
	itemIndex: number,
): Promise<BuiltRequest> {
	const pathValues: Record<string, string> = {};
	const query: Query = {};
	let body: IDataObject | undefined = plan.bodyMode === 'fields' ? {} : undefined;
	const specifyBody = plan.bodyMode === 'fields' ? OPERATION_PARAMETERS.specifyBody.read(ctx, itemIndex) : undefined;
	const collections = new Map<string, IDataObject>();
	const collection = (name: string) => {
		if (!collections.has(name)) collections.set(name, (ctx.getNodeParameter(name, itemIndex, {}) ?? {}) as IDataObject);
		return collections.get(name)!;
	};

	for (const param of plan.params) {
		const label = parameterLabel(param);
		if (param.location === 'body' && specifyBody === 'json') continue;
		if (param.curation.shape === 'locations' && !param.collection) {
			body![param.field.name] = readLocations(ctx, param, convert, label, itemIndex) as IDataObject[string];
			continue;
		}
		if (param.curation.shape === 'reportParameters' && !param.collection) {
			// The form (node version 3 on); the JSON list is read below like any shaped field.
			const parameters = await readReportParameters(ctx, client, param, pathValues, convert, label, itemIndex);
			if (parameters) {
				body![param.field.name] = parameters as unknown as IDataObject[string];
				continue;
			}
		}
		let raw: unknown;
		if (param.collection) {
			const values = collection(param.collection);
			if (!(param.parameter in values)) continue;
			raw = values[param.parameter];
		} else {
			raw = ctx.getNodeParameter(param.parameter, itemIndex, undefined, { extractValue: true });
		}
		// Business unit, job type, technician …: a name is taken where the ID is asked (an agent knows names, not IDs).
		raw = await namesToIds(ctx, client, param.curation, raw, convert, label, itemIndex);
		if (param.location === 'path') {
			pathValues[param.field.name] = convert.pathSegment(label, param.field, raw);
			continue;
		}
		if (param.curation.shape === 'lineItems') raw = await lineItemNamesToIds(ctx, client, param, raw, convert, label, itemIndex);
		const value = await readValue(client, entry, param, raw, convert, label);
		// A required ID left at the number field's default 0 names no record: ServiceTitan may accept the write incomplete
		// (other integrators report tasks without type or source), so it is refused here.
		if (value === 0 && param.field.required && param.field.integer && /Id$/.test(param.field.name))
			convert.fail(label, 'this field is required (0 is no ServiceTitan ID)');
		if (value === undefined) {
			if (param.field.required && param.location !== 'query') convert.fail(label, 'this field is required');
			if (param.field.required && param.location === 'query') convert.fail(label, 'this parameter is required');
			continue;
		}
		if (param.location === 'query') query[param.field.name] = value as Query[string];
		else body![param.field.name] = value as IDataObject[string];
	}

	if (plan.bodyMode === 'fields' && specifyBody === 'json') {
		body = convert.jsonObject('JSON Body', OPERATION_PARAMETERS.jsonObjectBody.read(ctx, itemIndex));
	}
	let finalBody: unknown = body;
	if (plan.bodyMode === 'array') {
		const parsed = convert.json('JSON Body', OPERATION_PARAMETERS.jsonArrayBody.read(ctx, itemIndex));
		if (!Array.isArray(parsed)) convert.fail('JSON Body', 'must be a JSON array like [ … ]');
		finalBody = parsed;
	}

	const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
		const value = pathValues[name];
		if (value === undefined) convert.fail(name, 'a value is required');
		return value;
	});
	return { path, query, body: finalBody, report: plan.reportRun ? reportOf(pathValues) : undefined };
}

/**
 * Line items with the names in their ID fields (a new job's appointments' Technician IDs) replaced by their IDs, as
 * namesToIds does for a field of its own; the item's label is the one the line item's own checks use.
 */
async function lineItemNamesToIds(
	ctx: IExecuteFunctions,
	client: ServiceTitanClient,
	param: ParamPlan,
	raw: unknown,
	convert: ValueConverter,
	label: string,
	itemIndex: number,
): Promise<unknown> {
	const items = (raw as IDataObject | undefined)?.item;
	if (!Array.isArray(items)) return raw;
	const resolved: IDataObject[] = [];
	for (const [index, item] of (items as IDataObject[]).entries()) {
		const copy = { ...item };
		for (const field of param.curation.lineItemFields ?? []) {
			const convention = GLOBAL_FIELD_CONVENTIONS[field.name];
			if (!convention) continue;
			const itemLabel = `${label} (item ${index + 1}) ${field.label ?? fieldLabel(field.name)}`;
			copy[field.name] = (await namesToIds(ctx, client, convention, item[field.name], convert, itemLabel, itemIndex)) as IDataObject[string];
		}
		resolved.push(copy);
	}
	return { ...(raw as IDataObject), item: resolved };
}

/** One parameter's value as ServiceTitan expects it: by its shape, or by its value kind (model tables). */
async function readValue(client: ServiceTitanClient, entry: CatalogEntry, param: ParamPlan, raw: unknown, convert: ValueConverter, label: string): Promise<unknown> {
	const { shape } = param.curation;
	if (shape) {
		if (raw === undefined || raw === null) return undefined;
		return SHAPES[shape].convert(raw as IDataObject, {
			convert,
			label,
			curation: param.curation,
			resolveCustomFields: (fields) => resolveCustomFieldIds(client, entry, fields, convert, label),
		});
	}
	const value = convertValue(convert, label, param.field, param.curation, raw);
	// A required list or object sent empty is rejected by ServiceTitan anyway; say so before the request.
	if (param.field.required && param.field.type === 'json' && isEmptyJson(value)) return undefined;
	return value;
}

function isEmptyJson(value: unknown): boolean {
	if (Array.isArray(value)) return value.length === 0;
	return Boolean(value) && typeof value === 'object' && Object.keys(value as object).length === 0;
}
