import './environment';

import { WorkflowExecute } from 'n8n-core';
import type { ExecutionError, ExecutionStatus, IConnections, IDataObject, INode, INodeExecutionData, IRun, IWorkflowBase, WorkflowExecuteMode } from 'n8n-workflow';
import { createRunExecutionData, NodeConnectionTypes, UnexpectedError, Workflow } from 'n8n-workflow';

import type { CredentialsByType, CredentialUpdate } from './credentials';
import { HarnessCredentialsHelper } from './credentials';
import { buildAdditionalData, buildHooks, credentialTypes, HARNESS_WORKFLOW_ID, initBinaryDataService, nextExecutionId, nodeCredentialsFor, nodeTypes } from './engine';
import type { AnyNodeType, PackageNodeName } from './node-types';
import { HarnessNodeTypes, ITEMS_SOURCE_TYPE } from './node-types';

/** A node as a test describes it; the harness fills in id, position and the credential references. */
export interface HarnessNode {
	name: string;
	/** Full type name ('n8n-nodes-servicetitan.serviceTitan'), a shipped node's short name, or an instance. */
	type: AnyNodeType | PackageNodeName | string;
	typeVersion?: number;
	parameters?: INode['parameters'];
	onError?: INode['onError'];
	retryOnFail?: boolean;
	maxTries?: number;
	waitBetweenTries?: number;
	alwaysOutputData?: boolean;
	executeOnce?: boolean;
	disabled?: boolean;
}

export interface RunWorkflowOptions {
	nodes: HarnessNode[];
	/** Defaults to a straight chain nodes[0] → nodes[1] → … on the main output 0. */
	connections?: IConnections;
	/** Decrypted credential data per credential type; every node gets a reference to each. */
	credentials?: CredentialsByType;
	/** JSON of the items the first node receives (from a harness "Items Source" start node). */
	inputItems?: IDataObject[];
	/** Files of the input items, by item index then binary field name (stored through n8n's binary data service). */
	inputFiles?: Array<Record<string, HarnessFile> | undefined>;
	/** 'manual' is an editor run, 'cli' is `n8n execute`, 'trigger' a production run. */
	mode?: WorkflowExecuteMode;
	/** The workflow's timezone setting (IANA name); n8n's default when absent. */
	timezone?: string;
	/** Aborting it cancels the execution as n8n's Stop button does (the engine's PCancelable.cancel()). */
	cancelSignal?: AbortSignal;
}

/** A file a test hands to the first node. */
export interface HarnessFile {
	data: Buffer;
	fileName?: string;
	mimeType?: string;
}

function inputItem(json: IDataObject, files: Record<string, HarnessFile> | undefined): INodeExecutionData {
	if (!files) return { json: structuredClone(json) };
	const binary: INodeExecutionData['binary'] = {};
	for (const [field, file] of Object.entries(files)) {
		binary[field] = { data: file.data.toString('base64'), fileName: file.fileName, mimeType: file.mimeType ?? 'application/octet-stream' };
	}
	return { json: structuredClone(json), binary };
}

/** The error the engine recorded for a node: the form n8n persists and shows in the UI. */
export interface RecordedNodeError {
	/** Error class name: 'NodeApiError', 'NodeOperationError', … */
	name: string;
	message: string;
	description?: string | null;
	itemIndex?: number;
	httpCode?: string | null;
	/** Everything the engine recorded, for assertions beyond the common fields. */
	recorded: ExecutionError;
}

export interface NodeRunOutput {
	/** Main outputs of the node's last run (index 1 is the error output with onError 'continueErrorOutput'). */
	outputs: INodeExecutionData[][];
	error?: RecordedNodeError;
}

export interface WorkflowRun {
	status: ExecutionStatus;
	/** Per node name, in execution order. */
	nodeRuns: Record<string, NodeRunOutput>;
	executionOrder: string[];
	/** The workflow-level error (the node error that stopped the execution), if any. */
	error?: RecordedNodeError;
	credentialUpdates: CredentialUpdate[];
	/** The engine's complete result, for anything the summary leaves out. */
	run: IRun;
}

export const INPUT_NODE_NAME = 'Input Items';

/** Executes a workflow with n8n-core's WorkflowExecute, starting from the harness's items source. */
export async function runWorkflow(options: RunWorkflowOptions): Promise<WorkflowRun> {
	await initBinaryDataService();
	const credentials = options.credentials ?? {};
	const mode = options.mode ?? 'manual';
	if (options.nodes.length === 0) throw new UnexpectedError('runWorkflow needs at least one node');
	if (options.nodes.some((node) => node.name === INPUT_NODE_NAME)) {
		throw new UnexpectedError(`"${INPUT_NODE_NAME}" is reserved for the harness start node`);
	}

	const nodeCredentials = nodeCredentialsFor(credentials);
	const inputNode: INode = {
		id: 'harness-input',
		name: INPUT_NODE_NAME,
		type: ITEMS_SOURCE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const nodes: INode[] = [
		inputNode,
		...options.nodes.map((node, index): INode => {
			const { typeName, nodeType } = nodeTypes.resolve(node.type);
			return {
				id: `harness-node-${index}`,
				name: node.name,
				type: typeName,
				typeVersion: node.typeVersion ?? HarnessNodeTypes.defaultVersion(nodeType),
				position: [(index + 1) * 220, 0],
				// The Workflow constructor fills in defaults in place: never hand it the test's object.
				parameters: structuredClone(node.parameters ?? {}),
				credentials: nodeCredentials,
				onError: node.onError,
				retryOnFail: node.retryOnFail,
				maxTries: node.maxTries,
				waitBetweenTries: node.waitBetweenTries,
				alwaysOutputData: node.alwaysOutputData,
				executeOnce: node.executeOnce,
				disabled: node.disabled,
			};
		}),
	];
	const connections: IConnections = {
		[INPUT_NODE_NAME]: { main: [[{ node: options.nodes[0].name, type: NodeConnectionTypes.Main, index: 0 }]] },
		...(options.connections ?? chainConnections(options.nodes.map((node) => node.name))),
	};

	const workflowData: IWorkflowBase = {
		id: HARNESS_WORKFLOW_ID,
		name: 'Harness workflow',
		active: false,
		activeVersionId: null,
		isArchived: false,
		nodes,
		connections,
		settings: { executionOrder: 'v1', ...(options.timezone ? { timezone: options.timezone } : {}) },
		createdAt: new Date(),
		updatedAt: new Date(),
	};
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes,
		connections,
		active: false,
		nodeTypes,
		settings: workflowData.settings,
	});

	const executionId = nextExecutionId();
	const hooks = buildHooks(mode, executionId, workflowData);
	const executionOrder: string[] = [];
	hooks.addHandler('nodeExecuteAfter', (nodeName) => {
		executionOrder.push(nodeName);
	});
	const credentialsHelper = new HarnessCredentialsHelper(credentialTypes, credentials);
	const additionalData = buildAdditionalData({ credentialsHelper, executionId, hooks });

	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{
					node: inputNode,
					data: { main: [(options.inputItems ?? [{}]).map((json, index) => inputItem(json, options.inputFiles?.[index]))] },
					source: null,
				},
			],
		},
	});
	const execution = new WorkflowExecute(additionalData, mode, runExecutionData).processRunExecutionData(workflow);
	const cancel = () => execution.cancel();
	if (options.cancelSignal?.aborted) cancel();
	else options.cancelSignal?.addEventListener('abort', cancel, { once: true });
	const run = await execution.finally(() => options.cancelSignal?.removeEventListener('abort', cancel));

	const nodeRuns: Record<string, NodeRunOutput> = {};
	for (const [nodeName, taskRuns] of Object.entries(run.data.resultData.runData)) {
		if (nodeName === INPUT_NODE_NAME) continue;
		const lastRun = taskRuns[taskRuns.length - 1];
		nodeRuns[nodeName] = {
			outputs: (lastRun?.data?.main ?? []).map((output) => output ?? []),
			error: lastRun?.error ? summarizeError(lastRun.error) : undefined,
		};
	}
	const workflowError = run.data.resultData.error;
	return {
		status: run.status,
		nodeRuns,
		executionOrder: executionOrder.filter((nodeName) => nodeName !== INPUT_NODE_NAME),
		error: workflowError ? summarizeError(workflowError) : undefined,
		credentialUpdates: credentialsHelper.updates,
		run,
	};
}

export interface RunNodeOptions {
	nodeType: AnyNodeType | PackageNodeName | string;
	parameters?: INode['parameters'];
	credentials?: CredentialsByType;
	inputItems?: IDataObject[];
	inputFiles?: RunWorkflowOptions['inputFiles'];
	/** Shorthand for onError 'continueRegularOutput' (the "Continue" setting). */
	continueOnFail?: boolean;
	onError?: INode['onError'];
	typeVersion?: number;
	/** Defaults to the node type's default name ('ServiceTitan'); static data and errors are keyed by it. */
	nodeName?: string;
	mode?: WorkflowExecuteMode;
	timezone?: string;
	cancelSignal?: AbortSignal;
}

export interface NodeRun {
	/** Main output 0 of the node (json, pairedItem, and error for items routed by continueOnFail). */
	items: INodeExecutionData[];
	/** All main outputs; [1] is the error output with onError 'continueErrorOutput'. */
	outputs: INodeExecutionData[][];
	/** Set when the node failed and the execution stopped. */
	error?: RecordedNodeError;
	status: ExecutionStatus;
	credentialUpdates: CredentialUpdate[];
	run: IRun;
}

/** Runs one node behind the harness items source and returns what it produced. */
export async function runNode(options: RunNodeOptions): Promise<NodeRun> {
	const { nodeType } = nodeTypes.resolve(options.nodeType);
	const nodeName = options.nodeName ?? HarnessNodeTypes.defaultNodeName(nodeType);
	const workflowRun = await runWorkflow({
		nodes: [
			{
				name: nodeName,
				type: nodeType,
				typeVersion: options.typeVersion,
				parameters: options.parameters,
				onError: options.onError ?? (options.continueOnFail ? 'continueRegularOutput' : undefined),
			},
		],
		credentials: options.credentials,
		inputItems: options.inputItems,
		inputFiles: options.inputFiles,
		mode: options.mode,
		timezone: options.timezone,
		cancelSignal: options.cancelSignal,
	});
	const nodeRun = workflowRun.nodeRuns[nodeName];
	const outputs = nodeRun?.outputs ?? [];
	return {
		items: outputs[0] ?? [],
		outputs,
		// A failure before the node ran (e.g. workflow issues) only exists at workflow level.
		error: nodeRun?.error ?? workflowRun.error,
		status: workflowRun.status,
		credentialUpdates: workflowRun.credentialUpdates,
		run: workflowRun.run,
	};
}

function chainConnections(nodeNames: string[]): IConnections {
	const connections: IConnections = {};
	for (let index = 0; index < nodeNames.length - 1; index++) {
		connections[nodeNames[index]] = {
			main: [[{ node: nodeNames[index + 1], type: NodeConnectionTypes.Main, index: 0 }]],
		};
	}
	return connections;
}

export function summarizeError(error: ExecutionError): RecordedNodeError {
	const context = (error as { context?: IDataObject }).context ?? {};
	const itemIndex = typeof context.itemIndex === 'number' ? context.itemIndex : undefined;
	return {
		name: error.name,
		message: error.message,
		description: error.description,
		itemIndex,
		httpCode: 'httpCode' in error ? error.httpCode : undefined,
		recorded: error,
	};
}
