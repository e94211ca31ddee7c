/**
 * Builds, for any catalog operation, the node parameters a user would enter for its required
 * inputs (IDs of records the simulator holds) and the request ServiceTitan should receive.
 * Expected wire values are written out per input kind here, not derived from the node's code.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import type { CatalogEntry } from '../../nodes/ServiceTitan/catalog';
import type { FieldCuration, LineItemField } from '../../nodes/ServiceTitan/catalog/curation';
import type { FieldSpec, OperationSpec } from '../../nodes/ServiceTitan/catalog/types';
import { planOperation, type ParamPlan } from '../../nodes/ServiceTitan/model/plan';
import { dropdownOf, pickerOf, type ListRequest } from '../../nodes/ServiceTitan/catalog/pickers';
import { collectionModule } from '../simulator/routes';
import { operationUrlPath, type Simulator } from '../simulator';
import { byId } from './support';

export interface OperationCase {
	parameters: INodeParameters;
	expected: { method: string; path: string; query: Record<string, string>; body?: unknown };
	/** Fields Simplify keeps, when the operation simplifies. */
	simplify?: string[];
	limit?: number;
}

export const LIMIT = 3;
export const DATE_INPUT = '2026-11-23T08:00:00Z';
export const DATE_WIRE = '2026-11-23T08:00:00.000Z';

/** The simulator's collection a picker or dropdown lists. */
const listCollection = ({ module, path }: ListRequest): string => `${collectionModule(module)}:${path}`;

/** Records state-changing actions accept: open jobs, appointments not done. */
const USABLE: Record<string, (record: IDataObject) => boolean> = {
	'jpm:jobs': (r) => !['Completed', 'Canceled'].includes(String(r.jobStatus)),
	'jpm:appointments': (r) => !['Done', 'Canceled'].includes(String(r.status)),
};

/** Records the simulator's effects accept for state-changing actions (a completed job cannot be canceled …). */
const open = (status: unknown) => !['Completed', 'Canceled'].includes(String(status));
const estimateStatus = (r: IDataObject) => String((r.status as IDataObject | undefined)?.name ?? r.status);
export const ACTION_TARGETS: Record<string, (record: IDataObject) => boolean> = {
	'job.cancel': (r) => open(r.jobStatus),
	'job.hold': (r) => open(r.jobStatus),
	'job.complete': (r) => open(r.jobStatus),
	'job.removeCancellation': (r) => r.jobStatus === 'Canceled',
	'purchaseOrder.cancel': (r) => r.status !== 'Canceled',
	'receipt.cancelReceipts': (r) => r.status !== 'Canceled',
	'estimate.sell': (r) => estimateStatus(r) === 'Open',
	'estimate.unsell': (r) => estimateStatus(r) === 'Sold',
	'estimate.dismiss': (r) => estimateStatus(r) === 'Open',
	'appointment.removeHold': (r) => r.status === 'Hold',
};

/** Required JSON fields whose content ServiceTitan checks, entered as a user would. */
const JSON_INPUTS: Record<string, unknown> = {
	locations: [{ name: 'Home', address: { street: '1 Congress Ave', city: 'Austin', state: 'TX', zip: '78701', country: 'USA' } }],
	parameters: [
		{ name: 'From', value: '2026-01-01' },
		{ name: 'To', value: '2026-10-31' },
	],
	shipTo: { description: 'Main warehouse', address: { street: '9 Industrial Blvd', unit: 'Dock 2', city: 'Austin', state: 'TX', zip: '78745', country: 'USA' } },
};

/** Number fields that name records the simulator checks (its effects reject unknown references). */
const REFERENCE_COLLECTIONS: Record<string, string> = {
	customerId: 'crm:customers',
	locationId: 'crm:locations',
	jobId: 'jpm:jobs',
	appointmentId: 'jpm:appointments',
	jobAppointmentId: 'jpm:appointments',
	technicianId: 'settings:technicians',
	purchaseOrderId: 'inventory:purchase-orders',
	vendorId: 'inventory:vendors',
	projectId: 'jpm:projects',
};

function sourceCollection(curation: FieldCuration): string | undefined {
	const source = curation.optionsSource ?? curation.multiOptionsSource;
	if (!source) return undefined;
	return listCollection(dropdownOf(source).list);
}

/**
 * A documented example for an input whose document pins its format, pattern or shape (a GUID, an email, a
 * TimeSpan, an enum, a nested object), or undefined to enter the usual made-up value.
 */
export type DocumentedInput = (module: string, operationId: string, location: 'path' | 'query' | 'body', name: string) => unknown;

export class OperationInputs {
	/** The operation `build` is filling in, for `documented`. */
	private current?: { entry: CatalogEntry; op: OperationSpec };

	constructor(
		private readonly sim: Simulator,
		private readonly documented?: DocumentedInput,
	) {}

	private documentedValue(location: 'path' | 'query' | 'body', name: string): unknown {
		if (!this.documented || !this.current) return undefined;
		return this.documented(this.current.entry.resource.module, this.current.op.operationId, location, name);
	}

	/** Id of a record in a collection, preferring one that passes `accept`; undefined if none. */
	recordId(collection: string, accept: (record: IDataObject) => boolean = USABLE[collection] ?? (() => true)): string | undefined {
		if (!this.sim.store.has(collection)) return undefined;
		const records = this.sim.store.list(collection) as unknown as IDataObject[];
		const record = records.find((r) => r.active !== false && accept(r)) ?? records[0];
		return record ? String(record.id) : undefined;
	}

	private referenceId(param: ParamPlan): string {
		const collection =
			(param.curation.locator && listCollection(pickerOf(param.curation.locator).list)) ?? sourceCollection(param.curation) ?? REFERENCE_COLLECTIONS[param.field.name];
		return (collection && this.recordId(collection)) ?? '7';
	}

	/**
	 * Path parameter values: the target record from the route's collection when it has one, its
	 * parents from the record's link fields, anything else a record of the kind it names.
	 */
	pathValues(entry: CatalogEntry, op: OperationSpec, params: ParamPlan[], accept?: (record: IDataObject) => boolean): Record<string, string> {
		const pathParams = params.filter((p) => p.location === 'path');
		const values: Record<string, string> = {};
		if (!pathParams.length) return values;
		const probe = operationUrlPath(entry.resource.module, op.path, this.sim.credentials.tenantId);
		const match = this.sim.routeFor(op.method, probe);
		const route = match?.route;
		let target = route?.idParam ? this.recordId(route.collection, accept) : undefined;
		if (route?.idParam && !target) {
			// Sub-records the seed has none of (booking contacts …): add one under the parents first.
			const links = Object.fromEntries(route.parents.map((link) => [link.field, Number(this.recordId(link.collection) ?? 7)]));
			target = String(this.sim.store.create(route.collection, links).id);
		}
		const targetRecord = target ? (this.sim.store.get(route!.collection, Number(target)) as unknown as IDataObject | undefined) : undefined;
		if (route?.idParam && target) values[route.idParam] = target;
		for (const link of route?.parents ?? []) {
			const linked = targetRecord?.[link.field];
			const parent = linked !== undefined && linked !== null ? String(linked) : this.recordId(link.collection, route?.idParam ? undefined : accept);
			if (parent !== undefined) values[link.param] = parent;
		}
		for (const param of pathParams) {
			const documented = this.documentedValue('path', param.field.name);
			// A GUID or an email in the path: the store's record ids are numbers unless its collection is GUID-keyed.
			if (typeof documented === 'string' && !/^[0-9a-f]{8}-/i.test(values[param.field.name] ?? '')) values[param.field.name] = documented;
			values[param.field.name] ??= this.referenceId(param);
		}
		return values;
	}

	/** `optional`: every optional field too, each in its collection (Filters, Additional Fields …). */
	build(entry: CatalogEntry, op: OperationSpec, accept?: (record: IDataObject) => boolean, { optional = false } = {}): OperationCase {
		this.current = { entry, op };
		const plan = planOperation(entry.resource, op, entry.curation);
		const parameters: IDataObject = { resource: entry.resource.value, operation: op.value };
		const query: Record<string, string> = {};
		const body: IDataObject = {};
		const pathValues = this.pathValues(entry, op, plan.params, accept);

		for (const param of plan.params.filter((p) => p.collection && optional)) {
			const collection = (parameters[param.collection!] ??= {}) as IDataObject;
			const { input } = this.requiredValue(param);
			// Inside a collection a record is entered by its plain ID (no resource locator there).
			collection[param.parameter] = (param.curation.locator && typeof input === 'object' ? (input as IDataObject).value : input) as IDataObject[string];
		}
		for (const param of plan.params.filter((p) => !p.collection)) {
			if (param.location === 'path') {
				const id = pathValues[param.field.name];
				parameters[param.parameter] = param.curation.locator ? byId(id) : id;
				continue;
			}
			const { input, wire } = this.requiredValue(param);
			parameters[param.parameter] = input as IDataObject[string];
			// A customer's locations also have a fields form; these cases enter them as JSON.
			if (param.curation.shape === 'locations') parameters[`${param.parameter}Input`] = 'json';
			// A report run's parameters also have a form built from the report; these cases enter the JSON list.
			if (param.curation.shape === 'reportParameters') parameters[`${param.parameter}Input`] = 'json';
			if (param.location === 'query') query[param.field.name] = String(wire);
			else body[param.field.name] = wire as IDataObject[string];
		}

		let limit: number | undefined;
		if (plan.paged || plan.export) {
			parameters.returnAll = false;
			parameters.limit = LIMIT;
			limit = LIMIT;
		}
		if (plan.paged) Object.assign(query, { page: '1', pageSize: String(LIMIT) });
		const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => pathValues[name]);
		return {
			parameters: parameters as INodeParameters,
			expected: { method: op.method, path, query, body: plan.bodyMode === 'fields' ? body : undefined },
			simplify: plan.simplify,
			limit,
		};
	}

	/** What a user enters for a required field, and what ServiceTitan must receive for it. */
	requiredValue(param: ParamPlan): { input: unknown; wire: unknown } {
		const { field, curation } = param;
		switch (curation.shape) {
			case 'address': {
				const address = { street: '1 Congress Ave', unit: '', city: 'Austin', state: 'TX', zip: '78701', country: 'USA' };
				return { input: { address }, wire: { street: '1 Congress Ave', unit: '', city: 'Austin', state: 'TX', zip: '78701', country: 'USA' } };
			}
			case 'contacts':
				return { input: { contact: [{ type: 'Phone', value: '512-555-0100', memo: '' }] }, wire: [{ type: 'Phone', value: '512-555-0100' }] };
			case 'lineItems': {
				const fields = curation.lineItemFields ?? [];
				const item = Object.fromEntries(fields.map((f) => [f.name, this.lineItemInput(f)]));
				const wire = Object.fromEntries(fields.filter((f) => f.required).map((f) => [f.name, this.lineItemWire(f)]));
				return { input: { item: [item] }, wire: [wire] };
			}
		}
		if (curation.locator && (field.type === 'number' || field.type === 'string')) {
			const id = this.referenceId(param);
			return { input: byId(id), wire: field.type === 'number' ? Number(id) : id };
		}
		if (curation.optionsSource) {
			const id = this.referenceId(param);
			return { input: id, wire: Number(id) };
		}
		if (curation.multiOptionsSource) {
			const id = this.referenceId(param);
			return { input: [id], wire: [Number(id)] };
		}
		if (curation.options?.length) return { input: curation.options[0], wire: curation.options[0] };
		return this.plainValue(field, param);
	}

	private plainValue(field: FieldSpec, param: ParamPlan): { input: unknown; wire: unknown } {
		const documented = param.location === 'path' || JSON_INPUTS[field.name] ? undefined : this.documentedValue(param.location, field.name);
		if (documented !== undefined) {
			if (field.type === 'json') return { input: JSON.stringify(documented, null, 2), wire: documented };
			if (field.type === 'stringList' && Array.isArray(documented)) return { input: documented.join(', '), wire: documented };
			if (field.type === 'string' && typeof documented === 'string') return { input: documented, wire: documented };
			// A list of enum values in a query (`syncStatuses`), entered comma-separated as ids are.
			if (field.type === 'idList' && Array.isArray(documented)) return { input: documented.join(', '), wire: documented.join(',') };
		}
		switch (field.type) {
			case 'number': {
				const reference = REFERENCE_COLLECTIONS[field.name];
				const id = reference ? this.recordId(reference) : undefined;
				return id ? { input: Number(id), wire: Number(id) } : { input: 7, wire: 7 };
			}
			case 'boolean':
				return { input: true, wire: true };
			case 'dateTime':
				return { input: DATE_INPUT, wire: DATE_WIRE };
			case 'options':
				return { input: field.options![0], wire: field.options![0] };
			case 'idList': {
				const id = this.referenceId(param);
				return { input: `${id}, ${id}`, wire: `${id},${id}` };
			}
			case 'numberList': {
				const reference = REFERENCE_COLLECTIONS[field.name.replace(/Ids$/, 'Id')];
				const id = (reference && this.recordId(reference)) ?? '7';
				return { input: ` ${id}, ${id} `, wire: [Number(id), Number(id)] };
			}
			case 'stringList':
				return { input: 'Technician, Installer', wire: ['Technician', 'Installer'] };
			case 'json':
				if (JSON_INPUTS[field.name]) return { input: JSON.stringify(JSON_INPUTS[field.name], null, 2), wire: JSON_INPUTS[field.name] };
				return field.jsonShape === 'array'
					? { input: '[{"typeId": 1, "value": "x"}]', wire: [{ typeId: 1, value: 'x' }] }
					: { input: '{"description": "Main warehouse"}', wire: { description: 'Main warehouse' } };
			default:
				return { input: `Test ${field.name}`, wire: `Test ${field.name}` };
		}
	}

	private lineItemInput(field: LineItemField): unknown {
		if (!field.required) return field.type === 'number' ? 0 : field.type === 'boolean' ? false : '';
		return this.lineItemWire(field, true);
	}

	private lineItemWire(field: LineItemField, asInput = false): unknown {
		switch (field.type) {
			case 'number': {
				const reference = REFERENCE_COLLECTIONS[field.name];
				const id = reference && this.recordId(reference);
				return id ? Number(id) : 2;
			}
			case 'boolean':
				return true;
			case 'dateTime':
				return asInput ? DATE_INPUT : DATE_WIRE;
			case 'numberList':
				return asInput ? '1' : [1];
			default:
				return `Item ${field.name}`;
		}
	}
}
