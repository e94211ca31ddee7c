import { randomBytes } from 'node:crypto';

/** ServiceTitan's ApiErrorResponse (RFC 7807 with `traceId`, per-field `errors` and `data`). */
export interface ProblemBody {
	type: string;
	title: string;
	status: number;
	traceId: string;
	errors: Record<string, string[]>;
	data: Record<string, unknown>;
}

const PROBLEM_TYPES: Record<number, string> = {
	400: 'https://tools.ietf.org/html/rfc7231#section-6.5.1',
	401: 'https://tools.ietf.org/html/rfc7235#section-3.1',
	403: 'https://tools.ietf.org/html/rfc7231#section-6.5.3',
	404: 'https://tools.ietf.org/html/rfc7231#section-6.5.4',
	405: 'https://tools.ietf.org/html/rfc7231#section-6.5.5',
	409: 'https://tools.ietf.org/html/rfc7231#section-6.5.8',
	429: 'https://tools.ietf.org/html/rfc6585#section-4',
	500: 'https://tools.ietf.org/html/rfc7231#section-6.6.1',
	502: 'https://tools.ietf.org/html/rfc7231#section-6.6.3',
	503: 'https://tools.ietf.org/html/rfc7231#section-6.6.4',
	504: 'https://tools.ietf.org/html/rfc7231#section-6.6.5',
};

const DEFAULT_TITLES: Record<number, string> = {
	500: 'An unexpected error occurred on the server.',
	502: 'Bad Gateway',
	503: 'The service is temporarily unavailable.',
	504: 'Gateway Timeout',
};

/** Like ASP.NET's Activity trace ids: 00-<32 hex>-<16 hex>-00, fresh per response. */
export function newTraceId(): string {
	const bytes = randomBytes(24).toString('hex');
	return `00-${bytes.slice(0, 32)}-${bytes.slice(32, 48)}-00`;
}

export function problem(
	status: number,
	title = DEFAULT_TITLES[status] ?? 'Error',
	errors: Record<string, string[]> = {},
	data: Record<string, unknown> = {},
): ProblemBody {
	return {
		type: PROBLEM_TYPES[status] ?? 'about:blank',
		title,
		status,
		traceId: newTraceId(),
		errors,
		data,
	};
}

/** Thrown by handlers; the server turns it into a problem response. */
export class HttpError extends Error {
	constructor(
		readonly status: number,
		title: string,
		readonly errors: Record<string, string[]> = {},
		readonly headers: Record<string, string> = {},
	) {
		super(title);
	}

	toBody(): ProblemBody {
		return problem(this.status, this.message, this.errors);
	}
}

export function validationError(errors: Record<string, string[]>): HttpError {
	return new HttpError(400, 'One or more validation errors occurred.', errors);
}

export function notFound(what: string, id: string | number): HttpError {
	return new HttpError(404, `${what} with id ${id} was not found.`);
}
