import './environment';

import { Container } from '@n8n/di';
import { PollContext, PollTriggerExecutor } from 'n8n-core';
import type { IDataObject, INode, INodeExecutionData, WorkflowActivateMode } from 'n8n-workflow';
import { UnexpectedError, Workflow } from 'n8n-workflow';

import type { CredentialsByType, CredentialUpdate } from './credentials';
import { HarnessCredentialsHelper } from './credentials';
import { buildAdditionalData, credentialTypes, HARNESS_WORKFLOW_ID, nextExecutionId, nodeCredentialsFor, nodeTypes } from './engine';
import type { AnyNodeType, PackageNodeName } from './node-types';
import { HarnessNodeTypes } from './node-types';

export interface RunPollOptions {
	nodeType: AnyNodeType | PackageNodeName | string;
	parameters?: INode['parameters'];
	credentials?: CredentialsByType;
	/**
	 * The workflow's static data, owned by the test. In 'trigger' mode it is the long-lived in-memory
	 * object of an active workflow: the poll mutates it in place (through n8n's ObservableObject), so
	 * passing the same object again is the next tick. Pass `savedStaticData` of an earlier result to
	 * simulate a restart that reloads what n8n persisted. Omit it for a fresh workflow.
	 */
	staticData?: IDataObject;
	/**
	 * 'trigger': a production tick through n8n-core's PollTriggerExecutor (errors go to __emitError,
	 * items to __emit). 'manual': the editor's "Fetch Test Event" (WorkflowExecute.executePollNode);
	 * n8n never persists static data of manual runs, so the poll sees a copy and the test's object is
	 * left untouched.
	 */
	mode?: 'trigger' | 'manual';
	/**
	 * What getPollBudgetMs() returns. Omitted: n8n's default without the scheduler (5 minutes).
	 * null: the method is absent, as in n8n versions before it existed.
	 */
	pollBudgetMs?: number | null;
	/** How the workflow was activated; n8n keeps this for every tick of that activation. */
	activation?: WorkflowActivateMode;
	/** The first poll of an activation: n8n rethrows its error (activation fails) instead of emitting it. */
	activationPoll?: boolean;
	typeVersion?: number;
	/** Static data is keyed `node:<name>`; defaults to the node type's default name. */
	nodeName?: string;
}

export interface PollRun {
	/** What poll() returned: the items n8n would emit as a new execution, or null. */
	response: INodeExecutionData[][] | null;
	/** The error the poll threw (the real instance), which n8n would record as a failed execution. */
	error?: unknown;
	/** The test's static data object (mutated in place in 'trigger' mode). */
	staticData: IDataObject;
	/** Plain copy of `staticData['node:<name>']` after the poll, as the poll left it. */
	nodeStaticData: IDataObject;
	/** n8n's change flag: whether the poll wrote to static data at all. */
	staticDataChanged: boolean;
	/**
	 * The static data n8n would write to the database after this tick: set only on the emit path
	 * of a 'trigger' poll that changed it (the default, non-durable-cursor mode). Null-returning and
	 * failing ticks persist nothing; their in-memory changes survive only until a restart.
	 */
	savedStaticData?: IDataObject;
	credentialUpdates: CredentialUpdate[];
}

/** Runs a polling trigger's poll() once with a real n8n-core PollContext. */
export async function runPoll(options: RunPollOptions): Promise<PollRun> {
	const mode = options.mode ?? 'trigger';
	const credentials = options.credentials ?? {};
	const testStaticData = options.staticData ?? {};
	const { typeName, nodeType } = nodeTypes.resolve(options.nodeType);
	const resolvedType = nodeTypes.getByNameAndVersion(typeName, options.typeVersion ?? HarnessNodeTypes.defaultVersion(nodeType));
	if (typeof resolvedType.poll !== 'function') {
		throw new UnexpectedError(`Node type "${typeName}" has no poll() method`);
	}

	const node: INode = {
		id: 'harness-poll-node',
		name: options.nodeName ?? HarnessNodeTypes.defaultNodeName(nodeType),
		type: typeName,
		typeVersion: options.typeVersion ?? HarnessNodeTypes.defaultVersion(nodeType),
		position: [0, 0],
		parameters: structuredClone(options.parameters ?? {}),
		credentials: nodeCredentialsFor(credentials),
	};
	const workflow = new Workflow({
		id: HARNESS_WORKFLOW_ID,
		name: 'Harness poll workflow',
		nodes: [node],
		connections: {},
		active: mode === 'trigger',
		nodeTypes,
		// Manual executions load a fresh copy of the workflow and never save its static data.
		staticData: mode === 'manual' ? structuredClone(plain(testStaticData)) : testStaticData,
		settings: { executionOrder: 'v1' },
	});

	const credentialsHelper = new HarnessCredentialsHelper(credentialTypes, credentials);
	const additionalData = buildAdditionalData({ credentialsHelper, executionId: nextExecutionId() });

	let emitted: INodeExecutionData[][] | null = null;
	let emittedError: unknown;
	const context =
		mode === 'manual'
			? new PollContext(workflow, node, additionalData, 'manual', 'manual')
			: new PollContext(
					workflow,
					node,
					additionalData,
					'trigger',
					options.activation ?? 'activate',
					(data) => {
						emitted = data;
					},
					(error) => {
						emittedError = error;
					},
				);
	if (options.pollBudgetMs === null) {
		// Older n8n has no getPollBudgetMs: nodes must cope with `this.getPollBudgetMs?.()` being undefined.
		delete (context as { getPollBudgetMs?: unknown }).getPollBudgetMs;
	} else if (options.pollBudgetMs !== undefined) {
		const budget = options.pollBudgetMs;
		Object.assign(context, { getPollBudgetMs: () => budget });
	}

	let response: INodeExecutionData[][] | null = null;
	let error: unknown;
	if (mode === 'manual') {
		try {
			response = await resolvedType.poll.call(context);
		} catch (thrown) {
			error = thrown;
		}
	} else {
		const executePollTrigger = Container.get(PollTriggerExecutor).create(workflow, node, context, () => true);
		try {
			await executePollTrigger(options.activationPoll ?? false);
		} catch (thrown) {
			error = thrown;
		}
		response = emitted;
		error ??= emittedError;
	}

	const staticDataChanged = (workflow.staticData as { __dataChanged?: boolean }).__dataChanged === true;
	const nodeStaticData = plain(workflow.getStaticData('node', node));
	return {
		response,
		error,
		staticData: testStaticData,
		nodeStaticData,
		staticDataChanged,
		savedStaticData: mode === 'trigger' && response !== null && staticDataChanged ? plain(workflow.staticData) : undefined,
		credentialUpdates: credentialsHelper.updates,
	};
}

/** A JSON copy: drops n8n's ObservableObject proxies, exactly what n8n stores in the database. */
function plain(data: IDataObject): IDataObject {
	return JSON.parse(JSON.stringify(data)) as IDataObject;
}
