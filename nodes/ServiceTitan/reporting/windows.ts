/**
 * Date-range splitting: a long From–To range run as consecutive windows (days, weeks or months), so a year of data
 * comes in small runs instead of one huge one. Report date parameters are whole days, both ends included, so the
 * windows are too: a window ends the day before the next one starts, and the first and last are clipped to the range.
 * Weeks run Monday to Sunday and months are calendar months, so each window is a period a report reader expects.
 */
export type WindowSize = 'day' | 'week' | 'month';

export const WINDOW_SIZES: WindowSize[] = ['day', 'week', 'month'];

export interface DateWindow {
	/** First day, `YYYY-MM-DD`. */
	from: string;
	/** Last day, `YYYY-MM-DD`, included. */
	to: string;
}

/** More windows than this is a mistake (ten years of days would be 3,650 runs of the report): say so instead. */
export const MAX_WINDOWS = 1000;

const DAY_MS = 86_400_000;

/** A date as report parameters take it: `YYYY-MM-DD`, read from the date part of ISO text or a Date. */
export function reportDay(value: unknown): string | undefined {
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString().slice(0, 10);
	const text = typeof value === 'string' ? value.trim() : typeof value === 'object' && value !== null ? String(value) : '';
	const match = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(text);
	if (!match) return undefined;
	const [, year, month, day] = match;
	const ms = Date.UTC(Number(year), Number(month) - 1, Number(day));
	// 2026-02-30 is not a day: refused, not rolled over.
	return new Date(ms).toISOString().slice(0, 10) === `${year}-${month}-${day}` ? `${year}-${month}-${day}` : undefined;
}

/** The consecutive windows of `size` covering `from` … `to` (both `YYYY-MM-DD`, `from` ≤ `to`). */
export function dateWindows(from: string, to: string, size: WindowSize): DateWindow[] {
	const start = Date.parse(`${from}T00:00:00Z`);
	const end = Date.parse(`${to}T00:00:00Z`);
	const windows: DateWindow[] = [];
	for (let day = start; day <= end;) {
		const last = Math.min(end, periodEnd(day, size));
		windows.push({ from: isoDay(day), to: isoDay(last) });
		if (windows.length > MAX_WINDOWS) break;
		day = last + DAY_MS;
	}
	return windows;
}

/** The last day of the period (day, ISO week, calendar month) holding `day`. */
function periodEnd(day: number, size: WindowSize): number {
	if (size === 'day') return day;
	const date = new Date(day);
	if (size === 'week') return day + ((7 - date.getUTCDay()) % 7) * DAY_MS;
	return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0);
}

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
