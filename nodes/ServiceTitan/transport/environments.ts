import { assertKnownEnvironment, ENVIRONMENT_URLS, tokenUrlOf, type ServiceTitanEnvironment } from '../api';

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
export function resolveUrls(
	environment: ServiceTitanEnvironment,
	custom: { authUrl?: string; apiBaseUrl?: string } = {},
): ResolvedUrls {
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
