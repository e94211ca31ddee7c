/**
 * Scenarios 1 and 2 inside a real n8n 2.40.7 (`n8n execute`): 1,000 items through our node's
 * Create Customer and Update Job, and the same creates through n8n's HTTP Request node signing with
 * our credential as a predefined credential type, with its defaults and with tuned batching.
 * Uses the e2e harness (test/e2e/harness) unchanged: the packed package is installed as n8n's own
 * community-package installer does.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import globalSetup from '../test/e2e/harness/global-setup';
import {
	CREDENTIAL_TYPE,
	N8nInstance,
	NODE_TYPES,
	credentialRef,
	freePort,
	linearWorkflow,
	manualTrigger,
	serviceTitanCredential,
	serviceTitanNode,
	type CredentialFixture,
	type ExecutionRun,
	type NodeSpec,
	type WorkflowFixture,
} from '../test/e2e/harness';
import { startSimulator, type Simulator } from '../test/simulator';
import { WRITE_EXPRESSIONS, WRITE_PARAMETERS, writeItems } from './child';
import { log, median } from './lib';

export interface WriteMeasurement {
	label: string;
	where: 'n8n' | 'in-process';
	items: number;
	/** The node's own execution time (run data), ms. */
	nodeMs: number;
	/** From the node's start to the first API request's arrival at the simulator (token and item checks included), ms. */
	firstRequestMs?: number;
	/** `n8n execute` from spawn to exit (boot, import of the workflow, run, shutdown), ms. */
	commandMs?: number;
	apiRequests: number;
	/** Token requests (POST /connect/token) during the run. */
	tokenRequests: number;
	accepted: number;
	rateLimited: number;
	/** Accepted requests per second of the node's execution time. */
	requestsPerSecond: number;
	/** Most accepted requests that arrived in any sliding second. */
	maxInAnySecond: number;
	/** Accepted requests per second between the first and the last accepted arrival (steady state). */
	sustainedPerSecond: number;
	/** Items that failed (an error item, or not written because the execution stopped). */
	failedItems: number;
	/** Items whose write reached ServiceTitan (2xx). */
	written: number;
	executionOk: boolean;
	error?: string;
	settings?: string;
	/** Node time and first request of each `n8n execute` when the row is the median of several (ms). */
	runs?: Array<{ nodeMs: number; firstRequestMs?: number }>;
	/** n8n's own Edit Fields (Set) node evaluating the same expressions for the same items: node time of each run (ms). */
	expressionFloorMs?: number[];
}

export const BULK_ITEMS = 1000;
/**
 * `n8n execute` runs of each of our writes (and of its expression floor), alternating: one run's first request moved
 * 0.47–0.61 s between three runs of the same code on an idle host (each run is a fresh, cold n8n process), so the
 * table gives medians.
 */
export const N8N_ROUNDS = 3;
const TENANT_PATH = (sim: Simulator) => `${sim.apiBaseUrl}/crm/v2/tenant/${sim.credentials.tenantId}/customers`;
const CUSTOMER_BODY = {
	locations: [{ name: 'Home', address: { street: '1 Congress Ave', city: 'Austin', state: 'TX', zip: '78701', country: 'USA' } }],
	address: { street: '1 Congress Ave', city: 'Austin', state: 'TX', zip: '78701', country: 'USA' },
};

/** HTTP Request batching candidates that stay under 60 requests in any second; the fastest without a 429 wins. */
export const HTTP_BATCHING = [
	{ batchSize: 1, batchInterval: 17 },
	{ batchSize: 10, batchInterval: 200 },
];

function itemsSource(count: number, jobIds: number[]): NodeSpec[] {
	return [
		{
			name: 'Items',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			parameters: { mode: 'raw', jsonOutput: JSON.stringify({ items: writeItems(count, jobIds) }), options: {} },
		},
		{ name: 'Split Out', type: 'n8n-nodes-base.splitOut', typeVersion: 1, parameters: { fieldToSplitOut: 'items', options: {} } },
	];
}

function httpCreate(credential: CredentialFixture, sim: Simulator, batching?: { batchSize: number; batchInterval: number }): NodeSpec {
	return {
		name: 'HTTP Request',
		type: NODE_TYPES.httpRequest,
		typeVersion: 4.2,
		parameters: {
			method: 'POST',
			url: TENANT_PATH(sim),
			authentication: 'predefinedCredentialType',
			nodeCredentialType: CREDENTIAL_TYPE,
			sendBody: true,
			contentType: 'json',
			specifyBody: 'json',
			// A JSON template as users write it; pretty-printed so that no "}}" closes the expression early.
			jsonBody: `=${JSON.stringify({ name: 'Bench customer {{ $json.i }}', ...CUSTOMER_BODY }, null, 1)}`,
			options: batching ? { batching: { batch: batching } } : {},
		},
		credentials: credentialRef(credential),
	};
}

/**
 * n8n's own Edit Fields (Set) node evaluating the expressions our node's parameters hold, for the same items: what
 * n8n spends on them alone, the floor of the check every item passes before anything is sent.
 */
function expressionFloor(operation: 'createCustomer' | 'updateJob'): NodeSpec {
	const expressions = Object.entries(WRITE_EXPRESSIONS[operation]);
	return {
		name: 'Edit Fields',
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		parameters: {
			mode: 'manual',
			assignments: { assignments: expressions.map(([name, value], index) => ({ id: `e${index}`, name, value, type: 'string' })) },
			options: {},
		},
	};
}

interface TaskData {
	startTime?: number;
	executionTime?: number;
	error?: { message?: string };
	data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> };
}

function nodeTask(run: ExecutionRun | undefined, name: string): TaskData | undefined {
	return run?.data?.resultData?.runData?.[name]?.[0] as TaskData | undefined;
}

/** What the simulator saw since `from` (an index into its log): API requests only. */
export function simulatorCounts(
	sim: Simulator,
	from: number,
	skipApiRequests = 0,
): { apiRequests: number; tokenRequests: number; accepted: number; rateLimited: number; maxInAnySecond: number; sustainedPerSecond: number; firstArrival: number } {
	const entries = sim.log
		.slice(from)
		.filter((entry) => entry.path.includes('/tenant/'))
		.slice(skipApiRequests);
	const accepted = entries.filter((entry) => entry.status >= 200 && entry.status < 300);
	let maxInAnySecond = 0;
	let start = 0;
	const times = accepted.map((entry) => entry.time).sort((a, b) => a - b);
	for (let end = 0; end < times.length; end++) {
		while (times[end] - times[start] >= 1000) start++;
		maxInAnySecond = Math.max(maxInAnySecond, end - start + 1);
	}
	const span = times.length > 1 ? times[times.length - 1] - times[0] : Number.NaN;
	return {
		apiRequests: entries.length,
		tokenRequests: sim.log.slice(from).filter((entry) => entry.path.endsWith('/connect/token')).length,
		accepted: accepted.length,
		rateLimited: entries.filter((entry) => entry.status === 429).length,
		maxInAnySecond,
		sustainedPerSecond: ((times.length - 1) / span) * 1000,
		// The simulator's clock follows Date.now() when started with `epoch: Date.now()`.
		firstArrival: entries.length ? Math.min(...entries.map((entry) => entry.time)) : Number.NaN,
	};
}

/**
 * One row for several runs of a write: node time and first request are the medians of the runs; rate and arrivals
 * come from the run with the median node time; 429s and failed items are the sums over all runs (none may hide).
 */
function medianRow(runs: WriteMeasurement[], floorMs: number[]): WriteMeasurement {
	const nodeMs = median(runs.map((run) => run.nodeMs));
	const middle = runs.find((run) => run.nodeMs === nodeMs) ?? runs[0];
	const firsts = runs.map((run) => run.firstRequestMs).filter((ms): ms is number => ms !== undefined);
	return {
		...middle,
		nodeMs,
		firstRequestMs: firsts.length ? median(firsts) : undefined,
		rateLimited: runs.reduce((sum, run) => sum + run.rateLimited, 0),
		failedItems: runs.reduce((sum, run) => sum + run.failedItems, 0),
		executionOk: runs.every((run) => run.executionOk),
		error: runs.find((run) => run.error)?.error,
		runs: runs.map((run) => ({ nodeMs: run.nodeMs, firstRequestMs: run.firstRequestMs })),
		expressionFloorMs: floorMs,
	};
}

/** `oursOnly` leaves out the HTTP Request node's runs (for profiling our node alone). */
export async function runN8nWrites({ oursOnly = false } = {}): Promise<{ n8nVersion: string; results: WriteMeasurement[]; tuning: WriteMeasurement[] }> {
	log('building, packing and ensuring n8n (test/e2e/harness/global-setup)');
	await globalSetup();
	const port = await freePort();
	const sim = await startSimulator({ port, latencyMs: 100, requestsPerSecond: 60, epoch: Date.now(), maxLogEntries: 200_000 });
	const n8n = await N8nInstance.create({ name: 'st-bench' });
	try {
		const credential = serviceTitanCredential(sim);
		await n8n.importCredentials([credential]);
		const jobIds = sim.store.list('jpm:jobs').map((job) => Number(job.id));
		const ours = (operation: 'createCustomer' | 'updateJob') =>
			linearWorkflow(`Bench: ${operation}`, [
				manualTrigger(),
				...itemsSource(BULK_ITEMS, jobIds),
				serviceTitanNode(credential, structuredClone(WRITE_PARAMETERS[operation]) as Record<string, unknown>),
			]);
		const http = (batching?: { batchSize: number; batchInterval: number }) =>
			linearWorkflow(`Bench: HTTP Request ${batching ? JSON.stringify(batching) : 'defaults'}`, [
				manualTrigger(),
				...itemsSource(BULK_ITEMS, jobIds),
				httpCreate(credential, sim, batching),
			]);
		const floorWorkflow = (operation: 'createCustomer' | 'updateJob') =>
			linearWorkflow(`Bench: ${operation} expressions in Edit Fields`, [manualTrigger(), ...itemsSource(BULK_ITEMS, jobIds), expressionFloor(operation)]);
		type Step = { label: string; workflow: WorkflowFixture; node: string; settings?: string; tuning?: boolean; floorOf?: string };
		const ourSteps: Step[] = [
			{ label: 'ServiceTitan node: Create Customer', workflow: ours('createCustomer'), node: 'ServiceTitan' },
			{ label: 'ServiceTitan node: Update Job', workflow: ours('updateJob'), node: 'ServiceTitan' },
		];
		const floorSteps: Step[] = [
			{ label: 'floor: Create Customer', workflow: floorWorkflow('createCustomer'), node: 'Edit Fields', floorOf: ourSteps[0].label },
			{ label: 'floor: Update Job', workflow: floorWorkflow('updateJob'), node: 'Edit Fields', floorOf: ourSteps[1].label },
		];
		// Our writes and their floors alternate, N8N_ROUNDS times, so a slow minute on the host touches every row alike.
		const plan: Step[] = [
			...Array.from({ length: N8N_ROUNDS }, () => [...ourSteps, ...floorSteps]).flat(),
			...(oursOnly ? [] : [{ label: 'HTTP Request node, default settings', workflow: http(), node: 'HTTP Request', settings: 'options: {} (no batching)' }]),
			...(oursOnly ? [] : HTTP_BATCHING).map((batching) => ({
				label: `HTTP Request node, batching ${batching.batchSize} per ${batching.batchInterval} ms`,
				workflow: http(batching),
				node: 'HTTP Request',
				settings: `batch size ${batching.batchSize}, interval ${batching.batchInterval} ms`,
				tuning: true,
			})),
		];
		for (const workflow of new Set(plan.map((entry) => entry.workflow))) workflow.id = workflow.id || randomUUID();
		await n8n.importWorkflows([...new Set(plan.map((entry) => entry.workflow))]);

		const measured: Array<WriteMeasurement & { tuning?: boolean }> = [];
		const floors = new Map<string, number[]>();
		for (const entry of plan) {
			// Let the simulator's sliding window and any Retry-After drain between runs.
			await new Promise((resolve) => setTimeout(resolve, entry.floorOf ? 0 : 1500));
			const from = sim.log.length;
			log(`n8n execute: ${entry.label}`);
			// BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each `n8n execute` there (boot and shutdown included).
			const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`] : [];
			const result = await n8n.execute(entry.workflow.id, { nodeArgs: profile });
			const task = nodeTask(result.run, entry.node);
			if (entry.floorOf) {
				const outputItems = task?.data?.main?.[0]?.length ?? 0;
				if (!result.ok || outputItems !== BULK_ITEMS) throw new Error(`${entry.label}: the Edit Fields run failed (${outputItems} items)`);
				floors.set(entry.floorOf, [...(floors.get(entry.floorOf) ?? []), task?.executionTime ?? Number.NaN]);
				log(`  ${task?.executionTime} ms`);
				continue;
			}
			const counts = simulatorCounts(sim, from);
			const nodeMs = task?.executionTime ?? Number.NaN;
			const outputItems = task?.data?.main?.[0]?.length ?? 0;
			const errorItems = (task?.data?.main?.[0] ?? []).filter((item) => item.json.error !== undefined).length;
			const written = counts.accepted;
			const error = result.run?.data?.resultData?.error?.message ?? task?.error?.message ?? (result.ok ? undefined : `exit ${result.exitCode}`);
			measured.push({
				label: entry.label,
				where: 'n8n',
				items: BULK_ITEMS,
				nodeMs,
				firstRequestMs: task?.startTime !== undefined ? counts.firstArrival - task.startTime : undefined,
				commandMs: result.durationMs,
				...counts,
				requestsPerSecond: (counts.accepted / nodeMs) * 1000,
				failedItems: result.ok ? errorItems + Math.max(0, BULK_ITEMS - outputItems) : BULK_ITEMS - Math.min(BULK_ITEMS, written),
				written,
				executionOk: result.ok,
				error,
				settings: entry.settings,
				tuning: entry.tuning,
			});
			const m = measured[measured.length - 1];
			log(
				`  ${Math.round(m.nodeMs)} ms (first request after ${Math.round(m.firstRequestMs ?? Number.NaN)} ms), ${m.accepted} accepted, ${m.rateLimited} × 429, ${m.failedItems} failed items, ${m.requestsPerSecond.toFixed(1)} req/s end to end, ${m.sustainedPerSecond.toFixed(1)} sustained${m.error ? `, error: ${m.error}` : ''}`,
			);
		}
		const rows: Array<WriteMeasurement & { tuning?: boolean }> = [
			...ourSteps.map((step) =>
				medianRow(
					measured.filter((m) => m.label === step.label),
					floors.get(step.label) ?? [],
				),
			),
			...measured.filter((m) => !ourSteps.some((step) => step.label === m.label)),
		];
		const n8nVersion = (await n8n.cli(['--version'])).stdout.trim().split('\n').pop() ?? '?';
		return { n8nVersion, results: rows.filter((m) => !m.tuning), tuning: rows.filter((m) => m.tuning) };
	} finally {
		await n8n.dispose();
		await sim.close();
	}
}
