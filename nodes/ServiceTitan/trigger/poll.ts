import { shortHash } from '../api';
import type { IDataObject } from 'n8n-workflow';
import { ServiceTitanApiError, ServiceTitanNetworkError, type ServiceTitanClient } from '../transport';
import { identityOf, type ExportFeed } from './feeds';
import { contentHash, emptyState, REPEAT_WINDOW_MS, SeenWindow, type CursorState } from './state';

export type TriggerEvent = 'created' | 'updated' | 'createdOrUpdated' | 'deactivatedOrDeleted' | 'any';
export type StartMode = 'now' | 'date' | 'beginning';

export interface RecordCondition {
	field: string;
	operator: 'equals' | 'notEquals' | 'contains' | 'oneOf';
	value: string;
}

export interface PollSettings {
	event: TriggerEvent;
	start: StartMode;
	startDate?: string;
	includeRecentChanges: boolean;
	maxRecordsPerPoll: number;
	conditions: RecordCondition[];
	/** Stop starting new pages after this instant (epoch ms, Date.now). */
	deadline: number;
	/** No request may run past this instant (epoch ms, Date.now); handed to the transport. */
	requestDeadline: number;
	/** The wall clock ServiceTitan's timestamps are compared with. */
	now: () => number;
	/** Told when the poll had to recover by itself (a rejected cursor). */
	warn?: (message: string) => void;
}

export interface PollResult {
	records: IDataObject[];
	state: CursorState;
	/** Records dropped because they had been emitted already (ServiceTitan's repeats). */
	repeats: number;
}

/** ServiceTitan no longer accepts the stored position, and re-positioning did not help either. */
export class CursorRejectedError extends Error {
	constructor(readonly cause: unknown) {
		super(
			'ServiceTitan no longer accepts the position this trigger stored. Turn Options > Reset Cursor on (or off, if it is on) and save the workflow: the trigger then starts again from its Start setting.',
		);
		this.name = 'CursorRejectedError';
	}
}

/** n8n's wall clock, which ServiceTitan's timestamps are compared with; tests put a simulator's clock here. */
export const wallClock = { now: (): number => Date.now() };

/** A `modifiedOn` later than now by more than this is a clock error at the source, not a position. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;
/** createdOn and modifiedOn this close mean the record was never changed after it was created. */
const CREATED_TOLERANCE_MS = 1000;

export function fingerprintOf(parts: Record<string, unknown>): string {
	return shortHash(JSON.stringify(parts));
}

/**
 * One poll: follow the export feed from the stored cursor, page by page. The returned state only
 * moves the cursor to the `continueFrom` of pages whose records are all in `records`; the caller
 * stores it after the records are handed to n8n. Throws without touching anything on failure.
 */
export async function pollExportFeed(client: ServiceTitanClient, feed: ExportFeed, previous: CursorState, settings: PollSettings): Promise<PollResult> {
	if (previous.cursor === undefined && settings.start === 'now') return position(client, feed, previous, settings);
	const from = previous.cursor ?? (settings.start === 'date' ? settings.startDate : undefined);
	try {
		return await follow(client, feed, previous, settings, from);
	} catch (error) {
		if (previous.cursor === undefined || !isRejectedCursor(error)) throw error;
		// An expired or foreign token: continue from the last change seen instead (inclusive, so
		// nothing is skipped; what was already emitted is still in the de-duplication window).
		const restart = previous.highWater ?? previous.since ?? (settings.start === 'date' ? settings.startDate : undefined);
		settings.warn?.(
			`ServiceTitan rejected the stored export position of ${feed.operation.path}; continuing from ${restart ?? 'the start of the feed'} instead`,
		);
		try {
			return await follow(client, feed, { ...previous, cursor: restart }, settings, restart);
		} catch (second) {
			if (isRejectedCursor(second)) throw new CursorRejectedError(second);
			throw second;
		}
	}
}

/**
 * "From Now" without a position yet: remember this instant, so no change from before it is ever
 * emitted, and move the cursor through today's changes as far as the deadline allows (the rest is
 * read, and dropped, by the next polls).
 */
async function position(client: ServiceTitanClient, feed: ExportFeed, previous: CursorState, settings: PollSettings): Promise<PollResult> {
	const now = settings.now();
	const since = new Date(now).toISOString();
	let cursor = since.slice(0, 10);
	let highWater = plausibleHighWater(previous.highWater, now);
	try {
		for await (const page of client.exportPages<IDataObject>({
			module: feed.resource.module,
			path: feed.operation.path,
			from: cursor,
			includeRecentChanges: settings.includeRecentChanges,
			deadline: settings.requestDeadline,
		})) {
			cursor = page.continueFrom || cursor;
			for (const record of page.data) highWater = laterOf(highWater, record, now);
			if (Date.now() >= settings.deadline) break;
		}
	} catch (error) {
		// Out of time: the position reached so far is enough, `since` keeps older changes out.
		if (!isDeadline(error)) throw error;
	}
	return { records: [], state: { ...emptyState(previous.fingerprint), cursor, highWater: highWater ?? since, since, polledAt: now }, repeats: 0 };
}

async function follow(client: ServiceTitanClient, feed: ExportFeed, previous: CursorState, settings: PollSettings, from: string | undefined): Promise<PollResult> {
	const now = settings.now();
	const startTime = settings.start === 'date' && settings.startDate ? Date.parse(settings.startDate) : Number.NaN;
	const since = previous.since ? Date.parse(previous.since) : Number.NaN;
	const previousHighWater = plausibleHighWater(previous.highWater, now);
	const window = new SeenWindow(previous);
	const records: IDataObject[] = [];
	let cursor = previous.cursor;
	let highWater = previousHighWater;
	let repeats = 0;
	let pages = 0;

	try {
		for await (const page of client.exportPages<IDataObject>({
			module: feed.resource.module,
			path: feed.operation.path,
			from,
			includeRecentChanges: settings.includeRecentChanges,
			deadline: settings.requestDeadline,
		})) {
			for (const record of page.data) {
				const hash = contentHash(record);
				if (window.has(hash, legacyKeyOf(record))) {
					repeats++; // a repeat from includeRecentChanges, or a page read twice
					continue;
				}
				highWater = laterOf(highWater, record, now);
				const changedAt = changeTimeOf(record);
				if (changedAt < since || changedAt < startTime) continue; // before "now" or the start date
				// Only Created and Updated tell a record's versions apart by whether its creation was emitted.
				const identity = settings.event === 'created' || settings.event === 'updated' ? identityOf(feed, record) : undefined;
				const created = isCreated(record, previousHighWater ?? previous.since, startTime) && !(identity && window.has(identityHash(identity), undefined));
				// Every version handled is remembered, emitted or not: a repeat of it must be dropped, not
				// classified again against a high-water mark that has moved past it (a record created and
				// edited between two polls would otherwise come back as Updated).
				const bucketTime = changedAt <= now + FUTURE_TOLERANCE_MS && !Number.isNaN(changedAt) ? changedAt : now;
				window.add(hash, bucketTime);
				// Remember that this record's creation was seen, so a second version with the same timestamp is an update.
				if (created && identity) window.add(identityHash(identity), bucketTime);
				if (!matchesEvent(record, settings.event, created)) continue;
				if (!matchesConditions(record, settings.conditions)) continue;
				records.push(record);
			}
			// Every record of this page is handled: the cursor may move past it.
			cursor = page.continueFrom || cursor;
			pages++;
			if (records.length >= settings.maxRecordsPerPoll || Date.now() >= settings.deadline) break;
		}
	} catch (error) {
		// Out of time after some pages: keep what they gave; the next poll continues from there.
		if (!(isDeadline(error) && pages > 0)) throw error;
	}

	const highWaterTime = highWater ? Date.parse(highWater) : Number.POSITIVE_INFINITY;
	const cutoff = Math.min(highWaterTime, previous.polledAt ?? now) - REPEAT_WINDOW_MS;
	const state: CursorState = { v: 2, fingerprint: previous.fingerprint, cursor, highWater, since: previous.since, polledAt: now, ...window.toState(cutoff) };
	return { records, state, repeats };
}

function isDeadline(error: unknown): boolean {
	return error instanceof ServiceTitanNetworkError && error.code === 'DEADLINE';
}

/** A 400 about `from`: ServiceTitan does not (or no longer) accept the continuation token. */
function isRejectedCursor(error: unknown): boolean {
	if (!(error instanceof ServiceTitanApiError) || error.status !== 400) return false;
	return Object.keys(error.fieldErrors).some((field) => field.toLowerCase() === 'from') || /continuation token|continueFrom/i.test(error.title);
}

/** The first version keyed emitted records by `id|modifiedOn`. */
function legacyKeyOf(record: IDataObject): string | undefined {
	if (record.id === undefined || record.id === null) return undefined;
	return `${String(record.id)}|${String(record.modifiedOn ?? record.createdOn ?? '')}`;
}

function identityHash(identity: string): string {
	return contentHash({ identity });
}

/** When the record last changed: modifiedOn, else createdOn, else its latest history entry (job history). NaN if unknown. */
export function changeTimeOf(record: IDataObject): number {
	const value = record.modifiedOn ?? record.createdOn;
	if (typeof value === 'string') return Date.parse(value);
	if (Array.isArray(record.history)) {
		const times = record.history.map((entry) => Date.parse(String((entry as IDataObject)?.date))).filter((time) => !Number.isNaN(time));
		if (times.length) return Math.max(...times);
	}
	return Number.NaN;
}

/** A stored high-water mark from the future (a record dated 2099) is no mark at all. */
function plausibleHighWater(value: string | undefined, now: number): string | undefined {
	if (!value) return undefined;
	const time = Date.parse(value);
	if (Number.isNaN(time)) return undefined;
	return time > now + FUTURE_TOLERANCE_MS ? new Date(now).toISOString() : value;
}

/** The later of the mark and the record's `modifiedOn`, ignoring timestamps too far in the future. */
function laterOf(current: string | undefined, record: IDataObject, now: number): string | undefined {
	const value = record.modifiedOn;
	if (typeof value !== 'string') return current;
	const time = Date.parse(value);
	if (Number.isNaN(time) || time > now + FUTURE_TOLERANCE_MS) return current;
	return !current || time > Date.parse(current) ? value : current;
}

function isInactive(record: IDataObject): boolean {
	return record.active === false || Boolean(record.deletedOn) || record.isDeleted === true || record.deleted === true;
}

/**
 * Created, from the record's own fields: never changed since it was created (createdOn equals
 * modifiedOn), or an immutable record (createdOn only), or created after everything seen before.
 * Export feeds carry only each record's latest state, so a record created and changed between
 * two polls is told apart by the last rule.
 */
function isCreated(record: IDataObject, previousHighWater: string | undefined, startTime: number): boolean {
	const created = typeof record.createdOn === 'string' ? Date.parse(record.createdOn) : Number.NaN;
	if (Number.isNaN(created)) return false;
	const modified = typeof record.modifiedOn === 'string' ? Date.parse(record.modifiedOn) : Number.NaN;
	if (Number.isNaN(modified) || Math.abs(modified - created) <= CREATED_TOLERANCE_MS) return true;
	if (previousHighWater) return created > Date.parse(previousHighWater);
	if (!Number.isNaN(startTime)) return created >= startTime;
	return true;
}

function matchesEvent(record: IDataObject, event: TriggerEvent, created: boolean): boolean {
	const inactive = isInactive(record);
	switch (event) {
		case 'any':
			return true;
		case 'deactivatedOrDeleted':
			return inactive;
		case 'created':
			return !inactive && created;
		case 'updated':
			return !inactive && !created;
		case 'createdOrUpdated':
		default:
			return !inactive;
	}
}

export function matchesConditions(record: IDataObject, conditions: RecordCondition[]): boolean {
	return conditions.every(({ field, operator, value }) => {
		const actual = readPath(record, field);
		const text = actual === undefined || actual === null ? '' : typeof actual === 'object' ? JSON.stringify(actual) : String(actual);
		switch (operator) {
			case 'equals':
				return text.toLowerCase() === value.toLowerCase();
			case 'notEquals':
				return text.toLowerCase() !== value.toLowerCase();
			case 'contains':
				return text.toLowerCase().includes(value.toLowerCase());
			case 'oneOf':
				return value
					.split(',')
					.map((v) => v.trim().toLowerCase())
					.includes(text.toLowerCase());
			default:
				return true;
		}
	});
}

function readPath(record: IDataObject, path: string): unknown {
	let current: unknown = record;
	for (const part of path.split('.')) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as IDataObject)[part];
	}
	return current;
}
