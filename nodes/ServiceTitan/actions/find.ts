import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';
import type { CatalogEntry } from '../catalog';
import { FIND_OPERATIONS, MATCH_RULE_NAMES, type Findable, type MatchRule } from '../catalog/find';
import { IF_NONE_FOUND, IF_SEVERAL_FOUND } from '../descriptions/findProperties';
import { ValueConverter } from '../model/converter';
import type { Query, ServiceTitanClient } from '../transport';
import type { PreparedItem } from './catalogOperation';
import { keyScopeOf, keyedOutput, prepareCreateRequest } from './catalogOperation';
import { claimKeyOf, createKnowingOutcome, findByKey, holding, readExternalKey, updateRecord, type ExternalKey, type KeyedOutcome } from './keyedCreate';

/** The values an item is matched with, by rule; a rule without a value is skipped for that item. */
export interface MatchValues {
	externalKey?: ExternalKey;
	phone?: string;
	address?: { street: string; zip: string };
	name?: string;
	/** The customer a location must belong to. */
	scope?: string;
}

interface Match {
	rule: MatchRule;
	records: IDataObject[];
}

/**
 * Find and Find or Create. The match rules run in the user's order, one lookup each, and the first rule that finds
 * records decides (`matchedOn`). Find or Create holds a claim on the item's first match value (its External Key
 * when given) while it looks and creates, so two items or executions with the same lead create one record. Each rule
 * with a value costs one lookup until one finds records: with the rules External Key then Phone, an existing record
 * costs 1 or 2 requests (+1 with Update Found Record), a new one 3.
 */
export async function prepareFind(
	ctx: IExecuteFunctions,
	client: ServiceTitanClient,
	entry: CatalogEntry,
	findable: Findable,
	operation: string,
	itemIndex: number,
): Promise<PreparedItem> {
	const node = ctx.getNode();
	const rules = readRules(ctx, findable, itemIndex);
	const options = (ctx.getNodeParameter('options', itemIndex, {}) ?? {}) as IDataObject;
	const includeRelated = options.includeRelated === true;

	if (operation === FIND_OPERATIONS.find) {
		const convert = new ValueConverter(node, itemIndex, ctx.getTimezone());
		const values = await findValues(ctx, findable, convert, itemIndex);
		if (!rules.some((rule) => values[rule]))
			convert.fail('Match Rules', `give a value for at least one rule (${rules.map((rule) => MATCH_RULE_NAMES[rule]).join(', ')})`);
		const ifNoneFound = String(options.ifNoneFound ?? IF_NONE_FOUND.noItems);
		return {
			writes: false,
			fingerprint: JSON.stringify(['find', entry.resource.value, rules, values]),
			run: async () => {
				const match = await firstMatch(client, entry, findable, rules, values);
				if (!match) {
					if (ifNoneFound === IF_NONE_FOUND.emptyItem) return [{ json: { found: false } }];
					if (ifNoneFound === IF_NONE_FOUND.error) {
						throw new NodeOperationError(node, `No ${entry.resource.name.toLowerCase()} matches ${describeValues(rules, values)}`, { itemIndex });
					}
					return [];
				}
				const records = includeRelated ? await Promise.all(match.records.map((record) => withRelated(client, entry, findable, record))) : match.records;
				return records.map((record) => ({ json: { ...record, matchedOn: match.rule } }));
			},
		};
	}

	const { create, key, convert } = await prepareCreateRequest(ctx, client, entry, findable.create, itemIndex);
	// A record created with a key is found by it on the next run even when the rules leave the key out: tried last.
	if (key && !rules.includes('externalKey')) rules.push('externalKey');
	const values = valuesOfCreate(create.body, key, findable);
	const first = rules.find((rule) => values[rule]);
	if (!first)
		convert.fail(
			'Match Rules',
			`the item gives no value for any rule (${rules.map((rule) => MATCH_RULE_NAMES[rule]).join(', ')}): fill the create's fields the rules read`,
		);
	const ifSeveralFound = String(options.ifSeveralFound ?? IF_SEVERAL_FOUND.useOldest);
	const updateFound = options.updateFound === true;
	const { tenantId } = await keyScopeOf(ctx);
	const claim = key ? claimKeyOf(entry, key) : claimKeyOf(entry, { tenantId, value: `${first}\u0000${JSON.stringify(values[first!])}\u0000${values.scope ?? ''}` });
	return {
		writes: true,
		lookedUpFirst: true,
		fingerprint: JSON.stringify(['findOrCreate', create.path, create.body, rules, ifSeveralFound, updateFound]),
		run: async () => {
			const outcome = await holding(
				ctx,
				claim,
				`the ${entry.resource.name.toLowerCase()} matching ${describeValues(rules, values)}`,
				itemIndex,
				async (): Promise<KeyedOutcome> => {
					const match = await firstMatch(client, entry, findable, rules, values);
					if (!match) return createKnowingOutcome({ ctx, client, entry, create, key, itemIndex });
					if (match.records.length > 1 && ifSeveralFound === IF_SEVERAL_FOUND.error) {
						throw new NodeOperationError(
							node,
							`${match.records.length} ${entry.resource.plural.toLowerCase()} match on ${MATCH_RULE_NAMES[match.rule]}: IDs ${match.records.map((r) => String(r.id)).join(', ')}`,
							{
								itemIndex,
								description: 'Nothing was created or changed. Choose "If Several Found: Use the Oldest", or merge the records in ServiceTitan.',
							},
						);
					}
					const [oldest] = match.records;
					const updated = updateFound ? await updateRecord(client, entry, findable.update, create, oldest.id) : undefined;
					return { record: updated ?? oldest, created: false, matchedOn: match.rule, ...(updated ? { updated: true } : {}) };
				},
			);
			const json = keyedOutput(outcome);
			return [{ json: includeRelated && json.id !== undefined ? await withRelated(client, entry, findable, json) : json }];
		},
	};
}

function readRules(ctx: IExecuteFunctions, findable: Findable, itemIndex: number): MatchRule[] {
	const entered = (((ctx.getNodeParameter('matchRules', itemIndex, {}) ?? {}) as IDataObject).rule ?? []) as IDataObject[];
	const rules: MatchRule[] = [];
	for (const { on } of entered) {
		const rule = String(on) as MatchRule;
		if (!findable.rules.includes(rule)) {
			throw new NodeOperationError(ctx.getNode(), `Match Rules: "${String(on)}" is not a rule this resource can match on (${findable.rules.join(', ')})`, { itemIndex });
		}
		if (!rules.includes(rule)) rules.push(rule);
	}
	if (rules.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'Match Rules: add at least one rule (Add Match Rule)', {
			itemIndex,
			description: `Rules are tried in order; the first that finds records decides. This resource matches on ${findable.rules.map((rule) => MATCH_RULE_NAMES[rule]).join(', ')}.`,
		});
	}
	return rules;
}

/** Find's values, from its own parameters. */
async function findValues(ctx: IExecuteFunctions, findable: Findable, convert: ValueConverter, itemIndex: number): Promise<MatchValues> {
	const text = (name: string) => collapse(String(ctx.getNodeParameter(name, itemIndex, '') ?? ''));
	const values: MatchValues = {};
	if (findable.rules.includes('externalKey') && findable.keyed)
		values.externalKey = readExternalKey(ctx, findable.keyed, undefined, await keyScopeOf(ctx), convert, itemIndex);
	if (findable.rules.includes('phone')) values.phone = phoneDigits(text('matchPhone')) || undefined;
	if (findable.rules.includes('address')) {
		const street = text('matchStreet');
		const zip = text('matchZip');
		if (street || zip) {
			if (!street) convert.fail('Street', 'give the street with the zip (the Address rule matches both)');
			if (!zip) convert.fail('Zip', 'give the zip with the street (the Address rule matches both)');
			values.address = { street, zip };
		}
	}
	if (findable.rules.includes('name')) values.name = text('matchName') || undefined;
	if (findable.scopeField) values.scope = text('matchScope') || undefined;
	if (values.scope && !/^\d+$/.test(values.scope)) convert.fail('Customer ID', `must be a number, got "${values.scope}"`);
	return values;
}

/** Find or Create's values, from the record it would create: its name, address, first phone contact and key. */
function valuesOfCreate(body: IDataObject, key: ExternalKey | undefined, findable: Findable): MatchValues {
	const address = (body.address ?? {}) as IDataObject;
	const street = collapse(String(address.street ?? ''));
	const zip = collapse(String(address.zip ?? ''));
	const contacts = [
		...((body.contacts as IDataObject[] | undefined) ?? []),
		...((body.locations as IDataObject[] | undefined) ?? []).flatMap((location) => (location?.contacts as IDataObject[] | undefined) ?? []),
	];
	const phone = contacts.find((contact) => /phone/i.test(String(contact?.type ?? '')) && String(contact?.value ?? '').trim());
	const scope = findable.scopeField ? body[findable.scopeField] : undefined;
	return {
		externalKey: key,
		phone: phone ? phoneDigits(String(phone.value)) || undefined : undefined,
		address: street && zip ? { street, zip } : undefined,
		name: collapse(String(body.name ?? '')) || undefined,
		scope: scope === undefined || scope === null || scope === '' ? undefined : String(scope),
	};
}

/** The rules in order, one lookup each, until one finds records (oldest first). */
async function firstMatch(client: ServiceTitanClient, entry: CatalogEntry, findable: Findable, rules: MatchRule[], values: MatchValues): Promise<Match | undefined> {
	for (const rule of rules) {
		if (!values[rule]) continue;
		const records = rule === 'externalKey' ? await findByKey(client, entry, values.externalKey!) : await lookup(client, entry, findable, rule, values);
		const scoped = values.scope && findable.scopeField ? records.filter((record) => String(record[findable.scopeField!]) === values.scope) : records;
		if (scoped.length) return { rule, records: scoped };
	}
	return undefined;
}

export async function lookup(
	client: ServiceTitanClient,
	entry: CatalogEntry,
	findable: Findable,
	rule: Exclude<MatchRule, 'externalKey'>,
	values: MatchValues,
): Promise<IDataObject[]> {
	const query: Query = { pageSize: 50 };
	if (findable.list.query.some((field) => field.name === 'sort')) query.sort = '+Id';
	if (values.scope && findable.scopeField) query[findable.scopeField] = values.scope;
	if (rule === 'phone') query.phone = values.phone!;
	if (rule === 'address') Object.assign(query, values.address);
	if (rule === 'name') query.name = values.name!;
	const response = await client.request<{ data?: IDataObject[] }>({ module: entry.resource.module, method: 'GET', path: findable.list.path, query });
	const records = Array.isArray(response?.data) ? response.data : [];
	// ServiceTitan's name filter also returns longer names that contain it, and its address filters may be looser:
	// only records whose name or street and zip are the same (case and spacing aside) match.
	const same = (a: unknown, b: string) => normalize(String(a ?? '')) === normalize(b);
	const matches = records.filter((record) => {
		if (rule === 'name') return same(record.name, values.name!);
		if (rule === 'address') {
			const address = (record.address ?? {}) as IDataObject;
			return same(address.street, values.address!.street) && same(address.zip, values.address!.zip);
		}
		return true;
	});
	return matches.sort((a, b) => Number(a.id) - Number(b.id));
}

/** A found record with its related lists ("Include Contacts and Locations"), one request each. */
async function withRelated(client: ServiceTitanClient, entry: CatalogEntry, findable: Findable, record: IDataObject): Promise<IDataObject> {
	const related: IDataObject = {};
	for (const list of findable.related) {
		const id = encodeURIComponent(String(record.id));
		const query: Query = { pageSize: 50 };
		for (const [name, value] of Object.entries(list.query ?? {})) query[name] = value.replace('{id}', id);
		const response = await client.request<{ data?: IDataObject[] }>({ module: entry.resource.module, method: 'GET', path: list.path.replace('{id}', id), query });
		related[list.field] = Array.isArray(response?.data) ? response.data : [];
	}
	return { ...record, ...related };
}

/** Digits of a phone number, a leading country code 1 of an 11-digit number dropped: (512) 555-0142 = +1 512.555.0142. */
export function phoneDigits(text: string): string {
	const digits = text.replace(/\D/g, '');
	return digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
}

/** Values are sent as typed, spaces trimmed and runs of spaces made one, and compared ignoring case too. */
export const collapse = (text: string): string => text.trim().replace(/\s+/g, ' ');
const normalize = (text: string): string => collapse(text).toLowerCase();

function describeValues(rules: MatchRule[], values: MatchValues): string {
	const parts = rules
		.filter((rule) => values[rule])
		.map((rule) => {
			if (rule === 'externalKey') return `External Key ${values.externalKey!.name} = "${values.externalKey!.value}"`;
			if (rule === 'address') return `Address "${values.address!.street}, ${values.address!.zip}"`;
			return `${MATCH_RULE_NAMES[rule]} "${String(values[rule])}"`;
		});
	return parts.join(' or ');
}
