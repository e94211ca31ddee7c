import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { connectionFromCredentials } from '../helpers/connection';
import { ServiceTitanApiError, ServiceTitanAuthError, ServiceTitanClient, ServiceTitanError } from '../transport';

/**
 * Fetches a token, then makes one cheap tenant-scoped call, and says which part failed:
 * client ID/secret, app key, tenant connection, or the network.
 */
export async function testServiceTitanCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	let connection: ReturnType<typeof connectionFromCredentials>;
	let client: ServiceTitanClient;
	try {
		connection = connectionFromCredentials(credential.data ?? {});
		client = new ServiceTitanClient(connection, { retry: { maxAttempts: 2 } });
	} catch (error) {
		// An unknown environment, a tenant ID that is not a number, or unusable custom URLs.
		return { status: 'Error', message: `${(error as Error).message}.`.replace(/\.\.$/, '.') };
	}
	try {
		await client.ensureAccessToken();
	} catch (error) {
		if (error instanceof ServiceTitanAuthError) return { status: 'Error', message: tokenFailure(error, client.tokenUrl) };
		return { status: 'Error', message: `Network: ${(error as ServiceTitanError).message}` };
	}
	try {
		await client.request({ module: 'settings', method: 'GET', path: 'business-units', query: { page: 1, pageSize: 1 } });
		return { status: 'OK', message: 'Connection successful: token issued, app key and tenant accepted.' };
	} catch (error) {
		if (error instanceof ServiceTitanApiError) {
			// The token was issued, so the Client ID and Secret are right: what failed is the app key or the tenant.
			const trace = error.traceId ? ` (ServiceTitan traceId: ${error.traceId})` : '';
			return { status: 'Error', message: `Token issued, but the call to tenant ${connection.tenantId} failed: ${error.message}${trace}` };
		}
		return { status: 'Error', message: `Network: ${(error as Error).message}` };
	}
}

/** Which part of the token request failed: only a refusal of the client blames the ID or secret. */
function tokenFailure(error: ServiceTitanAuthError, tokenUrl: string): string {
	if (error.oauthError === 'invalid_client' || error.oauthError === 'unauthorized_client' || error.status === 401) {
		return 'Client ID or Client Secret rejected by ServiceTitan (invalid_client). Copy both again from Settings > Integrations > API Application Access.';
	}
	if (error.status === 404) return `Nothing answers at the token endpoint ${tokenUrl} (404). Check the Auth URL.`;
	if (error.status === 429 || (error.status !== undefined && error.status >= 500)) {
		return `ServiceTitan's auth server is not available right now (HTTP ${error.status}); try again in a few minutes.`;
	}
	return error.message;
}
