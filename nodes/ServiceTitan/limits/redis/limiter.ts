import Bottleneck from 'bottleneck';
// One import instead of a global per call: the same timers, and n8n's scanner reports one import, not each use.
import { clearInterval } from 'node:timers';
import { setTimeout as delay } from 'node:timers/promises';

import { shortHash } from '../../api';
import { JOB_EXPIRATION_MS, type LimiterSettings, type RateLimiter } from '../settings';
import type { WindowClient } from './scripts';

/**
 * One limiter shared through Redis. The API limiter: the booked starts and the sliding-second window
 * (`scripts.ts`, two calls per request), each process queueing its own requests in a local bottleneck. A report
 * limiter: bottleneck's spacing and `maxConcurrent` across processes (its Redis datastore) plus one start per
 * spacing by Redis's clock. While Redis is away its requests go to a local limiter at the process's share; a
 * request is handed to exactly one limiter at a time and sent once.
 */

/** What a shared limiter asks of the factory that made it (`factory.ts`): the connection, health, the fallback. */
export interface SharedLimiterHost {
	readonly config: { readonly keyPrefix: string };
	readonly client: WindowClient;
	/** bottleneck's two Redis connections (commands + pub/sub). */
	readonly connection: Bottleneck.IORedisConnection;
	/** Redis answers and the factory is open: requests go through Redis. */
	readonly healthy: boolean;
	/** Resolves once the first connection succeeded or was given up on. */
	whenStarted(): Promise<void>;
	/** A member name for the sliding window, unique across processes. */
	nextWindowMember(): string;
	/** The process-local limiter at this process's share of the budget. */
	localLimiter(key: string, settings: LimiterSettings): RateLimiter;
	/** A Redis call failed before its request was sent. */
	sharedFailed(error: unknown): void;
	/** Counts requests waiting (+1) or settled (-1): waiting ones keep the process alive. */
	track(delta: number): void;
}

/**
 * The shared window is counted wider than the local one: between a start granted by Redis and its arrival
 * at ServiceTitan lie a Redis round trip and a busy event loop in one of several processes. With 59 starts in
 * any 1060 ms, ServiceTitan could count 61 in a second only if one start were more than 60 ms later on its way
 * than the one 60 starts after it. The booked starts are 1070 ms apart per 59, so the window holds a start back
 * only when the one 59 before it went out more than 10 ms late; counted wider, it holds back so often that it
 * costs the rate. Measured with 4 processes × 300 writes on 2 cores (the closest 61 arrivals at the simulator;
 * the combined rate): 40 ms gave 1024–1061 ms at 55.1/s, 60 ms 1056–1063 ms at 55.1–55.2/s, 80 ms 1072–1081 ms
 * but only 54.5/s.
 */
const SHARED_WINDOW_GUARD_MS = 60;

/**
 * The API limiter's starts are booked one `(1000 + this) / maxPerSecond` ms apart on Redis's clock. Even
 * spacing is what tolerates late arrivals: with bottleneck's spacing (read off each client's clock) and the
 * window alone, four processes on a busy 2-core host still put 62–69 requests into one second at the
 * simulator; booked 18.1 ms apart, a burst needs one process to be about 70 ms later than the others
 * before ServiceTitan could count 61. 59 per 1070 ms is 55.1/s, 92 % of the ceiling.
 */
const SHARED_SPACING_GUARD_MS = 70;

/**
 * A window answer that took longer than this reached a process that was held up (a loopback round trip takes well
 * under 1 ms): the start is counted again, at most MAX_RECOUNTS times.
 */
const LATE_ANSWER_MS = 15;
const MAX_RECOUNTS = 2;

/** Bottleneck's settings live in Redis under its id; a changed setting must not reuse old state. */
const KEY_VERSION = 'v1';

interface Entry {
	job: () => Promise<unknown>;
	resolve: (value: unknown) => void;
	reject: (error: unknown) => void;
	/** Bumped each time the entry is handed to a limiter; a limiter holding an older number lets it go. */
	turn: number;
	where: 'starting' | 'shared' | 'local' | 'sent';
}

/** bottleneck internals the shared limiter relies on (bottleneck is pinned exactly; a test guards these). */
interface LimiterInternals {
	_store?: { heartbeat?: NodeJS.Timeout };
}

export class SharedLimiter implements RateLimiter {
	private bottleneck?: Bottleneck;
	private readonly waiting = new Set<Entry>();
	/** Starts counted by Redis's clock: [key, limit, span ms]. */
	private readonly windows: Array<[key: string, limit: number, spanMs: number]> = [];
	/** Evenly spaced starts by Redis's clock: [key, interval ms]. */
	private readonly booking?: [key: string, intervalMs: number];
	private readonly bottleneckId: string;

	constructor(
		private readonly factory: SharedLimiterHost,
		private readonly key: string,
		private readonly settings: LimiterSettings,
		readonly fingerprint: string,
	) {
		// The key already holds hashes; hash it once more so Redis sees no tenant ID, host or app key at all.
		// The braces are a Redis Cluster hash tag: all of one limiter's keys land in one slot.
		const tag = shortHash(key);
		const kind = key.startsWith('st-report:') ? 'report' : 'api';
		this.bottleneckId = `${factory.config.keyPrefix}:${kind}:{${tag}}:${KEY_VERSION}:${shortHash(fingerprint).slice(0, 8)}`;
		if (settings.maxPerSecond) {
			this.booking = [`${factory.config.keyPrefix}:booking:{${tag}}`, Math.max(settings.minTimeMs, (1000 + SHARED_SPACING_GUARD_MS) / settings.maxPerSecond)];
			this.windows.push([`${factory.config.keyPrefix}:window:{${tag}}`, settings.maxPerSecond, 1000 + SHARED_WINDOW_GUARD_MS]);
		}
		// bottleneck spaces starts by the clients' clocks, read when a call is sent: a process whose call waited
		// on a busy host registers with a stale time and can start a second run soon after another's. For the
		// slow limiters (report runs) one start per spacing by Redis's clock holds the spacing anyway.
		if (settings.minTimeMs >= 1000) this.windows.push([`${factory.config.keyPrefix}:spacing:{${tag}}`, 1, Math.ceil(settings.minTimeMs)]);
	}

	schedule<T>(job: () => Promise<T>): Promise<T> {
		return new Promise<T>((resolve, reject) => {
			const entry: Entry = { job, resolve: resolve as (value: unknown) => void, reject, turn: 0, where: 'starting' };
			this.waiting.add(entry);
			this.factory.track(1);
			void this.factory.whenStarted().then(() => this.place(entry));
		});
	}

	/** Hands every request still waiting in `from` to the other side. */
	moveWaiting(from: 'shared' | 'local'): void {
		if (from === 'shared') this.retireBottleneck();
		for (const entry of [...this.waiting]) if (entry.where === from) this.place(entry);
	}

	private place(entry: Entry): void {
		if (entry.where === 'sent') return;
		if (this.factory.healthy) this.viaRedis(entry);
		else this.viaLocal(entry);
	}

	private viaRedis(entry: Entry): void {
		const turn = ++entry.turn;
		entry.where = 'shared';
		const stale = () => entry.turn !== turn || entry.where === 'sent';
		let limiter: Bottleneck;
		try {
			limiter = this.sharedBottleneck();
		} catch (error) {
			this.factory.sharedFailed(error);
			if (!stale()) this.viaLocal(entry);
			return;
		}
		limiter
			.schedule({ expiration: JOB_EXPIRATION_MS }, async () => {
				if (stale()) return;
				if (this.booking) {
					const waitMs = Number(await this.factory.client.servicetitanBook(...this.booking));
					if (waitMs > 0) await delay(waitMs);
					if (stale()) return;
				}
				for (const [windowKey, limit, spanMs] of this.windows) {
					await this.acquireWindow(windowKey, limit, spanMs, stale);
					if (stale()) return;
				}
				if (stale()) return;
				await this.start(entry);
			})
			.catch((error: unknown) => {
				// The request was not sent (a sent one settles on its own outcome): it goes local, once.
				if (stale()) return;
				this.factory.sharedFailed(error);
				if (!stale()) this.viaLocal(entry);
			});
	}

	private viaLocal(entry: Entry): void {
		const turn = ++entry.turn;
		entry.where = 'local';
		const stale = () => entry.turn !== turn || entry.where === 'sent';
		this.factory
			.localLimiter(this.key, this.settings)
			.schedule(async () => {
				if (stale()) return;
				await this.start(entry);
			})
			.catch((error: unknown) => {
				if (stale()) return;
				this.finish(entry);
				entry.reject(error);
			});
	}

	/** Sends the request: from here on only its own outcome settles it, whatever a limiter reports. */
	private async start(entry: Entry): Promise<void> {
		this.finish(entry);
		let running: Promise<unknown>;
		try {
			running = entry.job();
		} catch (error) {
			running = Promise.reject(error);
		}
		running.then(entry.resolve, entry.reject);
		// The limiter slot is held until the answer is in (maxConcurrent counts requests in flight).
		await running.catch(() => undefined);
	}

	private finish(entry: Entry): void {
		if (entry.where === 'sent') return;
		entry.where = 'sent';
		this.waiting.delete(entry);
		this.factory.track(-1);
	}

	/**
	 * Waits until the window grants this start. Redis counts a start when it grants it; an answer this process read
	 * late (a garbage collection, a host short of CPU) means the request goes out that much later than counted, and
	 * the start 60 after it could be granted too soon. So a late answer is asked again with the same member: the
	 * window moves the start to the time this process can act on it.
	 */
	private async acquireWindow(windowKey: string, limit: number, span: number, stale: () => boolean): Promise<void> {
		const member = this.factory.nextWindowMember();
		let recounts = 0;
		for (;;) {
			const askedAt = performance.now();
			const waitMs = Number(await this.factory.client.servicetitanWindow(windowKey, span, limit, member));
			if (stale()) return;
			if (waitMs > 0) {
				await delay(waitMs);
				if (stale()) return;
				continue;
			}
			// Bounded: on a host that is slow all the time every answer is late, and the request must still go.
			if (performance.now() - askedAt <= LATE_ANSWER_MS || recounts++ >= MAX_RECOUNTS) return;
		}
	}

	/**
	 * The API limiter's queue is this process's own bottleneck: the booking and the window already space and cap the
	 * starts across processes by Redis's clock, and bottleneck's Redis datastore would add three scripts per request
	 * and a pub/sub message to every process (most of the shared limiter's CPU, BENCHMARKS.md §6), for a spacing read
	 * off the clients' clocks that the booking supersedes. So it keeps no spacing of its own (the booking spaces the
	 * starts) and its `maxConcurrent` counts this process's requests booked or in flight. A report limiter (a few runs
	 * a minute) keeps the datastore: one run at a time across all processes.
	 */
	private sharedBottleneck(): Bottleneck {
		this.bottleneck ??= (() => {
			if (this.booking) return new Bottleneck({ maxConcurrent: this.settings.maxConcurrent });
			const limiter = new Bottleneck({
				id: this.bottleneckId,
				minTime: this.settings.minTimeMs,
				maxConcurrent: this.settings.maxConcurrent,
				datastore: 'ioredis',
				connection: this.factory.connection,
				// No `timeout`: it would put a TTL on the keys (Redis ≥ 7 then breaks the limiter between expiry
				// and clean-up) and PEXPIRE rejects the fractional minTime the 60/s spacing needs.
				clearDatastore: false,
			});
			limiter.on('error', () => undefined);
			return limiter;
		})();
		return this.bottleneck;
	}

	/** Drops the requests queued in bottleneck (they were handed elsewhere) and stops its heartbeat. */
	private retireBottleneck(): void {
		const limiter = this.bottleneck;
		if (!limiter) return;
		this.bottleneck = undefined;
		void limiter.stop({ dropWaitingJobs: true }).catch(() => undefined);
		clearInterval((limiter as unknown as LimiterInternals)._store?.heartbeat);
	}
}
