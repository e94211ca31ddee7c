import Bottleneck from 'bottleneck';
import { shortHash } from '../api';
import { setTimeout as delay } from 'node:timers/promises';

import { readRedisLimiterConfig, type RedisLimiterConfig } from './redisConfig';

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

/** The window is counted a little wider than a second: the server sees arrivals, not our starts. */
const WINDOW_GUARD_MS = 15;

/**
 * At most `limit` starts in any `windowMs`: a start waits until the oldest of the last `limit`
 * starts leaves the window. Runs inside a bottleneck job, so waiting keeps the order.
 */
export class SlidingWindow {
	private readonly starts: number[] = [];

	constructor(
		private readonly limit: number,
		private readonly windowMs = 1000,
		private readonly now: () => number = () => performance.now(),
		private readonly wait: (ms: number) => Promise<void> = (ms) => delay(ms),
	) {}

	async acquire(): Promise<void> {
		for (;;) {
			const now = this.now();
			const span = this.windowMs + WINDOW_GUARD_MS;
			while (this.starts.length && this.starts[0] <= now - span) this.starts.shift();
			if (this.starts.length < this.limit) {
				this.starts.push(now);
				return;
			}
			await this.wait(this.starts[0] + span - now + 1);
		}
	}
}

interface LocalLimiter {
	limiter: Bottleneck;
	window?: SlidingWindow;
	settings: string;
}

export class LocalLimiterFactory implements LimiterFactory {
	private readonly limiters = new Map<string, LocalLimiter>();

	get(key: string, settings: LimiterSettings): RateLimiter {
		const fingerprint = `${settings.minTimeMs}/${settings.maxConcurrent}/${settings.maxPerSecond ?? ''}`;
		let entry = this.limiters.get(key);
		if (!entry || entry.settings !== fingerprint) {
			// New, or the settings changed (the credential's rate was edited): later calls use the new limiter.
			entry = {
				limiter: new Bottleneck({ minTime: settings.minTimeMs, maxConcurrent: settings.maxConcurrent }),
				window: settings.maxPerSecond ? new SlidingWindow(settings.maxPerSecond) : undefined,
				settings: fingerprint,
			};
			this.limiters.set(key, entry);
		}
		return wrap(entry);
	}

	async disconnectAll(): Promise<void> {
		const all = [...this.limiters.values()];
		this.limiters.clear();
		await Promise.all(all.map(({ limiter }) => limiter.stop({ dropWaitingJobs: false })));
	}
}

function wrap({ limiter, window }: LocalLimiter): RateLimiter {
	return {
		schedule: <T>(job: () => Promise<T>) =>
			limiter.schedule({ expiration: JOB_EXPIRATION_MS }, window ? async () => (await window.acquire(), job()) : job),
	};
}

let factory: LimiterFactory | undefined;

/**
 * The process-wide factory, chosen on first use from the environment (see redisConfig.ts): without Redis
 * configured, the process-local limiters above, exactly; with Redis, limiters shared by every process.
 */
export function getLimiterFactory(): LimiterFactory {
	factory ??= chooseLimiterFactory(readRedisLimiterConfig());
	return factory;
}

export function chooseLimiterFactory(config: RedisLimiterConfig): LimiterFactory {
	if (config.mode === 'local') return new LocalLimiterFactory();
	if (config.mode === 'invalid') return new LocalShareFactory(config.problem, config.expectedProcesses);
	try {
		// Loaded only when Redis is configured: a process without it never loads ioredis.
		const shared = require('./sharedLimiter') as typeof import('./sharedLimiter');
		return shared.createSharedLimiterFactory(config);
	} catch (error) {
		return new LocalShareFactory(`the Redis-shared limiter could not start (${(error as Error).message})`, config.expectedProcesses);
	}
}

/**
 * Sharing was asked for but cannot work (a malformed setting): every process keeps to its share of the
 * budget, as during a Redis outage, and says why once.
 */
export class LocalShareFactory implements LimiterFactory {
	private readonly local = new LocalLimiterFactory();
	private warned = false;

	constructor(
		private readonly problem: string,
		private readonly processes: number,
	) {}

	get(key: string, settings: LimiterSettings, logger?: LimiterLogger): RateLimiter {
		if (!this.warned && logger) {
			this.warned = true;
			logger.warn(`ServiceTitan rate limiter: ${this.problem}; each process keeps to 1/${this.processes} of each tenant's budget (SERVICETITAN_EXPECTED_PROCESSES)`);
		}
		return this.local.get(key, shareOf(settings, this.processes));
	}

	disconnectAll(): Promise<void> {
		return this.local.disconnectAll();
	}
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

function hostOf(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return url;
	}
}
