import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';
import { NOTHING_SENT, ServiceTitanApiError, ServiceTitanAuthError, ServiceTitanError } from '../transport';

/**
 * Turns transport errors into the n8n errors users see: NodeApiError with ServiceTitan's status,
 * title, field errors and traceId for API answers; NodeOperationError for everything that never
 * became an API answer. The message says what to do where we know it, and says so when a write may
 * have been applied although it failed.
 */
export function toNodeError(node: INode, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (itemIndex !== undefined && error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
		return error;
	}
	if (error instanceof ServiceTitanApiError) {
		const fields = error.fieldSummary();
		const message = error.message;
		return keepMessage(
			new NodeApiError(
				node,
				{
					status: error.status,
					title: error.title,
					type: error.type ?? null,
					traceId: error.traceId ?? null,
					errors: error.fieldErrors,
				} as unknown as JsonObject,
				{
					message,
					description: [
						outcomeNote(error),
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
			),
			message,
		);
	}
	if (error instanceof ServiceTitanAuthError) {
		return keepMessage(
			new NodeApiError(node, { status: error.status ?? null, error: error.oauthError ?? null } as unknown as JsonObject, {
				message: error.message,
				description: `The token request failed, so ${NOTHING_SENT}.`,
				httpCode: error.status ? String(error.status) : undefined,
				itemIndex,
			}),
			error.message,
		);
	}
	if (error instanceof ServiceTitanError) {
		const message = error.describe();
		return keepMessage(new NodeOperationError(node, message, { itemIndex, description: outcomeNote(error) }), message);
	}
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(node, message, { itemIndex });
}

/**
 * n8n replaces any message that contains a Node error code (ECONNRESET, ECONNREFUSED, ETIMEDOUT …)
 * by a generic text ("… You can retry the request immediately"): for a write whose reply was lost
 * that is the wrong advice, and it drops method, path and attempts. Ours already says what happened,
 * so it is put back; n8n's text stays in `messages`.
 */
function keepMessage<E extends NodeApiError | NodeOperationError>(error: E, message: string): E {
	error.message = message;
	return error;
}

export const MAY_HAVE_BEEN_APPLIED_NOTE =
	'It was sent, but its answer was lost or unusable, and the node did not send it again: look the record up in ServiceTitan before re-running. A create of a record ServiceTitan can key (customers, locations, jobs, projects, bookings, pricebook items …) avoids this with an External Key: the node then looks the key up and knows whether it was applied.';
export const PROBABLY_SUCCEEDED_NOTE =
	'An earlier attempt was sent but its answer was lost; the retry got this answer, so most likely the first attempt succeeded. Check the record in ServiceTitan.';

function outcomeNote(error: ServiceTitanError): string | undefined {
	if (error.mayHaveBeenApplied) return MAY_HAVE_BEEN_APPLIED_NOTE;
	if (error.afterLostReply) return PROBABLY_SUCCEEDED_NOTE;
	return undefined;
}
