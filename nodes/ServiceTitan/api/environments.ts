/** Where ServiceTitan lives for each environment a credential can pick. */
export type ServiceTitanEnvironment = 'production' | 'integration' | 'custom';

export const ENVIRONMENT_URLS: Record<Exclude<ServiceTitanEnvironment, 'custom'>, { authUrl: string; apiBaseUrl: string }> = {
	production: { authUrl: 'https://auth.servicetitan.io', apiBaseUrl: 'https://api.servicetitan.io' },
	integration: {
		authUrl: 'https://auth-integration.servicetitan.io',
		apiBaseUrl: 'https://api-integration.servicetitan.io',
	},
};

/** The OAuth token endpoint, under the auth server's base URL. */
export const TOKEN_PATH = '/connect/token';

/** Production or Integration: the environments whose URLs are fixed. */
export function isKnownEnvironment(environment: string): environment is Exclude<ServiceTitanEnvironment, 'custom'> {
	return Object.prototype.hasOwnProperty.call(ENVIRONMENT_URLS, environment);
}

/**
 * Refuses an environment that is neither known nor Custom, in the one wording the credential test, the node and
 * n8n's HTTP Request node show. Never a fall back to production: an imported credential could point a sandbox
 * workflow at live data.
 */
export function assertKnownEnvironment(environment: string): asserts environment is ServiceTitanEnvironment {
	if (environment !== 'custom' && !isKnownEnvironment(environment)) {
		throw new Error(`Environment "${environment}" is not known: choose Production, Integration (Sandbox) or Custom in the credential`);
	}
}

/** The token endpoint of an auth server base URL; a URL that already ends in `/connect/token` is kept as given. */
export function tokenUrlOf(authUrl: string): string {
	const base = authUrl.trim().replace(/\/+$/, '');
	return base.toLowerCase().endsWith(TOKEN_PATH) ? base : `${base}${TOKEN_PATH}`;
}

export interface ResolvedUrls {
	/** Full token endpoint, e.g. https://auth.servicetitan.io/connect/token. */
	tokenUrl: string;
	/** API origin + optional path prefix without trailing slash, e.g. https://api.servicetitan.io. */
	apiBaseUrl: string;
}

/**
 * Custom environments (tests, the simulator, proxies) give base URLs; a custom auth URL may
 * already end in /connect/token.
 */
export function resolveUrls(environment: ServiceTitanEnvironment, custom: { authUrl?: string; apiBaseUrl?: string } = {}): ResolvedUrls {
	assertKnownEnvironment(environment);
	const base = environment === 'custom' ? { authUrl: custom.authUrl ?? '', apiBaseUrl: custom.apiBaseUrl ?? '' } : ENVIRONMENT_URLS[environment];
	const authUrl = trimSlashes(base.authUrl);
	const apiBaseUrl = trimSlashes(base.apiBaseUrl);
	if (environment === 'custom') {
		assertHttpUrl(authUrl, 'Auth URL');
		assertHttpUrl(apiBaseUrl, 'API Base URL');
	}
	return { tokenUrl: tokenUrlOf(authUrl), apiBaseUrl };
}

function trimSlashes(url: string): string {
	return url.trim().replace(/\/+$/, '');
}

function assertHttpUrl(url: string, field: string): void {
	if (!/^https?:\/\/[^/\s]+/i.test(url)) {
		throw new Error(`${field} must be an http(s) URL such as http://127.0.0.1:4730, got "${url}"`);
	}
	// Paths are appended to the base URL: a query or fragment in it would swallow them.
	if (/[?#]/.test(url)) {
		throw new Error(`${field} must not contain "?" or "#" (a query string or fragment), got "${url}"`);
	}
}
