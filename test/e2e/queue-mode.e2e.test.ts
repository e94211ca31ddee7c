/**
 * The packed package in n8n 2.40.7's own queue mode, as a self-hoster runs it when one process is not enough:
 * PostgreSQL + Redis + `n8n start` (the main: webhooks, pollers) + two `n8n worker` processes taking executions
 * from the Bull queue. Three executions started together, each creating 400 customers for the same tenant, run on
 * the workers in separate processes; ServiceTitan's 60 requests per second per app and tenant is one budget for all
 * of them, so the simulator (which answers 429 past 60 in a sliding second) must see no 429, never more than 60
 * requests in a second, and the budget used well. The ServiceTitan Trigger still polls, on the main.
 */
import { randomUUID } from 'node:crypto';

import { startRedis } from '../harness/redis';
import { signBody } from '../simulator';
import { DEMO_SIGNING_KEY, demoSigningCredential } from '../../scripts/demo/webhook-workflows';
import { combinedRate, maxInAnyWindow, tightestSpanOf61 } from '../harness/arrivals';
import { simulatorBurstAllowance, startSimulatorProcess, type SimulatorProcess } from '../harness/simulator-process';
import {
	N8nQueueMode,
	PACKAGE_NAME,
	credentialRef,
	linearWorkflow,
	noOp,
	serviceTitanCredential,
	serviceTitanNode,
	serviceTitanTrigger,
	type NodeSpec,
	type PublicExecution,
	type WorkflowFixture,
} from './harness';
import { onlyN8n2 } from './harness/compat';

const EXECUTIONS = ['A', 'B', 'C'];
const CUSTOMERS_PER_EXECUTION = 400;
const NAME_PREFIX = 'Queue mode customer';
const RECENT_DELAY_MS = 15 * 60_000;
const SEEDED_CUSTOMERS = 12;

/** Webhook (answers at once) → 400 items → ServiceTitan Customer > Create, named after the batch in the request. */
function createCustomersWorkflow(credential: ReturnType<typeof serviceTitanCredential>, path: string): WorkflowFixture {
	const webhook: NodeSpec = {
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: path,
		parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
	};
	const items: NodeSpec = {
		name: 'Items',
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		parameters: {
			mode: 'raw',
			jsonOutput: JSON.stringify({ items: Array.from({ length: CUSTOMERS_PER_EXECUTION }, (_, i) => ({ i })) }),
			options: {},
		},
	};
	const splitOut: NodeSpec = { name: 'Split Out', type: 'n8n-nodes-base.splitOut', typeVersion: 1, parameters: { fieldToSplitOut: 'items', options: {} } };
	const create = serviceTitanNode(credential, {
		resource: 'customer',
		operation: 'create',
		name: `={{ "${NAME_PREFIX} " + $('Webhook').first().json.body.batch + " " + $json.i }}`,
		locationsInput: 'json',
		locations: JSON.stringify([{ name: 'Home', address: { street: '1 Congress Ave', city: 'Austin', state: 'TX', zip: '78701', country: 'USA' } }]),
		address: { address: { street: '1 Congress Ave', unit: '', city: 'Austin', state: 'TX', zip: '78701', country: 'USA' } },
	});
	return linearWorkflow('Queue mode: create customers', [webhook, items, splitOut, create]);
}

describe('n8n queue mode (Postgres, Redis, main + 2 workers)', () => {
	let redis: Awaited<ReturnType<typeof startRedis>> | undefined;
	let sim: SimulatorProcess;
	let queue: N8nQueueMode | undefined;
	let writesId: string;
	let triggerId: string;
	let webhookTriggerId: string;
	const webhookPath = randomUUID();
	const serviceTitanHook = randomUUID();

	beforeAll(async () => {
		redis = await startRedis();
		// In a process of its own: it counts arrivals per second, which jest's process (held up 110 ms once) would bunch.
		sim = await startSimulatorProcess({ port: 0, latencyMs: 100, requestsPerSecond: 60, size: { customers: SEEDED_CUSTOMERS }, maxLogEntries: 20_000 });
		await sim.advanceClock(RECENT_DELAY_MS + 60_000); // the seeded customers are past the export feed's recent-changes delay
		// --concurrency=2 with three executions: both workers must take some (n8n warns below 5; harmless here)
		// One `n8n webhook` process beside the main: ServiceTitan's deliveries may reach either through a load balancer.
		queue = await N8nQueueMode.create({ name: 'st-e2e-queue', redis, workers: 2, concurrency: 2, webhookProcesses: 1 });
		const credential = serviceTitanCredential(sim);
		const signing = demoSigningCredential();
		await queue.instance.importCredentials([credential, signing]);
		const writes = createCustomersWorkflow(credential, webhookPath);
		const trigger = linearWorkflow('Queue mode: customers changed', [
			serviceTitanTrigger(credential, { resource: 'customer', event: 'any', start: 'beginning' }),
			noOp(),
		]);
		const webhookTrigger = linearWorkflow('Queue mode: ServiceTitan job completed (webhook)', [
			{
				name: 'ServiceTitan Webhook Trigger',
				type: `${PACKAGE_NAME}.serviceTitanWebhookTrigger`,
				typeVersion: 1,
				webhookId: serviceTitanHook,
				parameters: { authentication: 'signature', events: ['tn.jpm.job-completed'], options: {} },
				credentials: credentialRef(signing),
			},
			noOp(),
		]);
		[writesId, triggerId, webhookTriggerId] = await queue.instance.importWorkflows([writes, trigger, webhookTrigger]);
		// Published before the processes start, so the webhook process serves the trigger's production URL from its start.
		await queue.instance.publishWorkflow(webhookTriggerId);
		await queue.start();
		// Published on the running main, as in the editor: the webhook registers, the poll runs at once (on the main).
		await queue.main!.publishWorkflow(writesId);
		await queue.main!.publishWorkflow(triggerId);
	});

	afterAll(async () => {
		try {
			await queue?.dispose();
		} finally {
			await sim?.close();
			await redis?.stop();
		}
	});

	onlyN8n2('the ServiceTitan Trigger polls on the main, and its execution runs on a worker', async () => {
		const [execution] = await queue!.main!.waitForExecutions(triggerId, 1);
		expect(execution).toMatchObject({ status: 'success', mode: 'trigger' });
		const emitted = execution.data!.resultData.runData['ServiceTitan Trigger'][0].data!.main[0]!;
		expect(emitted).toHaveLength(SEEDED_CUSTOMERS);
		expect((await sim.log()).filter((entry) => entry.path.endsWith('/export/customers')).length).toBeGreaterThan(0);
		// the poll ran in the main, which queued its execution; a worker ran it
		expect(queue!.enqueuedByMain()).toContain(String(execution.id));
		expect(queue!.workerOf(execution.id)).toBeDefined();
	});

	onlyN8n2('three executions of 400 customer writes each, started together on two workers: all 1,200 written once, no 429, ≤ 60 in any second, ≥ 54 req/s', async () => {
		await sim.clearLog(); // this test's requests only, and the simulator's stalls from here on
		const responses = await Promise.all(
			EXECUTIONS.map((batch) =>
				fetch(`${queue!.main!.baseUrl}/webhook/${webhookPath}`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ batch }),
				}),
			),
		);
		expect(responses.map((response) => response.status)).toEqual([200, 200, 200]);

		const executions: PublicExecution[] = await queue!.main!.waitForExecutions(writesId, EXECUTIONS.length, 150_000);
		const report = () =>
			`executions: ${executions.map((execution) => `${execution.id} ${execution.status} on worker ${queue!.workerOf(execution.id)}`).join(', ')}\n${queue!.transcript()}`;

		// executed by the workers, both of them, not by the main
		expect(executions.map((execution) => queue!.enqueuedByMain().includes(String(execution.id)))).toEqual([true, true, true]);
		const workers = executions.map((execution) => queue!.workerOf(execution.id));
		if (workers.includes(undefined) || new Set(workers).size !== 2) throw new Error(`not run by both workers:\n${report()}`);

		// The simulator's longest stall during the writes: a simulator held up ~90 ms stamps that many arrivals together
		// (a burst it made). Read before the log, whose trip over IPC holds the simulator up itself.
		const simulatorStalledMs = (await sim.stats()).maxEventLoopDelayMs;
		const log = await sim.log();
		const writes = log.filter((entry) => entry.method === 'POST' && entry.path.endsWith('/customers'));
		const accepted = writes.filter((entry) => entry.status >= 200 && entry.status < 300);
		const created = (await sim.list('crm:customers')).map((customer) => String(customer.name)).filter((name) => name.startsWith(NAME_PREFIX));
		const apiRequests = log.filter((entry) => entry.path.includes('/tenant/'));
		const figures = {
			failedExecutions: executions.filter((execution) => execution.status !== 'success').length,
			written: created.length,
			distinctWritten: new Set(created).size,
			rateLimited: writes.filter((entry) => entry.status === 429).length,
			maxInAnySecond: maxInAnyWindow(apiRequests),
		};
		const rate = combinedRate(accepted);
		const errors = executions.map((execution) => execution.data?.resultData?.error?.message).filter(Boolean);
		// what the package's limiter said in each process (a fallback to the local limiter shows here)
		const limiterLines = [queue!.main!.log, ...queue!.workers.map((worker) => worker.log)].flatMap((log) =>
			log.split('\n').filter((line) => line.includes('ServiceTitan rate limiter')),
		);
		process.stderr.write(
			`[queue-mode] ${JSON.stringify({ ...figures, requests: writes.length, requestsPerSecond: Number(rate.toFixed(1)), tightestSpanOf61Ms: Math.round(tightestSpanOf61(apiRequests)), simulatorStalledMs, errors, limiterLines })}\n`,
		);
		// Measured: quiet runs 0 × 429, 58 in the busiest second, 55.1/s. Without the shared limiter: 359 × 429, 100 in
		// one second, an execution failed and 933 of 1,200 were written.
		// No 429 and at most 60 in a second, unless the simulator itself was held up long enough to make a burst.
		const allowed = simulatorBurstAllowance(simulatorStalledMs);
		expect(figures).toEqual({
			failedExecutions: 0,
			written: EXECUTIONS.length * CUSTOMERS_PER_EXECUTION,
			distinctWritten: EXECUTIONS.length * CUSTOMERS_PER_EXECUTION,
			rateLimited: Math.min(figures.rateLimited, allowed.refused),
			maxInAnySecond: Math.min(figures.maxInAnySecond, 60 + allowed.overSixty),
		});
		expect(rate).toBeGreaterThanOrEqual(54);
	});

	onlyN8n2('one ServiceTitan webhook event delivered to the main and to the webhook process at once runs the workflow once', async () => {
		const event = JSON.stringify({
			specversion: '1.0',
			id: randomUUID(),
			type: 'tn.jpm.job-completed',
			time: new Date().toISOString(),
			source: 'https://webhooks.servicetitan.io',
			userassignedid: randomUUID(),
			datacontenttype: 'application/json',
			data: { job: { id: 4242, jobStatus: 'Completed' } },
		});
		const deliver = (baseUrl: string) =>
			fetch(`${baseUrl}/webhook/${serviceTitanHook}/webhook`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'x-servicetitan-signature': signBody(DEMO_SIGNING_KEY, event) },
				body: event,
			});
		const [webhookProcess] = queue!.webhookProcesses;
		// ServiceTitan re-sends when an answer is slow: two deliveries at each process, all overlapping.
		const answers = await Promise.all([queue!.main!.baseUrl, webhookProcess.baseUrl, queue!.main!.baseUrl, webhookProcess.baseUrl].map(deliver));
		expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
		const [execution] = await queue!.main!.waitForExecutions(webhookTriggerId, 1);
		expect(execution.status).toBe('success');
		// A second execution would show within seconds (the first took less): wait, then count again.
		await new Promise((resolve) => setTimeout(resolve, 5_000));
		const executions = await queue!.main!.executions(webhookTriggerId, { includeData: false });
		expect(executions.map((run) => run.id)).toEqual([execution.id]);
		// Both processes received deliveries (the webhook process enqueued nothing of its own when the main won, or the reverse).
		expect(webhookProcess.log).toContain('Webhook listener waiting for requests');
	});
});
