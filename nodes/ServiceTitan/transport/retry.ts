/**
 * When to try a request again, and how long to wait first.
 * - 429 is always safe to repeat: ServiceTitan did not process the request.
 * - 502/503/504, timeouts and resets may hide a request the server did process, so only
 *   idempotent requests repeat. That is a property of the operation, not of the verb: many
 *   ServiceTitan PUTs are actions (cancel, sell, add a line item) that must not run twice, so the
 *   caller says so per request; without that only GET/HEAD/OPTIONS count as idempotent.
 * - A 500 is ServiceTitan failing to process the request: a read is tried again (a few times: a 500 that is the
 *   record's own fault stays one), a write is not, since it may have been applied before the failure.
 * - A refused connection never reached the server, so any request may repeat.
 */
import type { HttpMethod } from '../api';

/** Safe to repeat whatever the operation: they read. PUT and DELETE are idempotent only when the operation says so. */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Repeated for idempotent requests. */
export const RETRYABLE_SERVER_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);
/** A read is answered 500 at most this many times before the 500 stands (octokit and stripe-node retry 5xx reads too). */
export const MAX_500S_PER_READ = 3;
/** Server errors after which a write may or may not have been applied. */
export const AMBIGUOUS_SERVER_STATUSES: ReadonlySet<number> = new Set([500, 502, 503, 504]);
/** Errors that prove the request never left this machine. */
export const NOT_SENT_ERROR_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);
export const TRANSIENT_ERROR_CODES: ReadonlySet<string> = new Set([
	'ECONNRESET',
	'EPIPE',
	'ETIMEDOUT',
	'UND_ERR_SOCKET',
	'UND_ERR_HEADERS_TIMEOUT',
	'UND_ERR_BODY_TIMEOUT',
	'UND_ERR_CLOSED',
]);

export interface RetryPolicy {
	/** Total attempts including the first. */
	maxAttempts: number;
	/** First backoff step when the server gives no hint. */
	baseDelayMs: number;
	/** Longest single wait, Retry-After included. */
	maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 120_000 };

export function isIdempotent(method: HttpMethod | string): boolean {
	return IDEMPOTENT_METHODS.has(method.toUpperCase());
}

/**
 * Seconds to wait from a `Retry-After` header (delta-seconds or HTTP date), else from a title
 * such as "Too many requests. Try again in 3 seconds." Returns undefined when neither says.
 */
export function retryAfterSeconds(header: string | string[] | undefined, title: string | undefined, now = Date.now()): number | undefined {
	const value = Array.isArray(header) ? header[0] : header;
	if (value !== undefined && value.trim() !== '') {
		const trimmed = value.trim();
		if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
		const date = Date.parse(trimmed);
		if (!Number.isNaN(date)) return Math.max(0, (date - now) / 1000);
	}
	if (title) {
		const match = /(\d+(?:\.\d+)?)\s*(?:seconds?|secs?|s)\b/i.exec(title);
		if (match) return Number(match[1]);
	}
	return undefined;
}

/** What went wrong with one attempt, as far as trying it again goes. */
export type AttemptFailure =
	| { kind: 'network'; code: string; timedOut: boolean }
	| { kind: 'status'; status: number }
	/** A 2xx whose JSON could not be read. */
	| { kind: 'unreadable' };

export interface RetryQuestion {
	/** The attempt that failed (1 for the first). */
	attempt: number;
	policy: RetryPolicy;
	/** The request may be sent twice (idempotent). */
	repeatable: boolean;
	/** The request only reads (GET, HEAD, OPTIONS): a 500 is worth another try. */
	reads: boolean;
	/** 500s this request was answered before this failure (other faults between them do not count). */
	earlier500s: number;
	/** 429 is retried here; false when the request's gate waits them out itself (a report's lane). */
	retriesRateLimited: boolean;
}

/** The one place that decides whether a failed attempt is tried again (as stripe-node's `_shouldRetry`). */
export function shouldRetry(failure: AttemptFailure, { attempt, policy, repeatable, reads, earlier500s, retriesRateLimited }: RetryQuestion): boolean {
	if (attempt >= policy.maxAttempts) return false;
	switch (failure.kind) {
		case 'network':
			return NOT_SENT_ERROR_CODES.has(failure.code) || ((failure.timedOut || TRANSIENT_ERROR_CODES.has(failure.code)) && repeatable);
		case 'status':
			return (
				(failure.status === 429 && retriesRateLimited) ||
				(RETRYABLE_SERVER_STATUSES.has(failure.status) && repeatable) ||
				(failure.status === 500 && reads && earlier500s + 1 < MAX_500S_PER_READ)
			);
		case 'unreadable':
			return repeatable;
	}
}

/** Exponential backoff with full jitter: attempt 1 → up to base, 2 → up to 2×base, … */
export function backoffDelayMs(attempt: number, policy: RetryPolicy): number {
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
	return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}
