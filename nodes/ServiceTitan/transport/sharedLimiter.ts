import Bottleneck from 'bottleneck';
import IORedis, { type Cluster, type Redis, type RedisOptions } from 'ioredis';
import { randomBytes } from 'node:crypto';
// One import instead of a global per call: the same timers, and n8n's scanner reports one import, not each use.
import { clearInterval, setImmediate, setInterval } from 'node:timers';
import { setTimeout as delay } from 'node:timers/promises';

import { shortHash } from '../api';
import {
	JOB_EXPIRATION_MS,
	LocalLimiterFactory,
	shareOf,
	type LimiterFactory,
	type LimiterLogger,
	type LimiterSettings,
	type RateLimiter,
} from './limiter';
import type { SharedRedisConfig } from './redisConfig';
import { responsiveTimeout } from './eventLoop';

/**
 * Limiters shared by every process that reaches the same Redis (n8n's queue mode: main, workers, webhook
 * processors). Each (API host, app key, tenant) gets one bottleneck limiter on Redis, so the `minTime`
 * spacing and `maxConcurrent` hold across processes, plus a sliding-second cap in Redis (one Lua script
 * over a sorted set, timed by Redis's clock) that holds "never more than N starts in any second" even
 * when one process's timers fire late and bunched. The per-report limiters are shared the same way.
 *
 * While Redis cannot be reached (at start, or lost mid-run) every request goes through a process-local
 * limiter at `1 / expectedProcesses` of the budget instead; when Redis answers again the requests still
 * waiting move back to the shared limiter. A request is handed to exactly one limiter at a time and is
 * sent once: a limiter that fails or is abandoned before the request started cannot send it later.
 */

/** Redis commands fail fast rather than queue: a request waits for a limiter, never for a dead socket. */
const COMMAND_TIMEOUT_MS = 2_000;
const CONNECT_TIMEOUT_MS = 3_000;
/** How long the first requests wait for the first connection before going local. */
const START_DECISION_MS = CONNECT_TIMEOUT_MS + 500;
/** How often a Redis that answers but failed a limiter call is tried again. */
const PROBE_INTERVAL_MS = 5_000;
/** One warning per outage, and no more than one per this period when Redis flaps. */
const WARN_EVERY_MS = 10 * 60_000;

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

const WINDOW_SCRIPT = `
local key = KEYS[1]
local span = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - span)
-- A start counted again (its grant was read late) does not count against itself: it only moves later.
local others = redis.call('ZCARD', key)
if redis.call('ZSCORE', key, ARGV[3]) then others = others - 1 end
if others < limit then
  redis.call('ZADD', key, now, ARGV[3])
  redis.call('PEXPIRE', key, span * 2)
  return 0
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + span - now + 1)
`;

/**
 * Books the next start of a limiter: one every `interval` ms by Redis's clock, a booking never refused
 * (the caller sleeps until its time), so waiting costs one round trip and no polling. Returns the wait in
 * ms as a string (a Lua number reply would lose the fraction).
 */
const BOOKING_SCRIPT = `
local key = KEYS[1]
local interval = tonumber(ARGV[1])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local booked = tonumber(redis.call('GET', key) or '0')
local start = math.max(now, booked)
redis.call('SET', key, string.format('%.3f', start + interval), 'PX', math.ceil(start + interval - now) + 60000)
return string.format('%.3f', start - now)
`;

type RedisClient = Redis | Cluster;
type WindowClient = RedisClient & {
	servicetitanWindow(key: string, spanMs: number, limit: number, member: string): Promise<number>;
	servicetitanBook(key: string, intervalMs: number): Promise<string>;
};

type Health = 'starting' | 'up' | 'down';

interface Entry {
	job: () => Promise<unknown>;
	resolve: (value: unknown) => void;
	reject: (error: unknown) => void;
	/** Bumped each time the entry is handed to a limiter; a limiter holding an older number lets it go. */
	turn: number;
	where: 'starting' | 'shared' | 'local' | 'sent';
}

/** Bottleneck internals the shared limiter relies on (bottleneck is pinned exactly; a test guards these). */
interface ConnectionInternals {
	__scriptFn__?: (name: string) => (...args: unknown[]) => unknown;
}
interface LimiterInternals {
	_store?: { heartbeat?: NodeJS.Timeout };
}

/**
 * Redis ≥ 7 prefixes errors raised by Lua scripts with `ERR `, and bottleneck 2.19.5 compares the bare
 * messages to heal itself (re-create its keys after they were lost, re-register a client Redis dropped).
 * Without this, a limiter whose keys vanished (Redis restarted empty) fails every call for good.
 */
export function normaliseRedis7Errors(connection: Bottleneck.IORedisConnection): void {
	const internals = connection as unknown as ConnectionInternals;
	if (typeof internals.__scriptFn__ !== 'function') {
		throw new Error('bottleneck.IORedisConnection has no __scriptFn__: the Redis 7 error wrapper cannot be installed');
	}
	const original = internals.__scriptFn__.bind(connection);
	internals.__scriptFn__ = (name: string) => {
		const fn = original(name);
		return (...args: unknown[]) => {
			const callback = args.pop() as (error: unknown, result: unknown) => void;
			return fn(...args, (error: unknown, result: unknown) => {
				const match = error instanceof Error ? /^(?:ERR )?(SETTINGS_KEY_NOT_FOUND|UNKNOWN_CLIENT)\b/.exec(error.message) : null;
				if (match && error instanceof Error) error.message = match[1];
				callback(error, result);
			});
		};
	};
}

export function createSharedLimiterFactory(config: SharedRedisConfig): RedisLimiterFactory {
	return new RedisLimiterFactory(config);
}

export class RedisLimiterFactory implements LimiterFactory {
	readonly client: WindowClient;
	/** bottleneck's two Redis connections (commands + pub/sub), shared by every limiter of this process. */
	readonly connection: Bottleneck.IORedisConnection;
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

	constructor(readonly config: SharedRedisConfig) {
		this.client = createRedisClient(config) as WindowClient;
		this.client.defineCommand('servicetitanWindow', { numberOfKeys: 1, lua: WINDOW_SCRIPT });
		this.client.defineCommand('servicetitanBook', { numberOfKeys: 1, lua: BOOKING_SCRIPT });
		this.connection = new Bottleneck.IORedisConnection({ client: this.client, Redis: IORedis });
		try {
			normaliseRedis7Errors(this.connection);
		} catch (error) {
			// The caller falls back to local limiters; this connection must not linger.
			void this.connection.disconnect(false).catch(() => undefined);
			throw error;
		}
		// bottleneck re-emits its clients' errors here; the health events below decide what they mean.
		this.connection.on('error', () => undefined);
		const subscriber = (this.connection as unknown as { subscriber: RedisClient }).subscriber;
		for (const client of [this.client, subscriber]) {
			client.on('error', () => undefined);
			// An idle Redis connection must not keep n8n (or a test run) from exiting; pending work keeps it alive.
			keepConnectionsUnref(client);
		}
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
		const fingerprint = `${settings.minTimeMs}/${settings.maxConcurrent}/${settings.maxPerSecond ?? ''}`;
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
		await this.connection.disconnect(false).catch(() => undefined);
		clearInterval(this.keepAlive);
		this.keepAlive = undefined;
	}

	// ── used by SharedLimiter ──

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
			// Requests waiting on Redis pub/sub hold no timer of their own: this one keeps the process alive for them.
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

class SharedLimiter implements RateLimiter {
	private bottleneck?: Bottleneck;
	private readonly waiting = new Set<Entry>();
	/** Starts counted by Redis's clock: [key, limit, span ms]. */
	private readonly windows: Array<[key: string, limit: number, spanMs: number]> = [];
	/** Evenly spaced starts by Redis's clock: [key, interval ms]. */
	private readonly booking?: [key: string, intervalMs: number];
	private readonly bottleneckId: string;

	constructor(
		private readonly factory: RedisLimiterFactory,
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

	private sharedBottleneck(): Bottleneck {
		this.bottleneck ??= (() => {
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

function createRedisClient(config: SharedRedisConfig): RedisClient {
	const common: RedisOptions = {
		enableOfflineQueue: false,
		maxRetriesPerRequest: 1,
		commandTimeout: COMMAND_TIMEOUT_MS,
		connectTimeout: CONNECT_TIMEOUT_MS,
		// Keep trying to reconnect (every 2 s at most): the shared limiter comes back when Redis does.
		retryStrategy: (times: number) => Math.min(times * 250, 2_000),
		connectionName: 'n8n-nodes-servicetitan',
	};
	const server = config.server;
	if ('url' in server) return new IORedis(server.url, common);
	if ('clusterNodes' in server) {
		return new IORedis.Cluster(server.clusterNodes, {
			enableOfflineQueue: false,
			clusterRetryStrategy: (times: number) => Math.min(times * 250, 2_000),
			redisOptions: { ...common, ...server.options },
		});
	}
	return new IORedis({ ...common, ...server.options });
}

/**
 * Lets the process exit while `client` only holds idle connections. A Cluster is several connections: one per
 * node (made as nodes are discovered) and ioredis's own pub/sub connection, which it replaces when its node leaves.
 */
function keepConnectionsUnref(client: RedisClient): void {
	const hooked = new WeakSet<object>();
	const hook = (connection: Redis | Cluster) => {
		if (hooked.has(connection)) return;
		hooked.add(connection);
		connection.on('connect', () => unrefSocket(connection));
		connection.on('reconnecting', () => unrefReconnectTimer(connection));
		unrefSocket(connection);
	};
	hook(client);
	if (!(client instanceof IORedis.Cluster)) return;
	const cluster = client;
	const hookSubscriber = () => {
		const instance = (cluster as unknown as ClusterInternals).subscriber?.getInstance?.();
		if (instance) hook(instance);
	};
	for (const node of cluster.nodes('all')) hook(node);
	cluster.on('+node', (node: Redis) => {
		hook(node);
		setImmediate(hookSubscriber);
	});
	cluster.on('-node', () => setImmediate(hookSubscriber));
	cluster.on('ready', hookSubscriber);
}

/** ioredis internals the unref relies on (ioredis is pinned exactly). */
interface ClusterInternals {
	subscriber?: { getInstance?: () => Redis | null };
}

function unrefSocket(client: RedisClient): void {
	(client as unknown as { stream?: { unref?: () => void } }).stream?.unref?.();
}

function unrefReconnectTimer(client: RedisClient): void {
	(client as unknown as { reconnectTimeout?: { unref?: () => void } }).reconnectTimeout?.unref?.();
}
