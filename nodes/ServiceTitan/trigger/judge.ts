import type { IDataObject } from 'n8n-workflow';
import { readPath, ValueTracker, type ChangeEvent } from './changeEvents';
import { identityOf, type TriggerFeed } from './feeds';
import { contentHash, SeenWindow, type CursorState } from './state';

/**
 * What a poll is asked for (the event, the start, the filters) and how each record it reads is judged against it:
 * repeats, the start, created or updated, the status event's value, the filters. poll.ts reads the pages.
 */

/** The record events; a status or Field Changed event is a `ChangeEvent` in the settings instead. */
export type TriggerEvent = 'created' | 'updated' | 'createdOrUpdated' | 'deactivatedOrDeleted' | 'any';
export type StartMode = 'now' | 'date' | 'beginning';

export interface RecordCondition {
	field: string;
	operator: 'equals' | 'notEquals' | 'contains' | 'oneOf';
	value: string;
}

export interface PollSettings {
	event: TriggerEvent;
	/** A status event or Field Changed: fires on the field's change instead of `event`. */
	changeEvent?: ChangeEvent;
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

/** A `modifiedOn` later than now by more than this is a clock error at the source, not a position. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;
/** createdOn and modifiedOn this close mean the record was never changed after it was created. */
const CREATED_TOLERANCE_MS = 1000;

/**
 * The rules every record of a poll goes through, export feed or list: a repeat is dropped, a change
 * from before the start is skipped, the rest is classified (created or not, the status event's value)
 * and matched against the event and the filters. Everything handled is remembered, emitted or not.
 */
export class RecordJudge {
	readonly window: SeenWindow;
	highWater: string | undefined;
	repeats = 0;
	private readonly startTime: number;
	private readonly since: number;
	private readonly previousHighWater: string | undefined;
	private readonly tracker: ValueTracker | undefined;

	constructor(
		private readonly feed: TriggerFeed,
		private readonly previous: CursorState,
		private readonly settings: PollSettings,
		private readonly now: number,
	) {
		this.startTime = settings.start === 'date' && settings.startDate ? Date.parse(settings.startDate) : Number.NaN;
		this.since = previous.since ? Date.parse(previous.since) : Number.NaN;
		this.previousHighWater = plausibleHighWater(previous.highWater, now);
		this.highWater = this.previousHighWater;
		this.window = new SeenWindow(previous);
		this.tracker = settings.changeEvent ? new ValueTracker(settings.changeEvent, previous.tracked) : undefined;
	}

	/** When the record changed, by the feed's own field. */
	changeTime(record: IDataObject): number {
		if (this.feed.kind === 'list') {
			const value = record[this.feed.filter.field];
			return typeof value === 'string' ? Date.parse(value) : Number.NaN;
		}
		return changeTimeOf(record);
	}

	emits(record: IDataObject): boolean {
		const { feed, settings, now, window } = this;
		const hash = contentHash(record);
		if (window.has(hash, legacyKeyOf(record))) {
			this.repeats++; // a repeat from includeRecentChanges, a list's overlap, or a page read twice
			return false;
		}
		const changedAt = this.changeTime(record);
		this.highWater = laterOf(this.highWater, changedAt, now);
		const identity = settings.event === 'created' || settings.event === 'updated' || this.tracker ? identityOf(feed, record) : undefined;
		if (changedAt < this.since || changedAt < this.startTime) {
			// Before "now" or the start date: never emitted, but its value is the one a later change starts from.
			this.tracker?.observe(identity, record, false);
			return false;
		}
		const created =
			(feed.kind === 'list' && feed.filter.createOnly === true) ||
			(isCreated(record, this.previousHighWater ?? this.previous.since, this.startTime) && !(identity && window.has(identityHash(identity), undefined)));
		// Every version handled is remembered, emitted or not: a repeat of it must be dropped, not
		// classified again against a high-water mark that has moved past it (a record created and
		// edited between two polls would otherwise come back as Updated).
		const bucketTime = changedAt <= now + FUTURE_TOLERANCE_MS && !Number.isNaN(changedAt) ? changedAt : now;
		window.add(hash, bucketTime);
		// Remember that this record's creation was seen, so a second version with the same timestamp is an update.
		if (created && identity) window.add(identityHash(identity), bucketTime);
		const fires = this.tracker ? this.tracker.observe(identity, record, created) : matchesEvent(record, settings.event, created);
		return fires && matchesConditions(record, settings.conditions);
	}

	toState(cutoff: number): Pick<CursorState, 'seen' | 'legacy' | 'tracked'> {
		return { ...this.window.toState(cutoff), tracked: this.tracker?.toState() };
	}
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
export function plausibleHighWater(value: string | undefined, now: number): string | undefined {
	if (!value) return undefined;
	const time = Date.parse(value);
	if (Number.isNaN(time)) return undefined;
	return time > now + FUTURE_TOLERANCE_MS ? new Date(now).toISOString() : value;
}

/** The later of the mark and a change time, ignoring times too far in the future. */
export function laterOf(current: string | undefined, time: number, now: number): string | undefined {
	if (Number.isNaN(time) || time > now + FUTURE_TOLERANCE_MS) return current;
	return !current || time > Date.parse(current) ? new Date(time).toISOString() : current;
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
