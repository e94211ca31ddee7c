import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { credentialTestRead } from '../catalog/records';
import { connectionFromCredentials } from '../helpers/connection';
import { ServiceTitanApiError, ServiceTitanAuthError, ServiceTitanClient, ServiceTitanError } from '../transport';

/**
 * Fetches a token, then makes one cheap tenant-scoped call, and says which part failed:
 * client ID/secret, app key, tenant connection, or the network.
 */
export async function testServiceTitanCredential(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
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
		if (error instanceof ServiceTitanAuthError) return { status: 'Error', message: error.message };
		return { status: 'Error', message: `Network: ${(error as ServiceTitanError).message}` };
	}
	try {
		await client.request({ ...credentialTestRead(), method: 'GET', query: { page: 1, pageSize: 1 } });
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
