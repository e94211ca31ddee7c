/**
 * What went wrong with an attempt, and the error that says so: network failures (lost reply, refused
 * connection, timeout, SSRF refusal), deadlines, and answers that cannot be used.
 */
import { htmlTitle, MAY_HAVE_APPLIED, NOTHING_SENT, redactSecrets, ServiceTitanNetworkError, type ServiceTitanErrorContext } from './errors';
import { NOT_SENT_ERROR_CODES } from './retry';
import { SsrfBlockedError } from './http/ssrf';

type AttemptContext = { method: string; path: string; attempts: number };

const CHECK_FIRST = `${MAY_HAVE_APPLIED}.`;

export function cancelledError(context: ServiceTitanErrorContext): ServiceTitanNetworkError {
	return new ServiceTitanNetworkError('aborted', 'The request to ServiceTitan was cancelled', context);
}

/** A request cancelled while it waited for its lane's turn (limits/lanes.ts says which). */
export function turnCancelledError(message: string): ServiceTitanNetworkError {
	return new ServiceTitanNetworkError('aborted', message);
}

export function deadlineError(deadline: number, context: AttemptContext): ServiceTitanNetworkError {
	return new ServiceTitanNetworkError('timeout', `Stopped waiting for ServiceTitan at the deadline of ${new Date(deadline).toISOString()} (the time this run may take)`, {
		...context,
		code: 'DEADLINE',
	});
}

/** The error for an attempt that got no answer; `origin` names the API host, `timeoutMs` the attempt's limit. */
export function networkError(
	error: unknown,
	code: string,
	timedOut: boolean,
	context: ServiceTitanErrorContext & AttemptContext,
	secrets: string[],
	where: { origin: string; timeoutMs: number },
): ServiceTitanNetworkError {
	const { origin } = where;
	const reason = redactSecrets(code || (error as Error)?.message || 'unknown error', secrets);
	if (timedOut) {
		const text = `ServiceTitan did not answer within ${formatSeconds(where.timeoutMs)}`;
		return new ServiceTitanNetworkError('timeout', context.mayHaveBeenApplied ? `${text}. ${CHECK_FIRST}` : text, { ...context, code: code || 'TIMEOUT' });
	}
	const blocked = ssrfBlock(error);
	if (blocked) {
		// Refused before a connection was opened: nothing reached ServiceTitan.
		return new ServiceTitanNetworkError('network', `Could not reach ServiceTitan at ${origin}: ${blocked.message}; ${NOTHING_SENT}`, {
			...context,
			code: 'SSRF_BLOCKED',
			mayHaveBeenApplied: false,
		});
	}
	if (NOT_SENT_ERROR_CODES.has(code)) {
		return new ServiceTitanNetworkError('network', `Could not connect to ServiceTitan at ${origin} (${reason}); ${NOTHING_SENT}`, { ...context, code });
	}
	const lost = `The connection to ServiceTitan at ${origin} closed before it answered (${reason})`;
	return new ServiceTitanNetworkError('network', context.mayHaveBeenApplied ? `${lost}. ${CHECK_FIRST}` : lost, { ...context, code });
}

/** A 2xx whose body cannot be read: say what it looks like (a proxy's page, cut-off JSON) and whether the write may have happened. */
export function unreadableAnswer(status: number, text: string, mayHaveBeenApplied: boolean): string {
	const page = htmlTitle(text);
	const what =
		page !== undefined
			? `an HTML page${page ? ` ("${page}")` : ''}, likely from a proxy or gateway in front of ServiceTitan`
			: `a body that is not valid JSON (${text.length} bytes, starting "${text.slice(0, 40).replace(/\s+/g, ' ')}")`;
	const tail = mayHaveBeenApplied ? `. ${MAY_HAVE_APPLIED}.` : '';
	return `ServiceTitan answered ${status} with ${what}${tail}`;
}

/** A list or feed that would never end (it repeats itself, or never stops saying "more"). */
export function runaway(path: string, why: string): ServiceTitanNetworkError {
	return new ServiceTitanNetworkError('response', `Stopped reading ${path}: ${why}, so following it would never end`, { method: 'GET', path });
}

/** The start of an unexpected answer, for messages. */
export function quote(value: unknown): string {
	if (value === undefined || value === '') return 'an empty answer';
	return JSON.stringify(value).slice(0, 80);
}

/** The SSRF refusal behind an undici error, if that is what stopped the request. */
export function ssrfBlock(error: unknown): SsrfBlockedError | undefined {
	for (let e = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
		if (e instanceof SsrfBlockedError) return e;
	}
	return undefined;
}

/** The Node/undici error code of a failure, or its cause's. */
export function errorCode(error: unknown): string {
	const e = error as { code?: unknown; cause?: { code?: unknown } };
	if (typeof e?.code === 'string') return e.code;
	if (typeof e?.cause?.code === 'string') return e.cause.code;
	return '';
}

export function isTimeout(error: unknown): boolean {
	const e = error as { name?: string; code?: string };
	return e?.name === 'TimeoutError' || e?.code === 'UND_ERR_HEADERS_TIMEOUT' || e?.code === 'UND_ERR_BODY_TIMEOUT';
}

/** "0.3 s" rather than "0 s" for short test timeouts. */
function formatSeconds(ms: number): string {
	return ms < 10_000 ? `${Math.round(ms / 100) / 10} s` : `${Math.round(ms / 1000)} s`;
}

/** An answer's `title` (ServiceTitan's problem details), where a "try again in N seconds" may be. */
export function problemTitle(text: string): string | undefined {
	const problem = parseJsonOrText(text);
	return problem && typeof problem === 'object' ? (problem as { title?: string }).title : undefined;
}

export function parseJsonOrText(text: string): unknown {
	if (!text) return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}
