import type { IAuthenticateGeneric, ICredentialDataDecryptedObject, ICredentialType, IHttpRequestHelper, Icon, INodeProperties } from 'n8n-workflow';
import { assertKnownEnvironment, DEFAULT_EXTERNAL_DATA_APPLICATION_GUID, ENVIRONMENT_URLS, isKnownEnvironment, tokenUrlOf } from '../nodes/ServiceTitan/api';

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
			description: 'Generated for this tenant when an admin connects the app: Settings > Integrations > API Application Access > your app > Edit',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'cs1.xyz…',
			description: 'Shown next to the Client ID in Settings > Integrations > API Application Access (generate a new one there if it was lost)',
		},
		{
			displayName: 'App Key',
			name: 'appKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'ak1.…',
			description: "Your application's key from the ServiceTitan developer portal (developer.servicetitan.io > My Apps > your app definition). It is not the Client ID.",
		},
		{
			displayName: 'Requests per Second',
			name: 'requestsPerSecond',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 1000 },
			default: 60,
			description: "ServiceTitan's limit for this app and tenant (60 unless ServiceTitan granted more). The nodes stay just under it.",
		},
		{
			displayName: 'Report Runs per Minute',
			name: 'reportRunsPerMinute',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 60 },
			default: 5,
			description: 'How often the same report may run per minute for this tenant. Lower it to 1 if ServiceTitan answers report runs with "too many requests".',
		},
		{
			displayName: 'External Data Application GUID',
			name: 'externalDataApplicationGuid',
			type: 'string',
			default: '',
			placeholder: DEFAULT_EXTERNAL_DATA_APPLICATION_GUID,
			description: `The GUID that scopes the External Keys the nodes write and look up (ServiceTitan's external data). Empty uses ${DEFAULT_EXTERNAL_DATA_APPLICATION_GUID}, the same for every workflow, so a key written by one workflow is found by another. Set your own only to keep this connection's keys apart.`,
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
		assertKnownEnvironment(environment);
		const tokenUrl = tokenUrlOf(isKnownEnvironment(environment) ? ENVIRONMENT_URLS[environment].authUrl : String(credentials.authUrl ?? ''));
		const clientSecret = String(credentials.clientSecret ?? '').trim();
		const redact = (text: string) => (clientSecret.length >= 4 ? text.split(clientSecret).join('[redacted]') : text);
		let response: unknown;
		try {
			response = await this.helpers.httpRequest({
				method: 'POST',
				url: tokenUrl,
				headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
				body: new URLSearchParams({
					grant_type: 'client_credentials',
					client_id: String(credentials.clientId ?? '').trim(),
					client_secret: clientSecret,
				}).toString(),
				json: false,
			});
		} catch (error) {
			const failure = error as { httpCode?: string; response?: { status?: number; data?: unknown; body?: unknown }; message?: string };
			const status = failure.response?.status ?? Number(failure.httpCode);
			const oauthError = oauthErrorOf(failure.response?.data ?? failure.response?.body);
			// Only a refusal of the client itself blames the ID or secret (not invalid_grant, a 404 or a 503).
			if (oauthError === 'invalid_client' || oauthError === 'unauthorized_client' || status === 401 || (status === 400 && oauthError === undefined)) {
				throw new Error('ServiceTitan rejected the Client ID or Client Secret (invalid_client). Copy both again from Settings > Integrations > API Application Access.');
			}
			if (oauthError) throw new Error(`ServiceTitan's auth server refused the token request (${oauthError}).`);
			if (status === 404) throw new Error(`Nothing answers at the token endpoint ${tokenUrl} (404). Check the Auth URL.`);
			throw new Error(redact(`Could not get a ServiceTitan access token from ${tokenUrl}: ${failure.message ?? 'unknown error'}`));
		}
		let parsed: unknown = response;
		if (typeof response === 'string') {
			try {
				parsed = JSON.parse(response);
			} catch {
				throw new Error(
					`ServiceTitan's auth server at ${tokenUrl} answered with something that is not JSON (it starts with "${redact(response.trim().slice(0, 40))}"); check the Auth URL.`,
				);
			}
		}
		const accessToken = (parsed as { access_token?: unknown } | null)?.access_token;
		if (typeof accessToken !== 'string' || !accessToken.trim()) {
			throw new Error(`ServiceTitan's auth server at ${tokenUrl} answered without an access token.`);
		}
		return { accessToken };
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

/** The OAuth `error` code of a token endpoint answer (JSON text or parsed), if it has one. */
function oauthErrorOf(body: unknown): string | undefined {
	let value = body;
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value);
		} catch {
			return undefined;
		}
	}
	const error = (value as { error?: unknown } | null)?.error;
	return typeof error === 'string' ? error : undefined;
}
