import './environment';

import { Container } from '@n8n/di';
import { BinaryDataService, ExecutionLifecycleHooks, ExternalSecretsProxy } from 'n8n-core';
import type { IBinaryData, ICredentialType, INode, INodeCredentials, IWorkflowBase, IWorkflowExecuteAdditionalData, WorkflowExecuteMode } from 'n8n-workflow';
import { UnexpectedError } from 'n8n-workflow';

import type { CredentialsByType } from './credentials';
import { HarnessCredentialsHelper, HarnessCredentialTypes } from './credentials';
import { HarnessNodeTypes } from './node-types';

/** Registries shared by every run in this jest worker (node classes are instantiated once). */
export const nodeTypes = new HarnessNodeTypes();
export const credentialTypes = new HarnessCredentialTypes();

/** Makes an extra credential type (besides serviceTitanOAuth2Api) available to runs in this worker. */
export function registerCredentialType(credentialType: ICredentialType): void {
	credentialTypes.register(credentialType);
}

let binaryDataReady: Promise<void> | undefined;

/**
 * n8n's CLI initialises the BinaryDataService at start-up; without that, binary data stays inline
 * base64 in the items and helpers that read or store files take a path production never takes.
 * Initialised once per jest worker, in the mode N8N_DEFAULT_BINARY_DATA_MODE names (filesystem, as in
 * a default n8n), with files under the worker's user folder.
 */
export function initBinaryDataService(): Promise<void> {
	binaryDataReady ??= Container.get(BinaryDataService).init();
	return binaryDataReady;
}

/** The bytes of a binary field a node output, wherever the binary data service keeps them. */
export async function readBinary(binary: IBinaryData): Promise<Buffer> {
	await initBinaryDataService();
	return Container.get(BinaryDataService).getAsBuffer(binary);
}

let executionCounter = 0;

/** Unique per run so concurrent runs in one test never share execution-scoped state. */
export function nextExecutionId(): string {
	executionCounter += 1;
	return `harness-${process.pid}-${executionCounter}`;
}

export const HARNESS_WORKFLOW_ID = 'harness-workflow';

/** Stored-credential references for a node: one per credential type the test supplied. */
export function nodeCredentialsFor(credentials: CredentialsByType): INodeCredentials {
	return Object.fromEntries(Object.keys(credentials).map((type) => [type, { id: `cred-${type}`, name: `${type} (harness)` }]));
}

const unsupported = (feature: string) => () => {
	throw new UnexpectedError(`${feature} is not available in the test harness`);
};

/**
 * The IWorkflowExecuteAdditionalData n8n's CLI builds in WorkflowExecuteAdditionalData.getBase(),
 * reduced to what a single in-process execution touches. Sub-workflows, task runners (Code node)
 * and AI agents are out of scope and fail loudly instead of silently returning nothing.
 */
export function buildAdditionalData(options: {
	credentialsHelper: HarnessCredentialsHelper;
	executionId: string;
	hooks?: ExecutionLifecycleHooks;
	currentNodeParameters?: INode['parameters'];
}): IWorkflowExecuteAdditionalData {
	const baseUrl = 'http://localhost:5678/';
	return {
		credentialsHelper: options.credentialsHelper,
		hooks: options.hooks,
		executionId: options.executionId,
		workflowId: HARNESS_WORKFLOW_ID,
		currentNodeParameters: options.currentNodeParameters,
		currentNodeExecutionIndex: 0,
		externalSecretsProxy: new ExternalSecretsProxy(),
		variables: {},
		restApiUrl: `${baseUrl}rest`,
		instanceBaseUrl: baseUrl,
		formBaseUrl: `${baseUrl}form`,
		formWaitingBaseUrl: `${baseUrl}form-waiting`,
		formTestBaseUrl: `${baseUrl}form-test`,
		webhookBaseUrl: `${baseUrl}webhook`,
		webhookWaitingBaseUrl: `${baseUrl}webhook-waiting`,
		webhookTestBaseUrl: `${baseUrl}webhook-test`,
		mcpBaseUrl: `${baseUrl}mcp`,
		mcpTestBaseUrl: `${baseUrl}mcp-test`,
		executeWorkflow: unsupported('Executing sub-workflows'),
		startRunnerTask: unsupported('The task runner'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
	};
}

/** Lifecycle hooks for a run; the workflowData is what n8n's hooks would receive for the execution. */
export function buildHooks(mode: WorkflowExecuteMode, executionId: string, workflowData: IWorkflowBase) {
	return new ExecutionLifecycleHooks(mode, executionId, workflowData);
}
