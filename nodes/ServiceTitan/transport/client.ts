import { request, type Dispatcher } from 'undici';
import { setTimeout as delay } from 'node:timers/promises';
import type { HttpMethod } from '../catalog/types';
import { resolveUrls, type ServiceTitanEnvironment } from './environments';
import {
	ServiceTitanApiError,
	ServiceTitanError,
	ServiceTitanNetworkError,
	redactSecrets,
} from './errors';
import { SERVICETITAN_TIMEOUT_MS } from './http';
import { ssrfAwareDispatcher } from './ssrf';
import {
	apiLimiterKey,
	apiLimiterSettings,
	getLimiterFactory,
	reportLimiterKey,
	reportLimiterSettings,
	type LimiterFactory,
	type RateLimiter,
} from './limiter';
import { MODULE_PREFIXES, type ModuleKey } from './modules';
import {
	backoffDelayMs,
	DEFAULT_RETRY_POLICY,
	isIdempotent,
	NOT_SENT_ERROR_CODES,
	RETRYABLE_SERVER_STATUSES,
	retryAfterSeconds,
	TRANSIENT_ERROR_CODES,
	type RetryPolicy,
} from './retry';
import { TokenCache, type AccessToken, type ClientCredentials } from './token';

/** What a credential knows: where ServiceTitan is and who we are. */
export interface ServiceTitanConnection {
	environment: ServiceTitanEnvironment;
	/** Custom environment only. */
	authUrl?: string;
	/** Custom environment only. */
	apiBaseUrl?: string;
	tenantId: string;
	clientId: string;
	clientSecret: string;
	appKey: string;
	/** The app's per-tenant ceiling; ServiceTitan's default is 60. */
	requestsPerSecond?: number;
	/** Runs of the same report per minute per tenant. */
	reportRunsPerMinute?: number;
}

export interface TransportLogger {
	debug(message: string, meta?: Record<string, unknown>): void;
	warn(message: string, meta?: Record<string, unknown>): void;
}

export interface ClientOptions {
	dispatcher?: Dispatcher;
	limiterFactory?: LimiterFactory;
	/** false turns the client-side limiter off (benchmarks of raw overhead); 429s are still retried. */
	rateLimit?: boolean;
	retry?: Partial<RetryPolicy>;
	/** Per attempt; ServiceTitan's own limit is 100 s. */
	timeoutMs?: number;
	/** Cancels every request of this client, e.g. n8n's execution cancel signal. */
	signal?: AbortSignal;
	logger?: TransportLogger;
	tokenCache?: TokenCache;
	/** Injected for tests; waits between attempts. */
	sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export type QueryValue = string | number | boolean | null | undefined | ReadonlyArray<string | number>;
export type Query = Record<string, QueryValue>;

export interface RequestOptions {
	module: ModuleKey;
	method: HttpMethod;
	/** Path after `/tenant/{tenant}/`, with values already substituted, e.g. `customers/42/notes`. */
	path: string;
	query?: Query;
	body?: unknown;
	/** `binary` returns a Buffer with its content type (recordings, attachments). */
	responseType?: 'json' | 'binary';
	/** Reporting API: also pass through the per-report limiter. */
	reportId?: string;
	signal?: AbortSignal;
}

export type PaginateOptions = Omit<RequestOptions, 'method'> & { method?: HttpMethod; pageSize?: number; limit?: number };

export interface BinaryResponse {
	data: Buffer;
	contentType?: string;
	fileName?: string;
}

export interface PagedResponse<T> {
	page: number;
	pageSize: number;
	hasMore: boolean;
	totalCount?: number | null;
	data: T[];
	/** Reporting API: the columns of the positional rows in `data`. */
	fields?: Array<{ name: string; label?: string }>;
}

export interface ExportResponse<T> {
	hasMore: boolean;
	continueFrom: string;
	data: T[];
}

export interface ExportPage<T> {
	data: T[];
	/** The token to pass as `from` for the page after this one: checkpoint it once `data` is handled. */
	continueFrom: string;
	hasMore: boolean;
	/** The `from` this page was requested with. */
	from?: string;
}

/** ServiceTitan accepts up to 5000 records per page. */
export const MAX_PAGE_SIZE = 5000;

const processTokenCache = new TokenCache();

/**
 * The one HTTP client for ServiceTitan. It knows nothing about n8n: it takes a connection and
 * plain request options and returns parsed JSON or throws a ServiceTitanError.
 */
export class ServiceTitanClient {
	readonly tokenUrl: string;
	readonly apiBaseUrl: string;
	private readonly credentials: ClientCredentials;
	private readonly dispatcher: Dispatcher;
	private readonly tokens: TokenCache;
	private readonly limiterFactory: LimiterFactory;
	private readonly policy: RetryPolicy;
	private readonly timeoutMs: number;
	private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
	private cachedApiLimiter?: RateLimiter;
	private readonly reportLimiters = new Map<string, RateLimiter>();

	constructor(
		private readonly connection: ServiceTitanConnection,
		private readonly options: ClientOptions = {},
	) {
		const urls = resolveUrls(connection.environment, connection);
		this.tokenUrl = urls.tokenUrl;
		this.apiBaseUrl = urls.apiBaseUrl;
		this.credentials = { tokenUrl: urls.tokenUrl, clientId: connection.clientId, clientSecret: connection.clientSecret };
		this.dispatcher = options.dispatcher ?? ssrfAwareDispatcher();
		this.tokens = options.tokenCache ?? processTokenCache;
		this.limiterFactory = options.limiterFactory ?? getLimiterFactory();
		this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
		this.timeoutMs = options.timeoutMs ?? SERVICETITAN_TIMEOUT_MS;
		this.sleep = options.sleep ?? ((ms, signal) => delay(ms, undefined, { signal }));
	}

	/** Fetch (or reuse) an access token; the credential test uses this to check the client ID/secret alone. */
	async getAccessToken(signal?: AbortSignal): Promise<void> {
		await this.tokens.get(this.credentials, this.dispatcher, this.signalFor(signal));
	}

	/** Full URL of a request, for messages and logs (it carries no secret). */
	buildUrl(module: ModuleKey, path: string, query?: Query): string {
		const prefix = MODULE_PREFIXES[module];
		if (!prefix) throw new ServiceTitanError('api', `Unknown ServiceTitan API area "${module}"`);
		const cleanPath = path.replace(/^\/+/, '');
		if (/(^|\/)\.\.?(\/|$)/.test(cleanPath) || /^[a-z]+:/i.test(cleanPath)) {
			throw new ServiceTitanError('api', `Invalid ServiceTitan path "${path}"`);
		}
		const base = `${this.apiBaseUrl}/${prefix}/tenant/${encodeURIComponent(this.connection.tenantId)}`;
		const url = cleanPath ? `${base}/${cleanPath}` : base;
		const search = toSearchParams(query);
		return search ? `${url}?${search}` : url;
	}

	async request<T = unknown>(options: RequestOptions): Promise<T> {
		const url = this.buildUrl(options.module, options.path, options.query);
		const path = new URL(url).pathname;
		const method = options.method;
		const signal = this.signalFor(options.signal);
		const apiLimiter = this.apiLimiter();
		const reportLimiter = options.reportId ? this.reportLimiter(options.reportId) : undefined;
		const body = options.body === undefined ? undefined : JSON.stringify(options.body);
		let refreshedAfter401 = false;

		for (let attempt = 1; ; attempt++) {
			const context = { method, path, attempts: attempt };
			const token = await this.tokens.get(this.credentials, this.dispatcher, signal);
			let outcome: AttemptOutcome;
			try {
				const send = () => this.send(url, method, token, body, options.responseType, signal);
				const limited = apiLimiter ? () => apiLimiter.schedule(send) : send;
				outcome = await (reportLimiter ? reportLimiter.schedule(limited) : limited());
			} catch (error) {
				if (signal?.aborted && !isTimeout(error)) {
					throw new ServiceTitanNetworkError('aborted', 'The request to ServiceTitan was cancelled', context);
				}
				const code = errorCode(error);
				const timedOut = isTimeout(error);
				const retryable = NOT_SENT_ERROR_CODES.has(code) || ((timedOut || TRANSIENT_ERROR_CODES.has(code)) && isIdempotent(method));
				if (retryable && attempt < this.policy.maxAttempts) {
					await this.wait(backoffDelayMs(attempt, this.policy), signal, { method, path, attempt, reason: code || 'timeout' });
					continue;
				}
				throw this.networkError(error, code, timedOut, context);
			}

			if (outcome.status === 401 && !refreshedAfter401) {
				// Expired or revoked token: fetch a new one once, then try again.
				refreshedAfter401 = true;
				this.tokens.invalidate(this.credentials, token);
				continue;
			}

			if (outcome.status >= 200 && outcome.status < 300) {
				if (options.responseType === 'binary') return outcome.binary as T;
				if (outcome.text === '' || outcome.status === 204) return undefined as T;
				try {
					return JSON.parse(outcome.text) as T;
				} catch {
					if (isIdempotent(method) && attempt < this.policy.maxAttempts) {
						await this.wait(backoffDelayMs(attempt, this.policy), signal, { method, path, attempt, reason: 'malformed JSON' });
						continue;
					}
					throw new ServiceTitanNetworkError(
						'response',
						`ServiceTitan answered ${outcome.status} with a body that is not valid JSON (${outcome.text.length} bytes)`,
						context,
					);
				}
			}

			const problem = parseJsonOrText(outcome.text);
			const title = problem && typeof problem === 'object' ? (problem as { title?: string }).title : undefined;
			const waitSeconds = retryAfterSeconds(outcome.headers['retry-after'], title);
			const retryable = outcome.status === 429 || (RETRYABLE_SERVER_STATUSES.has(outcome.status) && isIdempotent(method));
			if (retryable && attempt < this.policy.maxAttempts) {
				const waitMs = waitSeconds !== undefined ? Math.min(this.policy.maxDelayMs, waitSeconds * 1000) : backoffDelayMs(attempt, this.policy);
				await this.wait(waitMs, signal, { method, path, attempt, reason: `HTTP ${outcome.status}` });
				continue;
			}
			throw new ServiceTitanApiError(outcome.status, problem, { ...context, retryAfterSeconds: waitSeconds });
		}
	}

	/**
	 * Pages of a list endpoint (`page`/`pageSize`/`hasMore`). With a `limit` it asks for no more
	 * records than needed and stops as soon as the limit is reached. GET by default; report runs are
	 * POSTs with the same paging and their body sent with every page.
	 */
	async *paginate<T = unknown>(
		options: PaginateOptions,
	): AsyncGenerator<T[]> {
		const limit = options.limit ?? Number.POSITIVE_INFINITY;
		if (limit <= 0) return;
		const pageSize = Math.max(1, Math.min(options.pageSize ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE, limit));
		let remaining = limit;
		for (let page = 1; remaining > 0; page++) {
			const response = await this.request<PagedResponse<T> | T[]>({
				...options,
				method: options.method ?? 'GET',
				query: { ...options.query, page, pageSize },
			});
			if (Array.isArray(response)) {
				yield response.slice(0, remaining);
				return;
			}
			const data = pageRecords<T>(response);
			const taken = data.length > remaining ? data.slice(0, remaining) : data;
			remaining -= taken.length;
			yield taken;
			if (!response?.hasMore || data.length === 0) return;
		}
	}

	/** Every record of a list endpoint, or the first `limit`. */
	async getAll<T = unknown>(options: PaginateOptions): Promise<T[]> {
		const all: T[] = [];
		for await (const page of this.paginate<T>(options)) all.push(...page);
		return all;
	}

	/**
	 * Pages of an export feed. Each page carries the cursor that follows it, so a caller can
	 * checkpoint after handling each page and resume there after a failure.
	 */
	async *exportPages<T = unknown>(
		options: Omit<RequestOptions, 'method' | 'body'> & { from?: string; includeRecentChanges?: boolean },
	): AsyncGenerator<ExportPage<T>> {
		let from = options.from || undefined;
		for (;;) {
			const response = await this.request<ExportResponse<T>>({
				...options,
				method: 'GET',
				query: { ...options.query, from, includeRecentChanges: options.includeRecentChanges ? true : undefined },
			});
			const data = Array.isArray(response?.data) ? response.data : [];
			const continueFrom = typeof response?.continueFrom === 'string' && response.continueFrom ? response.continueFrom : from ?? '';
			const hasMore = Boolean(response?.hasMore);
			yield { data, continueFrom, hasMore, from };
			// A feed that says "more" but neither moves nor returns anything would loop forever.
			if (!hasMore || (data.length === 0 && continueFrom === (from ?? ''))) return;
			from = continueFrom;
		}
	}

	/** Looked up once per client: the key hashes the app key, which is not worth redoing per request. */
	private apiLimiter(): RateLimiter | undefined {
		if (this.options.rateLimit === false) return undefined;
		this.cachedApiLimiter ??= this.limiterFactory.get(
			apiLimiterKey(this.apiBaseUrl, this.connection.appKey, this.connection.tenantId),
			apiLimiterSettings(this.connection.requestsPerSecond ?? 60),
		);
		return this.cachedApiLimiter;
	}

	private reportLimiter(reportId: string): RateLimiter | undefined {
		if (this.options.rateLimit === false) return undefined;
		let limiter = this.reportLimiters.get(reportId);
		if (!limiter) {
			const key = reportLimiterKey(this.apiBaseUrl, this.connection.appKey, this.connection.tenantId, reportId);
			limiter = this.limiterFactory.get(key, reportLimiterSettings(this.connection.reportRunsPerMinute ?? 5));
			this.reportLimiters.set(reportId, limiter);
		}
		return limiter;
	}

	private signalFor(signal?: AbortSignal): AbortSignal | undefined {
		const signals = [this.options.signal, signal].filter((s): s is AbortSignal => Boolean(s));
		if (signals.length === 0) return undefined;
		return signals.length === 1 ? signals[0] : AbortSignal.any(signals);
	}

	private async send(
		url: string,
		method: HttpMethod,
		token: AccessToken,
		body: string | undefined,
		responseType: RequestOptions['responseType'],
		signal: AbortSignal | undefined,
	): Promise<AttemptOutcome> {
		const headers: Record<string, string> = {
			authorization: `Bearer ${token.value}`,
			'st-app-key': this.connection.appKey,
			accept: responseType === 'binary' ? '*/*' : 'application/json',
		};
		if (body !== undefined) headers['content-type'] = 'application/json';
		const attempt = attemptSignal(signal, this.timeoutMs);
		try {
			const response = await request(url, {
				method,
				headers,
				body,
				dispatcher: this.dispatcher,
				signal: attempt.signal,
			});
			const responseHeaders = response.headers as Record<string, string | string[] | undefined>;
			if (responseType === 'binary' && response.statusCode >= 200 && response.statusCode < 300) {
				const data = Buffer.from(await response.body.arrayBuffer());
				return {
					status: response.statusCode,
					headers: responseHeaders,
					text: '',
					binary: { data, contentType: headerValue(responseHeaders['content-type']), fileName: fileNameOf(responseHeaders['content-disposition']) },
				};
			}
			// Always read the body to the end: an unread body pins the keep-alive socket.
			const text = await response.body.text();
			return { status: response.statusCode, headers: responseHeaders, text };
		} finally {
			attempt.done();
		}
	}

	private async wait(ms: number, signal: AbortSignal | undefined, meta: Record<string, unknown>): Promise<void> {
		this.options.logger?.debug(`ServiceTitan request will be retried in ${Math.round(ms)} ms`, meta);
		try {
			await this.sleep(ms, signal);
		} catch {
			throw new ServiceTitanNetworkError('aborted', 'The request to ServiceTitan was cancelled', {
				method: String(meta.method),
				path: String(meta.path),
				attempts: Number(meta.attempt),
			});
		}
	}

	private networkError(error: unknown, code: string, timedOut: boolean, context: { method: string; path: string; attempts: number }): ServiceTitanNetworkError {
		const secrets = [this.connection.clientSecret, this.connection.appKey];
		if (timedOut) {
			return new ServiceTitanNetworkError('timeout', `ServiceTitan did not answer within ${Math.round(this.timeoutMs / 1000)} s`, { ...context, code: code || 'TIMEOUT' });
		}
		const reason = redactSecrets(code || (error as Error)?.message || 'unknown error', secrets);
		return new ServiceTitanNetworkError('network', `Could not reach ServiceTitan at ${new URL(this.apiBaseUrl).origin}: ${reason}`, { ...context, code });
	}
}

interface AttemptOutcome {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	text: string;
	binary?: BinaryResponse;
}

/**
 * The signal of one attempt: aborts after `timeoutMs` (as a TimeoutError, like AbortSignal.timeout)
 * or when `parent` aborts. `done()` clears the timer and the listener as soon as the attempt is over.
 * AbortSignal.timeout + AbortSignal.any left a 100 s timer (and, with a parent, a dependent signal)
 * behind for every request, which showed up in profiles at zero latency.
 */
function attemptSignal(parent: AbortSignal | undefined, timeoutMs: number): { signal: AbortSignal; done(): void } {
	const controller = new AbortController();
	const timer = setTimeout(() => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), timeoutMs);
	timer.unref?.();
	if (!parent) return { signal: controller.signal, done: () => clearTimeout(timer) };
	const onAbort = () => controller.abort(parent.reason);
	if (parent.aborted) onAbort();
	else parent.addEventListener('abort', onAbort, { once: true });
	return {
		signal: controller.signal,
		done: () => {
			clearTimeout(timer);
			parent.removeEventListener('abort', onAbort);
		},
	};
}

/**
 * The records of a page. Report data comes as positional rows plus `fields`; those become records
 * keyed by field name, so every caller (and every n8n item) gets objects.
 */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function pageRecords<T>(response: PagedResponse<T> | undefined): T[] {
	const data = Array.isArray(response?.data) ? response.data : [];
	const fields = response?.fields;
	if (!Array.isArray(fields) || !data.some((row) => Array.isArray(row))) return data;
	return data.map((row) => {
		if (!Array.isArray(row)) return row;
		const record: Record<string, unknown> = {};
		fields.forEach((field, index) => {
			// Field names come from the report's owner: never let one reach the prototype.
			if (!UNSAFE_KEYS.has(field.name)) record[field.name] = row[index];
		});
		return record as T;
	});
}

function toSearchParams(query: Query | undefined): string {
	if (!query) return '';
	const params = new URLSearchParams();
	for (const [key, value] of Object.entries(query)) {
		if (value === undefined || value === null || value === '') continue;
		if (Array.isArray(value)) {
			if (value.length) params.append(key, value.join(','));
		} else {
			params.append(key, String(value));
		}
	}
	return params.toString();
}

function parseJsonOrText(text: string): unknown {
	if (!text) return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

function errorCode(error: unknown): string {
	const e = error as { code?: unknown; cause?: { code?: unknown } };
	if (typeof e?.code === 'string') return e.code;
	if (typeof e?.cause?.code === 'string') return e.cause.code;
	return '';
}

function isTimeout(error: unknown): boolean {
	const e = error as { name?: string; code?: string };
	return e?.name === 'TimeoutError' || e?.code === 'UND_ERR_HEADERS_TIMEOUT' || e?.code === 'UND_ERR_BODY_TIMEOUT';
}

function headerValue(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value[0] : value;
}

function fileNameOf(disposition: string | string[] | undefined): string | undefined {
	const value = headerValue(disposition);
	const match = value ? /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(value) : null;
	return match ? decodeURIComponent(match[1]) : undefined;
}
