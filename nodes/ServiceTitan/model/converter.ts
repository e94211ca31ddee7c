import { NodeOperationError, type IDataObject, type INode } from 'n8n-workflow';
import type { FieldSpec } from '../catalog/types';

/**
 * Converts what the user entered into what ServiceTitan expects, and rejects what would reach the
 * API as garbage, naming the parameter and the item.
 */
/** What a calendar day looks like, for messages. */
export const CALENDAR_DAY_HINT = 'use e.g. 2026-01-31';
/** What a date and time looks like, for messages. */
export const DATE_TIME_HINT = 'use ISO 8601, e.g. 2026-11-23T08:00:00Z or 2026-11-23';

/** The one wording of a value that is not a record ID. */
export const notAnId = (value: unknown): string => `"${String(value)}" is not a ServiceTitan ID (IDs are whole numbers)`;

/** The one wording of a value that is not a date (an invalid Date or DateTime shows as "Invalid Date"/"Invalid DateTime"). */
export const notADate = (value: unknown, hint: string): string => `"${String(value)}" is not a date (${hint})`;

export class ValueConverter {
	constructor(
		private readonly node: INode,
		private readonly itemIndex: number,
		/** The workflow's timezone (IANA name): where a date without a zone is read. */
		private readonly timezone = 'UTC',
	) {}

	fail(label: string, problem: string): never {
		throw new NodeOperationError(this.node, `${label}: ${problem}`, {
			itemIndex: this.itemIndex,
			description: `Check the parameter "${label}" of item ${this.itemIndex}.`,
		});
	}

	/** A record ID: digits only (ServiceTitan IDs are 64-bit integers). */
	id(label: string, value: unknown): string {
		const text = String(value ?? '').trim();
		if (!text) this.fail(label, 'an ID is required');
		if (!/^\d+$/.test(text)) this.fail(label, notAnId(text));
		return text;
	}

	pathSegment(label: string, field: FieldSpec, value: unknown): string {
		if (field.type === 'number' || /id$/i.test(field.name)) {
			if (field.type === 'number' || field.integer) return this.id(label, value);
		}
		const text = String(value ?? '').trim();
		if (!text) this.fail(label, 'a value is required');
		return encodeURIComponent(text);
	}

	number(label: string, value: unknown, integer?: boolean): number | undefined {
		// Blank (often an expression that produced nothing) means "not set", never 0.
		if (typeof value === 'string' && value.trim() === '') return undefined;
		const n = typeof value === 'number' ? value : Number(String(value).trim());
		if (!Number.isFinite(n)) this.fail(label, `"${String(value)}" is not a number`);
		if (integer && !Number.isInteger(n)) this.fail(label, `"${String(value)}" is not a whole number`);
		return n;
	}

	numberOrId(label: string, value: unknown): number | string {
		const text = String(value).trim();
		if (/^\d+$/.test(text)) return Number(text);
		this.fail(label, notAnId(text));
	}

	boolean(label: string, value: unknown): boolean | undefined {
		if (value === '') return undefined;
		const text = String(value).trim().toLowerCase();
		if (text === 'true') return true;
		if (text === 'false') return false;
		this.fail(label, `"${String(value)}" is not true or false`);
	}

	/** A page-size limit: a whole number of 1 or more (n8n does not enforce minValue at run time). */
	limit(label: string, value: unknown): number {
		const n = value === undefined || value === null ? undefined : this.number(label, value, true);
		if (n === undefined) this.fail(label, 'a number of 1 or more is required');
		if (n < 1) this.fail(label, `must be 1 or more, got ${n}`);
		return n;
	}

	/**
	 * ISO 8601 text, a JavaScript Date or an n8n/Luxon DateTime, to ISO 8601 in UTC. Anything else
	 * (`01/02/2026`, `Nov 23`) is refused rather than guessed, a date that does not exist
	 * (`2026-02-30`) is refused rather than rolled over, and a value without a zone is read in the
	 * workflow's timezone, not the server's.
	 */
	dateTime(label: string, value: unknown): string | undefined {
		if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return undefined;
		const hint = DATE_TIME_HINT;
		if (value instanceof Date) {
			if (Number.isNaN(value.getTime())) this.fail(label, notADate(value, hint));
			return value.toISOString();
		}
		const luxon = value as { toISO?: () => string | null; isValid?: boolean };
		if (typeof luxon.toISO === 'function') {
			const iso = luxon.isValid === false ? null : luxon.toISO();
			if (!iso) this.fail(label, notADate(value, hint));
			value = iso;
		}
		const text = String(value).trim();
		const time = parseIsoDate(text, this.timezone);
		if (time === undefined) this.fail(label, notADate(text, hint));
		if (time === null) this.fail(label, `"${text}" is not a real date or time (${hint})`);
		return new Date(time).toISOString();
	}

	idList(label: string, value: unknown, max?: number): string | undefined {
		const ids = this.listOf(value).map((part) => this.id(label, part));
		if (ids.length === 0) return undefined;
		if (max && ids.length > max) this.fail(label, `ServiceTitan accepts at most ${max} IDs here, got ${ids.length}`);
		return ids.join(',');
	}

	numberList(label: string, value: unknown): number[] | undefined {
		const parts = this.listOf(value);
		if (parts.length === 0) return undefined;
		return parts.map((part) => {
			const n = Number(part);
			if (!Number.isFinite(n)) this.fail(label, `"${part}" is not a number`);
			return n;
		});
	}

	stringList(value: unknown): string[] | undefined {
		const parts = this.listOf(value);
		return parts.length ? parts : undefined;
	}

	json(label: string, value: unknown): unknown {
		if (typeof value !== 'string') return value;
		const text = value.trim();
		if (!text) return undefined;
		try {
			return JSON.parse(text);
		} catch (error) {
			this.fail(label, `invalid JSON (${(error as Error).message})`);
		}
	}

	jsonObject(label: string, value: unknown): IDataObject {
		const parsed = this.json(label, value);
		if (parsed === undefined) return {};
		if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) this.fail(label, 'must be a JSON object like {"name": "…"}');
		return parsed as IDataObject;
	}

	private listOf(value: unknown): string[] {
		const raw = Array.isArray(value) ? value : String(value).split(',');
		return raw.map((part) => String(part).trim()).filter(Boolean);
	}
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Epoch ms of an ISO 8601 date or date-time; undefined when the text is not ISO 8601, null when it
 * is shaped like one but names a day or time that does not exist. Without a zone, the wall time is
 * read in `timezone`.
 */
export function parseIsoDate(text: string, timezone: string): number | null | undefined {
	const match = ISO_DATE.exec(text);
	if (!match) return undefined;
	const [, y, mo, d, h = '0', mi = '0', sec = '0', frac = '0', zone] = match;
	const parts = [Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(sec)];
	const ms = Math.round(Number(`0.${frac}`) * 1000);
	const [year, month, day, hour, minute, second] = parts;
	const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms);
	// Round trip: Date.UTC rolls 2026-02-30 over to 2026-03-02; a real date comes back unchanged.
	const back = new Date(wall);
	if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return null;
	if (zone) {
		if (zone.toUpperCase() === 'Z') return wall;
		const sign = zone.startsWith('-') ? -1 : 1;
		const digits = zone.slice(1).replace(':', '');
		const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
		if (offsetMinutes > 14 * 60) return null;
		return wall - sign * offsetMinutes * 60_000;
	}
	return wallTimeIn(wall, timezone);
}

/** The instant at which clocks in `timezone` show the wall time `wall` (given as if it were UTC). */
function wallTimeIn(wall: number, timezone: string): number {
	let offset: number;
	try {
		offset = zoneOffsetMs(wall, timezone);
	} catch {
		return wall; // an unknown timezone name: UTC, as n8n itself falls back
	}
	let instant = wall - offset;
	// Across a DST change the offset at the result can differ from the first guess.
	const second = zoneOffsetMs(instant, timezone);
	if (second !== offset) instant = wall - second;
	return instant;
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

function zoneOffsetMs(instant: number, timezone: string): number {
	let format = zoneFormats.get(timezone);
	if (!format) {
		format = new Intl.DateTimeFormat('en-US', {
			timeZone: timezone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
		});
		zoneFormats.set(timezone, format);
	}
	const parts = Object.fromEntries(format.formatToParts(new Date(instant)).map((part) => [part.type, part.value]));
	const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
	return asUtc - Math.floor(instant / 1000) * 1000;
}
