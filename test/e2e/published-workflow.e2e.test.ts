/**
 * A published workflow in a running n8n 2.40.7 (`n8n publish:workflow`, then `n8n start`): a
 * Schedule Trigger fires an HTTP Request signed with our credential against the simulator; the
 * executions are read back through the public REST API. This is the path the polling trigger
 * takes too (production mode, long-running process, credential token kept between executions).
 */
import { startSimulator, type Simulator } from '../simulator';
import { N8nInstance, httpRequestWithServiceTitan, linearWorkflow, scheduleTrigger, serviceTitanCredential, type N8nServer, type PublicExecution } from './harness';

describe('published workflow in a running n8n (publish:workflow, n8n start, public API)', () => {
	let sim: Simulator;
	let n8n: N8nInstance;
	let server: N8nServer;
	let workflowId: string;
	let executions: PublicExecution[];

	beforeAll(async () => {
		sim = await startSimulator({ port: 0 });
		n8n = await N8nInstance.create({ name: 'st-e2e-published' });
		const credential = serviceTitanCredential(sim);
		await n8n.importCredentials([credential]);
		const url = `${sim.apiBaseUrl}/crm/v2/tenant/${sim.credentials.tenantId}/customers`;
		workflowId = await n8n.importWorkflow(
			linearWorkflow('Scheduled ServiceTitan request', [scheduleTrigger(2), httpRequestWithServiceTitan(credential, url, { query: { pageSize: '2' } })]),
		);
		await n8n.publishWorkflow(workflowId);
		server = await n8n.start();
		executions = await server.waitForExecutions(workflowId, 2);
	});

	afterAll(async () => {
		await n8n?.dispose();
		await sim?.close();
	});

	test('the workflow is active after publish:workflow and a restart', async () => {
		const workflow = await server.getWorkflow(workflowId);
		expect(workflow.active).toBe(true);
	});

	test('its trigger executions succeed, with the API response in the execution data', () => {
		for (const execution of executions) {
			expect(execution).toMatchObject({ workflowId, status: 'success', mode: 'trigger', finished: true });
			const output = execution.data!.resultData.runData['HTTP Request'][0].data!.main[0]!;
			expect(output[0].json).toMatchObject({ page: 1, pageSize: 2 });
		}
	});

	test('one token for all executions: n8n keeps the refreshed credential', () => {
		const tokens = sim.log.filter((entry) => entry.path === '/connect/token');
		expect(tokens).toHaveLength(1);
		const calls = sim.log.filter((entry) => entry.path.endsWith('/customers'));
		expect(calls.length).toBeGreaterThanOrEqual(2);
		expect(calls.every((entry) => entry.status === 200 && entry.headers['st-app-key'] === sim.credentials.appKey)).toBe(true);
	});

	test('unpublishing through the public API stops the schedule', async () => {
		await server.unpublishWorkflow(workflowId);
		expect((await server.getWorkflow(workflowId)).active).toBe(false);
		const settled = (await server.executions(workflowId, { includeData: false })).length;
		await new Promise((resolve) => setTimeout(resolve, 5000));
		const after = (await server.executions(workflowId, { includeData: false })).length;
		expect(after).toBeLessThanOrEqual(settled + 1); // one may have been in flight
	});
});
