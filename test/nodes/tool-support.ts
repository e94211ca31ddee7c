/**
 * The ServiceTitan node run as a tool the two ways n8n 2.40.7 runs one, through n8n-core's own code:
 *
 * - `callAsMcpTool`: as the MCP Server Trigger does. A caller node asks n8n-core for its connected tools
 *   (`getInputConnectionData('ai_tool')` → `createNodeAsTool` + `makeHandleToolInvocation`: a SupplyDataContext per
 *   try, a new run index per try, Retry On Fail up to 5 tries) and invokes the LangChain tool with the arguments; an
 *   answer is the string the tool returns, an error is what the MCP trigger sends (`{ isError, text: '<name>: <message>' }`).
 * - `callAsAgentTool`: as the AI Agent does. The caller returns n8n-core's engine request (one tool call per round);
 *   the engine runs the tool node as a node of the execution (input on main, `rewireOutputLogTo: 'ai_tool'`, a new run
 *   index per call, Retry On Fail inside it) and resumes the caller with the tool's run data, which it reads as the
 *   agent's observation (the json of the `ai_tool` output, as `buildSteps` does).
 *
 * The tool node's type is made the way n8n's node loader makes `<type>Tool` (`convertNodeToAiTool`): the same node
 * with name + 'Tool', no inputs and one `ai_tool` output.
 */
import {
	NodeConnectionTypes,
	NodeHelpers,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type INodeTypeDescription,
	type EngineRequest,
	type EngineResponse,
	type ITaskData,
	type NodeOutput,
} from 'n8n-workflow';
import { ServiceTitan } from '../../nodes/ServiceTitan/ServiceTitan.node';
import { runWorkflow, type WorkflowRun } from '../harness';
import { CREDENTIAL_TYPE, type NodeTestContext } from './support';

export const TOOL_NODE = 'ServiceTitan Tool';
const CALLER = 'Caller';

function makeToolType(): INodeType {
	const base = NodeHelpers.getVersionedNodeType(new ServiceTitan());
	const description: INodeTypeDescription = {
		...base.description,
		name: `${base.description.name}Tool`,
		displayName: `${base.description.displayName} Tool`,
		inputs: [],
		outputs: [NodeConnectionTypes.AiTool],
	};
	delete description.usableAsTool;
	return Object.create(base, { description: { value: description } }) as INodeType;
}
const toolType = makeToolType();

/** What an MCP client gets back from `tools/call`. */
export interface McpToolResult {
	isError: boolean;
	text: string;
}

/** A node with a main input and the `ai_tool` input its tool connects to, as an AI Agent or the MCP trigger has. */
function callerDescription(name: string, description: string): INodeTypeDescription {
	return {
		displayName: name,
		name,
		group: ['transform'],
		version: 1,
		description,
		defaults: { name: CALLER },
		inputs: [NodeConnectionTypes.Main, { type: NodeConnectionTypes.AiTool, displayName: 'Tools' }],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};
}

class McpCaller implements INodeType {
	description = callerDescription('mcpCaller', 'Invokes its connected tools as the MCP Server Trigger does');

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const calls = this.getInputData()[0].json.calls as IDataObject[];
		// The MCP trigger invokes its tools inside its webhook, before n8n has made an execution: no execution ID, and
		// each `tools/call` is a webhook request of its own, whose context hands its tools new execute data.
		const internals = this as unknown as { additionalData: { executionId?: string }; executeData: object };
		const { executionId } = internals.additionalData;
		const executeData = internals.executeData;
		internals.additionalData.executionId = undefined;
		const results: McpToolResult[] = [];
		try {
			for (const args of calls) {
				internals.executeData = { ...executeData };
				const [tool] = (await this.getInputConnectionData(NodeConnectionTypes.AiTool, 0)) as Array<{ invoke(args: IDataObject): Promise<unknown> }>;
				try {
					const answer = await tool.invoke(args);
					results.push({ isError: false, text: typeof answer === 'string' ? answer : JSON.stringify(answer) });
				} catch (error) {
					const { name, message } = error as Error;
					results.push({ isError: true, text: `${name}: ${message}` });
				}
			}
		} finally {
			internals.additionalData.executionId = executionId;
			internals.executeData = executeData;
		}
		return [[{ json: { results } as unknown as IDataObject }]];
	}
}

class AgentCaller implements INodeType {
	description = callerDescription('agentCaller', 'Calls its tool through engine requests as the AI Agent does');

	async execute(this: IExecuteFunctions, response?: EngineResponse): Promise<NodeOutput> {
		const calls = this.getInputData()[0].json.calls as IDataObject[];
		const observations = [...((response?.metadata as { observations?: string[] } | undefined)?.observations ?? [])];
		for (const { data } of response?.actionResponses ?? []) observations.push(observationOf(data as ITaskData));
		if (observations.length < calls.length) {
			const round = observations.length;
			return {
				actions: [
					{
						actionType: 'ExecutionNodeAction',
						nodeName: TOOL_NODE,
						input: calls[round],
						type: NodeConnectionTypes.AiTool,
						id: `call-${round}`,
						metadata: { itemIndex: 0 },
					},
				],
				metadata: { observations },
			} satisfies EngineRequest;
		}
		return [[{ json: { observations } }]];
	}
}

/** The agent's observation of one tool run: as `buildSteps` in @n8n/n8n-nodes-langchain 2.40.7 builds it. */
function observationOf(data: ITaskData): string {
	const json = data?.data?.ai_tool?.[0]?.map((item) => item?.json);
	if (json && json.length > 0) return JSON.stringify(json);
	if (data?.error) return JSON.stringify({ error: data.error.message ?? 'Unknown error', ...(data.error.name && { errorType: data.error.name }) });
	return JSON.stringify('');
}

export interface ToolOptions {
	retryOnFail?: boolean;
	maxTries?: number;
}

function toolWorkflow(caller: INodeType, t: NodeTestContext, parameters: INodeParameters | IDataObject, calls: IDataObject[], options: ToolOptions) {
	return runWorkflow({
		nodes: [
			{ name: CALLER, type: caller },
			{
				name: TOOL_NODE,
				type: toolType,
				parameters: parameters as INodeParameters,
				retryOnFail: options.retryOnFail,
				maxTries: options.maxTries,
				waitBetweenTries: 0,
			},
		],
		connections: { [TOOL_NODE]: { ai_tool: [[{ node: CALLER, type: NodeConnectionTypes.AiTool, index: 0 }]] } },
		credentials: { [CREDENTIAL_TYPE]: t.credentialData },
		inputItems: [{ calls }],
	});
}

function callerOutput(run: WorkflowRun): IDataObject {
	const output = run.nodeRuns[CALLER]?.outputs[0]?.[0]?.json;
	if (!output) throw new Error(`the caller produced nothing: ${run.error?.message ?? run.status}`);
	return output;
}

/** Each call's MCP result, in order; `runs` is how many runs of the tool node n8n recorded. */
export async function callAsMcpTool(t: NodeTestContext, parameters: INodeParameters | IDataObject, calls: IDataObject[], options: ToolOptions = {}) {
	const run = await toolWorkflow(new McpCaller(), t, parameters, calls, options);
	return { results: callerOutput(run).results as unknown as McpToolResult[], runs: run.run.data.resultData.runData[TOOL_NODE]?.length ?? 0, run };
}

/** Each call's observation as the AI Agent hands it to the model, parsed. */
export async function callAsAgentTool(t: NodeTestContext, parameters: INodeParameters | IDataObject, calls: IDataObject[], options: ToolOptions = {}) {
	const run = await toolWorkflow(new AgentCaller(), t, parameters, calls, options);
	const observations = (callerOutput(run).observations as string[]).map((text) => JSON.parse(text) as unknown);
	return { observations, runs: run.run.data.resultData.runData[TOOL_NODE]?.length ?? 0, run };
}
