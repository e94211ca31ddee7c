export { ENVIRONMENT_URLS, MODULE_NAMES, MODULE_PREFIXES, type HttpMethod, type ModuleKey, type ServiceTitanEnvironment } from '../api';
export * from './client';
export * from './environments';
export * from './errors';
export { getSharedDispatcher, closeSharedDispatcher, SERVICETITAN_TIMEOUT_MS } from './http';
export * from './limiter';
export { readRedisLimiterConfig, DEFAULT_EXPECTED_PROCESSES, type RedisLimiterConfig, type SharedRedisConfig } from './redisConfig';
export { nextTurn } from './eventLoop';
export { MAX_PAGE_SIZE, MAX_PAGES } from './paging';
export { LONG_REPORT_WAIT_MS, MAX_REPORT_RETRY_AFTER_MS } from './reportLimit';
export {
	DEFAULT_POLL_POLICY,
	REPORT_MAX_PAGE_SIZE,
	reportColumnKeys,
	reportRecords,
	ServiceTitanReportError,
	type PollPolicy,
	type ReportField,
	type ReportPage,
	type ReportParameter,
	type ReportRun,
} from './reportQuery';
export { closeSsrfDispatcher, readSsrfSettings, SsrfBlockedError, SSRF_DEFAULT_BLOCKED_IP_RANGES, type SsrfSettings } from './ssrf';
export { DEFAULT_RETRY_POLICY, retryAfterSeconds, type RetryPolicy } from './retry';
export { TokenCache } from './token';
export * from './types';
export * from './uploads';
