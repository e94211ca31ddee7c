/**
 * Shared set-up for the webhook trigger suites: the node and its signing credential registered in
 * the harness, CloudEvents shaped like ServiceTitan's, and signing with the app's key.
 */
import { randomUUID } from 'node:crypto';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { ServiceTitanWebhookApi } from '../../credentials/ServiceTitanWebhookApi.credentials';
import { ServiceTitanWebhookTrigger } from '../../nodes/ServiceTitan/ServiceTitanWebhookTrigger.node';
import { registerCredentialType, runWebhook, type CredentialsByType, type WebhookRun } from '../harness';
import { SIGNATURE_HEADER, WEBHOOK_SOURCE, signBody, type CloudEvent } from '../simulator';

registerCredentialType(new ServiceTitanWebhookApi());

export const webhookTrigger = new ServiceTitanWebhookTrigger();
export const SIGNING_KEY = 'k3y-0f-the-app-in-the-developer-portal-32+';
export const signingCredentials: CredentialsByType = { serviceTitanWebhookApi: { signingKey: SIGNING_KEY } };

/** A CloudEvent as ServiceTitan sends it (fresh delivery id and userassignedid unless given). */
export function cloudEvent(type: string, data: IDataObject, overrides: Partial<CloudEvent> = {}): CloudEvent {
	return {
		specversion: '1.0',
		id: randomUUID(),
		type,
		time: '2026-11-01T12:00:00.000Z',
		source: WEBHOOK_SOURCE,
		userassignedid: randomUUID(),
		datacontenttype: 'application/json',
		data,
		...overrides,
	};
}

export const jobCompleted = (jobId: number, overrides: Partial<CloudEvent> = {}) =>
	cloudEvent('tn.jpm.job-completed', { job: { id: jobId, jobNumber: String(jobId), jobStatus: 'Completed' }, tenantId: 1000001, tenantName: 'Sim' }, overrides);

/** POSTs a body signed with `key` (hex unless asked) to the trigger running in n8n's engine. */
export async function deliver(
	body: unknown,
	options: {
		parameters?: INodeParameters;
		key?: string | null;
		encoding?: 'hex' | 'base64';
		headers?: Record<string, string>;
		credentials?: CredentialsByType;
		staticData?: IDataObject;
	} = {},
): Promise<WebhookRun> {
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	const key = options.key === undefined ? SIGNING_KEY : options.key;
	const headers: Record<string, string> = { ...(key ? { [SIGNATURE_HEADER]: signBody(key, text, options.encoding) } : {}), ...options.headers };
	return await runWebhook({
		nodeType: webhookTrigger,
		parameters: { events: ['tn.jpm.job-completed'], ...options.parameters },
		credentials: options.credentials ?? signingCredentials,
		staticData: options.staticData,
		body: text,
		headers,
	});
}
