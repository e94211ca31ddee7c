import { createHash, randomUUID } from 'node:crypto';
import { NodeConnectionTypes, type IDataObject, type IExecuteFunctions, type INodeExecutionData, NodeOperationError, type NodeApiError } from 'n8n-workflow';
import type { CatalogEntry } from '../catalog';
import type { OperationSpec } from '../catalog/types';
import { getRecordStore, InProcessRecords } from '../coordination/records';
import type { RememberedWrite } from './writeMemory';

/*
 * How n8n 2.40.7 runs this node as a tool (read in n8n 2.40.7's n8n, n8n-core 2.40.3 and @n8n/n8n-nodes-langchain):
 *
 * - The node declares `usableAsTool`, so n8n's node loader adds a second type, `n8n-nodes-servicetitan.serviceTitanTool`
 *   (`convertNodeToAiTool`: name + 'Tool', no inputs, one `ai_tool` output, a Tool Description parameter). Same
 *   class, same execute(); the workflow node's `type` ends in `Tool`.
 * - `$fromAI('key', …)` in a parameter is an expression: the tool's input schema is built from those calls, and the
 *   model's arguments arrive as the json of the one input item, from which the expressions read them.
 * - Two callers. (a) The MCP Server Trigger (and anything that invokes the LangChain tool n8n builds,
 *   `createNodeAsTool` + `makeHandleToolInvocation`): execute() runs with a SupplyDataContext whose
 *   `isToolExecution()` is true and whose input is `ai_tool`, [{ json: arguments }]. Every try is a NEW run index,
 *   Retry On Fail included (up to 5 tries, ≤ 5 s apart, `makeHandleToolInvocation`). The MCP trigger invokes it inside
 *   its webhook, before any execution exists: `getExecutionId()` is undefined there. The answer is
 *   `JSON.stringify(items.map(i => i.json))`; binary is dropped ("not supported in Agents"). A thrown error is
 *   re-thrown after the last try with `\n\nDetails: <description>` appended, and the MCP trigger answers
 *   `{ isError: true, content: [{ type: 'text', text: 'NodeOperationError: <message>' }] }`.
 *   (b) The AI Agent (n8n-core's engine requests): the node runs as an ordinary node of the execution
 *   (ExecuteContext, `isToolExecution()` false) with `node.rewireOutputLogTo === 'ai_tool'`, input on `main`:
 *   [{ json: { …the agent's input item, …arguments, toolCallId } }]. Each tool call is a new run index; Retry On Fail
 *   retries inside that run (same index). A thrown error becomes the answer [{ error: message }] (the description
 *   is dropped) and the agent goes on, unless the node's On Error is "Stop Workflow"; binary stays out of the answer.
 * So a tool run is known by the node type's `Tool` suffix, `isToolExecution()`, or `rewireOutputLogTo`.
 */

/** Whether n8n runs this node as a tool of an AI Agent or of the MCP Server Trigger (see above). */
export function isToolRun(ctx: IExecuteFunctions): boolean {
	// Asked once per item by several steps; n8n's getNode() copies the node each time.
	let known = toolRuns.get(ctx);
	if (known === undefined) {
		const node = ctx.getNode();
		known =
			node.type.endsWith('Tool') || node.rewireOutputLogTo === NodeConnectionTypes.AiTool || (ctx as { isToolExecution?: () => boolean }).isToolExecution?.() === true;
		toolRuns.set(ctx, known);
	}
	return known;
}

const toolRuns = new WeakMap<IExecuteFunctions, boolean>();

/** Records a tool list returns when Limit is left at its default (50 in the editor): a page a model reads at a glance. */
export const TOOL_DEFAULT_LIMIT = 25;
/** The Limit parameter's default in the editor; a tool reads it as "not chosen". */
const EDITOR_DEFAULT_LIMIT = 50;

/**
 * Most characters one tool answer holds (its JSON). About 10,000–13,000 tokens: room beside the conversation and other
 * tool answers in a 32k-token context and a small share of a 128k one. Issue #22 measured 1,040,895 characters for
 * 3,000 customers; at this budget an agent gets 109 of the simulator's 3,000 simplified customers (39,721 characters)
 * and the note.
 */
export const TOOL_ANSWER_CHARACTERS = 40_000;

/** The Limit a tool list uses: 25 when the workflow left Limit at its default, else the value given. */
export function toolLimit(ctx: IExecuteFunctions, chosen: unknown): unknown {
	if (!isToolRun(ctx)) return chosen;
	const saved = ctx.getNode().parameters.limit;
	return saved === undefined || saved === EDITOR_DEFAULT_LIMIT ? TOOL_DEFAULT_LIMIT : chosen;
}

/**
 * A tool's list answer: one record more than the limit is asked for (so "more exist" is known, not guessed), pages
 * stop once the character budget is spent (Return All over 200,000 records stops after a page or two), and a last
 * item says how many were returned and how to get others.
 */
export class ToolListAnswer {
	private characters = 2; // the answer's brackets
	private measured = 0;

	constructor(
		private readonly plural: string,
		private readonly limit: number | undefined,
	) {}

	/** What to ask the list for. */
	get fetchLimit(): number | undefined {
		return this.limit === undefined ? undefined : this.limit + 1;
	}

	/**
	 * Records per page: the limit and the one past it, or for Return All a page that about fills the answer (~110
	 * simplified customers fit), not ServiceTitan's 5,000 of which the answer would keep a few percent.
	 */
	get pageSize(): number {
		return this.fetchLimit ?? RETURN_ALL_PAGE_SIZE;
	}

	/** Reads pages until the answer is full (the pages left are not fetched), then finishes it. */
	async collect<P>(pages: AsyncIterable<P>, itemsOf: (page: P) => INodeExecutionData[]): Promise<INodeExecutionData[]> {
		const items: INodeExecutionData[] = [];
		for await (const page of pages) {
			for (const item of itemsOf(page)) items.push(item);
			if (this.full(items)) break;
		}
		return this.finish(items);
	}

	/** Whether the items so far already exceed what the answer can hold. */
	private full(items: INodeExecutionData[]): boolean {
		for (; this.measured < items.length; this.measured++) this.characters += sizeOf(items[this.measured]) + 1;
		return this.characters > TOOL_ANSWER_CHARACTERS || (this.limit !== undefined && items.length > this.limit);
	}

	private finish(items: INodeExecutionData[]): INodeExecutionData[] {
		const byLimit = this.limit !== undefined && items.length > this.limit;
		const kept = byLimit ? items.slice(0, this.limit) : items;
		return fitToolAnswer(kept, this.plural, byLimit);
	}
}

const RETURN_ALL_PAGE_SIZE = 200;

export function toolListAnswer(ctx: IExecuteFunctions, entry: CatalogEntry, limit: number | undefined): ToolListAnswer | undefined {
	return isToolRun(ctx) ? new ToolListAnswer(entry.resource.plural.toLowerCase(), limit) : undefined;
}

/**
 * Cuts a tool answer to TOOL_ANSWER_CHARACTERS and, when records were left out (`moreExist`, or cut here), ends it
 * with the note item an agent reads: `{ note, returned, moreAvailable: true }`.
 */
export function fitToolAnswer(items: INodeExecutionData[], plural = 'records', moreExist = false): INodeExecutionData[] {
	// A list answer arrives fitted, its note last: the router's pass leaves it as it is.
	if (items.length && notes.has(items[items.length - 1].json)) return items;
	let characters = 2 + noteSize;
	let kept = items.length;
	for (let index = 0; index < items.length; index++) {
		characters += sizeOf(items[index]) + 1;
		if (characters > TOOL_ANSWER_CHARACTERS) {
			kept = index;
			break;
		}
	}
	const cut = kept < items.length;
	if (!cut && !moreExist) return items;
	const answer = items.slice(0, kept);
	const note = moreNote(plural, kept, cut);
	notes.add(note);
	answer.push({ json: note, pairedItem: items[0]?.pairedItem ?? { item: 0 } });
	return answer;
}

/** The note items this module made (by identity: a record could hold the same fields). */
const notes = new WeakSet<object>();

const noteSize = JSON.stringify(moreNote('records', 100_000, true)).length + 200;

function moreNote(plural: string, returned: number, cutBySize: boolean): IDataObject {
	const why = cutBySize
		? `this answer holds ${returned} ${plural} and stops at ${TOOL_ANSWER_CHARACTERS.toLocaleString('en-US')} characters so it fits the model's context`
		: `this answer holds the first ${returned}, the Limit asked for`;
	return {
		note: `More ${plural} exist: ${why}. To get others, ask again with narrower filters (a name, phone, status or date range the tool accepts)${cutBySize ? '' : ', or with a higher Limit'}.`,
		returned,
		moreAvailable: true,
	};
}

function sizeOf(item: INodeExecutionData): number {
	return JSON.stringify(item.json ?? null).length;
}

/**
 * A downloaded file as a tool's answer: n8n never passes binary to the model, so the answer says what the file is,
 * which record it belongs to, and that the file itself stays in the n8n execution.
 */
export function describeFileForTool(
	ctx: IExecuteFunctions,
	item: INodeExecutionData,
	entry: CatalogEntry,
	op: OperationSpec,
	request: { path: string; query: IDataObject },
): INodeExecutionData {
	if (!isToolRun(ctx)) return item;
	const field = Object.keys(item.binary ?? {})[0] ?? 'data';
	const belongsTo: IDataObject = { resource: entry.resource.name, ...pathValues(op.path, request.path), ...request.query };
	return {
		...item,
		json: {
			...item.json,
			belongsTo,
			note: `The file itself is not passed to the model: it stays in this n8n execution (binary field "${field}") for the workflow's next nodes.`,
		},
	};
}

/** The `{placeholders}` of a catalog path read back from the path that was sent. */
function pathValues(template: string, path: string): IDataObject {
	const names: string[] = [];
	const pattern = template
		.split(/(\{\w+\})/)
		.map((part) => {
			const name = /^\{(\w+)\}$/.exec(part)?.[1];
			if (!name) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
			names.push(name);
			return '([^/]+)';
		})
		.join('');
	const match = new RegExp(`${pattern}$`).exec(path);
	return Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(match?.[index + 1] ?? '')]));
}

/** Why an operation that uploads a file cannot run as a tool: thrown while items are checked, before any request. */
export function refuseInputFileAsTool(ctx: IExecuteFunctions, itemIndex: number, label: string): void {
	if (!isToolRun(ctx)) return;
	throw new NodeOperationError(
		ctx.getNode(),
		`${label}: this operation uploads a file, and a tool call carries no file (an AI agent or MCP client sends only text arguments), so nothing was sent to ServiceTitan`,
		{
			itemIndex,
			description: 'Upload files in a workflow that reads the file first (Read/Write Files from Disk, HTTP Request) and passes it to this node, not as a tool.',
		},
	);
}

/**
 * An error as a tool's answer: one short line an agent can act on. n8n gives an agent the message only (the AI
 * Agent drops the description; the MCP trigger appends it), so ServiceTitan's traceId joins the message, which
 * already names the status, the fields ServiceTitan rejected and what to do; the longer description is dropped.
 */
export function asToolError<E extends NodeApiError | NodeOperationError>(error: E): E {
	const response = (error as { errorResponse?: IDataObject }).errorResponse;
	const traceId = typeof response?.traceId === 'string' ? response.traceId : undefined;
	if (traceId && !error.message.includes(traceId)) error.message = `${error.message} (ServiceTitan traceId ${traceId})`;
	error.description = undefined;
	return error;
}

/** How long a tool's write outcome is remembered: a tool call's retries end within minutes; an agent's turn soon after. */
const TOOL_WRITE_TTL_MS = 60 * 60 * 1000;

/**
 * The write memory of tool runs. Each tool call (and, from the MCP trigger, each of its Retry On Fail tries) is a new
 * run of the node, so the router's memory keyed by run index never sees the earlier try. This one is keyed by the
 * execution, the node and the request itself (method, path, query, body: the router's fingerprint), in the
 * process-wide record store (Redis when the limiters share one), so a retried tool call reuses a write that succeeded
 * and refuses to re-send one that may have been applied. Where no execution exists yet (the MCP trigger runs its tools
 * inside its webhook), the execute data n8n hands every try of one call (one object per webhook request) stands for
 * it: those tries run in this process, one after the other. The shared store keeps the outcome only (written, with the
 * record's ID, or the may-have-been-applied message), never the record: the answer itself stays in this process.
 */
export class ToolWriteMemory {
	private readonly scope: string;

	constructor(ctx: IExecuteFunctions) {
		const node = ctx.getNode();
		this.scope = [ctx.getWorkflow().id ?? '', ctx.getExecutionId?.() ?? callToken(ctx), node.name].join('\u0000');
	}

	async get(itemIndex: number, fingerprint: string): Promise<RememberedWrite | undefined> {
		const key = this.key(itemIndex, fingerprint);
		const answer = await writeAnswers.get(key);
		if (answer !== undefined) return JSON.parse(answer) as RememberedWrite;
		const shared = await getRecordStore().get(key);
		if (shared === undefined) return undefined;
		const outcome = JSON.parse(shared) as SharedOutcome;
		if ('uncertain' in outcome) return outcome;
		// Written by a try in another process: its answer is there, the record's ID here.
		const note = 'Written by an earlier try of this tool call in another n8n process, so not sent again: get the record to read it.';
		return { output: [{ json: { ...(outcome.id !== undefined ? { id: outcome.id } : {}), notSentAgain: true, note } }] };
	}

	async remember(itemIndex: number, fingerprint: string, value: RememberedWrite): Promise<void> {
		const key = this.key(itemIndex, fingerprint);
		if ('uncertain' in value) return getRecordStore().set(key, JSON.stringify(value satisfies SharedOutcome), TOOL_WRITE_TTL_MS);
		await writeAnswers.set(key, JSON.stringify(value), TOOL_WRITE_TTL_MS);
		const id = value.output[0]?.json?.id;
		const outcome: SharedOutcome = { written: true, ...(typeof id === 'string' || typeof id === 'number' ? { id } : {}) };
		await getRecordStore().set(key, JSON.stringify(outcome), TOOL_WRITE_TTL_MS);
	}

	private key(itemIndex: number, fingerprint: string): string {
		// Hashed: the store (Redis) sees neither the tenant nor the request.
		return `tool-write:${createHash('sha256').update(`${this.scope}\u0000${itemIndex}\u0000${fingerprint}`).digest('hex')}`;
	}
}

/** What the shared store keeps of a write. */
type SharedOutcome = { written: true; id?: string | number } | { uncertain: string };

/** The answers of this process's tool writes, for their retries here (the shared store keeps no record data). */
const writeAnswers = new InProcessRecords();

/** One token per tool call without an execution: keyed by the execute data object its tries share. */
const callTokens = new WeakMap<object, string>();

function callToken(ctx: IExecuteFunctions): string {
	const shared = ctx.getExecuteData?.();
	if (!shared) return randomUUID(); // nothing shared: no earlier try can be recognised, and none is claimed to be
	let token = callTokens.get(shared);
	if (!token) {
		token = randomUUID();
		callTokens.set(shared, token);
	}
	return token;
}
