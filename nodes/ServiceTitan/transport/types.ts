import type { HttpMethod, ModuleKey, ServiceTitanEnvironment } from '../api';

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

/** Where the client reports its retries (debug) and a shared limiter falling back to a local one (warn). */
export interface TransportLogger {
	debug(message: string, meta?: Record<string, unknown>): void;
	warn(message: string, meta?: Record<string, unknown>): void;
}

type QueryScalar = string | number | boolean | null;
/** A dictionary (`customField.Fields`) or a list of objects (`owners`), sent in ASP.NET's bracket notation. */
export type QueryStructure = { readonly [key: string]: QueryScalar | undefined } | ReadonlyArray<{ readonly [key: string]: QueryScalar | undefined }>;
export type QueryValue = QueryScalar | undefined | ReadonlyArray<string | number> | QueryStructure;
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

/** What paging and export reading need from the client: one request with retries, limits and auth. */
export interface Requester {
	request<T = unknown>(options: RequestOptions): Promise<T>;
}

export type PaginateOptions = Omit<RequestOptions, 'method'> & {
	method?: HttpMethod;
	pageSize?: number;
	limit?: number;
	/** One page at a time, never side by side: for lists that misbehave under concurrent requests. */
	sequentialPages?: boolean;
};

export type ExportOptions = Omit<RequestOptions, 'method' | 'body'> & {
	from?: string;
	includeRecentChanges?: boolean;
	/**
	 * Asked with each page before it is handed over: true requests the next page at once, so that it travels while
	 * the caller handles this one. Say true only when the caller will read on (a page asked for and not read is a
	 * request spent on the tenant's budget).
	 */
	prefetch?: (page: ExportPage<unknown>) => boolean;
};

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
