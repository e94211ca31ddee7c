/**
 * Which creates ServiceTitan lets a workflow key, read from the catalog itself (no list of resources to keep up):
 * - `externalData`: the create takes `externalData` and the resource's Get Many filters by `externalDataKey`
 *   (customers, locations, jobs, projects, vendors, trucks, pricebook services/materials/equipment, discounts and
 *   fees). The key is a (name, value) pair the node attaches under the credential's application GUID.
 * - `externalId`: the create requires `externalId` and the Get Many filters by it (bookings). The key is that field.
 * The node looks the key up before it creates and after a lost reply; `update` is the resource's Update by `{id}`,
 * used by "If It Already Exists: Update Existing".
 */
import type { OperationSpec, ResourceSpec } from './types';

export type KeyKind = 'externalData' | 'externalId';

export interface KeyedCreate {
	kind: KeyKind;
	/** The resource's Get Many, which finds a record by its key. */
	list: OperationSpec;
	/** The resource's Update of a record the create made (updateOperationOf), when it has one. */
	update?: OperationSpec;
}

const keyed = new WeakMap<OperationSpec, KeyedCreate | null>();

export function keyedCreateOf(resource: ResourceSpec, op: OperationSpec): KeyedCreate | undefined {
	let found = keyed.get(op);
	if (found === undefined) {
		found = findKeyedCreate(resource, op) ?? null;
		keyed.set(op, found);
	}
	return found ?? undefined;
}

function findKeyedCreate(resource: ResourceSpec, op: OperationSpec): KeyedCreate | undefined {
	if (op.method !== 'POST' || op.body?.kind !== 'object') return undefined;
	const list = resource.operations.find((candidate) => candidate.value === 'getAll' && candidate.paged && candidate.pathParams.length === 0);
	if (!list) return undefined;
	const bodyHas = (name: string) => op.body!.fields.some((field) => field.name === name);
	const listFilters = (name: string) => list.query.some((field) => field.name === name);
	const update = updateOperationOf(resource, op);
	if (op.value === 'create' && bodyHas('externalData') && listFilters('externalDataKey') && listFilters('externalDataApplicationGuid')) {
		return { kind: 'externalData', list, update };
	}
	if (op.body.fields.some((field) => field.name === 'externalId' && field.required) && listFilters('externalId')) {
		return { kind: 'externalId', list, update };
	}
	return undefined;
}

/**
 * The Update of a record the create made: the resource's Update at the create's path + `/{id}` (`customers/{id}`,
 * `booking-provider/{booking_provider}/bookings/{id}`), so the create's own path values address it.
 */
export function updateOperationOf(resource: ResourceSpec, create: OperationSpec): OperationSpec | undefined {
	return resource.operations.find((candidate) => candidate.value === 'update' && candidate.body?.kind === 'object' && candidate.path === `${create.path}/{id}`);
}
