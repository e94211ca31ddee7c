import type { Dispatcher } from 'undici';
import { setTimeout as delay } from 'node:timers/promises';
import { resolveUrls, type ModuleKey } from '../api';
import { getLimiterFactory, TurnCancelledError, type LimiterFactory } from '../limits';
import { sendAttempt, type AttemptOutcome } from './http/attempt';
import { ServiceTitanApiError, ServiceTitanNetworkError, redactSecrets } from './errors';
import { exportPages } from './exports';
import { cancelledError, deadlineError, errorCode, isTimeout, networkError, parseJsonOrText, ssrfBlock, turnCancelledError, unreadableAnswer } from './failures';
import { ClientGates } from './gates';
import { SERVICETITAN_TIMEOUT_MS } from './http/pool';
import { getAll, paginate } from './paging';
import { reportPages, type ReportPage, type ReportRun } from './reports/run';
import {
	backoffDelayMs,
	DEFAULT_RETRY_POLICY,
	isIdempotent,
	AMBIGUOUS_SERVER_STATUSES,
	NOT_SENT_ERROR_CODES,
	retryAfterSeconds,
	shouldRetry,
	TRANSIENT_ERROR_CODES,
	type AttemptFailure,
	type RetryPolicy,
} from './retry';
import { ssrfAwareDispatcher } from './http/ssrf';
import { TokenCache, type ClientCredentials, type TokenRetry } from './token';
import type { ExportOptions, ExportPage, PaginateOptions, Query, RequestOptions, Requester, ServiceTitanConnection, TransportLogger } from './types';
import { isMultipart } from './http/uploads';
import { buildApiUrl } from './http/url';

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

const processTokenCache = new TokenCache();

/**
 * The one HTTP client for ServiceTitan. It knows nothing about n8n: it takes a connection and
 * plain request options and returns parsed JSON or throws a ServiceTitanError. Here live the request
 * loop (token, limiters, retries, what a failure means); one exchange is `attempt.ts`, paging
 * `paging.ts`, export feeds `exports.ts`.
 */
export class ServiceTitanClient implements Requester {
	readonly tokenUrl: string;
	readonly apiBaseUrl: string;
	private readonly credentials: ClientCredentials;
	private readonly dispatcher: Dispatcher;
	private readonly tokens: TokenCache;
	private readonly gates: ClientGates;
	private readonly policy: RetryPolicy;
	private readonly timeoutMs: number;
	private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

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
		this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
		this.timeoutMs = options.timeoutMs ?? SERVICETITAN_TIMEOUT_MS;
		this.sleep = options.sleep ?? ((ms, signal) => delay(ms, undefined, { signal }));
		this.gates = new ClientGates({
			factory: options.limiterFactory ?? getLimiterFactory(),
			apiBaseUrl: this.apiBaseUrl,
			connection,
			enabled: options.rateLimit !== false,
			policy: this.policy,
			logger: options.logger,
			sleep: this.sleep,
		});
	}

	/** Makes sure a valid access token is cached (fetching one if needed); the credential test checks the client ID/secret with it alone. */
	async ensureAccessToken(signal?: AbortSignal): Promise<void> {
		const combined = this.signalFor(signal);
		await this.tokens.get(this.credentials, this.dispatcher, combined, this.tokenRetry(combined));
	}

	/** Full URL of a request, for messages and logs (it carries no secret). */
	buildUrl(module: ModuleKey, path: string, query?: Query): string {
		return buildApiUrl(this.apiBaseUrl, this.connection.tenantId, module, path, query);
	}

	async request<T = unknown>(options: RequestOptions): Promise<T> {
		const url = this.buildUrl(options.module, options.path, options.query);
		const path = new URL(url).pathname;
		const method = options.method;
		const repeatable = options.idempotent ?? isIdempotent(method);
		const reads = isIdempotent(method);
		const signal = options.afterCancel ? options.signal : this.signalFor(options.signal);
		// The limits this request passes (limits/): the tenant's limiter, and a report run's lane.
		const gate = this.gates.forRequest(options.reportId);
		const body = options.body === undefined || isMultipart(options.body) ? options.body : JSON.stringify(options.body);
		let refreshedAfter401 = false;
		/** Some attempt reached ServiceTitan and its reply was lost or unusable: it may have been applied. */
		let lostReply = false;
		let earlier500s = 0;

		const deadline = options.deadline;
		for (let attempt = 1; ; attempt++) {
			const context = { method, path, attempts: attempt + gate.repeats };
			const retry = (failure: AttemptFailure) =>
				shouldRetry(failure, { attempt, policy: this.policy, repeatable, reads, earlier500s, retriesRateLimited: gate.loopRetriesRateLimited });
			const token = await this.tokens.get(this.credentials, this.dispatcher, signal, this.tokenRetry(signal));
			const secrets = [this.connection.clientSecret, this.connection.appKey, token.value];
			const timeLeft = deadline === undefined ? Number.POSITIVE_INFINITY : deadline - Date.now();
			if (timeLeft <= 0) throw deadlineError(deadline as number, { ...context, attempts: attempt - 1 });
			const attemptTimeoutMs = Math.min(this.timeoutMs, timeLeft);
			let outcome: AttemptOutcome;
			try {
				const send = () =>
					sendAttempt({
						url,
						method,
						accessToken: token.value,
						appKey: this.connection.appKey,
						body,
						responseType: options.responseType,
						signal,
						timeoutMs: attemptTimeoutMs,
						dispatcher: this.dispatcher,
					});
				outcome = await gate.run(send, signal);
			} catch (error) {
				if (signal?.aborted && !isTimeout(error)) throw cancelledError(context);
				if (error instanceof TurnCancelledError) throw turnCancelledError(error.message);
				const code = errorCode(error);
				const timedOut = isTimeout(error);
				const neverSent = NOT_SENT_ERROR_CODES.has(code);
				const lost = !neverSent && !ssrfBlock(error) && (timedOut || TRANSIENT_ERROR_CODES.has(code) || !code);
				if (lost) lostReply = true;
				if (timedOut && attemptTimeoutMs < this.timeoutMs) throw deadlineError(deadline as number, context);
				if (retry({ kind: 'network', code, timedOut })) {
					await this.wait(backoffDelayMs(attempt, this.policy), signal, { method, path, attempt, reason: code || 'timeout' }, deadline);
					continue;
				}
				throw networkError(error, code, timedOut, { ...context, mayHaveBeenApplied: lost && !repeatable }, secrets, {
					origin: new URL(this.apiBaseUrl).origin,
					timeoutMs: this.timeoutMs,
				});
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
					if (retry({ kind: 'unreadable' })) {
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
			const paused = gate.takePause();
			if (paused !== undefined) {
				// The gate waited this answer out (a report's lane pauses as long as ServiceTitan asks, unless that is
				// longer than the node waits): the same send goes again, first after the pause, not as an attempt.
				attempt--;
				this.options.logger?.debug(`ServiceTitan report run rate-limited; retried in ${Math.round(paused)} ms`, { method, path, reason: 'HTTP 429' });
				continue;
			}
			if (retry({ kind: 'status', status: outcome.status })) {
				if (outcome.status !== 429) lostReply = true;
				if (outcome.status === 500) earlier500s++;
				const waitMs = waitSeconds !== undefined ? Math.min(this.policy.maxDelayMs, waitSeconds * 1000) : backoffDelayMs(attempt, this.policy);
				await this.wait(waitMs, signal, { method, path, attempt, reason: `HTTP ${outcome.status}` }, deadline);
				continue;
			}
			throw new ServiceTitanApiError(outcome.status, problem, {
				...context,
				mayHaveBeenApplied: !repeatable && AMBIGUOUS_SERVER_STATUSES.has(outcome.status),
				// A 404 or 409 after an earlier attempt was lost: most likely that attempt did the work.
				afterLostReply: lostReply && (outcome.status === 404 || outcome.status === 409),
			});
		}
	}

	/** Pages of a list endpoint; see `paging.ts`. */
	paginate<T = unknown>(options: PaginateOptions): AsyncGenerator<T[]> {
		return paginate<T>(this, options);
	}

	/**
	 * Pages of a report run as ServiceTitan sends them (`fields` plus positional rows): the synchronous data call,
	 * or the asynchronous data query (started, polled, paged, cancelled with the execution); see `reports/run.ts`.
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
	getAll<T = unknown>(options: PaginateOptions): Promise<T[]> {
		return getAll<T>(this, options);
	}

	/** Pages of an export feed with the cursor after each; see `exports.ts`. */
	exportPages<T = unknown>(options: ExportOptions): AsyncGenerator<ExportPage<T>> {
		return exportPages<T>(this, options);
	}

	private signalFor(signal?: AbortSignal): AbortSignal | undefined {
		const signals = [this.options.signal, signal].filter((s): s is AbortSignal => Boolean(s));
		if (signals.length === 0) return undefined;
		return signals.length === 1 ? signals[0] : AbortSignal.any(signals);
	}

	private async wait(ms: number, signal: AbortSignal | undefined, meta: RetryMeta, deadline?: number): Promise<void> {
		const context = { method: meta.method, path: meta.path, attempts: meta.attempt };
		if (deadline !== undefined && Date.now() + ms >= deadline) {
			// Waiting would outlast the caller: give up now, while it still has time to report.
			throw deadlineError(deadline, context);
		}
		this.options.logger?.debug(`ServiceTitan request will be retried in ${Math.round(ms)} ms`, { ...meta });
		try {
			await this.sleep(ms, signal);
		} catch {
			throw cancelledError(context);
		}
	}

	/** The token endpoint is retried like a read: a token request changes nothing. */
	private tokenRetry(signal: AbortSignal | undefined): TokenRetry {
		return { maxAttempts: Math.min(this.policy.maxAttempts, 4), delayMs: (attempt) => backoffDelayMs(attempt, this.policy), sleep: (ms) => this.sleep(ms, signal) };
	}
}

/** What a retry is logged with. */
interface RetryMeta {
	method: string;
	path: string;
	attempt: number;
	reason: string;
}
