import { request, type Dispatcher } from 'undici';
import { redactSecrets, ServiceTitanAuthError, ServiceTitanError, ServiceTitanNetworkError } from './errors';
import { cancelledError } from './failures';
import { shortHash } from '../api';

/** Refresh this long before `expires_in` runs out, so a token never expires mid-request. */
export const TOKEN_EXPIRY_MARGIN_MS = 60_000;
const TOKEN_TIMEOUT_MS = 30_000;

export interface ClientCredentials {
	tokenUrl: string;
	clientId: string;
	clientSecret: string;
}

export interface AccessToken {
	value: string;
	/** Epoch ms after which the cached token is no longer used. */
	refreshAt: number;
}

/** How the token request is repeated after a 5xx, 429, reset, timeout or unreadable answer. */
export interface TokenRetry {
	maxAttempts: number;
	delayMs(attempt: number): number;
	/** Rejects when the caller's wait is cancelled. */
	sleep(ms: number): Promise<void>;
}

const NO_RETRY: TokenRetry = { maxAttempts: 1, delayMs: () => 0, sleep: async () => undefined };

interface TokenResponse {
	access_token?: unknown;
	expires_in?: unknown;
	error?: unknown;
	error_description?: unknown;
}

/**
 * Process-wide token cache. Key: (token URL, client ID, hash of the secret) so that an edited
 * secret fetches a new token. Concurrent callers share one in-flight fetch; that fetch runs with its
 * own timeout only, and each caller waits for it racing its own cancel signal, so cancelling one
 * execution never fails another that shares the fetch.
 */
export class TokenCache {
	private readonly tokens = new Map<string, AccessToken>();
	private readonly inFlight = new Map<string, Promise<AccessToken>>();

	async get(credentials: ClientCredentials, dispatcher: Dispatcher, signal?: AbortSignal, retry: TokenRetry = NO_RETRY): Promise<AccessToken> {
		const key = cacheKey(credentials);
		const cached = this.tokens.get(key);
		if (cached && cached.refreshAt > Date.now()) return cached;
		let pending = this.inFlight.get(key);
		if (!pending) {
			pending = fetchTokenWithRetries(credentials, dispatcher, retry)
				.then((token) => {
					this.tokens.set(key, token);
					return token;
				})
				.finally(() => this.inFlight.delete(key));
			this.inFlight.set(key, pending);
		}
		return raceSignal(pending, signal, credentials.tokenUrl);
	}

	/**
	 * Forget `rejected` after the API answered 401 with it. A token that a concurrent caller has
	 * already replaced is kept, so a burst of 401s refreshes once, not once per request.
	 */
	invalidate(credentials: ClientCredentials, rejected: AccessToken): void {
		const key = cacheKey(credentials);
		if (this.tokens.get(key)?.value === rejected.value) this.tokens.delete(key);
	}
}

interface CachedKey extends ClientCredentials {
	key: string;
}

/** Keys already computed per credentials object: hashing the secret on every request costs ~3 µs. */
const cacheKeys = new WeakMap<ClientCredentials, CachedKey>();

function cacheKey(credentials: ClientCredentials): string {
	const { tokenUrl, clientId, clientSecret } = credentials;
	const cached = cacheKeys.get(credentials);
	// Compared field by field, so a mutated credentials object still gets its own key.
	if (cached && cached.tokenUrl === tokenUrl && cached.clientId === clientId && cached.clientSecret === clientSecret) return cached.key;
	const key = `${tokenUrl}\n${clientId}\n${shortHash(clientSecret)}`;
	cacheKeys.set(credentials, { tokenUrl, clientId, clientSecret, key });
	return key;
}

/** Waits for a shared fetch unless this caller's own signal fires first. */
function raceSignal(pending: Promise<AccessToken>, signal: AbortSignal | undefined, tokenUrl: string): Promise<AccessToken> {
	if (!signal) return pending;
	const cancelled = () => cancelledError({ method: 'POST', path: safePath(tokenUrl) });
	if (signal.aborted) return Promise.reject(cancelled());
	return new Promise((resolve, reject) => {
		const onAbort = () => reject(cancelled());
		signal.addEventListener('abort', onAbort, { once: true });
		pending.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
	});
}

/** A failure of the token request that a later attempt may not repeat. */
function isTransientTokenFailure(error: unknown): boolean {
	if (error instanceof ServiceTitanNetworkError) return true;
	if (error instanceof ServiceTitanAuthError) return error.status === undefined || error.status === 429 || error.status >= 500 || error.unreadable;
	return false;
}

async function fetchTokenWithRetries(credentials: ClientCredentials, dispatcher: Dispatcher, retry: TokenRetry): Promise<AccessToken> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await fetchToken(credentials, dispatcher);
		} catch (error) {
			if (attempt >= retry.maxAttempts || !isTransientTokenFailure(error)) {
				if (error instanceof ServiceTitanError) error.attempts = attempt;
				throw error;
			}
			await retry.sleep(retry.delayMs(attempt));
		}
	}
}

async function fetchToken({ tokenUrl, clientId, clientSecret }: ClientCredentials, dispatcher: Dispatcher): Promise<AccessToken> {
	const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });
	const context = { method: 'POST', path: safePath(tokenUrl) };
	let statusCode: number;
	let text: string;
	try {
		const response = await request(tokenUrl, {
			method: 'POST',
			dispatcher,
			headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
			body: form.toString(),
			signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
		});
		statusCode = response.statusCode;
		text = await response.body.text();
	} catch (error) {
		const e = error as { code?: string; name?: string; message?: string };
		const reason = e.name === 'TimeoutError' ? `no answer within ${TOKEN_TIMEOUT_MS / 1000} s` : (e.code ?? e.message ?? 'unknown error');
		throw new ServiceTitanNetworkError('network', redactSecrets(`Could not reach ServiceTitan's auth server at ${safeOrigin(tokenUrl)} (${reason})`, [clientSecret]), {
			...context,
			code: e.code,
		});
	}
	const body = parseJson(text) as TokenResponse | undefined;
	if (statusCode >= 200 && statusCode < 300 && (!body || typeof body !== 'object')) {
		const start = redactSecrets(text.trim().slice(0, 40), [clientSecret]).replace(/\s+/g, ' ');
		throw new ServiceTitanAuthError(
			`ServiceTitan's auth server answered ${statusCode} with something that is not JSON (it starts with "${start}"); is the Auth URL right?`,
			{
				...context,
				status: statusCode,
				unreadable: true,
			},
		);
	}
	if (statusCode >= 200 && statusCode < 300 && body && !(typeof body.access_token === 'string' && body.access_token.trim())) {
		throw new ServiceTitanAuthError(`ServiceTitan's auth server answered ${statusCode} without an access token.`, { ...context, status: statusCode, unreadable: true });
	}
	if (statusCode >= 200 && statusCode < 300 && body && typeof body.access_token === 'string') {
		const expiresInSeconds = Number(body.expires_in) > 0 ? Number(body.expires_in) : 900;
		const lifetimeMs = expiresInSeconds * 1000;
		// Short-lived tokens (tests) still get reused for half their life.
		const margin = Math.min(TOKEN_EXPIRY_MARGIN_MS, lifetimeMs / 2);
		return { value: body.access_token, refreshAt: Date.now() + lifetimeMs - margin };
	}
	const oauthError = typeof body?.error === 'string' ? body.error : undefined;
	if (oauthError === 'invalid_client' || oauthError === 'unauthorized_client' || statusCode === 401) {
		throw new ServiceTitanAuthError(
			'ServiceTitan rejected the Client ID or Client Secret (invalid_client). Copy both again from Settings > Integrations > API Application Access.',
			{ ...context, status: statusCode, oauthError: oauthError ?? 'invalid_client' },
		);
	}
	if (statusCode === 404) {
		throw new ServiceTitanAuthError(`Nothing answers at the token endpoint ${tokenUrl} (404). Check the Auth URL.`, { ...context, status: statusCode });
	}
	if (statusCode === 429 || statusCode >= 500) {
		throw new ServiceTitanAuthError(`ServiceTitan's auth server is not available right now (HTTP ${statusCode}); try again in a few minutes.`, {
			...context,
			status: statusCode,
		});
	}
	const description = typeof body?.error_description === 'string' ? redactSecrets(body.error_description, [clientSecret]) : undefined;
	const detail = oauthError ? `${oauthError}${description ? `: ${description}` : ''}` : `HTTP ${statusCode}`;
	throw new ServiceTitanAuthError(`ServiceTitan's auth server did not issue a token (${detail}).`, {
		...context,
		status: statusCode,
		oauthError,
	});
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

function safeOrigin(url: string): string {
	try {
		return new URL(url).origin;
	} catch {
		return 'the configured Auth URL';
	}
}

function safePath(url: string): string {
	try {
		return new URL(url).pathname;
	} catch {
		return '/connect/token';
	}
}
