import './environment';

import { Credentials } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	Workflow,
} from 'n8n-workflow';
import { getCredentialOwnRequestAllowedDomains, ICredentialsHelper, isExpression, NodeHelpers, UnexpectedError, UserError } from 'n8n-workflow';

import { ServiceTitanOAuth2Api } from '../../credentials/ServiceTitanOAuth2Api.credentials';

/** Credential data per credential type name, as a test supplies it (already decrypted). */
export type CredentialsByType = Record<string, ICredentialDataDecryptedObject>;

/** A write the engine made back to a stored credential (e.g. a token fetched by preAuthentication). */
export interface CredentialUpdate {
	type: string;
	data: ICredentialDataDecryptedObject;
}

/** Credential types known to the harness; one per jest worker. */
export class HarnessCredentialTypes {
	private readonly byName = new Map<string, ICredentialType>();

	constructor(credentialTypes: ICredentialType[] = [new ServiceTitanOAuth2Api()]) {
		for (const credentialType of credentialTypes) this.register(credentialType);
	}

	register(credentialType: ICredentialType): void {
		this.byName.set(credentialType.name, credentialType);
	}

	getByName(name: string): ICredentialType {
		const found = this.byName.get(name);
		if (!found) throw new UnexpectedError(`Credential type "${name}" is not registered in the harness`);
		return found;
	}

	/** `extends` chain, nearest first, the way n8n's CredentialTypes reports it. */
	getParentTypes(name: string): string[] {
		const parents = this.byName.get(name)?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	/** Own properties merged over the parents', like the CLI does before applying defaults. */
	getProperties(name: string): INodeProperties[] {
		const credentialType = this.getByName(name);
		const combined: INodeProperties[] = [];
		for (const parent of credentialType.extends ?? []) {
			NodeHelpers.mergeNodeProperties(combined, this.getProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(combined, credentialType.properties);
		return combined;
	}
}

/**
 * The engine's view of stored credentials for one run. Behaves like n8n's CLI CredentialsHelper
 * where nodes can observe it:
 * - getDecrypted returns a fresh copy with the credential type's defaults applied;
 * - preAuthentication runs the credential's hook when its expirable field is empty or the engine
 *   reports it expired (401), persists the result into the store and merges it into the request's copy;
 * - authenticate applies a function `authenticate`, or a `generic` one whose `={{$credentials.x}}`
 *   expressions are resolved by n8n-workflow's own expression engine.
 * Not supported: expressions inside stored credential values, external secrets, dynamic credentials.
 */
export class HarnessCredentialsHelper extends ICredentialsHelper {
	private readonly stored = new Map<string, ICredentialDataDecryptedObject>();

	/** Every write-back, in order, so tests can assert what n8n would have persisted. */
	readonly updates: CredentialUpdate[] = [];

	constructor(
		private readonly credentialTypes: HarnessCredentialTypes,
		credentials: CredentialsByType,
	) {
		super();
		for (const [type, data] of Object.entries(credentials)) this.stored.set(type, structuredClone(data));
	}

	getParentTypes(name: string): string[] {
		return this.credentialTypes.getParentTypes(name);
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		const typeDefinition = this.credentialTypes.getByName(credentialType);
		if (!typeDefinition.restrictToSupportedNodes) return true;
		const shortNodeName = nodeType.slice(nodeType.lastIndexOf('.') + 1);
		return (typeDefinition.supportedNodes ?? []).some((supported) => [nodeType, shortNodeName].includes(supported));
	}

	async getDecrypted(_additionalData: IWorkflowExecuteAdditionalData, _nodeCredentials: INodeCredentialsDetails, type: string): Promise<ICredentialDataDecryptedObject> {
		return this.withDefaults(type, this.storedData(type));
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<Credentials> {
		// A real, encrypted Credentials object (cipher keyed by the harness's N8N_ENCRYPTION_KEY).
		const credentials = new Credentials(nodeCredentials, type);
		await credentials.setData(this.storedData(type));
		return credentials;
	}

	async updateCredentials(_nodeCredentials: INodeCredentialsDetails, type: string, data: ICredentialDataDecryptedObject): Promise<void> {
		this.stored.set(type, structuredClone(data));
		this.updates.push({ type, data: structuredClone(data) });
	}

	async updateCredentialsOauthTokenData(nodeCredentials: INodeCredentialsDetails, type: string, data: ICredentialDataDecryptedObject): Promise<void> {
		await this.updateCredentials(nodeCredentials, type, { ...this.storedData(type), oauthTokenData: data.oauthTokenData });
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.credentialTypes.getProperties(type);
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.credentialTypes.getByName(typeName);
		const expirableProperty = credentialType.properties.find((property) => property.type === 'hidden' && property.typeOptions?.expirable === true);
		if (!expirableProperty || typeof credentialType.preAuthentication !== 'function') return undefined;
		const tokenIsMissing = credentials[expirableProperty.name] === '' || credentials[expirableProperty.name] === undefined;
		if (!tokenIsMissing && !credentialsExpired) return undefined;

		const output = (await credentialType.preAuthentication.call(restrictToCredentialDomains(helpers, credentials), credentials)) as ICredentialDataDecryptedObject;
		if (output[expirableProperty.name] === undefined || !node.credentials?.[typeName]) return undefined;

		await this.updateCredentials(node.credentials[typeName], typeName, { ...this.storedData(typeName), ...output });
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.credentialTypes.getByName(typeName);
		if (typeof credentialType.preAuthentication !== 'function') return undefined;
		return (await credentialType.preAuthentication.call(restrictToCredentialDomains(helpers, credentials), credentials)) as ICredentialDataDecryptedObject;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.credentialTypes.getByName(typeName);
		if (authenticate === undefined) return requestOptions as IHttpRequestOptions;
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (!workflow || !node) {
			throw new UnexpectedError('Workflow and node are required for declarative credential authentication');
		}
		if (authenticate.type !== 'generic') return requestOptions as IHttpRequestOptions;

		const target = requestOptions as unknown as Record<string, Record<string, unknown> | undefined>;
		target.headers ??= {};
		for (const [section, entries] of Object.entries(authenticate.properties)) {
			const sectionValues: Record<string, unknown> = (target[section] ??= {});
			for (const [key, value] of Object.entries(entries as Record<string, string>)) {
				const resolve = (expression: string): string => {
					if (!isExpression(expression)) return expression;
					const resolved = workflow.expression.getSimpleParameterValue(node, expression, 'internal', { $credentials: credentials }, undefined, '');
					return resolved ? String(resolved) : '';
				};
				sectionValues[resolve(key)] = resolve(value);
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	private storedData(type: string): ICredentialDataDecryptedObject {
		const data = this.stored.get(type);
		if (!data) throw new UserError(`The test supplied no credentials of type "${type}"`);
		return structuredClone(data);
	}

	private withDefaults(type: string, data: ICredentialDataDecryptedObject): ICredentialDataDecryptedObject {
		const withDefaults = NodeHelpers.getNodeParameters(
			this.credentialTypes.getProperties(type),
			data as never,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject | null;
		// getNodeParameters drops keys the type does not declare (e.g. oauthTokenData); keep them.
		return { ...data, ...(withDefaults ?? {}) };
	}
}

/** Same contract as n8n's: a credential's allowed-domains setting also binds its preAuthentication request. */
function restrictToCredentialDomains(helpers: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject): IHttpRequestHelper {
	return {
		helpers: {
			httpRequest: async (requestOptions: IHttpRequestOptions) => {
				const allowedDomains = getCredentialOwnRequestAllowedDomains(credentials);
				if (allowedDomains === undefined) return await helpers.helpers.httpRequest(requestOptions);
				return await helpers.helpers.httpRequest({ ...requestOptions, allowedDomains });
			},
		},
	};
}
