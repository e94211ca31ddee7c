/**
 * Find and Find or Create: which match rules a resource offers, read from its Get Many's documented filters, so the
 * editor offers only what ServiceTitan can search: `phone` → Phone, `street` + `zip` → Address, `name` → Name, and
 * the External Key where the create is keyed (catalog/keys.ts).
 */
import { FINDABLE_RESOURCES, type FindableCuration } from './curated/finding';
import { keyedCreateOf, updateOperationOf, type KeyedCreate } from './keys';
import type { OperationSpec, ResourceSpec } from './types';

export type MatchRule = 'externalKey' | 'phone' | 'address' | 'name';

export const MATCH_RULE_NAMES: Record<MatchRule, string> = {
	externalKey: 'External Key',
	phone: 'Phone',
	address: 'Address (Street + Zip)',
	name: 'Name',
};

export const FIND_OPERATIONS = { find: 'find', findOrCreate: 'findOrCreate' } as const;

export interface Findable extends FindableCuration {
	list: OperationSpec;
	create: OperationSpec;
	keyed?: KeyedCreate;
	/** The resource's Update, for Update Found Record. */
	update?: OperationSpec;
	rules: MatchRule[];
}

const cache = new WeakMap<ResourceSpec, Findable | null>();

export function findableOf(resource: ResourceSpec): Findable | undefined {
	let found = cache.get(resource);
	if (found === undefined) {
		found = derive(resource) ?? null;
		cache.set(resource, found);
	}
	return found ?? undefined;
}

function derive(resource: ResourceSpec): Findable | undefined {
	const curation = FINDABLE_RESOURCES[resource.value];
	const list = resource.operations.find((op) => op.value === 'getAll' && op.paged && op.pathParams.length === 0);
	const create = resource.operations.find((op) => op.value === 'create' && op.method === 'POST');
	if (!curation || !list || !create) return undefined;
	const filters = new Set(list.query.map((field) => field.name));
	const keyed = keyedCreateOf(resource, create);
	const rules: MatchRule[] = [];
	if (keyed?.kind === 'externalData') rules.push('externalKey');
	if (filters.has('phone')) rules.push('phone');
	if (filters.has('street') && filters.has('zip')) rules.push('address');
	if (filters.has('name')) rules.push('name');
	return { ...curation, list, create, keyed, update: updateOperationOf(resource, create), rules };
}
