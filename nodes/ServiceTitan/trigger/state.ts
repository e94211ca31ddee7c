import { createHash } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';
import type { TrackedValues } from './changeEvents';

/**
 * What the trigger keeps in the workflow's static data between polls: a cursor, a few instants and a
 * de-duplication window bounded by time, not by count. Reassigned as a whole on success, never
 * mutated in place, so a failed poll leaves it exactly as it was.
 */
export interface CursorState {
	v: 2;
	/** Fingerprint of the settings the cursor belongs to; a change resets the cursor. */
	fingerprint: string;
	/** `continueFrom` of the last page whose records were all handled. */
	cursor?: string;
	/** Latest plausible `modifiedOn` seen (future ones are ignored), to re-position and to tell new from updated. */
	highWater?: string;
	/** "From Now": the instant the trigger was positioned; records changed before it are never emitted. */
	since?: string;
	/** When the previous successful poll ran (epoch ms, n8n's clock). */
	polledAt?: number;
	/**
	 * Content hashes of recently emitted records, grouped by the minute of the record's change
	 * (base-36 epoch minutes → concatenated HASH_LENGTH-character hashes).
	 */
	seen: Record<string, string>;
	/** `id|modifiedOn` keys written by the first version, honoured until they age out of the window. */
	legacy?: string[];
	/** A status or Field Changed event: the last value seen per record (bounded, see TRACKED_RECORDS_LIMIT). */
	tracked?: TrackedValues;
}

export const STATE_KEY = 'serviceTitanExport';

/**
 * How long ServiceTitan may send a record again after it was first exported. Its export feeds hold
 * changes back about 15 minutes unless includeRecentChanges is on, and then repeat those changes on
 * the following calls until they are older than that; twice that span leaves room for slow catch-ups.
 */
export const REPEAT_WINDOW_MS = 30 * 60_000;

/** 48 bits of SHA-256 in base64url: with 10,000 records in a window, a collision is a 1-in-5-million event. */
export const HASH_LENGTH = 8;

const MINUTE_MS = 60_000;

export function emptyState(fingerprint: string): CursorState {
	return { v: 2, fingerprint, seen: {} };
}

/** Reads the stored state of these settings, migrating what the first version wrote. */
export function readState(staticData: IDataObject, fingerprint: string): CursorState {
	const stored = staticData[STATE_KEY] as (Partial<CursorState> & { v?: number; recent?: unknown }) | undefined;
	if (!stored || stored.fingerprint !== fingerprint) return emptyState(fingerprint);
	if (stored.v === 2) {
		const tracked = stored.tracked ? { key: stored.tracked.key, entries: [...stored.tracked.entries] } : undefined;
		return { ...(stored as CursorState), seen: { ...(stored.seen ?? {}) }, legacy: stored.legacy ? [...stored.legacy] : undefined, tracked };
	}
	if (stored.v === 1) {
		const legacy = Array.isArray(stored.recent) ? stored.recent.filter((key): key is string => typeof key === 'string') : [];
		return { v: 2, fingerprint, cursor: stored.cursor, highWater: stored.highWater, seen: {}, legacy: legacy.length ? legacy : undefined };
	}
	return emptyState(fingerprint);
}

export function writeState(staticData: IDataObject, state: CursorState): void {
	staticData[STATE_KEY] = state as unknown as IDataObject;
}

export function contentHash(record: IDataObject): string {
	return createHash('sha256').update(stableJson(record)).digest('base64url').slice(0, HASH_LENGTH);
}

/** JSON with object keys sorted, so the same content always hashes the same. */
function stableJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
	if (value && typeof value === 'object') {
		const entries = Object.keys(value as object)
			.sort()
			.map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`);
		return `{${entries.join(',')}}`;
	}
	return JSON.stringify(value ?? null);
}

/** The de-duplication window of one poll: what was emitted recently, plus what this poll emits. */
export class SeenWindow {
	private readonly hashes = new Set<string>();
	private readonly buckets: Map<string, string>;
	private readonly legacy: Set<string>;

	constructor(state: CursorState) {
		this.buckets = new Map(Object.entries(state.seen));
		for (const joined of this.buckets.values()) {
			for (let i = 0; i + HASH_LENGTH <= joined.length; i += HASH_LENGTH) this.hashes.add(joined.slice(i, i + HASH_LENGTH));
		}
		this.legacy = new Set(state.legacy ?? []);
	}

	has(hash: string, legacyKey: string | undefined): boolean {
		return this.hashes.has(hash) || (legacyKey !== undefined && this.legacy.has(legacyKey));
	}

	add(hash: string, changedAt: number): void {
		if (this.hashes.has(hash)) return;
		this.hashes.add(hash);
		const bucket = Math.floor(changedAt / MINUTE_MS).toString(36);
		this.buckets.set(bucket, (this.buckets.get(bucket) ?? '') + hash);
	}

	/** What to store: only changes at or after `cutoff` (epoch ms) can still come again. */
	toState(cutoff: number): Pick<CursorState, 'seen' | 'legacy'> {
		const seen: Record<string, string> = {};
		for (const [bucket, joined] of this.buckets) {
			if ((parseInt(bucket, 36) + 1) * MINUTE_MS > cutoff) seen[bucket] = joined;
		}
		const legacy = [...this.legacy].filter((key) => {
			const time = Date.parse(key.slice(key.lastIndexOf('|') + 1));
			return !Number.isNaN(time) && time >= cutoff;
		});
		return { seen, legacy: legacy.length ? legacy : undefined };
	}
}
