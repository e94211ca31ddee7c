import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestHelper,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

const TOKEN_URLS: Record<string, string> = {
	production: 'https://auth.servicetitan.io/connect/token',
	integration: 'https://auth-integration.servicetitan.io/connect/token',
};

/**
 * ServiceTitan uses OAuth 2.0 client credentials plus an app key header. n8n's generic oAuth2Api
 * cannot add the `ST-App-Key` header when the HTTP Request node uses it, so this credential
 * fetches the token itself (preAuthentication into an expirable hidden field) and its
 * `authenticate` adds both headers. The ServiceTitan nodes use their own token cache instead.
 */
export class ServiceTitanOAuth2Api implements ICredentialType {
	name = 'serviceTitanOAuth2Api';

	displayName = 'ServiceTitan OAuth2 API';

	documentationUrl = 'https://github.com/n8n-nodes-servicetitan/n8n-nodes-servicetitan#credentials';

	icon: Icon = {
		light: 'file:../nodes/ServiceTitan/servicetitan.svg',
		dark: 'file:../nodes/ServiceTitan/servicetitan.dark.svg',
	};

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{
					name: 'Production',
					value: 'production',
					description: 'api.servicetitan.io — your live tenant',
				},
				{
					name: 'Integration (Sandbox)',
					value: 'integration',
					description: 'api-integration.servicetitan.io — the sandbox tenant for app development',
				},
				{
					name: 'Custom',
					value: 'custom',
					description: 'Your own URLs: a proxy, or the simulator that ships with this package',
				},
			],
			default: 'production',
		},
		{
			displayName: 'Auth URL',
			name: 'authUrl',
			type: 'string',
			default: '',
			placeholder: 'https://auth.servicetitan.io',
			description: 'Base URL of the OAuth server; the token is requested from {Auth URL}/connect/token',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'API Base URL',
			name: 'apiBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://api.servicetitan.io',
			description: 'Base URL of the API; requests go to {API Base URL}/{area}/v2/tenant/{Tenant ID}/…',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Tenant ID',
			name: 'tenantId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '1234567890',
			description:
				'Your ServiceTitan tenant number. In ServiceTitan go to Settings > Integrations > API Application Access; it is shown there (and in the developer portal under the connected tenant).',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'cid.abc123…',
			description:
				'Generated for this tenant when an admin connects the app: Settings > Integrations > API Application Access > your app > Edit',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'cs1.xyz…',
			description:
				'Shown next to the Client ID in Settings > Integrations > API Application Access (generate a new one there if it was lost)',
		},
		{
			displayName: 'App Key',
			name: 'appKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'ak1.…',
			description:
				"Your application's key from the ServiceTitan developer portal (developer.servicetitan.io > My Apps > your app definition). It is not the Client ID.",
		},
		{
			displayName: 'Requests per Second',
			name: 'requestsPerSecond',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 1000 },
			default: 60,
			description:
				"ServiceTitan's limit for this app and tenant (60 unless ServiceTitan granted more). The nodes stay just under it.",
		},
		{
			displayName: 'Report Runs per Minute',
			name: 'reportRunsPerMinute',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 60 },
			default: 5,
			description:
				'How often the same report may run per minute for this tenant. Lower it to 1 if ServiceTitan answers report runs with "too many requests".',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	/** Used when n8n's HTTP Request node (or any generic caller) signs requests with this credential. */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const environment = String(credentials.environment ?? 'production');
		const tokenUrl =
			environment === 'custom'
				? `${String(credentials.authUrl ?? '').replace(/\/+$/, '').replace(/\/connect\/token$/i, '')}/connect/token`
				: TOKEN_URLS[environment] ?? TOKEN_URLS.production;
		let response: string | { access_token?: string };
		try {
			response = (await this.helpers.httpRequest({
				method: 'POST',
				url: tokenUrl,
				headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
				body: new URLSearchParams({
					grant_type: 'client_credentials',
					client_id: String(credentials.clientId ?? ''),
					client_secret: String(credentials.clientSecret ?? ''),
				}).toString(),
				json: false,
			})) as string | { access_token?: string };
		} catch (error) {
			// The token endpoint answers 400 invalid_client for a wrong ID or secret; say so instead of "Bad request".
			const status = (error as { httpCode?: string; response?: { status?: number } }).response?.status ??
				Number((error as { httpCode?: string }).httpCode);
			if (status === 400 || status === 401) {
				throw new Error(
					'ServiceTitan rejected the Client ID or Client Secret (invalid_client). Copy both again from Settings > Integrations > API Application Access.',
				);
			}
			throw new Error(`Could not get a ServiceTitan access token from ${tokenUrl}: ${(error as Error).message}`);
		}
		const parsed = typeof response === 'string' ? (JSON.parse(response) as { access_token?: string }) : response;
		return { accessToken: parsed.access_token ?? '' };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
				'ST-App-Key': '={{$credentials.appKey}}',
			},
		},
	};
}
