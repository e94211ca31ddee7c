import { randomBytes, randomUUID } from 'node:crypto';

import { PACKAGE_NAME } from './env';
import type { CredentialFixture, WorkflowFixture } from './instance';

/** Node type names as n8n knows them once the package is installed as a community package. */
export const NODE_TYPES = {
	action: `${PACKAGE_NAME}.serviceTitan`,
	trigger: `${PACKAGE_NAME}.serviceTitanTrigger`,
	manualTrigger: 'n8n-nodes-base.manualTrigger',
	scheduleTrigger: 'n8n-nodes-base.scheduleTrigger',
	httpRequest: 'n8n-nodes-base.httpRequest',
	noOp: 'n8n-nodes-base.noOp',
} as const;

export const CREDENTIAL_TYPE = 'serviceTitanOAuth2Api';

/** An n8n-style id (workflows and credentials accept up to 21 characters). */
export function n8nId(): string {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	return Array.from(randomBytes(16), (byte) => alphabet[byte % alphabet.length]).join('');
}

export interface SimulatorConnection {
	authUrl: string;
	apiBaseUrl: string;
	credentials: { tenantId: string | number; clientId: string; clientSecret: string; appKey: string };
}

/** A `serviceTitanOAuth2Api` credential in the environment "custom", pointed at a simulator. */
export function serviceTitanCredential(sim: SimulatorConnection, overrides: Partial<Record<string, unknown>> = {}, name = 'ServiceTitan (simulator)'): CredentialFixture {
	return {
		id: n8nId(),
		name,
		type: CREDENTIAL_TYPE,
		data: {
			environment: 'custom',
			authUrl: sim.authUrl,
			apiBaseUrl: sim.apiBaseUrl,
			tenantId: String(sim.credentials.tenantId),
			clientId: sim.credentials.clientId,
			clientSecret: sim.credentials.clientSecret,
			appKey: sim.credentials.appKey,
			...overrides,
		},
	};
}

export function credentialRef(credential: CredentialFixture): Record<string, { id: string; name: string }> {
	return { [credential.type]: { id: credential.id, name: credential.name } };
}

export type NodeSpec = {
	name: string;
	type: string;
	typeVersion: number;
	parameters?: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	[key: string]: unknown;
};

/** A linear workflow: nodes[0] → nodes[1] → … (main output 0 to main input 0). */
export function linearWorkflow(name: string, nodes: NodeSpec[], settings: Record<string, unknown> = {}): WorkflowFixture {
	const connections: Record<string, unknown> = {};
	nodes.forEach((node, index) => {
		const next = nodes[index + 1];
		if (next) connections[node.name] = { main: [[{ node: next.name, type: 'main', index: 0 }]] };
	});
	return {
		id: n8nId(),
		name,
		active: false,
		nodes: nodes.map((node, index) => ({
			id: randomUUID(),
			position: [index * 220, 0],
			parameters: {},
			...node,
		})),
		connections,
		settings: { executionOrder: 'v1', ...settings },
	};
}

export function manualTrigger(name = 'When clicking Execute'): NodeSpec {
	return { name, type: NODE_TYPES.manualTrigger, typeVersion: 1 };
}

/** Schedule Trigger firing every `seconds` seconds (n8n-nodes-base ScheduleTrigger v1.2). */
export function scheduleTrigger(seconds: number, name = 'Every few seconds'): NodeSpec {
	return {
		name,
		type: NODE_TYPES.scheduleTrigger,
		typeVersion: 1.2,
		parameters: { rule: { interval: [{ field: 'seconds', secondsInterval: seconds }] } },
	};
}

/**
 * n8n's HTTP Request node (v4.2) signing its request with our credential as a
 * "predefined credential type": n8n runs the credential's preAuthentication and authenticate.
 */
export function httpRequestWithServiceTitan(
	credential: CredentialFixture,
	url: string,
	options: { name?: string; method?: string; query?: Record<string, string> } = {},
): NodeSpec {
	const query = Object.entries(options.query ?? {});
	return {
		name: options.name ?? 'HTTP Request',
		type: NODE_TYPES.httpRequest,
		typeVersion: 4.2,
		parameters: {
			method: options.method ?? 'GET',
			url,
			authentication: 'predefinedCredentialType',
			nodeCredentialType: CREDENTIAL_TYPE,
			sendQuery: query.length > 0,
			queryParameters: { parameters: query.map(([name, value]) => ({ name, value })) },
			options: {},
		},
		credentials: credentialRef(credential),
	};
}

/** The package's action node (`n8n-nodes-servicetitan.serviceTitan`, version 1). */
export function serviceTitanNode(
	credential: CredentialFixture,
	parameters: Record<string, unknown>,
	name = 'ServiceTitan',
	extra: Record<string, unknown> = {},
): NodeSpec {
	return { name, type: NODE_TYPES.action, typeVersion: 1, parameters, credentials: credentialRef(credential), ...extra };
}

/** The package's polling trigger (`n8n-nodes-servicetitan.serviceTitanTrigger`), polling every minute. */
export function serviceTitanTrigger(credential: CredentialFixture, parameters: Record<string, unknown>, name = 'ServiceTitan Trigger'): NodeSpec {
	return {
		name,
		type: NODE_TYPES.trigger,
		typeVersion: 1,
		parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, options: {}, ...parameters },
		credentials: credentialRef(credential),
	};
}

export function noOp(name = 'Done'): NodeSpec {
	return { name, type: NODE_TYPES.noOp, typeVersion: 1 };
}

/** A resource locator value in "By ID" mode (may be an expression such as `={{ $json.id }}`). */
export function byId(value: string | number): { __rl: true; mode: 'id'; value: string } {
	return { __rl: true, mode: 'id', value: String(value) };
}
