/** From n8n's credential to the transport: the connection it describes, and a client for it that n8n's execution can cancel. */
import { NodeOperationError, type ICredentialDataDecryptedObject, type IExecuteFunctions, type ILoadOptionsFunctions, type IPollFunctions } from 'n8n-workflow';
import { assertKnownEnvironment, DEFAULT_EXTERNAL_DATA_APPLICATION_GUID, isGuid } from '../api';
import { NOTHING_SENT_SENTENCE, ServiceTitanClient, type ServiceTitanConnection } from '../transport';

export const CREDENTIAL_TYPE = 'serviceTitanOAuth2Api';

type ContextWithCredentials = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

/**
 * Turns the credential's fields into the transport's connection settings, refusing values that
 * would otherwise fail later with a misleading error: an unknown environment (never silently
 * production) and a tenant ID that is not a number.
 */
export function connectionFromCredentials(data: ICredentialDataDecryptedObject): ServiceTitanConnection {
	// A credential saved before the field existed has no environment: production was the only one then.
	const environment = String(data.environment ?? 'production');
	assertKnownEnvironment(environment);
	const tenantId = String(data.tenantId ?? '').trim();
	if (!tenantId) throw new Error('Tenant ID is required: the numeric ID of your ServiceTitan tenant');
	if (!/^\d+$/.test(tenantId)) throw new Error(`Tenant ID must be the numeric ID of your ServiceTitan tenant, got "${tenantId}"`);
	return {
		environment,
		authUrl: optionalString(data.authUrl),
		apiBaseUrl: optionalString(data.apiBaseUrl),
		tenantId,
		clientId: String(data.clientId ?? '').trim(),
		// Pasted secrets often carry a trailing newline; ServiceTitan's secrets never contain spaces.
		clientSecret: String(data.clientSecret ?? '').trim(),
		appKey: String(data.appKey ?? '').trim(),
		requestsPerSecond: positiveNumber(data.requestsPerSecond),
		reportRunsPerMinute: positiveNumber(data.reportRunsPerMinute),
	};
}

/** A transport client for the node's credential, cancelled with the execution. */
export async function getClient(context: ContextWithCredentials): Promise<ServiceTitanClient> {
	const data = await context.getCredentials(CREDENTIAL_TYPE);
	const signal = 'getExecutionCancelSignal' in context ? context.getExecutionCancelSignal?.() : undefined;
	try {
		return new ServiceTitanClient(connectionFromCredentials(data), {
			signal,
			logger: {
				debug: (message, meta) => context.logger?.debug(message, meta),
				warn: (message, meta) => context.logger?.warn(message, meta),
			},
		});
	} catch (error) {
		throw new NodeOperationError(context.getNode(), `ServiceTitan credential: ${(error as Error).message}`, {
			description: `${NOTHING_SENT_SENTENCE}. Fix the value in the credential.`,
		});
	}
}

/**
 * Where the node's external keys live: the tenant (claims on a key are per tenant) and the application GUID that
 * scopes external data (the credential's, else the documented default).
 */
export async function getKeyScope(context: IExecuteFunctions): Promise<{ tenantId: string; applicationGuid: string }> {
	const data = await context.getCredentials(CREDENTIAL_TYPE);
	const applicationGuid = optionalString(data.externalDataApplicationGuid) ?? DEFAULT_EXTERNAL_DATA_APPLICATION_GUID;
	if (!isGuid(applicationGuid)) {
		throw new NodeOperationError(
			context.getNode(),
			`ServiceTitan credential: External Data Application GUID must be a GUID like ${DEFAULT_EXTERNAL_DATA_APPLICATION_GUID}, got "${applicationGuid}"`,
			{
				description: `${NOTHING_SENT_SENTENCE}. Fix the value in the credential, or empty it to use the default.`,
			},
		);
	}
	return { tenantId: String(data.tenantId ?? '').trim(), applicationGuid: applicationGuid.toLowerCase() };
}

function optionalString(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function positiveNumber(value: unknown): number | undefined {
	const n = Number(value);
	return Number.isFinite(n) && n > 0 ? n : undefined;
}
