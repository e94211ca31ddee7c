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
}

export class ServiceTitanError extends Error {
	readonly kind: ServiceTitanErrorKind;
	readonly method?: string;
	readonly path?: string;
	attempts: number;

	constructor(kind: ServiceTitanErrorKind, message: string, context: ServiceTitanErrorContext = {}) {
		super(message);
		this.name = 'ServiceTitanError';
		this.kind = kind;
		this.method = context.method;
		this.path = context.path;
		this.attempts = context.attempts ?? 1;
	}

	/** The message plus where it happened and how often it was tried. */
	describe(): string {
		const where = this.method && this.path ? ` (${this.method} ${this.path})` : '';
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
	readonly retryAfterSeconds?: number;
	readonly body: unknown;

	constructor(
		status: number,
		body: unknown,
		context: ServiceTitanErrorContext & { retryAfterSeconds?: number } = {},
	) {
		const problem = toProblem(body);
		const title = problem.title?.trim() || defaultTitle(status);
		const fieldErrors = normaliseFieldErrors(problem.errors);
		super('api', formatApiMessage(status, title, fieldErrors, problem.traceId), context);
		this.name = 'ServiceTitanApiError';
		this.status = status;
		this.title = title;
		this.type = problem.type;
		this.traceId = problem.traceId;
		this.fieldErrors = fieldErrors;
		this.retryAfterSeconds = context.retryAfterSeconds;
		this.body = body;
	}

	/** `field: message; field: message` — empty when ServiceTitan named no field. */
	fieldSummary(): string {
		return Object.entries(this.fieldErrors)
			.map(([field, messages]) => `${field}: ${messages.join(' ')}`)
			.join('; ');
	}
}

/** The token endpoint refused the client ID/secret, or answered something we cannot use. */
export class ServiceTitanAuthError extends ServiceTitanError {
	readonly status?: number;
	/** OAuth error code such as `invalid_client`. */
	readonly oauthError?: string;

	constructor(message: string, context: ServiceTitanErrorContext & { status?: number; oauthError?: string } = {}) {
		super('auth', message, context);
		this.name = 'ServiceTitanAuthError';
		this.status = context.status;
		this.oauthError = context.oauthError;
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

function toProblem(body: unknown): ServiceTitanProblem {
	if (body && typeof body === 'object' && !Array.isArray(body)) return body as ServiceTitanProblem;
	if (typeof body === 'string' && body.trim()) return { title: body.trim().slice(0, 300) };
	return {};
}

function normaliseFieldErrors(errors: unknown): Record<string, string[]> {
	const result: Record<string, string[]> = {};
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

function formatApiMessage(
	status: number,
	title: string,
	fieldErrors: Record<string, string[]>,
	traceId: string | undefined,
): string {
	const fields = Object.entries(fieldErrors).map(([field, messages]) => `${field}: ${messages.join(' ')}`);
	let message = `ServiceTitan returned ${status}: ${title}`;
	if (fields.length) message += ` — ${fields.join('; ')}`;
	if (traceId) message += ` [traceId ${traceId}]`;
	return message;
}

/** Replace every occurrence of the given secrets by a marker; a last line of defence for messages built from foreign text. */
export function redactSecrets(text: string, secrets: Array<string | undefined>): string {
	let result = text;
	for (const secret of secrets) {
		if (secret && secret.length >= 4) result = result.split(secret).join('[redacted]');
	}
	return result;
}
