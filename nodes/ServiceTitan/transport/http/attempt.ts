import { request, type Dispatcher, type FormData } from 'undici';
import { fileNameOf, headerValue, type ResponseHeaders } from './headers';
import type { BinaryResponse, RequestOptions } from '../types';

/** How many redirects a download follows (ServiceTitan answers file downloads with a 302 to storage). */
const MAX_DOWNLOAD_REDIRECTS = 3;

/** What one HTTP exchange gave back: its status, headers and the body, read to the end. */
export interface AttemptOutcome {
	status: number;
	headers: ResponseHeaders;
	text: string;
	binary?: BinaryResponse;
}

export interface Attempt {
	url: string;
	method: RequestOptions['method'];
	accessToken: string;
	appKey: string;
	body: string | FormData | undefined;
	responseType: RequestOptions['responseType'];
	signal: AbortSignal | undefined;
	timeoutMs: number;
	dispatcher: Dispatcher;
}

/** One HTTP exchange with ServiceTitan, no retry: the caller decides what its outcome means. */
export async function sendAttempt({ url, method, accessToken, appKey, body, responseType, signal, timeoutMs, dispatcher }: Attempt): Promise<AttemptOutcome> {
	const headers: Record<string, string> = {
		authorization: `Bearer ${accessToken}`,
		'st-app-key': appKey,
		accept: responseType === 'binary' ? '*/*' : 'application/json',
	};
	// A multipart body gets its content type (with the boundary) from undici.
	if (typeof body === 'string') headers['content-type'] = 'application/json';
	const attempt = attemptSignal(signal, timeoutMs);
	try {
		let response = await request(url, { method, headers, body, dispatcher, signal: attempt.signal });
		// Downloads redirect to a temporary storage URL that carries its own authorisation:
		// follow it, without sending the access token or app key to another host.
		for (let hop = 0; responseType === 'binary' && isRedirect(response.statusCode) && hop < MAX_DOWNLOAD_REDIRECTS; hop++) {
			const location = headerValue(response.headers.location as string | string[] | undefined);
			if (!location) break;
			await response.body.dump();
			response = await request(new URL(location, url), { method: 'GET', headers: { accept: '*/*' }, dispatcher, signal: attempt.signal });
		}
		const responseHeaders = response.headers as ResponseHeaders;
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

function isRedirect(status: number): boolean {
	return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}
