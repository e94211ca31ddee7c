import type Bottleneck from 'bottleneck';
import type { Cluster, Redis, RedisOptions } from 'ioredis';
// One import instead of a global per call: the same timers, and n8n's scanner reports one import, not each use.
import { setImmediate } from 'node:timers';

import { processRedisLimiterConfig, type SharedRedisConfig } from './config';

/**
 * The Redis connection the shared limiters use. ioredis is loaded only when a connection is made (`require`
 * below, types only at the top): a process without Redis configured never loads it, whoever imports this file.
 */
export type RedisClient = Redis | Cluster;

/** Redis commands fail fast rather than queue: a request waits for a limiter, never for a dead socket. */
const COMMAND_TIMEOUT_MS = 2_000;
export const CONNECT_TIMEOUT_MS = 3_000;

export function loadIORedis(): typeof import('ioredis').default {
	return (require('ioredis') as typeof import('ioredis')).default;
}

export function createRedisClient(config: SharedRedisConfig): RedisClient {
	const IORedis = loadIORedis();
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

let processClient: RedisClient | undefined;

/**
 * The process's shared connection, made on first use from the process's configuration; undefined when Redis
 * sharing is not configured, turned off or misconfigured. Throws when ioredis cannot be loaded (the limiter
 * factory then falls back to local limiters).
 */
export function processRedisClient(): RedisClient | undefined {
	const config = processRedisLimiterConfig();
	if (config.mode !== 'redis') return undefined;
	if (!processClient) {
		const client = createRedisClient(config);
		// An 'error' event without a listener would end the process; the users of the connection see failed commands.
		client.on('error', () => undefined);
		keepConnectionsUnref(client);
		// Closed for good (disconnectAll at shutdown, in tests): the next user gets a new connection.
		client.once('end', () => {
			if (processClient === client) processClient = undefined;
		});
		processClient = client;
	}
	return processClient;
}

/**
 * The process's shared Redis connection, the one the Redis-backed limiters use (same configuration:
 * `readRedisLimiterConfig()`), made lazily; undefined when Redis sharing is not configured or is off.
 *
 * Its options are the limiter's and stay so: no offline queue (a command while Redis is away fails at once),
 * a 2 s command timeout, reconnects every ≤ 2 s, and unref'd sockets (an idle connection never keeps the
 * process alive). So every caller must handle a failed command (rejection or timeout) by falling back to
 * what it does in-process, never by waiting for Redis. Put keys under `sharedRedisKeyPrefix()`, with hashed
 * names only (no tenant ID, host or key in clear).
 */
export function sharedRedisClient(): import('ioredis').Redis | import('ioredis').Cluster | undefined {
	try {
		return processRedisClient();
	} catch {
		return undefined;
	}
}

/**
 * The namespace of every key the shared limiters use (`servicetitan`, or `<n8n's QUEUE_BULL_PREFIX>:servicetitan`
 * in n8n's queue mode): two installations sharing one Redis keep apart. `servicetitan` when Redis is not used.
 */
export function sharedRedisKeyPrefix(): string {
	const config = processRedisLimiterConfig();
	return config.mode === 'redis' ? config.keyPrefix : 'servicetitan';
}

/** bottleneck internals the Redis 7 wrapper relies on (bottleneck is pinned exactly; a test guards these). */
interface ConnectionInternals {
	__scriptFn__?: (name: string) => (...args: unknown[]) => unknown;
}

/**
 * Redis ≥ 7 prefixes errors raised by Lua scripts with `ERR `, and bottleneck 2.19.5 compares the bare
 * messages to heal itself (re-create its keys after they were lost, re-register a client Redis dropped).
 * Without this, a limiter whose keys vanished (Redis restarted empty) fails every call for good.
 */
export function normaliseRedis7Errors(connection: Bottleneck.IORedisConnection): void {
	const internals = connection as unknown as ConnectionInternals;
	const scriptFn = assertRedis7Hook(internals);
	const original = scriptFn.bind(connection);
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

/**
 * The method normaliseRedis7Errors wraps, of a connection or of bottleneck's `IORedisConnection.prototype` (the
 * limiter factory checks it before any connection is made); throws when this bottleneck has none.
 */
export function assertRedis7Hook(target: object): NonNullable<ConnectionInternals['__scriptFn__']> {
	const scriptFn = (target as ConnectionInternals).__scriptFn__;
	if (typeof scriptFn !== 'function') throw new Error('bottleneck.IORedisConnection has no __scriptFn__: the Redis 7 error wrapper cannot be installed');
	return scriptFn;
}

/** Connections already hooked: the process's connection is hooked when made and again by the limiter factory. */
const hooked = new WeakSet<object>();

/**
 * Lets the process exit while `client` only holds idle connections. A Cluster is several connections: one per
 * node (made as nodes are discovered) and ioredis's own pub/sub connection, which it replaces when its node leaves.
 */
export function keepConnectionsUnref(client: RedisClient): void {
	const hook = (connection: Redis | Cluster) => {
		if (hooked.has(connection)) return;
		hooked.add(connection);
		connection.on('connect', () => unrefSocket(connection));
		connection.on('reconnecting', () => unrefReconnectTimer(connection));
		unrefSocket(connection);
	};
	const wasHooked = hooked.has(client);
	hook(client);
	if (wasHooked || !(client instanceof loadIORedis().Cluster)) return;
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
