/**
 * Runs our nodes in-process with n8n's real execution engine (n8n-core + n8n-workflow, the versions
 * n8n 2.40.7 ships). See README.md in this folder for what is real and what is substituted.
 */
import './environment';

export type { CredentialsByType, CredentialUpdate } from './credentials';
export { HarnessCredentialsHelper, HarnessCredentialTypes } from './credentials';
export { credentialTypes, nodeTypes, readBinary, registerCredentialType } from './engine';
export type { AnyNodeType, PackageNodeName } from './node-types';
export { HarnessNodeTypes, PACKAGE_NAME } from './node-types';
export type { CredentialTestOptions, ListSearchOptions, NodeMethodOptions } from './node-methods';
export { listSearch, loadOptions, resourceMapping, testCredential } from './node-methods';
export type { PollRun, RunPollOptions } from './run-poll';
export { runPoll } from './run-poll';
export type { HarnessFile, HarnessNode, NodeRun, NodeRunOutput, RecordedNodeError, RunNodeOptions, RunWorkflowOptions, WorkflowRun } from './run-workflow';
export { INPUT_NODE_NAME, runNode, runWorkflow } from './run-workflow';
export type { WebhookDelivery, WebhookEndpoint, WebhookEndpointOptions, WebhookExecution, WebhookRun } from './run-webhook';
export { runWebhook, startWebhookEndpoint } from './run-webhook';
