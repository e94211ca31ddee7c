import Bottleneck from 'bottleneck';
import { setTimeout as delay } from 'node:timers/promises';

import { JOB_EXPIRATION_MS, settingsFingerprint, shareOf, type LimiterFactory, type LimiterLogger, type LimiterSettings, type RateLimiter } from './settings';

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

/** Limiters of this process alone: bottleneck's spacing plus the sliding-second cap. */
export class LocalLimiterFactory implements LimiterFactory {
	private readonly limiters = new Map<string, LocalLimiter>();

	get(key: string, settings: LimiterSettings): RateLimiter {
		const fingerprint = settingsFingerprint(settings);
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
		schedule: <T>(job: () => Promise<T>) => limiter.schedule({ expiration: JOB_EXPIRATION_MS }, window ? async () => (await window.acquire(), job()) : job),
	};
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
