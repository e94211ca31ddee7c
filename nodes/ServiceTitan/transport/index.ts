export * from './client';
export * from './environments';
export * from './errors';
export { getSharedDispatcher, closeSharedDispatcher, SERVICETITAN_TIMEOUT_MS } from './http';
export * from './limiter';
export * from './modules';
export { closeSsrfDispatcher, readSsrfSettings, SsrfBlockedError, SSRF_DEFAULT_BLOCKED_IP_RANGES, type SsrfSettings } from './ssrf';
export { DEFAULT_RETRY_POLICY, retryAfterSeconds, type RetryPolicy } from './retry';
export { TokenCache } from './token';
