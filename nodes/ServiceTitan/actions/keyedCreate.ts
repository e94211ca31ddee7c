import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';
import { shortHash } from '../api';
import type { CatalogEntry } from '../catalog';
import type { KeyedCreate } from '../catalog/keys';
import type { OperationSpec } from '../catalog/types';
import { getClaimStore, withClaim } from '../coordination/claims';
import { IF_EXISTS, type IfExists } from '../descriptions/externalKey';
import { toNodeError } from '../helpers/errors';
import type { ValueConverter } from '../model/converter';
import { NOTHING_SENT_SENTENCE, ServiceTitanApiError, ServiceTitanError, ServiceTitanNetworkError, type Query, type ServiceTitanClient } from '../transport';
import { responseRecords } from './responses';

/** A create's key: an external data pair under the application GUID, or a booking's External ID. */
export interface ExternalKey {
	keyed: KeyedCreate;
	/** The external data key's name; undefined for an External ID. */
	name?: string;
	value: string;
	applicationGuid: string;
	tenantId: string;
}

/** What a keyed create answers: the record, and how it came to be. */
export interface KeyedOutcome {
	record: IDataObject;
	created: boolean;
	/** The create's reply was lost and the record was found by its key afterwards. */
	recovered?: boolean;
	/** Found by its key (not created by this item). */
	matchedOn?: string;
	updated?: boolean;
}

/**
 * How many times a create is sent while each reply is lost and the key is then not found (so none was applied):
 * resending is safe, and at a 6 % chance of an unapplied lost reply, 3 sends left about one item in 5,000 failing.
 */
const MAX_CREATE_SENDS = 5;
/**
 * A key is held while it is looked up and created: far longer than one item's work normally takes (a few requests,
 * waiting for the rate limit and retries), so a second holder does not overlap the first; a crashed holder's claim
 * lapses after it.
 */
const CLAIM_TTL_MS = 5 * 60_000;
const CLAIM_MAX_WAIT_MS = 5 * 60_000;

/**
 * The key of one item of a keyed create, or undefined without one (the record is created as before). An External
 * Key Value without a name, or a name whose value came out empty for this item, is an error: silently creating
 * without the key would bring back the duplicates the key is there to prevent.
 */
export function readExternalKey(
	ctx: IExecuteFunctions,
	keyed: KeyedCreate,
	body: IDataObject | undefined,
	scope: { tenantId: string; applicationGuid: string },
	convert: ValueConverter,
	itemIndex: number,
): ExternalKey | undefined {
	if (keyed.kind === 'externalId') {
		const value = String(body?.externalId ?? '').trim();
		return value ? { keyed, value, ...scope } : undefined;
	}
	const name = String(ctx.getNodeParameter('externalKeyName', itemIndex, '') ?? '').trim();
	const value = String(ctx.getNodeParameter('externalKeyValue', itemIndex, '') ?? '').trim();
	if (!name && !value) return undefined;
	if (!name) convert.fail('External Key Name', 'give the name of the key, e.g. leadId (the External Key Value is set)');
	if (!value) convert.fail('External Key Value', `is empty for this item (External Key Name "${name}" is set): give the record's ID in its source system`);
	return { keyed, name, value, ...scope };
}

/** The create's body with the key attached as ServiceTitan takes it: `externalData: { applicationGuid, externalData: [{ key, value }] }`. */
export function withExternalKey(body: IDataObject, key: ExternalKey, convert: ValueConverter): IDataObject {
	if (key.keyed.kind !== 'externalData') return body;
	const given = body.externalData as { applicationGuid?: string; externalData?: unknown } | undefined;
	if (given !== undefined && (typeof given !== 'object' || given === null || Array.isArray(given)))
		convert.fail('External Data', 'must be an object { applicationGuid, externalData: [{ key, value }] }');
	const givenGuid = given?.applicationGuid ? String(given.applicationGuid).toLowerCase() : undefined;
	if (givenGuid && givenGuid !== key.applicationGuid) {
		convert.fail(
			'External Data',
			`names application GUID ${givenGuid}, but the External Key is written under the credential's ${key.applicationGuid}: ServiceTitan takes one GUID per record write`,
		);
	}
	const pairs = Array.isArray(given?.externalData) ? (given!.externalData as IDataObject[]).filter((pair) => pair?.key !== key.name) : [];
	return { ...body, externalData: { applicationGuid: key.applicationGuid, externalData: [...pairs, { key: key.name!, value: key.value }] } };
}

/**
 * Runs a keyed create: holding the key (coordination/claims.ts: one holder across items, executions and, with the
 * shared store, n8n processes), looks it up, then returns, updates, refuses or creates. A create whose reply is lost
 * (reset, timeout, 5xx, unreadable 200) is looked up again: found, it is the item's record (`recovered`); not found,
 * the create was not applied and is sent again. So no keyed create ever ends in "may have been applied".
 */
export interface CreateRequest {
	op: OperationSpec;
	path: string;
	query: Query;
	body: IDataObject;
}

/** One item's create: where it runs, what it sends, its key (if any). */
export interface CreateItem {
	ctx: IExecuteFunctions;
	client: ServiceTitanClient;
	entry: CatalogEntry;
	create: CreateRequest;
	key?: ExternalKey;
	itemIndex: number;
}

export async function runKeyedCreate(item: CreateItem & { key: ExternalKey }, ifExists: IfExists): Promise<KeyedOutcome> {
	const { ctx, client, entry, key, itemIndex } = item;
	return holding(ctx, claimKeyOf(entry, key), `the ${entry.resource.name.toLowerCase()} with ${describeKey(key)}`, itemIndex, async () => {
		if (ifExists !== IF_EXISTS.createAnyway) {
			const existing = await findByKey(client, entry, key);
			if (existing.length) return whenKeyFound(item, ifExists, existing);
		}
		return createKnowingOutcome(item);
	});
}

/**
 * The claim of one key: the resource and a hash of (tenant, GUID, key name, value). Hashed whole, so the store
 * (Redis in queue mode) sees neither the tenant ID nor the source system's key.
 */
export function claimKeyOf(entry: CatalogEntry, key: { tenantId: string; applicationGuid?: string; name?: string; value: string }): string {
	return `keyed-create:${entry.resource.value}:${shortHash(JSON.stringify([key.tenantId, key.applicationGuid ?? '', key.name ?? 'externalId', key.value]))}`;
}

/** Runs `work` holding `claimKey` (one holder across items, executions and, with the shared store, n8n processes). */
export async function holding<T>(ctx: IExecuteFunctions, claimKey: string, what: string, itemIndex: number, work: () => Promise<T>): Promise<T> {
	// The store is Redis-shared in queue mode; if Redis cannot answer, the fall back to this process is logged here.
	getClaimStore({ warn: (message) => ctx.logger?.warn(message) });
	const outcome = await withClaim(claimKey, work, { ttlMs: CLAIM_TTL_MS, maxWaitMs: CLAIM_MAX_WAIT_MS });
	if (!outcome.ran) {
		throw new NodeOperationError(ctx.getNode(), `Another item or execution has been creating ${what} for over ${CLAIM_MAX_WAIT_MS / 60_000} minutes`, {
			itemIndex,
			description: `${NOTHING_SENT_SENTENCE} for this item. Run it again: it looks the record up first, so it cannot create a second one.`,
		});
	}
	return outcome.value;
}

/**
 * Sends the create; a lost reply is looked up by the key (when there is one): found, it is the item's record
 * (`recovered`); not found, the create was not applied and is sent again.
 */
export async function createKnowingOutcome({ ctx, client, entry, create, key, itemIndex }: CreateItem): Promise<KeyedOutcome> {
	const send = async () => {
		const response = await client.request<unknown>({
			module: entry.resource.module,
			method: create.op.method,
			path: create.path,
			query: create.query,
			body: create.body,
			idempotent: create.op.idempotent,
		});
		return responseRecords(response, false)[0] ?? {};
	};
	// Without a key a lost reply stays unknown: the transport's error (it may have been applied) reaches the router as is.
	if (!key) return { record: await send(), created: true };
	let lost: ServiceTitanError | undefined;
	for (let sent = 1; sent <= MAX_CREATE_SENDS; sent++) {
		try {
			return { record: await send(), created: true };
		} catch (error) {
			if (!(error instanceof ServiceTitanError && error.mayHaveBeenApplied)) throw toNodeError(ctx.getNode(), error, itemIndex);
			lost = error;
			const found = await findByKey(client, entry, key);
			if (found.length) return { record: found[0], created: true, recovered: true };
		}
	}
	throw new NodeOperationError(
		ctx.getNode(),
		`ServiceTitan did not answer the create of the ${entry.resource.name.toLowerCase()} with ${describeKey(key)} (${MAX_CREATE_SENDS} tries), and no record with that key exists`,
		{
			itemIndex,
			description: `Nothing was created: after each lost reply the key was looked up and not found. Last failure: ${lostReason(lost!)}. Running it again is safe: the node looks the key up before it creates.`,
		},
	);
}

async function whenKeyFound(
	{ ctx, client, entry, create, key, itemIndex }: CreateItem & { key: ExternalKey },
	ifExists: IfExists,
	existing: IDataObject[],
): Promise<KeyedOutcome> {
	if (ifExists === IF_EXISTS.error) {
		throw new NodeOperationError(
			ctx.getNode(),
			`A ${entry.resource.name.toLowerCase()} with ${describeKey(key)} already exists (ID ${existing.map((record) => String(record.id)).join(', ')})`,
			{
				itemIndex,
				description: 'Nothing was created. Choose "If It Already Exists: Return Existing" or "Update Existing" to use it.',
			},
		);
	}
	const record = existing[0];
	if (ifExists === IF_EXISTS.updateExisting) {
		const updated = await updateRecord(client, entry, key.keyed.update, create, record.id);
		if (updated) return { record: updated, created: false, matchedOn: 'externalKey', updated: true };
	}
	return { record, created: false, matchedOn: 'externalKey' };
}

/** Records with this key, oldest first; each checked against the key, so a filter ServiceTitan ignored finds nothing. */
export async function findByKey(client: ServiceTitanClient, entry: CatalogEntry, key: ExternalKey): Promise<IDataObject[]> {
	const { list } = key.keyed;
	const query: Query =
		key.keyed.kind === 'externalData'
			? { externalDataApplicationGuid: key.applicationGuid, externalDataKey: key.name!, externalDataValues: key.value }
			: { externalId: key.value };
	if (list.query.some((field) => field.name === 'active' && field.options?.includes('Any'))) query.active = 'Any';
	if (list.query.some((field) => field.name === 'sort')) query.sort = '+Id';
	const response = await client.request<{ data?: IDataObject[] }>({ module: entry.resource.module, method: 'GET', path: list.path, query: { ...query, pageSize: 50 } });
	const records = Array.isArray(response?.data) ? response.data : [];
	return records.filter((record) => hasKey(record, key)).sort((a, b) => Number(a.id) - Number(b.id));
}

function hasKey(record: IDataObject, key: ExternalKey): boolean {
	if (key.keyed.kind === 'externalId') return String(record.externalId ?? '') === key.value;
	const pairs = Array.isArray(record.externalData) ? (record.externalData as IDataObject[]) : [];
	return pairs.some((pair) => pair.key === key.name && String(pair.value) === key.value);
}

/**
 * "Update Existing": the create's fields the resource's Update takes (a customer's Update has no locations), sent
 * to the record. Undefined when the resource has no Update or nothing is left to change.
 */
export async function updateRecord(
	client: ServiceTitanClient,
	entry: CatalogEntry,
	update: OperationSpec | undefined,
	create: CreateRequest,
	id: unknown,
): Promise<IDataObject | undefined> {
	if (!update) return undefined;
	const allowed = new Set(update.body!.fields.map((field) => field.name));
	const patch: IDataObject = {};
	for (const [name, value] of Object.entries(create.body)) if (allowed.has(name) && name !== 'externalData' && name !== 'externalId') patch[name] = value;
	if (Object.keys(patch).length === 0) return undefined;
	const response = await client.request<unknown>({
		module: entry.resource.module,
		method: update.method,
		// The Update lives at the create's path + /{id} (updateOperationOf), so the create's path values address it.
		path: `${create.path}/${encodeURIComponent(String(id))}`,
		body: patch,
		idempotent: update.idempotent,
	});
	return responseRecords(response, false)[0];
}

/** What a lost reply was, without the transport's "may have applied" advice: here the lookup settled that. */
function lostReason(error: ServiceTitanError): string {
	const where = error.method && error.path ? ` (${error.method} ${error.path})` : '';
	if (error instanceof ServiceTitanApiError) return `HTTP ${error.status} ${error.title}${where}`;
	const code = error instanceof ServiceTitanNetworkError && error.code ? ` ${error.code}` : '';
	return `${error.kind === 'timeout' ? 'no answer in time' : error.kind === 'response' ? 'an unreadable answer' : 'the connection closed before the answer'}${code}${where}`;
}

function describeKey(key: ExternalKey): string {
	return key.name ? `External Key ${key.name} = "${key.value}"` : `External ID "${key.value}"`;
}
