import { shortHash } from '../api';
import type { IDataObject } from 'n8n-workflow';
import { ServiceTitanApiError, ServiceTitanNetworkError, type ServiceTitanClient } from '../transport';
import type { PagedResponse, Query } from '../transport';
import { ValueTracker } from './changeEvents';
import { identityOf, type ExportFeed, type ListFeed } from './feeds';
import { changeTimeOf, laterOf, plausibleHighWater, RecordJudge, type PollSettings } from './judge';
import { emptyState, REPEAT_WINDOW_MS, type CursorState } from './state';

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
		settings.warn?.(`ServiceTitan rejected the stored export position of ${feed.operation.path}; continuing from ${restart ?? 'the start of the feed'} instead`);
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
	// A status event starts from the values of the records changed today, read on the way.
	const tracker = settings.changeEvent ? new ValueTracker(settings.changeEvent, undefined) : undefined;
	try {
		for await (const page of client.exportPages<IDataObject>({
			module: feed.resource.module,
			path: feed.operation.path,
			from: cursor,
			includeRecentChanges: settings.includeRecentChanges,
			deadline: settings.requestDeadline,
		})) {
			cursor = page.continueFrom || cursor;
			for (const record of page.data) {
				highWater = laterOf(highWater, changeTimeOf(record), now);
				tracker?.observe(identityOf(feed, record), record, false);
			}
			if (Date.now() >= settings.deadline) break;
		}
	} catch (error) {
		// Out of time: the position reached so far is enough, `since` keeps older changes out.
		if (!isDeadline(error)) throw error;
	}
	const state: CursorState = { ...emptyState(previous.fingerprint), cursor, highWater: highWater ?? since, since, polledAt: now, tracked: tracker?.toState() };
	return { records: [], state, repeats: 0 };
}

async function follow(client: ServiceTitanClient, feed: ExportFeed, previous: CursorState, settings: PollSettings, from: string | undefined): Promise<PollResult> {
	const now = settings.now();
	const judge = new RecordJudge(feed, previous, settings, now);
	const records: IDataObject[] = [];
	let cursor = previous.cursor;
	let pages = 0;

	try {
		for await (const page of client.exportPages<IDataObject>({
			module: feed.resource.module,
			path: feed.operation.path,
			from,
			includeRecentChanges: settings.includeRecentChanges,
			deadline: settings.requestDeadline,
			// The next page travels while this one is judged (a first poll of a long history: 221 pages of 500 took
			// 1.36× the latency floor one after the other) when this poll will read it whatever the page holds.
			prefetch: (page) => records.length + page.data.length < settings.maxRecordsPerPoll && Date.now() < settings.deadline,
		})) {
			for (const record of page.data) if (judge.emits(record)) records.push(record);
			// Every record of this page is handled: the cursor may move past it.
			cursor = page.continueFrom || cursor;
			pages++;
			if (records.length >= settings.maxRecordsPerPoll || Date.now() >= settings.deadline) break;
		}
	} catch (error) {
		// Out of time after some pages: keep what they gave; the next poll continues from there.
		if (!(isDeadline(error) && pages > 0)) throw error;
	}

	const highWaterTime = judge.highWater ? Date.parse(judge.highWater) : Number.POSITIVE_INFINITY;
	const cutoff = Math.min(highWaterTime, previous.polledAt ?? now) - REPEAT_WINDOW_MS;
	const state: CursorState = {
		v: 2,
		fingerprint: previous.fingerprint,
		cursor,
		highWater: judge.highWater,
		since: previous.since,
		polledAt: now,
		...judge.toState(cutoff),
	};
	return { records, state, repeats: judge.repeats };
}

/**
 * How far back each poll of a list asks again: list filters are inclusive and ServiceTitan's
 * timestamps coarse, a record changed while the previous poll paged may carry a time before the
 * mark, and n8n's clock may differ from ServiceTitan's. What is read again is dropped as a repeat.
 */
export const LIST_OVERLAP_MS = 5 * 60_000;
/** A list page: ServiceTitan's largest; smaller when Max Records per Poll is. */
const LIST_PAGE_SIZE = 500;

/**
 * One poll of a list endpoint, for records without an export feed: the records whose change time
 * (modifiedOn, or createdOn for records only created) is at or after the stored mark less an overlap,
 * in that order where the list sorts by it. A sorted list is read in keyset order (each page asks
 * from the last time seen), so a record changed mid-poll moves behind the reader instead of shifting
 * another out of reach; an unsorted one is read in full before the mark moves. Like the export
 * feeds, the new state is computed aside and stored by the caller after the records are handed over.
 */
export async function pollListFeed(client: ServiceTitanClient, feed: ListFeed, previous: CursorState, settings: PollSettings): Promise<PollResult> {
	const now = settings.now();
	const { filter } = feed;
	if (previous.highWater === undefined && settings.start === 'now') {
		// A list has no history to skip through: the mark is simply now. One record is asked for all the
		// same, so that a list the app may not read fails the activation instead of the first poll after it.
		const since = new Date(now).toISOString();
		await client.request({
			module: feed.resource.module,
			method: 'GET',
			path: feed.operation.path,
			query: { page: 1, pageSize: 1, [filter.query]: since },
			deadline: settings.requestDeadline,
		});
		return { records: [], state: { ...emptyState(previous.fingerprint), highWater: since, since, polledAt: now }, repeats: 0 };
	}
	const judge = new RecordJudge(feed, previous, settings, now);
	const records: IDataObject[] = [];
	const pageSize = Math.min(LIST_PAGE_SIZE, settings.maxRecordsPerPoll);
	// An unsorted list read over several polls goes on from the page it reached, with the same filter.
	const scan = readScan(previous.cursor) ?? {
		page: 1,
		from: previous.highWater ? new Date(Date.parse(previous.highWater) - LIST_OVERLAP_MS).toISOString() : settings.start === 'date' ? settings.startDate : undefined,
		startedAt: now,
	};
	let { page, from: bound } = scan;
	let pages = 0;
	let complete = false;
	try {
		for (;;) {
			const query: Query = { page, pageSize };
			if (bound) query[filter.query] = bound;
			if (filter.sort) query.sort = `+${filter.sort}`;
			if (feed.hasActiveFilter) query.active = 'Any';
			const response = await client.request<PagedResponse<IDataObject>>({
				module: feed.resource.module,
				method: 'GET',
				path: feed.operation.path,
				query,
				deadline: settings.requestDeadline,
			});
			const data = response.data ?? [];
			for (const record of data) if (judge.emits(record)) records.push(record);
			pages++;
			if (!response.hasMore || data.length === 0) {
				complete = true;
				break;
			}
			const last = judge.changeTime(data[data.length - 1]);
			if (filter.sort && !Number.isNaN(last) && (!bound || last > Date.parse(bound))) {
				// Everything before the last record's time is read: ask from there (inclusive).
				bound = new Date(last).toISOString();
				page = 1;
			} else {
				page++;
			}
			if (records.length >= settings.maxRecordsPerPoll || Date.now() >= settings.deadline) break;
		}
	} catch (error) {
		if (!(isDeadline(error) && pages > 0)) throw error;
	}

	// The mark: once the list is read to its end, the latest change read, but never later than the start
	// of the reading (a change made while it paged may sit on a page already read); a sorted list stopped
	// early, its keyset position. An unsorted list stopped early keeps its mark and stores the page reached.
	// The latest change read by the whole reading, over the polls it took.
	const seenUpTo = Math.max(scan.seenUpTo ?? Number.NEGATIVE_INFINITY, judge.highWater ? Date.parse(judge.highWater) : Number.NEGATIVE_INFINITY);
	const unsortedScan =
		!complete && !filter.sort ? { page, from: bound, startedAt: scan.startedAt, seenUpTo: Number.isFinite(seenUpTo) ? seenUpTo : undefined } : undefined;
	const reached = complete ? (Number.isFinite(seenUpTo) ? seenUpTo : now) : filter.sort && bound ? Date.parse(bound) : Number.NEGATIVE_INFINITY;
	const previousMark = previous.highWater ? Date.parse(previous.highWater) : Number.NEGATIVE_INFINITY;
	const markTime = Math.max(previousMark, Math.min(reached, scan.startedAt));
	const highWater = Number.isFinite(markTime) ? new Date(markTime).toISOString() : previous.highWater;
	// Kept: everything the next request may return again, that is every change from its filter's value on
	// (an unfinished reading's, or the new mark less the overlap); all of it while a reading without one goes on.
	const nextFrom = unsortedScan ? unsortedScan.from : highWater ? new Date(Date.parse(highWater) - LIST_OVERLAP_MS).toISOString() : undefined;
	const cutoff = nextFrom ? Date.parse(nextFrom) : Number.NEGATIVE_INFINITY;
	const cursor = unsortedScan && JSON.stringify(unsortedScan);
	const state: CursorState = { v: 2, fingerprint: previous.fingerprint, cursor, highWater, since: previous.since, polledAt: now, ...judge.toState(cutoff) };
	return { records, state, repeats: judge.repeats };
}

interface ListScan {
	page: number;
	/** The filter's value for the whole reading. */
	from: string | undefined;
	/** When the reading started (epoch ms, n8n's clock). */
	startedAt: number;
	/** The latest change time read so far (epoch ms). */
	seenUpTo?: number;
}

function readScan(cursor: string | undefined): ListScan | undefined {
	if (!cursor?.startsWith('{')) return undefined;
	try {
		const scan = JSON.parse(cursor) as Partial<ListScan>;
		if (typeof scan.page !== 'number' || typeof scan.startedAt !== 'number') return undefined;
		return {
			page: scan.page,
			from: typeof scan.from === 'string' ? scan.from : undefined,
			startedAt: scan.startedAt,
			seenUpTo: typeof scan.seenUpTo === 'number' ? scan.seenUpTo : undefined,
		};
	} catch {
		return undefined;
	}
}

function isDeadline(error: unknown): boolean {
	return error instanceof ServiceTitanNetworkError && error.code === 'DEADLINE';
}

/** A 400 about `from`: ServiceTitan does not (or no longer) accept the continuation token. */
function isRejectedCursor(error: unknown): boolean {
	if (!(error instanceof ServiceTitanApiError) || error.status !== 400) return false;
	return Object.keys(error.fieldErrors).some((field) => field.toLowerCase() === 'from') || /continuation token|continueFrom/i.test(error.title);
}
