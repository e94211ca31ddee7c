import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { connectionFromCredentials } from '../helpers/client';
import { ServiceTitanApiError, ServiceTitanAuthError, ServiceTitanClient, ServiceTitanError } from '../transport';

/**
 * Fetches a token, then makes one cheap tenant-scoped call, and says which part failed:
 * client ID/secret, app key, tenant connection, or the network.
 */
export async function testServiceTitanCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const connection = connectionFromCredentials(credential.data ?? {});
	if (!connection.tenantId || !/^\d+$/.test(connection.tenantId)) {
		return { status: 'Error', message: 'Tenant ID must be the numeric ID of your ServiceTitan tenant.' };
	}
	let client: ServiceTitanClient;
	try {
		client = new ServiceTitanClient(connection, { retry: { maxAttempts: 2 } });
	} catch (error) {
		// A custom environment with an unusable Auth URL or API Base URL.
		return { status: 'Error', message: (error as Error).message };
	}
	try {
		await client.getAccessToken();
	} catch (error) {
		if (error instanceof ServiceTitanAuthError) {
			return { status: 'Error', message: 'Client ID or Client Secret rejected by ServiceTitan (invalid_client). Copy both again from Settings > Integrations > API Application Access.' };
		}
		return { status: 'Error', message: `Network: ${(error as ServiceTitanError).message}` };
	}
	try {
		await client.request({ module: 'settings', method: 'GET', path: 'business-units', query: { page: 1, pageSize: 1 } });
		return { status: 'OK', message: 'Connection successful: token issued, app key and tenant accepted.' };
	} catch (error) {
		if (error instanceof ServiceTitanApiError) {
			if (error.status === 401) {
				return { status: 'Error', message: `App Key rejected by ServiceTitan (401: ${error.title}). Use the app key from the developer portal, not the Client ID.` };
			}
			if (error.status === 403) {
				return {
					status: 'Error',
					message: `Tenant ${connection.tenantId} is not connected to this app, or the app lacks the Settings scope (403: ${error.title}). A tenant admin connects apps under Settings > Integrations > API Application Access.`,
				};
			}
			if (error.status === 404) {
				return { status: 'Error', message: `Tenant ${connection.tenantId} was not found (404). Check the Tenant ID.` };
			}
			return { status: 'Error', message: error.message };
		}
		return { status: 'Error', message: `Network: ${(error as Error).message}` };
	}
}
