import { shortHash } from '../api';

/**
 * Rate limits live per process and are shared by every node execution: ServiceTitan counts
 * requests per (application, tenant), not per workflow. Limiters are made by one factory (`factory.ts`) so that
 * queue mode can swap in Redis-backed limiters without touching the callers.
 */
export interface RateLimiter {
	schedule<T>(job: () => Promise<T>): Promise<T>;
}

export interface LimiterSettings {
	/** Minimum gap between two job starts, in ms (the leaky bucket). */
	minTimeMs: number;
	/** Jobs in flight at once. */
	maxConcurrent: number;
	/** Hard cap of job starts in any sliding second, on top of the spacing. */
	maxPerSecond?: number;
}

/** Where a limiter factory reports what the client cannot see (Redis lost or back); the client's logger. */
export interface LimiterLogger {
	warn(message: string): void;
	debug?(message: string): void;
}

export interface LimiterFactory {
	/** Returns the limiter for `key`, creating it with `settings` the first time. */
	get(key: string, settings: LimiterSettings, logger?: LimiterLogger): RateLimiter;
}

/**
 * bottleneck's `minTime` spaces job starts evenly. Measured on this machine class:
 * 17.5 ms for a 60/s ceiling runs at 57/s and never exceeds 60 in any sliding second, where a
 * 60-per-second reservoir bursts to 92 at window edges. So the spacing keeps a 5 % margin.
 */
export function apiLimiterSettings(requestsPerSecond: number): LimiterSettings {
	const rps = requestsPerSecond > 0 ? requestsPerSecond : 60;
	// Timers fire late and together when the host is busy (measured in a real n8n on 2 cores: a few
	// bunched starts went over 60), so a sliding-second cap backs the spacing up.
	return { minTimeMs: 1000 / (rps * 0.952), maxConcurrent: 16, maxPerSecond: Math.max(1, Math.floor(rps) - 1) };
}

/**
 * One run of the same report per `60 / runsPerMinute` seconds (plus 2 %), one at a time. Spaced exactly at the limit,
 * the sixth of five-per-minute runs reached the simulator a few ms inside the first one's minute and got a 429
 * (the server counts arrivals, which jitter); the margin keeps it out.
 */
export function reportLimiterSettings(runsPerMinute: number): LimiterSettings {
	const perMinute = runsPerMinute > 0 ? runsPerMinute : 5;
	return { minTimeMs: Math.ceil((60_000 / perMinute) * 1.02), maxConcurrent: 1 };
}

/**
 * bottleneck jobs need an expiration so a stuck job cannot hold a slot forever; it must exceed
 * the longest HTTP attempt (100 s) plus a Retry-After wait (waits happen outside the limiter).
 */
export const JOB_EXPIRATION_MS = 150_000;

/** Identifies a limiter's settings: a limiter whose settings changed is made anew. */
export function settingsFingerprint(settings: LimiterSettings): string {
	return `${settings.minTimeMs}/${settings.maxConcurrent}/${settings.maxPerSecond ?? ''}`;
}

/** The local limiter's settings for one process's share of the budget (Redis away or misconfigured). */
export function shareOf(settings: LimiterSettings, processes: number): LimiterSettings {
	const n = Math.max(1, processes);
	return {
		minTimeMs: settings.minTimeMs * n,
		maxConcurrent: Math.max(1, Math.ceil(settings.maxConcurrent / n)),
		maxPerSecond: settings.maxPerSecond ? Math.max(1, Math.floor(settings.maxPerSecond / n)) : undefined,
	};
}

/** Limiter keys carry a hash, never the app key itself (they may end up in Redis). */
export function apiLimiterKey(apiBaseUrl: string, appKey: string, tenantId: string): string {
	return `st-api:{${shortHash(`${hostOf(apiBaseUrl)}\n${appKey}`)}:${tenantId}}`;
}

export function reportLimiterKey(apiBaseUrl: string, appKey: string, tenantId: string, reportId: string): string {
	return `st-report:{${shortHash(`${hostOf(apiBaseUrl)}\n${appKey}`)}:${tenantId}}:${reportId}`;
}

function hostOf(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return url;
	}
}
