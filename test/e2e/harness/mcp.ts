/**
 * A minimal MCP client over Streamable HTTP (the MCP specification's transport, revision 2025-03-26 and later), as
 * a desktop assistant or any MCP SDK speaks it to n8n's MCP Server Trigger: JSON-RPC 2.0 POSTed to one URL, the
 * session in the `mcp-session-id` header, answers either as JSON or as a short server-sent-event stream. Enough for
 * `initialize`, `tools/list` and `tools/call`; no dependency.
 */
import { waitFor } from './process';

export const MCP_PROTOCOL_VERSION = '2025-03-26';

export interface McpTool {
	name: string;
	description?: string;
	inputSchema: { type: 'object'; properties?: Record<string, { type?: string; description?: string }>; required?: string[] };
}

export interface McpToolResult {
	content: Array<{ type: string; text?: string }>;
	isError?: boolean;
}

export class McpError extends Error {
	constructor(
		message: string,
		readonly status: number,
		readonly body: string,
	) {
		super(message);
	}
}

interface JsonRpcAnswer {
	jsonrpc: '2.0';
	id?: number | string;
	result?: unknown;
	error?: { code: number; message: string; data?: unknown };
}

/** The JSON-RPC messages in an SSE body: each event's `data:` lines joined. */
function messagesOfEventStream(text: string): JsonRpcAnswer[] {
	return text
		.split(/\r?\n\r?\n/)
		.map((event) =>
			event
				.split(/\r?\n/)
				.filter((line) => line.startsWith('data:'))
				.map((line) => line.slice(5).trimStart())
				.join('\n'),
		)
		.filter((data) => data.length > 0)
		.map((data) => JSON.parse(data) as JsonRpcAnswer);
}

export class McpClient {
	private sessionId: string | undefined;
	private nextId = 1;
	serverInfo: { name: string; version: string } | undefined;
	instructions: string | undefined;

	constructor(
		readonly url: string,
		private readonly headers: Record<string, string> = {},
	) {}

	/** `initialize`, then the `notifications/initialized` the specification asks for before anything else. */
	async connect(): Promise<this> {
		const result = (await this.request('initialize', {
			protocolVersion: MCP_PROTOCOL_VERSION,
			capabilities: {},
			clientInfo: { name: 'n8n-nodes-servicetitan e2e', version: '1.0.0' },
		})) as { serverInfo: { name: string; version: string }; instructions?: string };
		this.serverInfo = result.serverInfo;
		this.instructions = result.instructions;
		await this.post({ jsonrpc: '2.0', method: 'notifications/initialized' });
		return this;
	}

	/**
	 * Connects once n8n listens: it registers a published workflow's webhooks shortly after it starts, one method
	 * at a time, and until then answers 404 ("not registered for POST requests").
	 */
	async connectWhenListening(timeoutMs = 60_000): Promise<this> {
		return waitFor(
			async () => {
				try {
					return await this.connect();
				} catch (error) {
					if (error instanceof McpError && error.status === 404) return undefined;
					throw error;
				}
			},
			{ timeoutMs, intervalMs: 250, describe: () => `n8n's MCP server listening on ${this.url}` },
		);
	}

	async listTools(): Promise<McpTool[]> {
		const result = (await this.request('tools/list', {})) as { tools: McpTool[] };
		return result.tools;
	}

	async callTool(name: string, args: Record<string, unknown>): Promise<McpToolResult> {
		return (await this.request('tools/call', { name, arguments: args })) as McpToolResult;
	}

	/** The text of a tool result (n8n answers one text part). */
	static text(result: McpToolResult): string {
		return result.content.map((part) => part.text ?? '').join('\n');
	}

	async request(method: string, params: Record<string, unknown>): Promise<unknown> {
		const id = this.nextId++;
		const messages = await this.post({ jsonrpc: '2.0', id, method, params });
		const answer = messages.find((message) => message.id === id);
		if (!answer) throw new McpError(`${method}: no answer with id ${id} in ${JSON.stringify(messages)}`, 200, '');
		if (answer.error) throw new McpError(`${method}: JSON-RPC error ${answer.error.code} ${answer.error.message}`, 200, JSON.stringify(answer.error));
		return answer.result;
	}

	/** Raw POST: the answer's status and body, for tests of refusals. */
	async postRaw(body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
		const response = await fetch(this.url, { method: 'POST', headers: { ...this.requestHeaders(), ...headers }, body: JSON.stringify(body) });
		return { status: response.status, body: await response.text() };
	}

	/** Ends the session (HTTP DELETE, as the specification's clients do when they leave). */
	async close(): Promise<void> {
		if (!this.sessionId) return;
		await fetch(this.url, { method: 'DELETE', headers: this.requestHeaders() }).catch(() => undefined);
		this.sessionId = undefined;
	}

	private requestHeaders(): Record<string, string> {
		return {
			'content-type': 'application/json',
			accept: 'application/json, text/event-stream',
			'mcp-protocol-version': MCP_PROTOCOL_VERSION,
			...(this.sessionId ? { 'mcp-session-id': this.sessionId } : {}),
			...this.headers,
		};
	}

	private async post(message: Record<string, unknown>): Promise<JsonRpcAnswer[]> {
		const response = await fetch(this.url, { method: 'POST', headers: this.requestHeaders(), body: JSON.stringify(message) });
		const text = await response.text();
		if (!response.ok) throw new McpError(`${String(message.method)}: HTTP ${response.status} ${text.slice(0, 300)}`, response.status, text);
		this.sessionId = response.headers.get('mcp-session-id') ?? this.sessionId;
		if (!text.trim()) return [];
		const type = response.headers.get('content-type') ?? '';
		if (type.includes('text/event-stream')) return messagesOfEventStream(text);
		const parsed = JSON.parse(text) as JsonRpcAnswer | JsonRpcAnswer[];
		return Array.isArray(parsed) ? parsed : [parsed];
	}
}
