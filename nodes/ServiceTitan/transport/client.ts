import { FormData, request, type Dispatcher } from 'undici';
import { setTimeout as delay } from 'node:timers/promises';
import type { HttpMethod } from '../catalog/types';
import { resolveUrls, type ServiceTitanEnvironment } from './environments';
import {
	ServiceTitanApiError,
	ServiceTitanError,
	ServiceTitanNetworkError,
	htmlTitle,
	redactSecrets,
	type ServiceTitanErrorContext,
} from './errors';
import { SERVICETITAN_TIMEOUT_MS } from './http';
import { SsrfBlockedError, ssrfAwareDispatcher } from './ssrf';
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
import { MAX_REPORT_RATE_LIMITED, ReportGate } from './reportLimit';
import { reportPages, type ReportPage, type ReportRun } from './reportQuery';
import {
	backoffDelayMs,
	DEFAULT_RETRY_POLICY,
	isIdempotent,
	AMBIGUOUS_SERVER_STATUSES,
	NOT_SENT_ERROR_CODES,
	RETRYABLE_SERVER_STATUSES,
	retryAfterSeconds,
	TRANSIENT_ERROR_CODES,
	type RetryPolicy,
} from './retry';
import { TokenCache, type AccessToken, type ClientCredentials, type TokenRetry } from './token';

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
	/** A JSON value, or a multipart form (see `multipartFile`): uploads. */
	body?: unknown;
	/** `binary` returns a Buffer with its content type (recordings, attachments). */
	responseType?: 'json' | 'binary';
	/**
	 * Reporting API: a run of this report (`category/reportId`). It takes its turn among the runs of the same
	 * report, passes the per-report limiter, and waits out ServiceTitan's 429s (per Retry-After) instead of failing.
	 */
	reportId?: string;
	signal?: AbortSignal;
	/**
	 * Clean-up after a cancelled execution (cancelling a report's data query): sent although the client's
	 * cancel signal has fired, bounded by `signal` and `deadline` only.
	 */
	afterCancel?: boolean;
	/**
	 * Whether sending this request twice has the effect of sending it once, so that it may be repeated
	 * after a lost reply, a timeout or a 502/503/504. Default: only GET, HEAD and OPTIONS. Many
	 * ServiceTitan PUTs are actions (cancel, sell, add a line item), so the caller says per operation.
	 */
	idempotent?: boolean;
	/**
	 * Epoch ms after which the caller needs an answer no more (a poll's budget): no retry wait that
	 * would end past it, each attempt's timeout capped to the time left, and a DEADLINE error then.
	 */
	deadline?: number;
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

/**
 * ServiceTitan documents no upload size limit. Its API is served by ASP.NET Core, whose default
 * request body limit (Kestrel's MaxRequestBodySize) is 30,000,000 bytes, so a larger file cannot
 * arrive; it is refused before anything is sent.
 */
export const MAX_UPLOAD_BYTES = 30_000_000;

/** A file to send as one part of a multipart/form-data body. */
export interface UploadFile {
	data: Buffer;
	fileName: string;
	contentType: string;
}

/**
 * A multipart/form-data body with one file part, the form ServiceTitan's upload endpoints take.
 * undici writes it with its boundary and content type, and can write it again for a 429 or 401 retry.
 */
export function multipartFile(field: string, file: UploadFile): FormData {
	const form = new FormData();
	form.append(field, new Blob([file.data], { type: file.contentType }), file.fileName);
	return form;
}

/** How many redirects a download follows (ServiceTitan answers file downloads with a 302 to storage). */
const MAX_DOWNLOAD_REDIRECTS = 3;

/** ServiceTitan accepts up to 5000 records per page. */
export const MAX_PAGE_SIZE = 5000;
/** No list or export is followed further (at 5000 per page, 50 million records): a runaway guard. */
export const MAX_PAGES = 10_000;

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
	private readonly reportLimiters = new Map<string, ReportGate>();

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
		const combined = this.signalFor(signal);
		await this.tokens.get(this.credentials, this.dispatcher, combined, this.tokenRetry(combined));
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
		const repeatable = options.idempotent ?? isIdempotent(method);
		const signal = options.afterCancel ? options.signal : this.signalFor(options.signal);
		const apiLimiter = this.apiLimiter();
		const reportLimiter = options.reportId ? this.reportLimiter(options.reportId) : undefined;
		const body = options.body === undefined || options.body instanceof FormData ? options.body : JSON.stringify(options.body);
		let refreshedAfter401 = false;
		/** Some attempt reached ServiceTitan and its reply was lost or unusable: it may have been applied. */
		let lostReply = false;
		/** 429s in a row on a report run: waited out, not counted as attempts. */
		let reportRateLimited = 0;
		/** The pause a report run's 429 started, when it is waited out. */
		let reportPause: number | undefined;

		const deadline = options.deadline;
		for (let attempt = 1; ; attempt++) {
			const context = { method, path, attempts: attempt + reportRateLimited };
			const token = await this.tokens.get(this.credentials, this.dispatcher, signal, this.tokenRetry(signal));
			const secrets = [this.connection.clientSecret, this.connection.appKey, token.value];
			const timeLeft = deadline === undefined ? Number.POSITIVE_INFINITY : deadline - Date.now();
			if (timeLeft <= 0) throw deadlineError(deadline as number, { ...context, attempts: attempt - 1 });
			const attemptTimeoutMs = Math.min(this.timeoutMs, timeLeft);
			let outcome: AttemptOutcome;
			try {
				const send = () => this.send(url, method, token, body, options.responseType, signal, attemptTimeoutMs);
				const limited = apiLimiter ? () => apiLimiter.schedule(send) : send;
				if (reportLimiter) {
					// A 429 pauses the report's other runs before its turn ends, so none of them is sent into the same 429.
					reportPause = undefined;
					outcome = await reportLimiter.run(limited, signal, reportRateLimited > 0, (answer) => {
						if (answer.status !== 429 || reportRateLimited >= MAX_REPORT_RATE_LIMITED) return;
						const seconds = retryAfterSeconds(answer.headers['retry-after'], problemTitle(answer.text));
						const pauseMs = seconds !== undefined ? seconds * 1000 : backoffDelayMs(reportRateLimited + 1, this.policy);
						reportPause = reportLimiter.pause(pauseMs) ? pauseMs : undefined;
					});
				} else {
					outcome = await limited();
				}
			} catch (error) {
				if (signal?.aborted && !isTimeout(error)) {
					throw new ServiceTitanNetworkError('aborted', 'The request to ServiceTitan was cancelled', context);
				}
				const code = errorCode(error);
				const timedOut = isTimeout(error);
				const neverSent = NOT_SENT_ERROR_CODES.has(code);
				const lost = !neverSent && !ssrfBlock(error) && (timedOut || TRANSIENT_ERROR_CODES.has(code) || !code);
				if (lost) lostReply = true;
				if (timedOut && attemptTimeoutMs < this.timeoutMs) throw deadlineError(deadline as number, context);
				const retryable = neverSent || ((timedOut || TRANSIENT_ERROR_CODES.has(code)) && repeatable);
				if (retryable && attempt < this.policy.maxAttempts) {
					await this.wait(backoffDelayMs(attempt, this.policy), signal, { method, path, attempt, reason: code || 'timeout' }, deadline);
					continue;
				}
				throw this.networkError(error, code, timedOut, { ...context, mayHaveBeenApplied: lost && !repeatable }, secrets);
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
					lostReply = true;
					if (repeatable && attempt < this.policy.maxAttempts) {
						await this.wait(backoffDelayMs(attempt, this.policy), signal, { method, path, attempt, reason: 'malformed JSON' }, deadline);
						continue;
					}
					throw new ServiceTitanNetworkError('response', unreadableAnswer(outcome.status, redactSecrets(outcome.text, secrets), !repeatable), {
						...context,
						mayHaveBeenApplied: !repeatable,
					});
				}
			}

			const problem = parseJsonOrText(redactSecrets(outcome.text, secrets));
			const title = problem && typeof problem === 'object' ? (problem as { title?: string }).title : undefined;
			const waitSeconds = retryAfterSeconds(outcome.headers['retry-after'], title);
			if (outcome.status === 429 && reportPause !== undefined) {
				// A report's limit is a matter of waiting: every run of it pauses as long as ServiceTitan asks
				// (unless that is longer than the node waits), and this one goes first after the pause.
				reportRateLimited++;
				attempt--;
				this.options.logger?.debug(`ServiceTitan report run rate-limited; retried in ${Math.round(reportPause)} ms`, { method, path, reason: 'HTTP 429' });
				continue;
			}
			const retryable = (outcome.status === 429 && !reportLimiter) || (RETRYABLE_SERVER_STATUSES.has(outcome.status) && repeatable);
			if (retryable && attempt < this.policy.maxAttempts) {
				if (outcome.status !== 429) lostReply = true;
				const waitMs = waitSeconds !== undefined ? Math.min(this.policy.maxDelayMs, waitSeconds * 1000) : backoffDelayMs(attempt, this.policy);
				await this.wait(waitMs, signal, { method, path, attempt, reason: `HTTP ${outcome.status}` }, deadline);
				continue;
			}
			throw new ServiceTitanApiError(outcome.status, problem, {
				...context,
				retryAfterSeconds: waitSeconds,
				mayHaveBeenApplied: !repeatable && AMBIGUOUS_SERVER_STATUSES.has(outcome.status),
				// A 404 or 409 after an earlier attempt was lost: most likely that attempt did the work.
				afterLostReply: lostReply && (outcome.status === 404 || outcome.status === 409),
			});
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
		const method = options.method ?? 'GET';
		let remaining = limit;
		let previous: string | undefined;
		for (let page = 1; remaining > 0; page++) {
			if (page > MAX_PAGES) throw runaway(options.path, `it still had more after ${MAX_PAGES.toLocaleString('en-US')} pages`);
			const response = await this.request<PagedResponse<T> | T[]>({
				...options,
				method,
				query: { ...options.query, page, pageSize },
			});
			if (Array.isArray(response)) {
				yield response.slice(0, remaining);
				return;
			}
			if (!response || typeof response !== 'object' || !Array.isArray(response.data)) {
				throw new ServiceTitanNetworkError('response', `ServiceTitan answered ${method} ${options.path} with ${quote(response)} instead of a page of records ({ data: [...] })`, { method, path: options.path });
			}
			const data = pageRecords<T>(response);
			// A list that ignores `page` returns page 1 again and again.
			const signature = data.length ? JSON.stringify(data) : undefined;
			if (signature !== undefined && signature === previous) throw runaway(options.path, `page ${page} repeated page ${page - 1}`);
			previous = signature;
			const taken = data.length > remaining ? data.slice(0, remaining) : data;
			remaining -= taken.length;
			yield taken;
			if (!response.hasMore || data.length === 0) return;
		}
	}

	/**
	 * Pages of a report run as ServiceTitan sends them (`fields` plus positional rows): the synchronous data call,
	 * or the asynchronous data query (started, polled, paged, cancelled with the execution), see reportQuery.ts.
	 */
	reportPages(run: ReportRun): AsyncGenerator<ReportPage> {
		return reportPages(
			{
				request: (options) => this.request(options),
				signal: this.signalFor(run.signal),
				sleep: this.sleep,
				logger: this.options.logger,
				scope: `${this.apiBaseUrl}\n${this.connection.tenantId}`,
			},
			run,
		);
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
		for (let page = 1; ; page++) {
			if (page > MAX_PAGES) throw runaway(options.path, `it still had more after ${MAX_PAGES.toLocaleString('en-US')} pages`);
			const response = await this.request<ExportResponse<T>>({
				...options,
				method: 'GET',
				query: { ...options.query, from, includeRecentChanges: options.includeRecentChanges ? true : undefined },
			});
			if (!response || typeof response !== 'object' || !Array.isArray(response.data)) {
				throw new ServiceTitanNetworkError('response', `ServiceTitan answered GET ${options.path} with ${quote(response)} instead of an export page ({ data, continueFrom, hasMore })`, { method: 'GET', path: options.path });
			}
			const data = response.data;
			const continueFrom = typeof response.continueFrom === 'string' && response.continueFrom ? response.continueFrom : from ?? '';
			const hasMore = Boolean(response.hasMore);
			const stuck = hasMore && continueFrom === (from ?? '');
			// A feed that says "more" but does not move its cursor would loop forever: with nothing new, stop quietly.
			if (stuck && data.length > 0) throw runaway(options.path, `it answered "more" with the same continueFrom (${continueFrom || 'none'}) it was asked for`);
			yield { data, continueFrom, hasMore, from };
			if (!hasMore || stuck) return;
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

	private reportLimiter(reportId: string): ReportGate | undefined {
		if (this.options.rateLimit === false) return undefined;
		let gate = this.reportLimiters.get(reportId);
		if (!gate) {
			const key = reportLimiterKey(this.apiBaseUrl, this.connection.appKey, this.connection.tenantId, reportId);
			const settings = reportLimiterSettings(this.connection.reportRunsPerMinute ?? 5);
			gate = new ReportGate(key, this.limiterFactory.get(key, settings), {
				spacingMs: settings.minTimeMs,
				label: reportId,
				logger: this.options.logger,
				sleep: this.sleep,
			});
			this.reportLimiters.set(reportId, gate);
		}
		return gate;
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
		body: string | FormData | undefined,
		responseType: RequestOptions['responseType'],
		signal: AbortSignal | undefined,
		timeoutMs: number,
	): Promise<AttemptOutcome> {
		const headers: Record<string, string> = {
			authorization: `Bearer ${token.value}`,
			'st-app-key': this.connection.appKey,
			accept: responseType === 'binary' ? '*/*' : 'application/json',
		};
		// A multipart body gets its content type (with the boundary) from undici.
		if (typeof body === 'string') headers['content-type'] = 'application/json';
		const attempt = attemptSignal(signal, timeoutMs);
		try {
			let response = await request(url, {
				method,
				headers,
				body,
				dispatcher: this.dispatcher,
				signal: attempt.signal,
			});
			// Downloads redirect to a temporary storage URL that carries its own authorisation:
			// follow it, without sending the access token or app key to another host.
			for (let hop = 0; responseType === 'binary' && isRedirect(response.statusCode) && hop < MAX_DOWNLOAD_REDIRECTS; hop++) {
				const location = headerValue(response.headers.location as string | string[] | undefined);
				if (!location) break;
				await response.body.dump();
				response = await request(new URL(location, url), { method: 'GET', headers: { accept: '*/*' }, dispatcher: this.dispatcher, signal: attempt.signal });
			}
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

	private async wait(ms: number, signal: AbortSignal | undefined, meta: Record<string, unknown>, deadline?: number): Promise<void> {
		if (deadline !== undefined && Date.now() + ms >= deadline) {
			// Waiting would outlast the caller: give up now, while it still has time to report.
			throw deadlineError(deadline, { method: String(meta.method), path: String(meta.path), attempts: Number(meta.attempt) });
		}
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

	private networkError(
		error: unknown,
		code: string,
		timedOut: boolean,
		context: ServiceTitanErrorContext & { method: string; path: string; attempts: number },
		secrets: string[],
	): ServiceTitanNetworkError {
		const origin = new URL(this.apiBaseUrl).origin;
		const reason = redactSecrets(code || (error as Error)?.message || 'unknown error', secrets);
		const checkFirst = 'ServiceTitan may have applied it: check in ServiceTitan before running it again.';
		if (timedOut) {
			const text = `ServiceTitan did not answer within ${formatSeconds(this.timeoutMs)}`;
			return new ServiceTitanNetworkError('timeout', context.mayHaveBeenApplied ? `${text}. ${checkFirst}` : text, { ...context, code: code || 'TIMEOUT' });
		}
		const blocked = ssrfBlock(error);
		if (blocked) {
			// Refused before a connection was opened: nothing reached ServiceTitan.
			return new ServiceTitanNetworkError('network', `Could not reach ServiceTitan at ${origin}: ${blocked.message}; nothing was sent`, { ...context, code: 'SSRF_BLOCKED', mayHaveBeenApplied: false });
		}
		if (NOT_SENT_ERROR_CODES.has(code)) {
			return new ServiceTitanNetworkError('network', `Could not connect to ServiceTitan at ${origin} (${reason}); nothing was sent`, { ...context, code });
		}
		const lost = `The connection to ServiceTitan at ${origin} closed before it answered (${reason})`;
		return new ServiceTitanNetworkError('network', context.mayHaveBeenApplied ? `${lost}. ${checkFirst}` : lost, { ...context, code });
	}

	/** The token endpoint is retried like a read: a token request changes nothing. */
	private tokenRetry(signal: AbortSignal | undefined): TokenRetry {
		return { maxAttempts: Math.min(this.policy.maxAttempts, 4), delayMs: (attempt) => backoffDelayMs(attempt, this.policy), sleep: (ms) => this.sleep(ms, signal) };
	}
}

function deadlineError(deadline: number, context: { method: string; path: string; attempts: number }): ServiceTitanNetworkError {
	return new ServiceTitanNetworkError(
		'timeout',
		`Stopped waiting for ServiceTitan at the deadline of ${new Date(deadline).toISOString()} (the time this run may take)`,
		{ ...context, code: 'DEADLINE' },
	);
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

function runaway(path: string, why: string): ServiceTitanNetworkError {
	return new ServiceTitanNetworkError('response', `Stopped reading ${path}: ${why}, so following it would never end`, { method: 'GET', path });
}

/** The start of an unexpected answer, for messages. */
function quote(value: unknown): string {
	if (value === undefined || value === '') return 'an empty answer';
	return JSON.stringify(value).slice(0, 80);
}

/** "0.3 s" rather than "0 s" for short test timeouts. */
function formatSeconds(ms: number): string {
	return ms < 10_000 ? `${Math.round(ms / 100) / 10} s` : `${Math.round(ms / 1000)} s`;
}

/** A 2xx whose body cannot be read: say what it looks like (a proxy's page, cut-off JSON) and whether the write may have happened. */
function unreadableAnswer(status: number, text: string, mayHaveBeenApplied: boolean): string {
	const page = htmlTitle(text);
	const what = page !== undefined
		? `an HTML page${page ? ` ("${page}")` : ''}, likely from a proxy or gateway in front of ServiceTitan`
		: `a body that is not valid JSON (${text.length} bytes, starting "${text.slice(0, 40).replace(/\s+/g, ' ')}")`;
	const tail = mayHaveBeenApplied ? '. ServiceTitan may have applied the request: check in ServiceTitan before running it again.' : '';
	return `ServiceTitan answered ${status} with ${what}${tail}`;
}

function problemTitle(text: string): string | undefined {
	const problem = parseJsonOrText(text);
	return problem && typeof problem === 'object' ? (problem as { title?: string }).title : undefined;
}

function parseJsonOrText(text: string): unknown {
	if (!text) return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

/** The SSRF refusal behind an undici error, if that is what stopped the request. */
function ssrfBlock(error: unknown): SsrfBlockedError | undefined {
	for (let e = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
		if (e instanceof SsrfBlockedError) return e;
	}
	return undefined;
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

function isRedirect(status: number): boolean {
	return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

function headerValue(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value[0] : value;
}

function fileNameOf(disposition: string | string[] | undefined): string | undefined {
	const value = headerValue(disposition);
	const match = value ? /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(value) : null;
	return match ? decodeURIComponent(match[1]) : undefined;
}
