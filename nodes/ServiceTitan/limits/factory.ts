import { LocalLimiterFactory, LocalShareFactory } from './local';
import { processRedisLimiterConfig, type RedisLimiterConfig } from './redis/config';
import { processRedisClient } from './redis/connection';
import type { LimiterFactory } from './settings';

let factory: LimiterFactory | undefined;

/**
 * The process-wide factory, chosen on first use from the environment (see redis/config.ts): without Redis
 * configured, the process-local limiters (`local.ts`), exactly; with Redis, limiters shared by every process,
 * on the process's shared Redis connection (`redis/connection.ts`).
 */
export function getLimiterFactory(): LimiterFactory {
	factory ??= chooseLimiterFactory(processRedisLimiterConfig(), { processConnection: true });
	return factory;
}

/** `processConnection`: use the process's shared Redis connection (the process-wide factory), not a new one. */
export function chooseLimiterFactory(config: RedisLimiterConfig, { processConnection = false } = {}): LimiterFactory {
	if (config.mode === 'local') return new LocalLimiterFactory();
	if (config.mode === 'invalid') return new LocalShareFactory(config.problem, config.expectedProcesses);
	try {
		// Loaded only when Redis is configured: a process without it never loads ioredis.
		const shared = require('./redis/factory') as typeof import('./redis/factory');
		return shared.createSharedLimiterFactory(config, processConnection ? processRedisClient() : undefined);
	} catch (error) {
		return new LocalShareFactory(`the Redis-shared limiter could not start (${(error as Error).message})`, config.expectedProcesses);
	}
}

/** Replace the process-wide factory (queue mode with Redis, tests). */
export function setLimiterFactory(next: LimiterFactory): void {
	factory = next;
}
