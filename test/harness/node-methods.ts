import './environment';

import { CredentialTestContext, LoadOptionsContext } from 'n8n-core';
import type {
	ICredentialsDecrypted,
	ICredentialDataDecryptedObject,
	INode,
	INodeCredentialTestResult,
	INodeListSearchResult,
	INodePropertyOptions,
	INodeType,
	ResourceMapperFields,
} from 'n8n-workflow';
import { UnexpectedError, Workflow } from 'n8n-workflow';

import type { CredentialsByType } from './credentials';
import { HarnessCredentialsHelper } from './credentials';
import { buildAdditionalData, credentialTypes, nextExecutionId, nodeCredentialsFor, nodeTypes } from './engine';
import type { AnyNodeType, PackageNodeName } from './node-types';
import { HarnessNodeTypes } from './node-types';

interface NodeMethodTarget {
	nodeType: AnyNodeType | PackageNodeName | string;
	typeVersion?: number;
}

export interface NodeMethodOptions extends NodeMethodTarget {
	/** Method name under `methods.loadOptions` / `methods.listSearch`. */
	method: string;
	/** The node's current parameters, as the editor sends them. */
	parameters?: INode['parameters'];
	credentials?: CredentialsByType;
	/** Path of the parameter asking, e.g. 'parameters.technicianId' (what the editor passes). */
	path?: string;
}

export interface ListSearchOptions extends NodeMethodOptions {
	filter?: string;
	paginationToken?: string;
}

/** Calls `methods.loadOptions[method]` the way n8n's DynamicNodeParametersService does. */
export async function loadOptions(options: NodeMethodOptions): Promise<INodePropertyOptions[]> {
	const { nodeType, context } = buildLoadOptionsContext(options);
	const method = nodeType.methods?.loadOptions?.[options.method];
	if (typeof method !== 'function') throw missingMethod('loadOptions', options.method);
	return await method.call(context);
}

/** Calls `methods.listSearch[method](filter, paginationToken)` for a resource locator's list mode. */
export async function listSearch(options: ListSearchOptions): Promise<INodeListSearchResult> {
	const { nodeType, context } = buildLoadOptionsContext(options);
	const method = nodeType.methods?.listSearch?.[options.method];
	if (typeof method !== 'function') throw missingMethod('listSearch', options.method);
	return await method.call(context, options.filter, options.paginationToken);
}

/** Calls `methods.resourceMapping[method]`: the fields of a resource mapper parameter (its `resourceMapperMethod`). */
export async function resourceMapping(options: NodeMethodOptions): Promise<ResourceMapperFields> {
	const { nodeType, context } = buildLoadOptionsContext(options);
	const method = nodeType.methods?.resourceMapping?.[options.method];
	if (typeof method !== 'function') throw missingMethod('resourceMapping', options.method);
	return await method.call(context);
}

export interface CredentialTestOptions extends NodeMethodTarget {
	/** Method name under `methods.credentialTest`. */
	method: string;
	/** Credential type being tested; defaults to serviceTitanOAuth2Api. */
	credentialType?: string;
	data: ICredentialDataDecryptedObject;
}

/**
 * Calls `methods.credentialTest[method]` with n8n-core's CredentialTestContext, as n8n's
 * CredentialsTester does when a node names that method in its credential description's `testedBy`.
 */
export async function testCredential(options: CredentialTestOptions): Promise<INodeCredentialTestResult> {
	const nodeType = resolveNodeType(options);
	const method = nodeType.methods?.credentialTest?.[options.method];
	if (typeof method !== 'function') throw missingMethod('credentialTest', options.method);
	const credentialType = options.credentialType ?? 'serviceTitanOAuth2Api';
	const credential: ICredentialsDecrypted = {
		id: `cred-${credentialType}`,
		name: `${credentialType} (harness)`,
		type: credentialType,
		data: structuredClone(options.data),
	};
	const helper = new HarnessCredentialsHelper(credentialTypes, { [credentialType]: options.data });
	const context = new CredentialTestContext(buildAdditionalData({ credentialsHelper: helper, executionId: nextExecutionId() }));
	return await method.call(context, credential);
}

function resolveNodeType(target: NodeMethodTarget): INodeType {
	const { typeName, nodeType } = nodeTypes.resolve(target.nodeType);
	return nodeTypes.getByNameAndVersion(typeName, target.typeVersion ?? HarnessNodeTypes.defaultVersion(nodeType));
}

function buildLoadOptionsContext(options: NodeMethodOptions) {
	const { typeName, nodeType: registered } = nodeTypes.resolve(options.nodeType);
	const typeVersion = options.typeVersion ?? HarnessNodeTypes.defaultVersion(registered);
	const credentials = options.credentials ?? {};
	const currentNodeParameters = structuredClone(options.parameters ?? {});
	const node: INode = {
		id: 'harness-method-node',
		name: 'Temp-Node',
		type: typeName,
		typeVersion,
		position: [0, 0],
		parameters: structuredClone(currentNodeParameters),
		credentials: nodeCredentialsFor(credentials),
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = buildAdditionalData({
		credentialsHelper: new HarnessCredentialsHelper(credentialTypes, credentials),
		executionId: nextExecutionId(),
		// The editor sends the parameters as they stand, without defaults; n8n puts them here.
		currentNodeParameters,
	});
	const context = new LoadOptionsContext(workflow, workflow.nodes[node.name], additionalData, options.path ?? 'parameters');
	return { nodeType: nodeTypes.getByNameAndVersion(typeName, typeVersion), context };
}

function missingMethod(kind: string, name: string): UnexpectedError {
	return new UnexpectedError(`The node type has no methods.${kind}.${name}`);
}
