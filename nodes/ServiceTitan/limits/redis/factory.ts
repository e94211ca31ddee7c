import Bottleneck from 'bottleneck';
import { randomBytes } from 'node:crypto';
// One import instead of a global per call: the same timers, and n8n's scanner reports one import, not each use.
import { clearInterval, setInterval } from 'node:timers';

import { responsiveTimeout } from '../eventLoop';
import { LocalLimiterFactory } from '../local';
import { settingsFingerprint, shareOf, type LimiterFactory, type LimiterLogger, type LimiterSettings, type RateLimiter } from '../settings';
import type { SharedRedisConfig } from './config';
import { assertRedis7Hook, CONNECT_TIMEOUT_MS, createRedisClient, keepConnectionsUnref, loadIORedis, normaliseRedis7Errors, type RedisClient } from './connection';
import { SharedLimiter, type SharedLimiterHost } from './limiter';
import { defineLimiterScripts, type WindowClient } from './scripts';

/**
 * Limiters shared by every process that reaches the same Redis (n8n's queue mode: main, workers, webhook
 * processors). Each (API host, app key, tenant) books its starts evenly spaced on Redis's clock (one Lua
 * script) and caps them with a sliding second in Redis (another, over a sorted set) that holds "never more
 * than N starts in any second" even when one process's timers fire late and bunched; each process queues its
 * own requests. The per-report limiters are bottleneck limiters on Redis (its `minTime` spacing and
 * `maxConcurrent` across processes) with one start per spacing by Redis's clock.
 *
 * While Redis cannot be reached (at start, or lost mid-run) every request goes through a process-local
 * limiter at `1 / expectedProcesses` of the budget instead; when Redis answers again the requests still
 * waiting move back to the shared limiter. A request is handed to exactly one limiter at a time and is
 * sent once: a limiter that fails or is abandoned before the request started cannot send it later.
 */

/** How long the first requests wait for the first connection before going local. */
const START_DECISION_MS = CONNECT_TIMEOUT_MS + 500;
/** How often a Redis that answers but failed a limiter call is tried again. */
const PROBE_INTERVAL_MS = 5_000;
/** One warning per outage, and no more than one per this period when Redis flaps. */
const WARN_EVERY_MS = 10 * 60_000;

type Health = 'starting' | 'up' | 'down';

/** `client`: a connection to use (the process's shared one) instead of a new one made from `config`. */
export function createSharedLimiterFactory(config: SharedRedisConfig, client?: RedisClient): RedisLimiterFactory {
	return new RedisLimiterFactory(config, client);
}

export class RedisLimiterFactory implements LimiterFactory, SharedLimiterHost {
	readonly client: WindowClient;
	/** bottleneck's connection (ours for commands + its own pub/sub one), made for the first report limiter. */
	private bottleneckConnection?: Bottleneck.IORedisConnection;
	private readonly limiters = new Map<string, SharedLimiter>();
	private fallback = new LocalLimiterFactory();
	private health: Health = 'starting';
	private readonly waitingForStart = new Set<() => void>();
	/** Cancels the start decision (responsiveTimeout). */
	private cancelStartDecision?: () => void;
	private probeTimer?: NodeJS.Timeout;
	private keepAlive?: NodeJS.Timeout;
	private pending = 0;
	private logger?: LimiterLogger;
	private lastWarnAt = Number.NEGATIVE_INFINITY;
	private outageWarned = false;
	private closed = false;
	/** Each process's own id inside the sliding-window members. */
	readonly clientTag = randomBytes(6).toString('hex');
	private sequence = 0;

	constructor(
		readonly config: SharedRedisConfig,
		client: RedisClient = createRedisClient(config),
	) {
		// Checked now, though the connection is made later: a bottleneck without the hook Redis 7 needs is refused at
		// once (the caller falls back to local limiters), not at the first report run.
		try {
			assertRedis7Hook(Bottleneck.IORedisConnection.prototype);
		} catch (error) {
			void client.disconnect();
			throw error;
		}
		this.client = defineLimiterScripts(client);
		this.client.on('error', () => undefined);
		// An idle Redis connection must not keep n8n (or a test run) from exiting; pending work keeps it alive.
		keepConnectionsUnref(this.client);
		this.client.on('ready', () => this.markUp());
		this.client.on('close', () => this.markDown('the connection closed'));
		this.client.on('end', () => this.markDown('the connection ended'));
		this.client.on('error', (error: Error) => {
			if (this.health === 'starting') this.markDown(error.message);
		});
		// Counted in time the process was free to read the answer: a held-up event loop is not a silent Redis.
		this.cancelStartDecision = responsiveTimeout(START_DECISION_MS, () => {
			if (this.health === 'starting') this.markDown(`no answer within ${START_DECISION_MS} ms`);
		});
	}

	get(key: string, settings: LimiterSettings, logger?: LimiterLogger): RateLimiter {
		if (logger) this.logger = logger;
		const fingerprint = settingsFingerprint(settings);
		let limiter = this.limiters.get(key);
		if (!limiter || limiter.fingerprint !== fingerprint) {
			// New, or the settings changed (the credential's rate was edited): later calls use the new limiter, as locally.
			limiter = new SharedLimiter(this, key, settings, fingerprint);
			this.limiters.set(key, limiter);
		}
		return limiter;
	}

	/** Where the limiters stand: `up` shares through Redis, `down` uses the local share. */
	get state(): Health {
		return this.health;
	}

	/** Stops every limiter and closes the Redis connections (tests, benchmarks, a clean shutdown). */
	async disconnectAll(): Promise<void> {
		this.closed = true;
		this.cancelStartDecision?.();
		clearInterval(this.probeTimer);
		// Nothing waiting is dropped: it finishes through the local limiter before the connections close.
		for (const limiter of this.limiters.values()) limiter.moveWaiting('shared');
		this.releaseStarters();
		this.limiters.clear();
		await this.fallback.disconnectAll().catch(() => undefined);
		// bottleneck's disconnect closes our command connection with its own pub/sub one.
		if (this.bottleneckConnection) await this.bottleneckConnection.disconnect(false).catch(() => undefined);
		else this.client.disconnect();
		clearInterval(this.keepAlive);
		this.keepAlive = undefined;
	}

	// ── SharedLimiterHost: what the shared limiters ask of their factory ──

	/**
	 * bottleneck's Redis connection, for the report limiters' datastore: our command connection and a pub/sub one of
	 * its own. Made when the first report limiter needs it, so a process that runs no report (the API limiter does not
	 * use bottleneck's datastore) keeps one Redis connection, not two.
	 */
	get connection(): Bottleneck.IORedisConnection {
		if (!this.bottleneckConnection) {
			const connection = new Bottleneck.IORedisConnection({ client: this.client, Redis: loadIORedis() });
			normaliseRedis7Errors(connection);
			// bottleneck re-emits its clients' errors here; the health events decide what they mean.
			connection.on('error', () => undefined);
			const subscriber = (connection as unknown as { subscriber: RedisClient }).subscriber;
			subscriber.on('error', () => undefined);
			keepConnectionsUnref(subscriber);
			this.bottleneckConnection = connection;
		}
		return this.bottleneckConnection;
	}

	nextWindowMember(): string {
		return `${this.clientTag}:${++this.sequence}`;
	}

	localLimiter(key: string, settings: LimiterSettings): RateLimiter {
		return this.fallback.get(key, shareOf(settings, this.config.expectedProcesses));
	}

	whenStarted(): Promise<void> {
		if (this.health !== 'starting') return Promise.resolve();
		return new Promise((resolve) => this.waitingForStart.add(resolve));
	}

	/** A Redis call of a shared limiter failed before its request was sent. */
	sharedFailed(error: unknown): void {
		this.markDown(error instanceof Error ? error.message : String(error));
		// Redis may still answer (the failure was the script's, not the socket's): try it again later.
		this.startProbe();
	}

	track(delta: number): void {
		this.pending += delta;
		if (this.pending > 0 && !this.keepAlive) {
			// Requests waiting on a Redis answer (unref'd sockets) or on pub/sub hold no timer of their own: this one keeps the process alive for them.
			this.keepAlive = setInterval(() => undefined, 60_000);
		} else if (this.pending === 0 && this.keepAlive) {
			clearInterval(this.keepAlive);
			this.keepAlive = undefined;
		}
	}

	get healthy(): boolean {
		return this.health === 'up' && !this.closed;
	}

	// ── health ──

	private markUp(): void {
		if (this.closed || this.health === 'up') return;
		const wasDown = this.health === 'down';
		this.health = 'up';
		this.cancelStartDecision?.();
		clearInterval(this.probeTimer);
		this.probeTimer = undefined;
		if (wasDown) {
			const message = `ServiceTitan rate limiter: Redis (${this.config.describe}) answers again; the rate limits are shared across processes again`;
			// Said as loudly as the outage was: a warned outage gets its warned end.
			if (this.outageWarned) this.logger?.warn(message);
			else this.logger?.debug?.(message);
			// Requests still queued locally go back to the shared limiter; the local one is left to finish what it started.
			const old = this.fallback;
			this.fallback = new LocalLimiterFactory();
			for (const limiter of this.limiters.values()) limiter.moveWaiting('local');
			void old.disconnectAll().catch(() => undefined);
		} else {
			this.logger?.debug?.(`ServiceTitan rate limiter: the rate limits are shared through Redis (${this.config.describe}, from ${this.config.source})`);
		}
		this.releaseStarters();
	}

	private markDown(reason: string): void {
		if (this.closed || this.health === 'down') return;
		this.health = 'down';
		this.cancelStartDecision?.();
		const share = this.config.expectedProcesses;
		this.outageWarned = this.warn(
			`ServiceTitan rate limiter: Redis (${this.config.describe}, from ${this.config.source}) cannot be reached ` +
				`(${this.redact(reason)}); until it answers, this process keeps to 1/${share} of each tenant's budget ` +
				'(SERVICETITAN_EXPECTED_PROCESSES). More processes than that may see HTTP 429, which are retried.',
		);
		for (const limiter of this.limiters.values()) limiter.moveWaiting('shared');
		this.releaseStarters();
	}

	private startProbe(): void {
		if (this.probeTimer || this.closed) return;
		this.probeTimer = setInterval(() => {
			if (this.client.status !== 'ready') return; // the 'ready' event will bring it back
			this.client.ping().then(
				() => this.markUp(),
				() => undefined,
			);
		}, PROBE_INTERVAL_MS);
		this.probeTimer.unref();
	}

	private releaseStarters(): void {
		const waiting = [...this.waitingForStart];
		this.waitingForStart.clear();
		for (const resolve of waiting) resolve();
	}

	/** Warns, unless an outage was already warned about within WARN_EVERY_MS (a flapping Redis): then debug. */
	private warn(message: string): boolean {
		const now = Date.now();
		if (now - this.lastWarnAt >= WARN_EVERY_MS) {
			this.lastWarnAt = now;
			this.logger?.warn(message);
			return true;
		}
		this.logger?.debug?.(message);
		return false;
	}

	/** Redis error texts carry no password, but a URL might: keep it out of the log either way. */
	private redact(text: string): string {
		const secrets: string[] = [];
		const server = this.config.server;
		if ('url' in server) {
			try {
				const url = new URL(server.url);
				if (url.password) secrets.push(url.password, decodeURIComponent(url.password));
			} catch {
				// not a URL: nothing to hide
			}
		} else if (server.options.password) {
			secrets.push(server.options.password);
		}
		return secrets.filter(Boolean).reduce((out, secret) => out.split(secret).join('***'), text);
	}
}
