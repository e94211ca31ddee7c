import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { mainConnection } from './compatibility';
import { CREDENTIAL_TYPE, getClient } from './helpers/connection';
import { toNodeError } from './helpers/errors';
import { duplicateKey, parseDelivery, type ServiceTitanEvent } from './webhook/cloudEvent';
import { takeNewKeys } from './webhook/duplicates';
import { WEBHOOK_EVENT_TYPES } from './webhook/events';
import { fetchFullRecord } from './webhook/fetchRecord';
import { takeEventsToRun, type ClaimScope } from './webhook/runOnce';
import { DEFAULT_SIGNATURE_HEADER, verifySignature } from './webhook/signature';
import { WEBHOOK_TRIGGER_BUILDER_HINT } from './helpers/builderHints';

export const SIGNING_CREDENTIAL_TYPE = 'serviceTitanWebhookApi';

/** What the node answers ServiceTitan; only the status matters to it, the body helps whoever debugs. */
interface DeliveryAnswer extends IDataObject {
	received: number;
	started: number;
	notSelected: number;
	duplicates: number;
}

export class ServiceTitanWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ServiceTitan Webhook Trigger',
		name: 'serviceTitanWebhookTrigger',
		icon: { light: 'file:servicetitan.svg', dark: 'file:servicetitan.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{($parameter["events"] || []).length + " event type(s)"}}',
		description: 'Starts the workflow the moment ServiceTitan sends a V2 webhook event (job completed, lead created, invoice posted …)',
		defaults: { name: 'ServiceTitan Webhook Trigger' },
		builderHint: WEBHOOK_TRIGGER_BUILDER_HINT,
		inputs: [],
		outputs: [mainConnection()],
		credentials: [
			{ name: SIGNING_CREDENTIAL_TYPE, required: true, displayOptions: { show: { authentication: ['signature'] } } },
			{ name: CREDENTIAL_TYPE, required: true, displayOptions: { show: { fetchFullRecord: [true] } } },
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// Answer as soon as the execution is queued: ServiceTitan retries anything slower or non-2xx.
				responseMode: 'onReceived',
				// Empty, so n8n answers with the node's own summary (webhookResponse) instead of the first item.
				responseData: '',
				path: 'webhook',
			},
		],
		properties: [
			{
				displayName:
					'ServiceTitan has no subscription API. Copy the Production URL above (Webhook URLs) into your app\'s webhook settings in the ServiceTitan developer portal, once for each event selected here (the portal takes one URL per event). Use the Test URL there while you click "Listen for test event".',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				options: WEBHOOK_EVENT_TYPES.map((event) => ({ name: event.name, value: event.value, description: event.value })),
				default: [],
				description: 'The event types that start the workflow. Other events are answered 200 (so ServiceTitan does not retry them) and ignored.',
			},
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{ name: 'HMAC Signature', value: 'signature', description: "Refuse deliveries not signed with the app's HMAC key (answered 401)" },
					{ name: 'None', value: 'none', description: 'Accept unsigned deliveries' },
				],
				default: 'signature',
			},
			{
				displayName:
					'Without a signing key, anyone who knows this URL can start the workflow with made-up events. Set an HMAC key for the app in the developer portal and select HMAC Signature.',
				name: 'unsignedNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { authentication: ['none'] } },
			},
			{
				displayName: 'Fetch Full Record',
				name: 'fetchFullRecord',
				type: 'boolean',
				default: false,
				description:
					'Whether to load the record the event names through the API (the job, invoice, lead, booking, call or zone, and the appointment where there is one) and output it beside the event as "record" and "appointment"',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Signature Header',
						name: 'signatureHeader',
						type: 'string',
						default: DEFAULT_SIGNATURE_HEADER,
						description: 'The request header that carries the HMAC-SHA256 signature of the body (hex or base64)',
					},
				],
			},
		],
	};

	/**
	 * ServiceTitan has no subscription API: events and their URL are set in the developer portal, so publishing or
	 * unpublishing has nothing to register or remove. `checkExists` answers true, so n8n calls neither of the others.
	 */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = this.getRequestObject();
		const response = this.getResponseObject();
		const refuse = (status: 400 | 401, reason: string): IWebhookResponseData => {
			response.status(status).json({ error: reason });
			return { noWebhookResponse: true };
		};

		const rawBody = await readRawBody(request);

		if ((this.getNodeParameter('authentication', 'signature') as string) === 'signature') {
			const options = this.getNodeParameter('options', {}) as IDataObject;
			const headerName = String(options.signatureHeader || DEFAULT_SIGNATURE_HEADER)
				.trim()
				.toLowerCase();
			// Without a selected credential n8n's getCredentials throws, which it answers with 500 and a failed run.
			if (!this.getNode().credentials?.[SIGNING_CREDENTIAL_TYPE]) {
				return refuse(401, 'No signing credential is selected in the trigger, so no delivery can be verified');
			}
			const credentials = await this.getCredentials(SIGNING_CREDENTIAL_TYPE);
			const key = String(credentials.signingKey ?? '');
			if (!key) return refuse(401, 'No HMAC key is set in the signing credential, so no delivery can be verified');
			const check = verifySignature(key, rawBody, request.headers[headerName], headerName);
			if (!check.ok) return refuse(401, check.reason);
		}

		const delivery = parseDelivery(rawBody);
		if (!delivery.ok) return refuse(400, delivery.reason);

		const selected = new Set(this.getNodeParameter('events', []) as string[]);
		const wanted = delivery.events.filter((event) => selected.has(event.type));
		// The test URL's runs ("Listen for test event") claim nothing: n8n keeps no window for them either.
		const node = this.getNode();
		const scope: ClaimScope | undefined = this.getMode() === 'manual' ? undefined : { workflowId: String(this.getWorkflow().id ?? ''), nodeId: node.id || node.name };
		const fresh = await takeEventsToRun(this.getWorkflowStaticData('node'), wanted.map(duplicateKey), scope, (message) =>
			this.logger.warn(`ServiceTitan Webhook Trigger: ${message}`),
		);
		const toRun = wanted.filter((_, index) => fresh[index]);
		const answer: DeliveryAnswer = {
			received: delivery.events.length,
			started: toRun.length,
			notSelected: delivery.events.length - wanted.length,
			duplicates: wanted.length - toRun.length,
		};
		if (toRun.length === 0) return { webhookResponse: answer };
		return { webhookResponse: answer, workflowData: [this.helpers.returnJsonArray(toRun)] };
	}

	/**
	 * Runs inside the execution, after ServiceTitan has its 200: loading records here means a failed
	 * fetch fails this execution with the API's error instead of making ServiceTitan retry.
	 */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		// n8n 2.40 saves the execution's copy of static data (loaded as the execution starts, before the
		// webhook call's own save) when the execution ends, which can drop what webhook() just recorded:
		// record the events here too, so the window holds them whichever save comes last.
		takeNewKeys(
			this.getWorkflowStaticData('node'),
			items.map((item) => duplicateKey(item.json as ServiceTitanEvent)),
			Date.now(),
		);
		if (!(this.getNodeParameter('fetchFullRecord', 0, false) as boolean)) return [items];
		const client = await getClient(this);
		const output: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const event = items[itemIndex].json as ServiceTitanEvent;
			try {
				const full = await fetchFullRecord(client, event);
				output.push({ json: { ...event, ...full }, pairedItem: { item: itemIndex } });
			} catch (error) {
				const nodeError = toNodeError(this.getNode(), error, itemIndex);
				if (!this.continueOnFail()) throw nodeError;
				output.push({ json: { ...event, error: nodeError.message }, pairedItem: { item: itemIndex } });
			}
		}
		return [output];
	}
}

/** The exact bytes received (n8n keeps them as `rawBody`); the signature is over these, not re-serialised JSON. */
async function readRawBody(request: ReturnType<IWebhookFunctions['getRequestObject']>): Promise<Buffer> {
	const withRaw = request as typeof request & { rawBody?: Buffer; readRawBody?: () => Promise<void> };
	if (!withRaw.rawBody && typeof withRaw.readRawBody === 'function') await withRaw.readRawBody();
	if (Buffer.isBuffer(withRaw.rawBody)) return withRaw.rawBody;
	// Only when something upstream consumed the stream without keeping it: the parsed body is all there is.
	const body: unknown = request.body;
	if (body === undefined || body === null) return Buffer.alloc(0);
	return Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
}
