/**
 * Scenario 5: what our package adds to the node-type payload n8n's editor downloads
 * (/types/nodes.json, /types/credentials.json): the JSON of both node descriptions and of the
 * credential type, raw and gzipped.
 */
import { gzipSync } from 'node:zlib';
import type { ICredentialType, INodeType } from 'n8n-workflow';

export interface WeightRow {
	label: string;
	properties: number;
	bytes: number;
	gzipBytes: number;
}

export function editorWeight(): WeightRow[] {
	// Explicit .ts: `ServiceTitan.node` alone resolves to the codex file ServiceTitan.node.json.
	const { ServiceTitan } = require('../nodes/ServiceTitan/ServiceTitan.node.ts') as { ServiceTitan: new () => INodeType };
	const { ServiceTitanTrigger } = require('../nodes/ServiceTitan/ServiceTitanTrigger.node.ts') as { ServiceTitanTrigger: new () => INodeType };
	const { ServiceTitanOAuth2Api } = require('../credentials/ServiceTitanOAuth2Api.credentials.ts') as { ServiceTitanOAuth2Api: new () => ICredentialType };
	const action = new ServiceTitan().description;
	const trigger = new ServiceTitanTrigger().description;
	const credential = new ServiceTitanOAuth2Api();
	const row = (label: string, value: unknown, properties: number): WeightRow => {
		const json = JSON.stringify(value);
		return { label, properties, bytes: Buffer.byteLength(json), gzipBytes: gzipSync(json, { level: 6 }).length };
	};
	// What n8n serialises of a credential type: every own field (functions such as preAuthentication drop out).
	const credentialJson = JSON.parse(JSON.stringify(credential)) as unknown;
	return [
		row('ServiceTitan (action node) description', action, action.properties.length),
		row('ServiceTitan Trigger description', trigger, trigger.properties.length),
		row('ServiceTitan OAuth2 API credential type', credentialJson, credential.properties.length),
		row('total (as one array)', [action, trigger, credentialJson], action.properties.length + trigger.properties.length + credential.properties.length),
	];
}
