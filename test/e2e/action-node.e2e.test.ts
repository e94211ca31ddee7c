/**
 * The ServiceTitan action node as installed from the packed tarball, run by `n8n execute` in a real
 * n8n 2.40.7 against the simulator: node type `n8n-nodes-servicetitan.serviceTitan`, parameters
 * and expressions resolved by n8n, the node's own transport (undici, bottleneck) loaded from the
 * community-nodes folder, errors surfaced through n8n.
 */
import { startSimulator, type Simulator } from '../simulator';
import { N8nInstance, byId, linearWorkflow, manualTrigger, nodeOutput, serviceTitanCredential, serviceTitanNode, type CredentialFixture } from './harness';

describe('ServiceTitan action node (n8n execute)', () => {
	let sim: Simulator;
	let n8n: N8nInstance;
	let credential: CredentialFixture;
	const workflows: Record<string, string> = {};
	const missingId = 987654321;

	const apiCalls = () => sim.log.filter((entry) => entry.path.includes('/tenant/'));

	beforeAll(async () => {
		sim = await startSimulator({ port: 0, size: 'small' });
		n8n = await N8nInstance.create({ name: 'st-e2e-action' });
		credential = serviceTitanCredential(sim);
		await n8n.importCredentials([credential]);

		const getMany = linearWorkflow('Get many customers, then each one', [
			manualTrigger(),
			serviceTitanNode(credential, { resource: 'customer', operation: 'getAll', returnAll: false, limit: 3 }, 'Get Many'),
			serviceTitanNode(credential, { resource: 'customer', operation: 'get', id: byId('={{ $json.id }}') }, 'Get Each'),
		]);
		const missing = linearWorkflow('Get a customer that does not exist', [
			manualTrigger(),
			serviceTitanNode(credential, { resource: 'customer', operation: 'get', id: byId(missingId) }, 'Get Missing'),
		]);
		const missingContinue = linearWorkflow('Get a missing customer, continue on fail', [
			manualTrigger(),
			serviceTitanNode(credential, { resource: 'customer', operation: 'get', id: byId(missingId) }, 'Get Missing', { onError: 'continueRegularOutput' }),
		]);
		const custom = linearWorkflow('Custom API Call', [
			manualTrigger(),
			serviceTitanNode(
				credential,
				{
					resource: 'customApiCall',
					operation: 'call',
					module: 'crm',
					method: 'GET',
					path: 'customers',
					queryParameters: { parameter: [{ name: 'pageSize', value: '2' }] },
				},
				'Custom Call',
			),
		]);
		const injected = linearWorkflow('Job > n8n’s Custom API Call option', [
			manualTrigger(),
			serviceTitanNode(credential, { resource: 'job', operation: '__CUSTOM_API_CALL__', module: 'jpm', method: 'GET', path: 'jobs' }, 'Job Call'),
		]);
		const ids = await n8n.importWorkflows([getMany, missing, missingContinue, custom, injected]);
		[workflows.getMany, workflows.missing, workflows.missingContinue, workflows.custom, workflows.injected] = ids;
	});

	afterAll(async () => {
		await n8n?.dispose();
		await sim?.close();
	});

	beforeEach(() => sim.clearLog());

	test('Get Many with a limit, then Get for each item through a {{ $json.id }} expression', async () => {
		const result = await n8n.execute(workflows.getMany);
		expect(result.failure).toBeUndefined();

		const many = nodeOutput(result.run, 'Get Many');
		expect(many).toHaveLength(3);
		const each = nodeOutput(result.run, 'Get Each');
		expect(each.map((item) => item.id)).toEqual(many.map((item) => item.id));

		const calls = apiCalls();
		const tenant = `/crm/v2/tenant/${sim.credentials.tenantId}`;
		expect(calls[0]).toMatchObject({ method: 'GET', path: `${tenant}/customers`, status: 200 });
		expect(Number(calls[0].query.pageSize)).toBeLessThanOrEqual(3);
		expect(
			calls
				.slice(1)
				.map((call) => call.path)
				.sort(),
		).toEqual(many.map((item) => `${tenant}/customers/${item.id}`).sort());
		for (const call of calls) {
			expect(call.headers['st-app-key']).toBe(sim.credentials.appKey);
			expect(call.tokenValid).toBe(true);
		}
	});

	test('Custom API Call reaches any path of a module', async () => {
		const result = await n8n.execute(workflows.custom);
		expect(result.failure).toBeUndefined();
		expect(apiCalls()).toEqual([expect.objectContaining({ method: 'GET', path: `/crm/v2/tenant/${sim.credentials.tenantId}/customers`, query: { pageSize: '2' } })]);
		expect(nodeOutput(result.run, 'Custom Call').length).toBeGreaterThan(0);
	});

	test('n8n’s own "Custom API Call" option under a resource runs our Custom API Call', async () => {
		const result = await n8n.execute(workflows.injected);
		expect(result.failure).toBeUndefined();
		expect(apiCalls()).toEqual([expect.objectContaining({ method: 'GET', path: `/jpm/v2/tenant/${sim.credentials.tenantId}/jobs`, status: 200 })]);
		expect(nodeOutput(result.run, 'Job Call')).toEqual([expect.objectContaining({ page: 1, data: expect.any(Array) })]);
	});

	test("a 404 fails the execution with ServiceTitan's message", async () => {
		const result = await n8n.execute(workflows.missing);
		expect(result.ok).toBe(false);
		expect(result.exitCode).not.toBe(0);
		expect(result.run?.data.resultData.error).toBeDefined();
		const output = result.stdout + result.stderr;
		expect(output).toContain(String(missingId));
		expect(output).toMatch(/not found/i);
		expect(output).not.toContain(sim.credentials.clientSecret);
		expect(apiCalls()).toEqual([expect.objectContaining({ status: 404 })]);
	});

	test('with "On Error: Continue", the error becomes an output item', async () => {
		const result = await n8n.execute(workflows.missingContinue);
		expect(result.failure).toBeUndefined();
		const [item] = nodeOutput(result.run, 'Get Missing');
		expect(item).toHaveProperty('error');
		expect(JSON.stringify(item.error)).toContain(String(missingId));
	});
});
