import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';
import { ServiceTitanClient, type ServiceTitanConnection, type ServiceTitanEnvironment } from '../transport';

export const CREDENTIAL_TYPE = 'serviceTitanOAuth2Api';

type ContextWithCredentials = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

/** Turns the credential's fields into the transport's connection settings. */
export function connectionFromCredentials(data: ICredentialDataDecryptedObject): ServiceTitanConnection {
	const environment = (['production', 'integration', 'custom'].includes(String(data.environment))
		? data.environment
		: 'production') as ServiceTitanEnvironment;
	return {
		environment,
		authUrl: optionalString(data.authUrl),
		apiBaseUrl: optionalString(data.apiBaseUrl),
		tenantId: String(data.tenantId ?? '').trim(),
		clientId: String(data.clientId ?? '').trim(),
		clientSecret: String(data.clientSecret ?? ''),
		appKey: String(data.appKey ?? '').trim(),
		requestsPerSecond: positiveNumber(data.requestsPerSecond),
		reportRunsPerMinute: positiveNumber(data.reportRunsPerMinute),
	};
}

/** A transport client for the node's credential, cancelled with the execution. */
export async function getClient(context: ContextWithCredentials): Promise<ServiceTitanClient> {
	const data = await context.getCredentials(CREDENTIAL_TYPE);
	const connection = connectionFromCredentials(data);
	const signal = 'getExecutionCancelSignal' in context ? context.getExecutionCancelSignal?.() : undefined;
	return new ServiceTitanClient(connection, {
		signal,
		logger: {
			debug: (message, meta) => context.logger?.debug(message, meta),
			warn: (message, meta) => context.logger?.warn(message, meta),
		},
	});
}

function optionalString(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function positiveNumber(value: unknown): number | undefined {
	const n = Number(value);
	return Number.isFinite(n) && n > 0 ? n : undefined;
}
