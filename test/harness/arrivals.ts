/**
 * Arrivals at the simulator, counted the way ServiceTitan's limit counts them: per sliding second, by the
 * simulator's own clock. Shared by the budget tests (test/queue, the queue-mode e2e) and the queue benchmark.
 */
import type { RequestLogEntry } from '../simulator';

/** The most arrivals inside any window of `windowMs` (a sliding second by default). */
export function maxInAnyWindow(entries: RequestLogEntry[], windowMs = 1000): number {
	const times = entries.map((entry) => entry.time).sort((a, b) => a - b);
	let max = 0;
	for (let i = 0, j = 0; i < times.length; i++) {
		while (times[i] - times[j] >= windowMs) j++;
		max = Math.max(max, i - j + 1);
	}
	return max;
}

/**
 * How close a run came to 61 in one second: the shortest time spanned by any 61 consecutive arrivals, in ms
 * (1000 or less is a second over 60). Infinity when there were fewer than 61.
 */
export function tightestSpanOf61(entries: RequestLogEntry[]): number {
	const times = entries.map((entry) => entry.time).sort((a, b) => a - b);
	let tightest = Number.POSITIVE_INFINITY;
	for (let i = 60; i < times.length; i++) tightest = Math.min(tightest, times[i] - times[i - 60]);
	return tightest;
}

/** Requests per second from the first arrival to the last. */
export function combinedRate(entries: RequestLogEntry[]): number {
	const times = entries.map((entry) => entry.time).sort((a, b) => a - b);
	if (times.length < 2) return 0;
	return (times.length - 1) / ((times[times.length - 1] - times[0]) / 1000);
}
