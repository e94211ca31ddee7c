import { request, type Dispatcher } from 'undici';
import { ServiceTitanAuthError, ServiceTitanNetworkError } from './errors';
import { shortHash } from './limiter';

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

interface TokenResponse {
	access_token?: unknown;
	expires_in?: unknown;
	error?: unknown;
	error_description?: unknown;
}

/**
 * Process-wide token cache. Key: (token URL, client ID, hash of the secret) so that an edited
 * secret fetches a new token. Concurrent callers share one in-flight fetch.
 */
export class TokenCache {
	private readonly tokens = new Map<string, AccessToken>();
	private readonly inFlight = new Map<string, Promise<AccessToken>>();

	constructor(private readonly now: () => number = Date.now) {}

	async get(credentials: ClientCredentials, dispatcher: Dispatcher, signal?: AbortSignal): Promise<AccessToken> {
		const key = cacheKey(credentials);
		const cached = this.tokens.get(key);
		if (cached && cached.refreshAt > this.now()) return cached;
		let pending = this.inFlight.get(key);
		if (!pending) {
			pending = fetchToken(credentials, dispatcher, this.now, signal)
				.then((token) => {
					this.tokens.set(key, token);
					return token;
				})
				.finally(() => this.inFlight.delete(key));
			this.inFlight.set(key, pending);
		}
		return pending;
	}

	/**
	 * Forget `rejected` after the API answered 401 with it. A token that a concurrent caller has
	 * already replaced is kept, so a burst of 401s refreshes once, not once per request.
	 */
	invalidate(credentials: ClientCredentials, rejected: AccessToken): void {
		const key = cacheKey(credentials);
		if (this.tokens.get(key)?.value === rejected.value) this.tokens.delete(key);
	}

	clear(): void {
		this.tokens.clear();
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

async function fetchToken(
	{ tokenUrl, clientId, clientSecret }: ClientCredentials,
	dispatcher: Dispatcher,
	now: () => number,
	signal?: AbortSignal,
): Promise<AccessToken> {
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
			signal: combineSignals(signal, TOKEN_TIMEOUT_MS),
		});
		statusCode = response.statusCode;
		text = await response.body.text();
	} catch (error) {
		const code = (error as { code?: string }).code;
		throw new ServiceTitanNetworkError(
			'network',
			`Could not reach ServiceTitan's auth server at ${safeOrigin(tokenUrl)}: ${code ?? (error as Error).message}`,
			{ ...context, code },
		);
	}
	const body = parseJson(text) as TokenResponse | undefined;
	if (statusCode >= 200 && statusCode < 300 && body && typeof body.access_token === 'string') {
		const expiresInSeconds = Number(body.expires_in) > 0 ? Number(body.expires_in) : 900;
		const lifetimeMs = expiresInSeconds * 1000;
		// Short-lived tokens (tests) still get reused for half their life.
		const margin = Math.min(TOKEN_EXPIRY_MARGIN_MS, lifetimeMs / 2);
		return { value: body.access_token, refreshAt: now() + lifetimeMs - margin };
	}
	const oauthError = typeof body?.error === 'string' ? body.error : undefined;
	if (oauthError === 'invalid_client' || oauthError === 'unauthorized_client' || statusCode === 401) {
		throw new ServiceTitanAuthError(
			'ServiceTitan rejected the Client ID or Client Secret (invalid_client). Check both values under Settings > Integrations > API Application Access in ServiceTitan.',
			{ ...context, status: statusCode, oauthError: oauthError ?? 'invalid_client' },
		);
	}
	const detail = oauthError ? `${oauthError}${typeof body?.error_description === 'string' ? `: ${body.error_description}` : ''}` : `HTTP ${statusCode}`;
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

export function combineSignals(signal: AbortSignal | undefined, timeoutMs: number): AbortSignal {
	const timeout = AbortSignal.timeout(timeoutMs);
	return signal ? AbortSignal.any([signal, timeout]) : timeout;
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
