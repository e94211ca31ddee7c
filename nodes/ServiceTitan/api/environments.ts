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
