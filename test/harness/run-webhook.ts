import './environment';

import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookContext, WorkflowExecute } from 'n8n-core';
import type { IDataObject, INode, INodeExecutionData, IRun, IWebhookData, IWebhookResponseData, IWorkflowBase, IWorkflowExecuteAdditionalData } from 'n8n-workflow';
import { createRunExecutionData, UnexpectedError, Workflow } from 'n8n-workflow';

import type { CredentialsByType, CredentialUpdate } from './credentials';
import { HarnessCredentialsHelper } from './credentials';
import { buildAdditionalData, buildHooks, credentialTypes, HARNESS_WORKFLOW_ID, nextExecutionId, nodeCredentialsFor, nodeTypes } from './engine';
import type { AnyNodeType, PackageNodeName } from './node-types';
import { HarnessNodeTypes } from './node-types';
import { summarizeError, type RecordedNodeError } from './run-workflow';

export interface WebhookEndpointOptions {
	nodeType: AnyNodeType | PackageNodeName | string;
	parameters?: INode['parameters'];
	credentials?: CredentialsByType;
	/**
	 * 'webhook': the production URL of a published workflow; static data persists between deliveries
	 * (n8n saves it after each webhook() call). 'manual': the test URL ("Listen for test event"),
	 * where n8n never saves static data, so every delivery starts from the same copy.
	 */
	mode?: 'webhook' | 'manual';
	/** The workflow's static data, owned by the test (mutated in place in 'webhook' mode). */
	staticData?: IDataObject;
	/**
	 * 'webhook' mode only. As n8n does, each request reads its own copy of the saved static data as it arrives, and
	 * the webhook call and then its execution each save their copy back whole when they changed it (the last save
	 * wins). Without it every delivery shares one object, which hides what overlapping deliveries do.
	 */
	staticDataPerRequest?: boolean;
	nodeName?: string;
	typeVersion?: number;
	/** Continue (regular output) when the node's execute() fails on an item. */
	continueOnFail?: boolean;
}

/** One execution a delivery started, once it finished. */
export interface WebhookExecution {
	status: IRun['status'];
	/** Main output 0 of the trigger node. */
	items: INodeExecutionData[];
	error?: RecordedNodeError;
	run: IRun;
}

/** What one HTTP delivery got, and the execution it started (if any). */
export interface WebhookDelivery {
	status: number;
	/** Parsed JSON of the response (or its text). */
	responseBody: unknown;
	/** Settles when the started execution finished; undefined when none was started. */
	execution?: Promise<WebhookExecution>;
}

export interface WebhookEndpoint {
	/** POST deliveries here (a real loopback HTTP server, like n8n's /webhook/<id>/webhook). */
	url: string;
	deliveries: WebhookDelivery[];
	/** Finished executions, in the order they were started. */
	executions(): Promise<WebhookExecution[]>;
	staticData: IDataObject;
	credentialUpdates: CredentialUpdate[];
	/**
	 * Makes the next `count` requests overlap as deliveries do in n8n when a re-send arrives before the first is
	 * answered: each reads its static data, then waits until all `count` have before the node's webhook() is called.
	 * (Sent together over loopback they would otherwise be handled one after another.)
	 */
	overlapNext(count: number): void;
	close(): Promise<void>;
}

export interface WebhookRun extends WebhookDelivery {
	/** The started execution, awaited (undefined when the delivery started none). */
	finished?: WebhookExecution;
	staticData: IDataObject;
	/** Plain copy of `staticData['node:<name>']` after the delivery. */
	nodeStaticData: IDataObject;
}

/** The parts of express's Request/Response n8n's webhook code and our node use. */
type HarnessRequest = http.IncomingMessage & {
	body?: unknown;
	rawBody?: Buffer;
	readRawBody: () => Promise<void>;
	contentType?: string;
	query: Record<string, string>;
	params: Record<string, string>;
};
type HarnessResponse = http.ServerResponse & {
	status(code: number): HarnessResponse;
	json(body: unknown): HarnessResponse;
	send(body: unknown): HarnessResponse;
};

const WEBHOOK_ID = 'harness-webhook-id';

/**
 * A loopback HTTP endpoint that handles each request the way n8n 2.40's LiveWebhooks and
 * WebhookHelpers.executeWebhook do: raw body kept, JSON parsed for application/json (422 when it
 * does not parse), the node's webhook() called with n8n-core's real WebhookContext, the answer taken
 * from noWebhookResponse / webhookResponse / the description's responseCode, and workflowData run
 * as a new execution by n8n-core's WorkflowExecute starting at the trigger node.
 */
export async function startWebhookEndpoint(options: WebhookEndpointOptions): Promise<WebhookEndpoint> {
	const mode = options.mode ?? 'webhook';
	const credentials = options.credentials ?? {};
	const staticData = options.staticData ?? {};
	const { typeName, nodeType } = nodeTypes.resolve(options.nodeType);
	const typeVersion = options.typeVersion ?? HarnessNodeTypes.defaultVersion(nodeType);
	const resolvedType = nodeTypes.getByNameAndVersion(typeName, typeVersion);
	const webhookDescription = resolvedType.description.webhooks?.find((webhook) => webhook.name === 'default');
	if (typeof resolvedType.webhook !== 'function' || !webhookDescription) {
		throw new UnexpectedError(`Node type "${typeName}" has no default webhook`);
	}
	const node: INode = {
		id: 'harness-webhook-node',
		name: options.nodeName ?? HarnessNodeTypes.defaultNodeName(nodeType),
		type: typeName,
		typeVersion,
		position: [0, 0],
		webhookId: WEBHOOK_ID,
		parameters: structuredClone(options.parameters ?? {}),
		credentials: nodeCredentialsFor(credentials),
		onError: options.continueOnFail ? 'continueRegularOutput' : undefined,
	};
	const credentialsHelper = new HarnessCredentialsHelper(credentialTypes, credentials);
	const deliveries: WebhookDelivery[] = [];

	const workflowFor = (data: IDataObject): Workflow =>
		new Workflow({
			id: HARNESS_WORKFLOW_ID,
			name: 'Harness webhook workflow',
			nodes: [node],
			connections: {},
			active: mode === 'webhook',
			nodeTypes,
			staticData: data,
			settings: { executionOrder: 'v1' },
		});

	const perRequest = mode === 'webhook' && options.staticDataPerRequest === true;
	/**
	 * n8n's save of a workflow's static data: the whole object, when n8n-workflow's observable marked it changed (an
	 * empty object created by getWorkflowStaticData('node') does not count).
	 */
	const saveIfChanged = (copy: IDataObject): void => {
		if (copy.__dataChanged !== true) return;
		copy.__dataChanged = false;
		const { __dataChanged: _flag, ...saved } = plain(copy);
		for (const key of Object.keys(staticData)) delete staticData[key];
		Object.assign(staticData, saved);
	};

	let overlap: { waiting: number; allArrived: Promise<void>; arrive: () => void } | undefined;
	const overlapNext = (count: number) => {
		let arrive = () => {};
		const allArrived = new Promise<void>((resolve) => (arrive = resolve));
		overlap = { waiting: count, allArrived, arrive };
	};

	async function handle(req: HarnessRequest, res: HarnessResponse): Promise<WebhookDelivery> {
		// Read as the request arrives, as n8n loads the workflow for it.
		const ownCopy = mode === 'manual' || perRequest ? structuredClone(plain(staticData)) : undefined;
		await req.readRawBody();
		if (overlap) {
			const group = overlap;
			if (--group.waiting === 0) {
				overlap = undefined;
				group.arrive();
			}
			await group.allArrived;
		}
		if (req.contentType === 'application/json' && req.rawBody?.length) {
			try {
				req.body = JSON.parse(req.rawBody.toString('utf8'));
			} catch (error) {
				// n8n's parseBody: UnprocessableRequestError before the node runs.
				res.status(422).json({ code: 422, message: 'Failed to parse request body', hint: (error as Error).message });
				return { status: 422, responseBody: undefined };
			}
		}
		// Manual (test URL) executions never save static data: each sees the same copy.
		const workflow = workflowFor(ownCopy ?? staticData);
		const executionId = nextExecutionId();
		const additionalData: IWorkflowExecuteAdditionalData = {
			...buildAdditionalData({ credentialsHelper, executionId }),
			httpRequest: req as never,
			httpResponse: res as never,
		};
		const webhookData: IWebhookData = {
			httpMethod: webhookDescription!.httpMethod as IWebhookData['httpMethod'],
			node: node.name,
			path: `${WEBHOOK_ID}/${String(webhookDescription!.path)}`,
			webhookDescription: webhookDescription!,
			workflowId: HARNESS_WORKFLOW_ID,
			workflowExecuteAdditionalData: additionalData,
			webhookId: WEBHOOK_ID,
		};
		const context = new WebhookContext(workflow, node, additionalData, mode, webhookData, [], null);
		let result: IWebhookResponseData;
		try {
			result = await resolvedType.webhook!.call(context);
		} catch (error) {
			// n8n answers 500 and records a failed execution that never ran the trigger's output.
			res.status(500).json({ code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' });
			const failed: WebhookExecution = { status: 'error', items: [], error: summarizeError(error as never), run: undefined as never };
			return { status: 500, responseBody: undefined, execution: Promise.resolve(failed) };
		}
		if (perRequest) saveIfChanged(workflow.staticData);
		if (result.noWebhookResponse) {
			if (!res.writableEnded) res.end();
			return { status: res.statusCode, responseBody: undefined };
		}
		const responseCode = Number(webhookDescription!.responseCode ?? 200);
		if (result.workflowData === undefined) {
			res.status(responseCode).json(result.webhookResponse ?? { message: 'Webhook call received' });
			return { status: responseCode, responseBody: undefined };
		}
		const execution = execute(workflow, result.workflowData, executionId, additionalData).then((finished) => {
			if (perRequest) saveIfChanged(workflow.staticData);
			return finished;
		});
		// onReceived: n8n answers once the execution has been started, not when it ends.
		res.status(responseCode).json(result.webhookResponse ?? { message: 'Workflow was started' });
		return { status: responseCode, responseBody: undefined, execution };
	}

	async function execute(workflow: Workflow, workflowData: INodeExecutionData[][], executionId: string, base: IWorkflowExecuteAdditionalData): Promise<WebhookExecution> {
		const workflowBase: IWorkflowBase = {
			id: HARNESS_WORKFLOW_ID,
			name: workflow.name ?? 'Harness webhook workflow',
			active: mode === 'webhook',
			activeVersionId: null,
			isArchived: false,
			nodes: [node],
			connections: {},
			settings: { executionOrder: 'v1' },
			createdAt: new Date(),
			updatedAt: new Date(),
		};
		const hooks = buildHooks(mode, executionId, workflowBase);
		const additionalData = { ...base, hooks, httpRequest: undefined, httpResponse: undefined };
		const runExecutionData = createRunExecutionData({
			executionData: { nodeExecutionStack: [{ node, data: { main: workflowData }, source: null }] },
		});
		const run = await new WorkflowExecute(additionalData, mode, runExecutionData).processRunExecutionData(workflow);
		const taskRuns = run.data.resultData.runData[node.name] ?? [];
		const last = taskRuns[taskRuns.length - 1];
		const error = last?.error ?? run.data.resultData.error;
		return { status: run.status, items: last?.data?.main?.[0] ?? [], error: error ? summarizeError(error) : undefined, run };
	}

	const server = http.createServer((rawReq, rawRes) => {
		const req = adaptRequest(rawReq);
		const res = adaptResponse(rawRes);
		const delivery: WebhookDelivery = { status: 0, responseBody: undefined };
		deliveries.push(delivery);
		handle(req, res).then(
			(outcome) => {
				delivery.status = outcome.status || res.statusCode;
				delivery.responseBody = (res as { sentBody?: unknown }).sentBody;
				delivery.execution = outcome.execution;
			},
			(error: unknown) => {
				delivery.status = 500;
				if (!res.headersSent) res.status(500).json({ message: (error as Error).message });
			},
		);
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;

	return {
		url: `http://127.0.0.1:${port}/webhook/${WEBHOOK_ID}/${String(webhookDescription.path)}`,
		deliveries,
		async executions() {
			const started = deliveries.map((delivery) => delivery.execution).filter((execution) => execution !== undefined);
			return await Promise.all(started);
		},
		staticData,
		credentialUpdates: credentialsHelper.updates,
		overlapNext,
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

/** Starts an endpoint, POSTs one delivery to it, waits for the execution it started, and closes it. */
export async function runWebhook(options: WebhookEndpointOptions & { body: string | Buffer | unknown; headers?: Record<string, string> }): Promise<WebhookRun> {
	const endpoint = await startWebhookEndpoint(options);
	try {
		const { body, headers } = options;
		const payload = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
		const response = await fetch(endpoint.url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...headers },
			body: payload,
		});
		const text = await response.text();
		let responseBody: unknown = text;
		try {
			responseBody = text ? JSON.parse(text) : undefined;
		} catch {
			/* not JSON */
		}
		const delivery = endpoint.deliveries[endpoint.deliveries.length - 1];
		const finished = delivery?.execution ? await delivery.execution : undefined;
		const nodeName = options.nodeName ?? HarnessNodeTypes.defaultNodeName(nodeTypes.resolve(options.nodeType).nodeType);
		return {
			status: response.status,
			responseBody,
			execution: delivery?.execution,
			finished,
			staticData: endpoint.staticData,
			nodeStaticData: plain((endpoint.staticData[`node:${nodeName}`] as IDataObject | undefined) ?? {}),
		};
	} finally {
		await endpoint.close();
	}
}

function adaptRequest(req: http.IncomingMessage): HarnessRequest {
	const adapted = req as HarnessRequest;
	const url = new URL(req.url ?? '/', 'http://127.0.0.1');
	adapted.query = Object.fromEntries(url.searchParams);
	adapted.params = {};
	adapted.contentType =
		String(req.headers['content-type'] ?? '')
			.split(';')[0]
			.trim()
			.toLowerCase() || undefined;
	adapted.readRawBody = async () => {
		if (adapted.rawBody) return;
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		adapted.rawBody = Buffer.concat(chunks);
	};
	return adapted;
}

function adaptResponse(res: http.ServerResponse): HarnessResponse {
	const adapted = res as HarnessResponse & { sentBody?: unknown };
	adapted.status = (code: number) => {
		adapted.statusCode = code;
		return adapted;
	};
	adapted.json = (body: unknown) => {
		adapted.sentBody = body;
		if (!adapted.headersSent) adapted.setHeader('content-type', 'application/json; charset=utf-8');
		adapted.end(JSON.stringify(body));
		return adapted;
	};
	adapted.send = (body: unknown) => {
		if (typeof body === 'object' && body !== null && !Buffer.isBuffer(body)) return adapted.json(body);
		adapted.sentBody = body;
		adapted.end(body === undefined ? undefined : (body as string | Buffer));
		return adapted;
	};
	return adapted;
}

function plain(value: IDataObject): IDataObject {
	return JSON.parse(JSON.stringify(value ?? {})) as IDataObject;
}
