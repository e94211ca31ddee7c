import Bottleneck from 'bottleneck';
import { createHash } from 'node:crypto';

/**
 * Rate limits live per process and are shared by every node execution: ServiceTitan counts
 * requests per (application, tenant), not per workflow. Limiters are made by one factory so that
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
}

export interface LimiterFactory {
	/** Returns the limiter for `key`, creating it with `settings` the first time. */
	get(key: string, settings: LimiterSettings): RateLimiter;
}

/**
 * bottleneck's `minTime` spaces job starts evenly. Measured here (../shared/transport.md §1.2):
 * 17.5 ms for a 60/s ceiling runs at 57/s and never exceeds 60 in any sliding second, where a
 * 60-per-second reservoir bursts to 92 at window edges. So the spacing keeps a 5 % margin.
 */
export function apiLimiterSettings(requestsPerSecond: number): LimiterSettings {
	const rps = requestsPerSecond > 0 ? requestsPerSecond : 60;
	return { minTimeMs: 1000 / (rps * 0.952), maxConcurrent: 16 };
}

/** One run of the same report per `60 / runsPerMinute` seconds, one at a time. */
export function reportLimiterSettings(runsPerMinute: number): LimiterSettings {
	const perMinute = runsPerMinute > 0 ? runsPerMinute : 5;
	return { minTimeMs: Math.ceil(60_000 / perMinute), maxConcurrent: 1 };
}

/**
 * bottleneck jobs need an expiration so a stuck job cannot hold a slot forever; it must exceed
 * the longest HTTP attempt (100 s) plus a Retry-After wait (waits happen outside the limiter).
 */
const JOB_EXPIRATION_MS = 150_000;

export class LocalLimiterFactory implements LimiterFactory {
	private readonly limiters = new Map<string, { limiter: Bottleneck; settings: string }>();

	get(key: string, settings: LimiterSettings): RateLimiter {
		const fingerprint = `${settings.minTimeMs}/${settings.maxConcurrent}`;
		const existing = this.limiters.get(key);
		if (existing && existing.settings === fingerprint) return wrap(existing.limiter);
		const limiter = new Bottleneck({ minTime: settings.minTimeMs, maxConcurrent: settings.maxConcurrent });
		// Settings changed (the credential's rate was edited): later calls use the new limiter.
		this.limiters.set(key, { limiter, settings: fingerprint });
		return wrap(limiter);
	}

	async disconnectAll(): Promise<void> {
		const all = [...this.limiters.values()];
		this.limiters.clear();
		await Promise.all(all.map(({ limiter }) => limiter.stop({ dropWaitingJobs: false })));
	}
}

function wrap(limiter: Bottleneck): RateLimiter {
	return {
		schedule: <T>(job: () => Promise<T>) => limiter.schedule({ expiration: JOB_EXPIRATION_MS }, job),
	};
}

let factory: LimiterFactory = new LocalLimiterFactory();

export function getLimiterFactory(): LimiterFactory {
	return factory;
}

/** Replace the process-wide factory (queue mode with Redis, tests). */
export function setLimiterFactory(next: LimiterFactory): void {
	factory = next;
}

/** Limiter keys carry a hash, never the app key itself (they may end up in Redis). */
export function apiLimiterKey(apiBaseUrl: string, appKey: string, tenantId: string): string {
	return `st-api:{${shortHash(`${hostOf(apiBaseUrl)}\n${appKey}`)}:${tenantId}}`;
}

export function reportLimiterKey(apiBaseUrl: string, appKey: string, tenantId: string, reportId: string): string {
	return `st-report:{${shortHash(`${hostOf(apiBaseUrl)}\n${appKey}`)}:${tenantId}}:${reportId}`;
}

export function shortHash(value: string): string {
	return createHash('sha256').update(value).digest('hex').slice(0, 16);
}

function hostOf(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return url;
	}
}
