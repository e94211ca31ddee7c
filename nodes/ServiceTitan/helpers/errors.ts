import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';
import { ServiceTitanApiError, ServiceTitanAuthError, ServiceTitanError } from '../transport';

/**
 * Turns transport errors into the n8n errors users see: NodeApiError with ServiceTitan's status,
 * title, field errors and traceId for API answers; NodeOperationError for everything that never
 * became an API answer. The message says what to do where we know it.
 */
export function toNodeError(node: INode, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (itemIndex !== undefined && error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
		return error;
	}
	if (error instanceof ServiceTitanApiError) {
		const fields = error.fieldSummary();
		const apiError = new NodeApiError(
			node,
			{
				status: error.status,
				title: error.title,
				type: error.type ?? null,
				traceId: error.traceId ?? null,
				errors: error.fieldErrors,
			} as unknown as JsonObject,
			{
				message: apiMessage(error),
				description: [
					fields ? `Fields: ${fields}` : undefined,
					error.traceId ? `ServiceTitan traceId: ${error.traceId}` : undefined,
					`${error.method ?? ''} ${error.path ?? ''}`.trim() || undefined,
					`Attempts: ${error.attempts}`,
				]
					.filter(Boolean)
					.join('\n'),
				httpCode: String(error.status),
				itemIndex,
			},
		);
		return apiError;
	}
	if (error instanceof ServiceTitanAuthError) {
		return new NodeApiError(node, { status: error.status ?? null, error: error.oauthError ?? null } as unknown as JsonObject, {
			message: error.message,
			description: 'The token request failed, so nothing was sent to the ServiceTitan API.',
			httpCode: error.status ? String(error.status) : undefined,
			itemIndex,
		});
	}
	if (error instanceof ServiceTitanError) {
		return new NodeOperationError(node, error.describe(), { itemIndex });
	}
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(node, message, { itemIndex });
}

function apiMessage(error: ServiceTitanApiError): string {
	const fields = error.fieldSummary();
	const base = `ServiceTitan ${error.status}: ${error.title}`;
	const hint = HINTS[error.status];
	return [base, fields ? `(${fields})` : '', hint ? `— ${hint}` : ''].filter(Boolean).join(' ');
}

const HINTS: Record<number, string> = {
	401: 'the app key was rejected or the token is no longer valid; check the App Key in the credential',
	403: 'the app has no access to this API area for this tenant (check the app scopes and that the tenant admin connected the app)',
	404: 'no record with that ID in this tenant',
	429: 'ServiceTitan kept rate-limiting after the retries; try again later or lower Requests per Second in the credential',
};
