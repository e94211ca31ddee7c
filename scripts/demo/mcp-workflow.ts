/**
 * The example MCP server `npm start` imports: n8n's MCP Server Trigger (Streamable HTTP at /mcp/<path>, Bearer
 * auth) with ServiceTitan tool nodes on its Tools input: curated reads and two writes. Arguments come from the
 * agent through `$fromAI()`; n8n turns each into a property of the tool's input schema. The e2e suite
 * (test/e2e/mcp-server.e2e.test.ts) is the MCP client of this very workflow, so it cannot drift from the package.
 */
import { randomUUID } from 'node:crypto';
import type { CredentialFixture, WorkflowFixture } from '../../test/e2e/harness/instance';
import { NODE_TYPES, credentialRef } from '../../test/e2e/harness/workflows';

export const MCP_TRIGGER_TYPE = '@n8n/n8n-nodes-langchain.mcpTrigger';
/** What n8n 2.x names the tool variant of a node declaring `usableAsTool`: the node's name + `Tool`. */
export const TOOL_TYPE = `${NODE_TYPES.action}Tool`;
export const MCP_TRIGGER_NAME = 'ServiceTitan MCP Server';
export const DEMO_MCP_PATH = 'servicetitan';
/** The MCP server's bearer token in the demo; a real one is a long random secret kept in the n8n credential. */
export const DEMO_MCP_TOKEN = 'demo-servicetitan-mcp-token';
/** The node version the tools are saved with (the newest: pickers for booking providers, zones, arrival windows …). */
const NODE_VERSION = 4;

export function demoMcpCredential(id = 'stDemoMcpBearer'): CredentialFixture {
	return { id, name: 'ServiceTitan MCP server token (demo)', type: 'httpBearerAuth', data: { token: DEMO_MCP_TOKEN } };
}

/** The Streamable HTTP endpoint of the published workflow (`/mcp-test/...` is the editor's test URL). */
export function demoMcpUrl(n8nBaseUrl: string, path = DEMO_MCP_PATH): string {
	return `${n8nBaseUrl.replace(/\/$/, '')}/mcp/${path}`;
}

/** `={{ $fromAI(...) }}`: the agent fills this argument; the description is what the model reads about it. */
export function fromAI(key: string, description: string, type: 'string' | 'number' | 'boolean' | 'json' = 'string'): string {
	return `={{ $fromAI('${key}', ${JSON.stringify(description)}, '${type}') }}`;
}

/** A resource locator "By ID" whose ID the agent gives. */
function idFromAI(key: string, description: string) {
	return { __rl: true, mode: 'id', value: fromAI(key, description, 'number') };
}

export interface ToolSpec {
	/** The node's name; n8n makes the tool's name from it (spaces → `_`). */
	name: string;
	parameters: Record<string, unknown>;
	/** Only where the tool composes parameters the automatic description cannot tell (one day, one filter). */
	description?: string;
	/** Node settings such as `retryOnFail` / `maxTries` / `waitBetweenTries`. */
	settings?: Record<string, unknown>;
}

const DAY = "the day, as YYYY-MM-DD (the tenant's local date)";

/** The curated tools: what a dispatcher's assistant asks most, read-only, then two writes. */
export function curatedTools(): ToolSpec[] {
	return [
		{
			name: 'Search Customers',
			description:
				'Search ServiceTitan customers by name (part of the name is enough). Returns up to 10 customers with ID, name, address and balance; use a customer ID with the other tools.',
			parameters: {
				resource: 'customer',
				operation: 'getAll',
				returnAll: false,
				limit: 10,
				simplify: true,
				filters: { name: fromAI('name', 'the customer name or part of it') },
			},
		},
		{
			name: 'Find Customer By Phone',
			parameters: {
				resource: 'customer',
				operation: 'find',
				matchRules: { rule: [{ on: 'phone' }] },
				matchPhone: fromAI('phone', 'the phone number, any format'),
				options: { ifNoneFound: 'emptyItem' },
			},
		},
		{
			name: 'Get Customer',
			parameters: { resource: 'customer', operation: 'get', id: idFromAI('customerId', 'the ServiceTitan customer ID'), simplify: true },
		},
		{
			name: 'Customer Card',
			parameters: { resource: 'customer', operation: 'getCard', id: idFromAI('customerId', 'the ServiceTitan customer ID') },
		},
		{
			name: 'Job Detail',
			parameters: { resource: 'job', operation: 'getDetail', id: idFromAI('jobId', 'the ServiceTitan job ID') },
		},
		{
			name: 'Technician Availability',
			parameters: { resource: 'technician', operation: 'getAvailability', date: fromAI('date', DAY) },
		},
		{
			name: 'Appointments On A Day',
			description:
				'List the ServiceTitan appointments that start on one day (up to 25), with job, start, end and status. Use Job Detail for the job, customer and technicians of one of them.',
			parameters: {
				resource: 'appointment',
				operation: 'getAll',
				returnAll: false,
				limit: 25,
				simplify: true,
				filters: {
					startsOnOrAfter: fromAI('date', DAY),
					startsBefore: `={{ DateTime.fromISO($fromAI('date', ${JSON.stringify(DAY)}, 'string')).plus({ days: 1 }).toISODate() }}`,
				},
			},
		},
		{
			name: 'Add Customer Note',
			parameters: {
				resource: 'customer',
				operation: 'createNote',
				id: idFromAI('customerId', 'the ServiceTitan customer ID'),
				text: fromAI('text', 'the note, as the office should read it'),
			},
		},
		{
			name: 'Book Job',
			parameters: {
				resource: 'job',
				operation: 'create',
				customerId: idFromAI('customerId', 'the ServiceTitan customer ID'),
				locationId: idFromAI('locationId', "the ID of one of the customer's locations (the Customer Card lists them)"),
				businessUnitId: { __rl: true, mode: 'id', value: fromAI('businessUnit', 'the business unit, by name or ID') },
				jobTypeId: fromAI('jobType', 'the job type, by name or ID'),
				campaignId: fromAI('campaign', 'the marketing campaign, by name or ID'),
				priority: 'Normal',
				appointments: {
					item: [{ start: fromAI('start', 'when the appointment starts, ISO 8601 date and time'), end: fromAI('end', 'when it ends, ISO 8601 date and time') }],
				},
				additionalFields: { summary: fromAI('summary', "what the customer needs, in the customer's words") },
			},
		},
	];
}

/** The MCP Server Trigger with `tools` on its Tools input (connection type `ai_tool`). */
export function mcpServerWorkflow(options: {
	id: string;
	name: string;
	path: string;
	serviceTitan: CredentialFixture;
	bearer: CredentialFixture;
	tools: ToolSpec[];
	instructions?: string;
}): WorkflowFixture {
	const trigger = {
		id: randomUUID(),
		name: MCP_TRIGGER_NAME,
		type: MCP_TRIGGER_TYPE,
		typeVersion: 2,
		webhookId: randomUUID(),
		position: [0, 0],
		parameters: { authentication: 'bearerAuth', path: options.path, instructions: options.instructions ?? '' },
		credentials: credentialRef(options.bearer),
	};
	const tools = options.tools.map((tool, index) => ({
		id: randomUUID(),
		name: tool.name,
		type: TOOL_TYPE,
		typeVersion: NODE_VERSION,
		position: [-400 + (index % 5) * 200, 240 + Math.floor(index / 5) * 200],
		parameters: tool.description ? { descriptionType: 'manual', toolDescription: tool.description, ...tool.parameters } : { descriptionType: 'auto', ...tool.parameters },
		credentials: credentialRef(options.serviceTitan),
		...tool.settings,
	}));
	return {
		id: options.id,
		name: options.name,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [trigger, ...tools],
		connections: Object.fromEntries(tools.map((tool) => [tool.name, { ai_tool: [[{ node: MCP_TRIGGER_NAME, type: 'ai_tool', index: 0 }]] }])),
	};
}

const INSTRUCTIONS = [
	'Tools for one ServiceTitan tenant (a field-service business: customers, jobs, appointments, technicians).',
	'Look a customer up first (Search Customers by name, Find Customer By Phone), then use the ID with Customer Card.',
	'Only two tools change data: Add Customer Note and Book Job. Say what you are about to write and ask the user before calling them.',
].join(' ');

export function serviceTitanMcpServerWorkflow(serviceTitan: CredentialFixture, bearer: CredentialFixture): WorkflowFixture {
	return mcpServerWorkflow({
		id: 'stDemoMcpServer',
		name: 'ServiceTitan MCP server',
		path: DEMO_MCP_PATH,
		serviceTitan,
		bearer,
		tools: curatedTools(),
		instructions: INSTRUCTIONS,
	});
}
