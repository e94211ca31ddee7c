export * from './client';
export * from './environments';
export * from './errors';
export { getSharedDispatcher, closeSharedDispatcher, SERVICETITAN_TIMEOUT_MS } from './http/pool';
export { MAX_PAGE_SIZE, MAX_PAGES } from './paging';
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
export { closeSsrfDispatcher, readSsrfSettings, SsrfBlockedError, SSRF_DEFAULT_BLOCKED_IP_RANGES, type SsrfSettings } from './http/ssrf';
export { DEFAULT_RETRY_POLICY, retryAfterSeconds, type RetryPolicy } from './retry';
export { TokenCache } from './token';
export * from './types';
export * from './http/uploads';
