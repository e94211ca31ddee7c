import { readFileSync } from 'node:fs';

/**
 * Where the limiters share their state, read from the environment once per process:
 * - `SERVICETITAN_REDIS=off` (or `false`/`0`/`no`): never share, the process-local limiter only;
 * - `SERVICETITAN_REDIS_URL` (`redis://[user:password@]host:port/db`, `rediss://` for TLS): that Redis;
 * - otherwise, when n8n runs in queue mode (`EXECUTIONS_MODE=queue`), the Redis n8n itself uses
 *   (`QUEUE_BULL_REDIS_*`, read as n8n's config reads them, `_FILE` variants included);
 * - otherwise nothing is shared.
 * `SERVICETITAN_EXPECTED_PROCESSES` is how many processes may send for one tenant at once; while Redis is
 * unreachable each process keeps to `1 / expected processes` of the budget.
 */
export type RedisLimiterConfig =
	{ mode: 'local'; reason: 'not configured' | 'turned off' } | { mode: 'invalid'; problem: string; expectedProcesses: number } | SharedRedisConfig;

export interface SharedRedisConfig {
	mode: 'redis';
	/** Which setting named the Redis, for log lines. */
	source: 'SERVICETITAN_REDIS_URL' | 'n8n queue mode';
	/** `host:port[/db]` or the cluster's first node: for log lines, never a password. */
	describe: string;
	/** A single Redis (ioredis options) or the nodes of a Redis Cluster. */
	server: { url: string } | { options: RedisServerOptions } | { clusterNodes: Array<{ host: string; port: number }>; options: RedisServerOptions };
	/** Prefix of every key and channel the limiters use. */
	keyPrefix: string;
	expectedProcesses: number;
}

export interface RedisServerOptions {
	host?: string;
	port?: number;
	db?: number;
	username?: string;
	password?: string;
	family?: number;
	tls?: { servername?: string; rejectUnauthorized: boolean };
}

/** Four processes: n8n's main plus three workers, or main, webhook processor and two workers. */
export const DEFAULT_EXPECTED_PROCESSES = 4;

const OFF = new Set(['off', 'false', '0', 'no']);

export function readRedisLimiterConfig(env: NodeJS.ProcessEnv = process.env): RedisLimiterConfig {
	const switchValue = (env.SERVICETITAN_REDIS ?? '').trim().toLowerCase();
	if (OFF.has(switchValue)) return { mode: 'local', reason: 'turned off' };

	const expected = readExpectedProcesses(env);
	if (typeof expected === 'string') return { mode: 'invalid', problem: expected, expectedProcesses: DEFAULT_EXPECTED_PROCESSES };

	const url = (env.SERVICETITAN_REDIS_URL ?? '').trim();
	if (url) {
		let parsed: URL;
		try {
			parsed = new URL(url);
		} catch {
			return { mode: 'invalid', problem: 'SERVICETITAN_REDIS_URL is not a URL (expected redis://host:port/db or rediss://…)', expectedProcesses: expected };
		}
		if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
			return { mode: 'invalid', problem: `SERVICETITAN_REDIS_URL must start with redis:// or rediss://, not ${parsed.protocol}//`, expectedProcesses: expected };
		}
		const db = parsed.pathname.replace(/^\/+/, '');
		return {
			mode: 'redis',
			source: 'SERVICETITAN_REDIS_URL',
			describe: `${parsed.protocol}//${parsed.host}${db ? `/${db}` : ''}`,
			server: { url },
			keyPrefix: 'servicetitan',
			expectedProcesses: expected,
		};
	}

	if ((readN8nEnv(env, 'EXECUTIONS_MODE') ?? '').trim().toLowerCase() !== 'queue') return { mode: 'local', reason: 'not configured' };

	const options: RedisServerOptions = {
		username: readN8nEnv(env, 'QUEUE_BULL_REDIS_USERNAME') || undefined,
		password: readN8nEnv(env, 'QUEUE_BULL_REDIS_PASSWORD') || undefined,
		db: readNumber(env, 'QUEUE_BULL_REDIS_DB', 0),
	};
	if (readBoolean(env, 'QUEUE_BULL_REDIS_DUALSTACK', false)) options.family = 0;
	if (readBoolean(env, 'QUEUE_BULL_REDIS_TLS', false)) {
		options.tls = {
			servername: readN8nEnv(env, 'QUEUE_BULL_REDIS_TLS_SERVERNAME') || undefined,
			rejectUnauthorized: readBoolean(env, 'QUEUE_BULL_REDIS_TLS_VALIDATE_CERTIFICATE', true),
		};
	}
	// n8n's own key prefix (default `bull`): two n8n installations sharing one Redis keep apart.
	const keyPrefix = `${readN8nEnv(env, 'QUEUE_BULL_PREFIX')?.trim() || 'bull'}:servicetitan`;
	const clusterNodes = (readN8nEnv(env, 'QUEUE_BULL_REDIS_CLUSTER_NODES') ?? '')
		.split(',')
		.map((pair) => pair.trim())
		.filter((pair) => pair.length > 0)
		.map((pair) => {
			const [host, port] = pair.split(':');
			return { host, port: Number.parseInt(port, 10) };
		});
	if (clusterNodes.length > 0) {
		const bad = clusterNodes.find((node) => !node.host || !Number.isInteger(node.port));
		if (bad) return { mode: 'invalid', problem: 'QUEUE_BULL_REDIS_CLUSTER_NODES must be host:port pairs separated by commas', expectedProcesses: expected };
		return {
			mode: 'redis',
			source: 'n8n queue mode',
			describe: `cluster ${clusterNodes[0].host}:${clusterNodes[0].port}${clusterNodes.length > 1 ? ` (+${clusterNodes.length - 1})` : ''}`,
			server: { clusterNodes, options },
			keyPrefix,
			expectedProcesses: expected,
		};
	}
	const host = readN8nEnv(env, 'QUEUE_BULL_REDIS_HOST')?.trim() || 'localhost';
	const port = readNumber(env, 'QUEUE_BULL_REDIS_PORT', 6379);
	return {
		mode: 'redis',
		source: 'n8n queue mode',
		describe: `${host}:${port}${options.db ? `/${options.db}` : ''}`,
		server: { options: { ...options, host, port } },
		keyPrefix,
		expectedProcesses: expected,
	};
}

let processConfig: RedisLimiterConfig | undefined;

/** The process's configuration, read once: the process-wide limiter factory and the shared connection both use it. */
export function processRedisLimiterConfig(): RedisLimiterConfig {
	processConfig ??= readRedisLimiterConfig();
	return processConfig;
}

function readExpectedProcesses(env: NodeJS.ProcessEnv): number | string {
	const raw = (env.SERVICETITAN_EXPECTED_PROCESSES ?? '').trim();
	if (!raw) return DEFAULT_EXPECTED_PROCESSES;
	const n = Number(raw);
	return Number.isInteger(n) && n >= 1 ? n : `SERVICETITAN_EXPECTED_PROCESSES must be a whole number of at least 1, not "${raw}"`;
}

/** As n8n's config: the variable itself, else the file `<NAME>_FILE` names (Docker secrets), trimmed. */
function readN8nEnv(env: NodeJS.ProcessEnv, name: string): string | undefined {
	if (name in env) return (env[name] ?? '').trim().replace(/^(['"])(.*)\1$/, '$2');
	const file = env[`${name}_FILE`];
	if (!file) return undefined;
	try {
		return readFileSync(file, 'utf8').trim();
	} catch {
		return undefined;
	}
}

function readNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
	const raw = readN8nEnv(env, name);
	if (raw === undefined || raw === '') return fallback;
	const n = Number(raw);
	return Number.isFinite(n) ? n : fallback;
}

function readBoolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
	const raw = (readN8nEnv(env, name) ?? '').toLowerCase();
	if (raw === 'true' || raw === '1') return true;
	if (raw === 'false' || raw === '0') return false;
	return fallback;
}
