import { createHash } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';
import type { ServiceTitanClient } from '../transport';
import type { ExportFeed } from './feeds';
import type { CursorState } from './state';

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
	/** Stop starting new pages after this instant (epoch ms). */
	deadline: number;
	now: () => number;
}

export interface PollResult {
	records: IDataObject[];
	state: CursorState;
	/** True when the poll only positioned the cursor (start = now). */
	seeded: boolean;
}

export function fingerprintOf(parts: Record<string, unknown>): string {
	return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
}

/**
 * One poll: follow the export feed from the stored cursor, page by page. The returned state only
 * moves the cursor to the `continueFrom` of pages whose records are all in `records`; the caller
 * stores it after the records are handed to n8n. Throws without touching anything on failure.
 */
export async function pollExportFeed(client: ServiceTitanClient, feed: ExportFeed, previous: CursorState, settings: PollSettings): Promise<PollResult> {
	const state: CursorState = { ...previous, recent: [...previous.recent] };
	const request = { module: feed.resource.module, path: feed.operation.path };

	if (state.cursor === undefined && settings.start === 'now') {
		// Position the cursor at the end of today's changes without emitting them.
		const today = new Date(settings.now()).toISOString().slice(0, 10);
		let cursor: string | undefined;
		let highWater = state.highWater;
		for await (const page of client.exportPages<IDataObject>({ ...request, from: today, includeRecentChanges: settings.includeRecentChanges })) {
			cursor = page.continueFrom || cursor;
			highWater = maxModifiedOn(page.data, highWater);
		}
		return { records: [], state: { ...state, cursor: cursor ?? today, highWater: highWater ?? new Date(settings.now()).toISOString() }, seeded: true };
	}

	const from = state.cursor ?? (settings.start === 'date' ? settings.startDate : undefined);
	const startTime = settings.start === 'date' && settings.startDate ? Date.parse(settings.startDate) : undefined;
	const recent = new Set(state.recent);
	const previousHighWater = state.highWater;
	const records: IDataObject[] = [];
	let cursor = state.cursor;
	let highWater = state.highWater;

	for await (const page of client.exportPages<IDataObject>({ ...request, from, includeRecentChanges: settings.includeRecentChanges })) {
		for (const record of page.data) {
			const key = recordKey(record);
			if (key && recent.has(key)) continue; // a repeat from includeRecentChanges, or a page read twice
			if (key) {
				recent.add(key);
				state.recent.push(key);
			}
			highWater = maxModifiedOn([record], highWater);
			if (startTime !== undefined && !Number.isNaN(startTime) && modifiedTime(record) < startTime) continue;
			if (!matchesEvent(record, settings.event, previousHighWater, startTime)) continue;
			if (!matchesConditions(record, settings.conditions)) continue;
			records.push(record);
		}
		// Every record of this page is handled: the cursor may move past it.
		cursor = page.continueFrom || cursor;
		if (records.length >= settings.maxRecordsPerPoll || settings.now() >= settings.deadline) break;
	}

	return { records, state: { ...state, cursor, highWater }, seeded: false };
}

function recordKey(record: IDataObject): string | undefined {
	if (record.id === undefined || record.id === null) return undefined;
	return `${String(record.id)}|${String(record.modifiedOn ?? record.createdOn ?? '')}`;
}

function modifiedTime(record: IDataObject): number {
	const value = record.modifiedOn ?? record.createdOn;
	const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
	return Number.isNaN(time) ? Number.POSITIVE_INFINITY : time;
}

function maxModifiedOn(records: IDataObject[], current: string | undefined): string | undefined {
	let best = current;
	for (const record of records) {
		const value = record.modifiedOn;
		if (typeof value === 'string' && (!best || Date.parse(value) > Date.parse(best))) best = value;
	}
	return best;
}

function isInactive(record: IDataObject): boolean {
	return record.active === false || Boolean(record.deletedOn) || record.isDeleted === true || record.deleted === true;
}

/**
 * Created = it came into existence after everything seen before (or after the start date on the
 * first run). Export feeds carry only each record's latest state, so this is the reliable signal.
 */
function isCreated(record: IDataObject, previousHighWater: string | undefined, startTime: number | undefined): boolean {
	const created = typeof record.createdOn === 'string' ? Date.parse(record.createdOn) : Number.NaN;
	if (Number.isNaN(created)) return false;
	if (previousHighWater) return created > Date.parse(previousHighWater);
	if (startTime !== undefined && !Number.isNaN(startTime)) return created >= startTime;
	return true;
}

function matchesEvent(record: IDataObject, event: TriggerEvent, previousHighWater: string | undefined, startTime: number | undefined): boolean {
	const inactive = isInactive(record);
	switch (event) {
		case 'any':
			return true;
		case 'deactivatedOrDeleted':
			return inactive;
		case 'created':
			return !inactive && isCreated(record, previousHighWater, startTime);
		case 'updated':
			return !inactive && !isCreated(record, previousHighWater, startTime);
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
