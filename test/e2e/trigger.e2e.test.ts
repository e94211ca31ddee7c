/**
 * The ServiceTitan Trigger in a real n8n 2.40.7, through n8n's own polling lifecycle
 * (n8n-core runs one poll at activation, then on its schedule): publish:workflow, `n8n start` runs the activation poll at once, the emitted
 * execution is read through the public API, the cursor is persisted in the workflow's static data,
 * and after a restart the activation poll continues from that cursor and emits only what changed.
 */
import { startSimulator, type Simulator } from '../simulator';
import { N8nInstance, linearWorkflow, noOp, serviceTitanCredential, serviceTitanTrigger, type N8nServer, type PublicExecution } from './harness';
import { onlyN8n2 } from './harness/compat';

const COLLECTION = 'crm:customers';
const EXPORT_PATH = '/export/customers';
const RECENT_DELAY_MS = 15 * 60_000;

describe('ServiceTitan Trigger (published, n8n start, restart)', () => {
	let sim: Simulator;
	let n8n: N8nInstance;
	let workflowId: string;

	const exportCalls = () => sim.log.filter((entry) => entry.path.endsWith(EXPORT_PATH));
	/** Moves simulated time past ServiceTitan's recent-changes delay so new changes are exported. */
	const settle = () => sim.clock.advance(RECENT_DELAY_MS + 60_000);
	const emitted = (execution: PublicExecution) => execution.data!.resultData.runData['ServiceTitan Trigger'][0].data!.main[0]!.map((item) => item.json);
	const latestKeys = () =>
		sim.store
			.changeLog(COLLECTION)
			.filter((entry) => entry.latest)
			.map((entry) => `${String(entry.id)}|${entry.modifiedOn}`)
			.sort();
	const key = (record: Record<string, unknown>) => `${String(record.id)}|${String(record.modifiedOn)}`;

	async function startAndWait(executions: number): Promise<{ server: N8nServer; all: PublicExecution[] }> {
		const server = await n8n.start();
		const all = await server.waitForExecutions(workflowId, executions);
		return { server, all };
	}

	beforeAll(async () => {
		sim = await startSimulator({ port: 0, size: { customers: 23 }, exportPageSize: 5 });
		settle();
		n8n = await N8nInstance.create({ name: 'st-e2e-trigger' });
		const credential = serviceTitanCredential(sim);
		await n8n.importCredentials([credential]);
		workflowId = await n8n.importWorkflow(
			linearWorkflow('ServiceTitan customers changed', [serviceTitanTrigger(credential, { resource: 'customer', event: 'any', start: 'beginning' }), noOp()]),
		);
		await n8n.publishWorkflow(workflowId);
	});

	afterAll(async () => {
		await n8n?.dispose();
		await sim?.close();
	});

	let cursorAfterFirstRun: string | undefined;

	test('the activation poll at startup emits the whole history once, paging the export feed', async () => {
		const { server, all } = await startAndWait(1);
		expect(all).toHaveLength(1);
		const [execution] = all;
		expect(execution).toMatchObject({ status: 'success', mode: 'trigger' });
		const records = emitted(execution);
		expect(records.map(key).sort()).toEqual(latestKeys());
		expect(exportCalls()[0].query.from).toBeUndefined();
		expect(exportCalls().length).toBeGreaterThanOrEqual(Math.ceil(records.length / 5));

		// n8n saved the cursor with the emit (workflow static data, keyed by node name)
		const workflow = await server.getWorkflow(workflowId);
		const staticData = workflow.staticData as Record<string, Record<string, unknown>> | null;
		expect(staticData).toHaveProperty(['node:ServiceTitan Trigger']);
		cursorAfterFirstRun = JSON.stringify(staticData!['node:ServiceTitan Trigger']);
		await n8n.stop();
	});

	test('after a restart it continues from the stored cursor and emits only the changes', async () => {
		expect(cursorAfterFirstRun).toBeDefined();
		const [first, second] = sim.store.list(COLLECTION);
		sim.clock.advance(1000);
		const created = sim.store.create(COLLECTION, { name: 'E2E Brand New Plumbing', type: 'Commercial' });
		sim.store.update(COLLECTION, first.id, { name: 'E2E Renamed HVAC Client' });
		sim.store.deactivate(COLLECTION, second.id);
		settle();
		sim.clearLog();

		const { all } = await startAndWait(2);
		const newest = all.reduce((a, b) => (Number(a.id) > Number(b.id) ? a : b));
		expect(newest.status).toBe('success');
		const ids = emitted(newest)
			.map((record) => record.id)
			.sort();
		expect(ids).toEqual([created.id, first.id, second.id].sort());

		// the first export request of this run starts from the persisted cursor, not from the beginning
		expect(exportCalls()[0].query.from).toBeDefined();
		expect(cursorAfterFirstRun).toContain(exportCalls()[0].query.from);
	});

	// The compatibility subset against n8n 1.x stops at the activation poll and the cursor (this one waits a minute).
	onlyN8n2('the every-minute poll (cron, not activation) emits a later change exactly once', async () => {
		const server = n8n.server!;
		const before = (await server.executions(workflowId, { includeData: false })).length;
		const target = sim.store.list(COLLECTION)[5];
		sim.store.update(COLLECTION, target.id, { name: 'E2E Changed While Running' });
		settle();
		// polls run at the start of every minute: wait for the next one (at most ~60 s)
		const all = await server.waitForExecutions(workflowId, before + 1, 100_000);
		const newest = all.reduce((a, b) => (Number(a.id) > Number(b.id) ? a : b));
		expect(newest.status).toBe('success');
		expect(emitted(newest).map((record) => record.id)).toEqual([target.id]);
		await n8n.stop();
	});
});

/** The activation poll positioned the trigger and n8n saved the workflow's static data. */
async function waitForStoredPosition(server: N8nServer, workflowId: string): Promise<void> {
	let staticData: Record<string, unknown> | null = null;
	for (let i = 0; i < 60 && !staticData?.['node:ServiceTitan Trigger']; i++) {
		await new Promise((resolve) => setTimeout(resolve, 500));
		staticData = (await server.getWorkflow(workflowId)).staticData as Record<string, unknown> | null;
	}
	expect(staticData).toHaveProperty(['node:ServiceTitan Trigger']);
}

/**
 * "From Now" restarted before its first emission: the activation poll only positions the trigger and
 * returns nothing, and n8n saves the workflow's static data once the activation is done
 * (ActiveWorkflowManager.add). After a restart the trigger continues from that position, so a change
 * made while n8n was down is emitted, and the changes from before activation are not.
 */
describe('ServiceTitan Trigger From Now (restart before the first emission)', () => {
	let sim: Simulator;
	let n8n: N8nInstance;
	let workflowId: string;

	beforeAll(async () => {
		// On n8n's clock, and exporting changes at once, so that "now" means the same on both sides.
		sim = await startSimulator({ port: 0, size: { customers: 5 }, exportPageSize: 5, epoch: Date.now(), recentChangesDelayMs: 0 });
		n8n = await N8nInstance.create({ name: 'st-e2e-trigger-from-now' });
		const credential = serviceTitanCredential(sim);
		await n8n.importCredentials([credential]);
		workflowId = await n8n.importWorkflow(
			linearWorkflow('ServiceTitan customers from now', [serviceTitanTrigger(credential, { resource: 'customer', event: 'any', start: 'now' }), noOp()]),
		);
		await n8n.publishWorkflow(workflowId);
	});

	afterAll(async () => {
		await n8n?.dispose();
		await sim?.close();
	});

	test('a change made while n8n was down is emitted after the restart', async () => {
		const before = sim.store.create(COLLECTION, { name: 'E2E Before Activation', type: 'Residential' });
		sim.clock.advance(2000);
		const server = await n8n.start();
		// The activation poll positions the trigger and emits nothing; n8n then saves the static data.
		await waitForStoredPosition(server, workflowId);
		expect(await server.executions(workflowId, { includeData: false })).toHaveLength(0);
		await n8n.stop();

		sim.clock.advance(1000);
		const whileDown = sim.store.create(COLLECTION, { name: 'E2E Made While n8n Was Down', type: 'Residential' });
		const restarted = await n8n.start();
		const [execution] = await restarted.waitForExecutions(workflowId, 1);
		const ids = execution.data!.resultData.runData['ServiceTitan Trigger'][0].data!.main[0]!.map((item) => item.json.id);
		expect(ids).toEqual([whileDown.id]);
		expect(ids).not.toContain(before.id);
		await n8n.stop();
	});
});

/**
 * A status event through n8n's own polling: a published trigger on jobs with Event = Job Canceled.
 * Canceling a job is one execution holding that job; an unrelated edit of another job, and a later
 * edit of the canceled job, start none.
 */
describe('ServiceTitan Trigger Job Canceled (published)', () => {
	const JOBS = 'jpm:jobs';
	let sim: Simulator;
	let n8n: N8nInstance;
	let workflowId: string;

	const jobPolls = () => sim.log.filter((entry) => entry.path.endsWith('/export/jobs')).length;
	async function nextPoll(): Promise<void> {
		const polled = jobPolls();
		for (let i = 0; i < 200 && jobPolls() === polled; i++) await new Promise((resolve) => setTimeout(resolve, 500));
		expect(jobPolls()).toBeGreaterThan(polled);
		// The poll's answer is on its way to n8n: give an execution it would start time to be stored.
		await new Promise((resolve) => setTimeout(resolve, 3000));
	}

	beforeAll(async () => {
		sim = await startSimulator({ port: 0, size: { customers: 8 }, exportPageSize: 5, epoch: Date.now(), recentChangesDelayMs: 0 });
		n8n = await N8nInstance.create({ name: 'st-e2e-trigger-job-canceled' });
		const credential = serviceTitanCredential(sim);
		await n8n.importCredentials([credential]);
		workflowId = await n8n.importWorkflow(
			linearWorkflow('ServiceTitan job canceled', [serviceTitanTrigger(credential, { resource: 'job', event: 'jobCanceled', start: 'now' }), noOp()]),
		);
		await n8n.publishWorkflow(workflowId);
	});

	afterAll(async () => {
		await n8n?.dispose();
		await sim?.close();
	});

	onlyN8n2(
		'canceling a job in the simulator starts one execution with that job',
		async () => {
			const server = await n8n.start();
			await waitForStoredPosition(server, workflowId);

			const [job, other] = sim.store.list(JOBS).filter((record) => record.jobStatus !== 'Canceled');
			sim.clock.advance(1000);
			sim.store.update(JOBS, job.id, { jobStatus: 'Canceled', cancelReasonId: 1, cancelMemo: 'Customer canceled' });
			sim.store.update(JOBS, other.id, { summary: 'E2E unrelated edit' });
			const [execution] = await server.waitForExecutions(workflowId, 1, 100_000);
			expect(execution.status).toBe('success');
			const records = execution.data!.resultData.runData['ServiceTitan Trigger'][0].data!.main[0]!.map((item) => item.json);
			expect(records.map((record) => record.id)).toEqual([job.id]);
			expect(records[0].jobStatus).toBe('Canceled');

			// A later edit of the canceled job is no new cancellation.
			sim.clock.advance(1000);
			sim.store.update(JOBS, job.id, { summary: 'E2E edited after canceling' });
			await nextPoll();
			expect(await server.executions(workflowId, { includeData: false })).toHaveLength(1);
			await n8n.stop();
		},
		300_000,
	);
});
