/**
 * Errors the transport raises. Messages are written for the person reading them in n8n:
 * what failed, ServiceTitan's own words, the fields it rejected and the trace id support asks for.
 * They never contain the client secret, the access token or request headers.
 */

export type ServiceTitanErrorKind = 'api' | 'auth' | 'network' | 'timeout' | 'response' | 'aborted';

export interface ServiceTitanErrorContext {
	method?: string;
	/** Path without host and query, e.g. `/crm/v2/tenant/123/customers`. Carries no secret. */
	path?: string;
	/** How many HTTP attempts were made before giving up. */
	attempts?: number;
	/**
	 * The request was sent and failed in a way that leaves open whether ServiceTitan applied it
	 * (lost reply, timeout, 5xx, unreadable 200). Only set for requests that are not safe to repeat.
	 */
	mayHaveBeenApplied?: boolean;
	/** An earlier attempt of this (repeatable) request may have been applied before its reply was lost. */
	afterLostReply?: boolean;
}

export class ServiceTitanError extends Error {
	readonly kind: ServiceTitanErrorKind;
	readonly method?: string;
	readonly path?: string;
	attempts: number;
	readonly mayHaveBeenApplied: boolean;
	readonly afterLostReply: boolean;

	constructor(kind: ServiceTitanErrorKind, message: string, context: ServiceTitanErrorContext = {}) {
		super(message);
		this.name = 'ServiceTitanError';
		this.kind = kind;
		this.method = context.method;
		this.path = context.path;
		this.attempts = context.attempts ?? 1;
		this.mayHaveBeenApplied = context.mayHaveBeenApplied ?? false;
		this.afterLostReply = context.afterLostReply ?? false;
	}

	/** The message plus where it happened and how often it was tried (nothing about attempts when none was made). */
	describe(): string {
		const where = this.method && this.path ? ` (${this.method} ${this.path})` : '';
		if (!this.method) return `${this.message}${where}`;
		const tries = this.attempts === 1 ? '1 attempt' : `${this.attempts} attempts`;
		return `${this.message}${where}; gave up after ${tries}`;
	}
}

/** An RFC 7807 problem (`type`, `title`, `status`, `traceId`, `errors`) returned by the ServiceTitan API. */
export interface ServiceTitanProblem {
	type?: string;
	title?: string;
	status?: number;
	traceId?: string;
	errors?: Record<string, string[]>;
	data?: unknown;
}

export class ServiceTitanApiError extends ServiceTitanError {
	readonly status: number;
	readonly title: string;
	readonly type?: string;
	readonly traceId?: string;
	/** Field name → ServiceTitan's messages for that field. */
	readonly fieldErrors: Record<string, string[]>;
	/** The answer was an HTML page (a proxy, gateway or CDN error page), not ServiceTitan's JSON; its title. */
	readonly proxyPage?: string;

	constructor(status: number, body: unknown, context: ServiceTitanErrorContext = {}) {
		const proxyPage = htmlTitle(body);
		const problem = proxyPage !== undefined ? {} : toProblem(body);
		const title = proxyPage !== undefined ? proxyPage || defaultTitle(status) : problem.title?.trim() || defaultTitle(status);
		const fieldErrors = normaliseFieldErrors(problem.errors);
		super('api', formatApiError({ ...context, status, title, fieldErrors, proxyPage }), context);
		this.name = 'ServiceTitanApiError';
		this.status = status;
		this.title = title;
		this.type = problem.type;
		this.traceId = problem.traceId;
		this.fieldErrors = fieldErrors;
		this.proxyPage = proxyPage;
	}

	/** `field: message; field: message` — empty when ServiceTitan named no field. */
	fieldSummary(): string {
		return fieldSummary(this.fieldErrors);
	}
}

/** The token endpoint refused the client ID/secret, or answered something we cannot use. */
export class ServiceTitanAuthError extends ServiceTitanError {
	readonly status?: number;
	/** OAuth error code such as `invalid_client`. */
	readonly oauthError?: string;
	/** A 2xx answer that is not JSON or carries no access token. */
	readonly unreadable: boolean;

	constructor(message: string, context: ServiceTitanErrorContext & { status?: number; oauthError?: string; unreadable?: boolean } = {}) {
		super('auth', message, context);
		this.name = 'ServiceTitanAuthError';
		this.status = context.status;
		this.oauthError = context.oauthError;
		this.unreadable = context.unreadable ?? false;
	}
}

export class ServiceTitanNetworkError extends ServiceTitanError {
	/** Node/undici error code: ECONNRESET, ECONNREFUSED, UND_ERR_SOCKET, UND_ERR_HEADERS_TIMEOUT … */
	readonly code?: string;

	constructor(kind: 'network' | 'timeout' | 'response' | 'aborted', message: string, context: ServiceTitanErrorContext & { code?: string } = {}) {
		super(kind, message, context);
		this.name = 'ServiceTitanNetworkError';
		this.code = context.code;
	}
}

/** Where bodies that are not RFC 7807 problems (gateways, older endpoints) put their text. */
const MESSAGE_KEYS = ['title', 'message', 'detail', 'error_description', 'error', 'Message'] as const;

function toProblem(body: unknown): ServiceTitanProblem {
	if (body && typeof body === 'object' && !Array.isArray(body)) {
		const problem = body as ServiceTitanProblem & Record<string, unknown>;
		const text = MESSAGE_KEYS.map((key) => problem[key]).find((value): value is string => typeof value === 'string' && value.trim() !== '');
		return { ...problem, title: text };
	}
	if (typeof body === 'string' && body.trim()) return { title: body.trim().slice(0, 300) };
	return {};
}

/** The title of an HTML error page ('' when it has none), or undefined when the body is not HTML. */
export function htmlTitle(body: unknown): string | undefined {
	if (typeof body !== 'string' || !/^\s*<(!doctype|html|head|body|\?xml)/i.test(body)) return undefined;
	const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1] ?? /<h1[^>]*>([^<]*)<\/h1>/i.exec(body)?.[1] ?? '';
	return title.replace(/\s+/g, ' ').trim().slice(0, 120);
}

function normaliseFieldErrors(errors: unknown): Record<string, string[]> {
	const result: Record<string, string[]> = {};
	if (typeof errors === 'string') return errors.trim() ? { '': [errors.trim()] } : result;
	if (!errors || typeof errors !== 'object') return result;
	for (const [field, value] of Object.entries(errors as Record<string, unknown>)) {
		const messages = Array.isArray(value) ? value.map(String) : [String(value)];
		if (messages.length) result[field] = messages;
	}
	return result;
}

const STATUS_TITLES: Record<number, string> = {
	400: 'Bad request',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'Not found',
	409: 'Conflict',
	422: 'Unprocessable entity',
	429: 'Too many requests',
	500: 'Internal server error',
	502: 'Bad gateway',
	503: 'Service unavailable',
	504: 'Gateway timeout',
};

function defaultTitle(status: number): string {
	return STATUS_TITLES[status] ?? `HTTP ${status}`;
}

/** `field: message; field: message` — empty when ServiceTitan named no field. */
function fieldSummary(fieldErrors: Record<string, string[]>): string {
	return Object.entries(fieldErrors)
		.map(([field, messages]) => (field ? `${field}: ${messages.join(' ')}` : messages.join(' ')))
		.join('; ');
}

/**
 * What to do about an API answer, per status. The same words reach a node's error, a picker's error
 * and the credential test. The transport refreshes the token once on a 401, so a 401 that reaches
 * the user is the app key.
 */
export const API_ERROR_ADVICE: Readonly<Record<number, string>> = {
	401: 'App Key rejected: the credential needs the app key from the developer portal, not the Client ID',
	403: 'the app has no access to this API area for this tenant: check its scopes, and that a tenant admin connected it under Settings > Integrations > API Application Access',
	404: 'no record with that ID in this tenant',
	429: 'ServiceTitan kept rate-limiting after the retries; try again later or lower Requests per Second in the credential',
};

/** A 404 for a path that addresses no single record (`…/{id}`): the URL is wrong, not the ID. */
const NO_SUCH_PATH_ADVICE = 'nothing answers at this path: check the API Base URL, the Tenant ID and the path';
const PROBABLY_SUCCEEDED_ADVICE = 'the first attempt was sent but its answer was lost, so it probably succeeded: check in ServiceTitan';
/**
 * The one wording of "this write may have reached ServiceTitan", in every message that says so (an API error's
 * advice, a lost reply, an unreadable answer); the node's error description adds what to do about it, without
 * saying it again.
 */
export const MAY_HAVE_APPLIED = 'ServiceTitan may have applied it: check in ServiceTitan before running it again';
/**
 * The one wording of "no request reached ServiceTitan", so running it again repeats nothing: a connection never
 * made, a refused value, an item checked before anything was sent. Said once per error, message and description
 * together.
 */
export const NOTHING_SENT = 'nothing was sent to ServiceTitan';
/** NOTHING_SENT starting a sentence. */
export const NOTHING_SENT_SENTENCE = `N${NOTHING_SENT.slice(1)}`;
/** A report run's 429 is waited out unless ServiceTitan asks for longer than the node waits (limits/lanes.ts). */
const REPORT_LIMIT_ADVICE =
	'ServiceTitan asks for a longer pause before this report runs again than the node waits (15 min): run it later, or lower Report Runs per Minute in the credential';

/**
 * The one wording of an API error: who answered, the status and title, the fields ServiceTitan
 * rejected, and what to do. ServiceTitan's traceId is a field of the error (n8n shows it in the
 * description), not part of this line.
 */
export function formatApiError(answer: {
	status: number;
	title: string;
	fieldErrors: Record<string, string[]>;
	proxyPage?: string;
	path?: string;
	mayHaveBeenApplied?: boolean;
	afterLostReply?: boolean;
}): string {
	const { status, title, proxyPage } = answer;
	const fields = fieldSummary(answer.fieldErrors);
	const who =
		proxyPage !== undefined
			? `HTTP ${status} from a proxy or gateway in front of ServiceTitan, not from ServiceTitan itself${proxyPage ? ` ("${proxyPage}")` : ''}`
			: `ServiceTitan ${status}: ${title}`;
	let advice = API_ERROR_ADVICE[status];
	const underTenant = (answer.path ?? '').replace(/^.*?\/tenant\/[^/]+/, '');
	if (status === 404 && !/\/\d+(\/|$)/.test(underTenant)) advice = NO_SUCH_PATH_ADVICE;
	if (status === 429 && /\/reports\/[^/]+\/data(\/query)?$/.test(underTenant)) advice = REPORT_LIMIT_ADVICE;
	if (answer.afterLostReply) advice = PROBABLY_SUCCEEDED_ADVICE;
	if (answer.mayHaveBeenApplied) advice = MAY_HAVE_APPLIED;
	return [who, fields ? `(${fields})` : '', advice ? `— ${advice}` : ''].filter(Boolean).join(' ');
}

/**
 * Replace every occurrence of the given secrets by a marker; a last line of defence for text that
 * comes from elsewhere (error bodies that echo request headers, socket messages). Also catches the
 * secret as it appears URL- or JSON-encoded.
 */
export function redactSecrets(text: string, secrets: Array<string | undefined>): string {
	let result = text;
	for (const secret of secrets) {
		if (!secret || secret.length < 4) continue;
		for (const form of new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)])) {
			result = result.split(form).join('[redacted]');
		}
	}
	return result;
}
