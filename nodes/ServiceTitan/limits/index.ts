/**
 * Rate limits: the local limiter and its sliding window, per-key lanes (report runs, Retry-After pauses), the
 * settings and keys, and the process-wide factory; `redis/` shares them across processes. Imports `api/` only.
 */
export * from './settings';
export { LocalLimiterFactory, LocalShareFactory, SlidingWindow } from './local';
export { chooseLimiterFactory, getLimiterFactory, setLimiterFactory } from './factory';
export {
	LaneGate,
	LimiterGate,
	LONG_REPORT_WAIT_MS,
	MAX_REPORT_RATE_LIMITED,
	MAX_REPORT_RETRY_AFTER_MS,
	ReportGate,
	TurnCancelledError,
	type ReportGateLogger,
	type ReportGateOptions,
	type SendGate,
} from './lanes';
export { nextTurn, responsiveTimeout } from './eventLoop';
export { DEFAULT_EXPECTED_PROCESSES, readRedisLimiterConfig, type RedisLimiterConfig, type SharedRedisConfig } from './redis/config';
export { sharedRedisClient, sharedRedisKeyPrefix } from './redis/connection';
