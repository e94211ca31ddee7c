import { hashString } from './random';
import type { SimulatorClock } from './clock';

export type RecordId = number | string;

/** A stored record. Records are replaced, never mutated in place, so responses can serialize them without copying. */
export interface SimRecord {
	id: RecordId;
	[field: string]: unknown;
}

export interface ChangeLogEntry {
	id: RecordId;
	modifiedOn: string;
	/** Position in the collection's change log, from 1. */
	seq: number;
	active: boolean;
	deleted: boolean;
	/** False when a later entry for the same id exists (exports only return the latest). */
	latest: boolean;
}

/** Timestamps a record carries instead of the simulated clock's. */
export interface RecordStamps {
	createdOn?: string;
	modifiedOn?: string;
}

/** Turns a path segment into a record id: digits become numbers (ServiceTitan ids are int64), anything else stays a string. */
/** Collections ServiceTitan keys by GUID (their documents type the record's id `format: guid`). */
export const GUID_KEYED_COLLECTIONS: ReadonlySet<string> = new Set([
	'crm:contacts',
	'crm:contacts/contact-methods',
	'accounting:journal-entries',
	'accounting:invoices/tasks',
]);

/** A GUID made from a sequence number, so GUID-keyed records still sort in creation order. */
export const guidRecordId = (sequence: number): string => `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`;

/** The sequence number of an id: the number itself, or the one a `guidRecordId` carries. */
function sequenceOf(id: RecordId): number | undefined {
	if (typeof id === 'number') return id;
	const match = /^00000000-0000-4000-8000-(\d{12})$/.exec(id);
	return match ? Number(match[1]) : undefined;
}

export function toRecordId(raw: string | number): RecordId {
	if (typeof raw === 'number') return raw;
	return /^\d{1,15}$/.test(raw) ? Number(raw) : raw;
}

export function isoTime(ms: number): string {
	return new Date(ms).toISOString();
}

/**
 * One collection: live records in id order (Map insertion order, ids only grow), tombstones of deleted
 * records, and an append-only change log in modification order that the export feeds read.
 */
export class Collection {
	readonly records = new Map<RecordId, SimRecord>();
	readonly tombstones = new Map<RecordId, SimRecord>();
	/** Bumped on every write; list caches compare against it. */
	version = 0;
	nextId: number;
	readonly logIds: RecordId[] = [];
	readonly logTimes: number[] = [];
	/** Latest log seq (index + 1) per id. */
	readonly latestSeq = new Map<RecordId, number>();
	/** Filtered/sorted id lists for repeated paging over big collections, keyed by the normalized query. */
	readonly listCache = new Map<string, { version: number; rows: SimRecord[] }>();

	constructor(readonly key: string) {
		// Distinct id ranges per collection make "wrong kind of id" bugs show up as 404s.
		this.nextId = ((hashString(key) % 900) + 100) * 1_000_000 + 1;
	}

	appendLog(id: RecordId, modifiedMs: number): void {
		this.logIds.push(id);
		this.logTimes.push(modifiedMs);
		this.latestSeq.set(id, this.logIds.length);
		this.version++;
	}

	/** The live record or, for deleted ids, the tombstone that exports return. */
	current(id: RecordId): SimRecord | undefined {
		return this.records.get(id) ?? this.tombstones.get(id);
	}
}

export class UnknownCollectionError extends Error {}

/** A write through the store (API or `sim.store`); bulk seeding (`load`) reports none. */
export interface StoreChange {
	collection: string;
	kind: 'create' | 'update' | 'delete';
	before?: SimRecord;
	after?: SimRecord;
}

export type StoreListener = (change: StoreChange) => void;

/**
 * Direct access to the simulated tenant's data. Writes behave like API writes: they stamp
 * modifiedOn from the simulated clock and append to the export change log.
 * Returned records are shared with the server: treat them as read-only.
 */
export class SimulatorStore {
	private readonly collections = new Map<string, Collection>();
	private readonly shortNames = new Map<string, string[]>();
	private readonly listeners = new Set<StoreListener>();

	constructor(private readonly clock: SimulatorClock) {}

	/** Calls the listener after every create, update and delete (webhooks follow changes this way). */
	onChange(listener: StoreListener): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	private notify(change: StoreChange): void {
		for (const listener of this.listeners) listener(change);
	}

	/**
	 * Collections are named `<module>:<path>` (`crm:customers`, `jpm:jobs`, `pricebook:categories`);
	 * the path alone (`customers`) or camelCase (`businessUnits`) works when only one module has it.
	 */
	resolve(name: string): string {
		if (name.includes(':')) return name;
		const kebab = name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
		const keys = this.shortNames.get(name) ?? this.shortNames.get(kebab) ?? [];
		if (keys.length === 1) return keys[0];
		if (keys.length > 1) {
			throw new UnknownCollectionError(`Collection "${name}" is ambiguous: use one of ${keys.join(', ')}`);
		}
		throw new UnknownCollectionError(`Unknown collection "${name}"`);
	}

	/** Creates the collection when the full `<module>:<path>` key is given. */
	collection(name: string): Collection {
		const key = this.resolve(name);
		let collection = this.collections.get(key);
		if (!collection) {
			collection = new Collection(key);
			this.collections.set(key, collection);
			const short = key.slice(key.indexOf(':') + 1);
			this.shortNames.set(short, [...(this.shortNames.get(short) ?? []), key]);
		}
		return collection;
	}

	has(name: string): boolean {
		try {
			return this.collections.has(this.resolve(name));
		} catch {
			return false;
		}
	}

	names(): string[] {
		return [...this.collections.keys()].sort();
	}

	/** Live records (active and inactive, not deleted) in id order. */
	list(name: string): readonly SimRecord[] {
		return [...this.collection(name).records.values()];
	}

	get(name: string, id: RecordId): SimRecord | undefined {
		return this.collection(name).records.get(toRecordId(id));
	}

	/** `stamps` override the timestamps the record carries (a source with a bad clock); the change is logged now either way. */
	create(name: string, fields: Record<string, unknown>, stamps: RecordStamps = {}): SimRecord {
		const collection = this.collection(name);
		const now = this.clock.now();
		const id = fields.id !== undefined ? toRecordId(fields.id as RecordId) : GUID_KEYED_COLLECTIONS.has(name) ? guidRecordId(collection.nextId++) : collection.nextId++;
		const sequence = sequenceOf(id);
		if (sequence !== undefined && sequence >= collection.nextId) collection.nextId = sequence + 1;
		const stamp = isoTime(now);
		const record: SimRecord = { active: true, ...fields, id, createdOn: stamp, modifiedOn: stamp, ...stamps };
		collection.records.set(id, record);
		collection.tombstones.delete(id);
		collection.appendLog(id, now);
		this.notify({ collection: collection.key, kind: 'create', after: record });
		return record;
	}

	update(name: string, id: RecordId, patch: Record<string, unknown>, stamps: RecordStamps = {}): SimRecord | undefined {
		const collection = this.collection(name);
		const key = toRecordId(id);
		const existing = collection.records.get(key);
		if (!existing) return undefined;
		const now = this.clock.now();
		const record: SimRecord = { ...existing, ...patch, id: key, modifiedOn: isoTime(now), ...stamps };
		collection.records.set(key, record);
		collection.appendLog(key, now);
		this.notify({ collection: collection.key, kind: 'update', before: existing, after: record });
		return record;
	}

	deactivate(name: string, id: RecordId): SimRecord | undefined {
		return this.update(name, id, { active: false });
	}

	/** Removes the record; exports keep returning it as `active: false` with `deletedOn`. */
	delete(name: string, id: RecordId): boolean {
		const collection = this.collection(name);
		const key = toRecordId(id);
		const existing = collection.records.get(key);
		if (!existing) return false;
		const now = this.clock.now();
		collection.records.delete(key);
		collection.tombstones.set(key, { ...existing, active: false, modifiedOn: isoTime(now), deletedOn: isoTime(now) });
		collection.appendLog(key, now);
		this.notify({ collection: collection.key, kind: 'delete', before: existing });
		return true;
	}

	changeLog(name: string): ChangeLogEntry[] {
		const collection = this.collection(name);
		return collection.logIds.map((id, index) => {
			const deleted = collection.tombstones.has(id) && collection.latestSeq.get(id) === index + 1;
			const record = collection.current(id);
			return {
				id,
				modifiedOn: isoTime(collection.logTimes[index]),
				seq: index + 1,
				active: deleted ? false : record?.active !== false,
				deleted,
				latest: collection.latestSeq.get(id) === index + 1,
			};
		});
	}

	/**
	 * Bulk load for seeding: records keep their own createdOn/modifiedOn, ids ascend, and the change
	 * log is ordered by modifiedOn like a real tenant's history.
	 */
	load(name: string, records: SimRecord[]): void {
		const collection = this.collection(name);
		const times = new Float64Array(records.length);
		const order = new Uint32Array(records.length);
		for (let i = 0; i < records.length; i++) {
			const record = records[i];
			collection.records.set(record.id, record);
			const sequence = sequenceOf(record.id);
			if (sequence !== undefined && sequence >= collection.nextId) collection.nextId = sequence + 1;
			times[i] = Date.parse(String(record.modifiedOn));
			order[i] = i;
		}
		order.sort((a, b) => times[a] - times[b] || a - b);
		for (const index of order) collection.appendLog(records[index].id, times[index]);
	}
}
