import type { IDataObject } from 'n8n-workflow';

/** Leave this much of n8n's poll budget unused, to return before n8n gives up on the poll. */
export const BUDGET_MARGIN_MS = 15_000;
/** n8n before getPollBudgetMs() existed had no budget; assume the 5 minutes it gives today. */
export const DEFAULT_N8N_BUDGET_MS = 5 * 60_000;
/** A poll uses at most this share of the time to the next tick, so ticks do not pile up. */
export const INTERVAL_SHARE = 0.5;
/** When the budget is spent before the first page, that page still gets this long: every poll makes progress. */
export const FIRST_PAGE_FLOOR_MS = 10_000;
/** Custom cron expressions are not parsed: assume they may fire every minute. */
const SHORTEST_INTERVAL_MS = 60_000;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * The shortest time between two ticks of n8n's "Poll Times" (the pollTimes parameter n8n adds to
 * every polling node): every minute, every X minutes or hours, every hour, day, week or month.
 */
export function shortestPollIntervalMs(pollTimes: unknown): number {
	const items = ((pollTimes as { item?: IDataObject[] } | undefined)?.item ?? []) as IDataObject[];
	if (items.length === 0) return SHORTEST_INTERVAL_MS;
	// Several poll times may fire closer together than any one of them; the poll lease covers that.
	return Math.min(...items.map(intervalOf));
}

function intervalOf(item: IDataObject): number {
	switch (item.mode) {
		case 'everyMinute':
			return MINUTE;
		case 'everyHour':
			return HOUR;
		case 'everyX': {
			const value = Math.max(1, Number(item.value) || 1);
			return item.unit === 'hours' ? value * HOUR : value * MINUTE;
		}
		case 'everyDay':
			return 24 * HOUR;
		case 'everyWeek':
			return 7 * 24 * HOUR;
		case 'everyMonth':
			return 28 * 24 * HOUR;
		default:
			return SHORTEST_INTERVAL_MS;
	}
}

/**
 * How long one poll may take: well inside one interval (half of it), and inside n8n's own budget
 * minus a margin. Several poll times together are bounded by the shortest.
 */
export function pollBudgetMs(n8nBudgetMs: number | undefined, intervalMs: number): number {
	const n8n = (n8nBudgetMs ?? DEFAULT_N8N_BUDGET_MS) - BUDGET_MARGIN_MS;
	return Math.max(0, Math.min(n8n, intervalMs * INTERVAL_SHARE));
}
