/**
 * n8n's own HTTP Request node with our credential as a "predefined credential type", run by
 * `n8n execute` in a real n8n 2.40.7 against the simulator: n8n calls the credential's
 * preAuthentication (token into the expirable `accessToken` field) and its generic `authenticate`
 * (Authorization: Bearer + ST-App-Key).
 */
import { startSimulator, type RequestLogEntry, type Simulator } from '../simulator';
import { N8nInstance, httpRequestWithServiceTitan, linearWorkflow, manualTrigger, nodeOutput, serviceTitanCredential, type CredentialFixture } from './harness';

describe('HTTP Request node with the serviceTitanOAuth2Api credential (n8n execute)', () => {
	let sim: Simulator;
	let n8n: N8nInstance;
	let credential: CredentialFixture;
	let customersPath: string;
	let goodWorkflow: string;
	let badWorkflow: string;
	const wrongSecret = 'definitely-wrong-client-secret-e2e';

	const tokenRequests = (): RequestLogEntry[] => sim.log.filter((e) => e.method === 'POST' && e.path === '/connect/token');
	const apiRequests = (): RequestLogEntry[] => sim.log.filter((e) => e.path === customersPath);

	beforeAll(async () => {
		sim = await startSimulator({ port: 0 });
		n8n = await N8nInstance.create({ name: 'st-e2e-http' });
		customersPath = `/crm/v2/tenant/${sim.credentials.tenantId}/customers`;
		credential = serviceTitanCredential(sim);
		const badCredential = serviceTitanCredential(sim, { clientSecret: wrongSecret }, 'ServiceTitan (wrong secret)');
		await n8n.importCredentials([credential, badCredential]);
		const url = `${sim.apiBaseUrl}${customersPath}`;
		const query = { page: '1', pageSize: '3' };
		const good = linearWorkflow('HTTP Request with ServiceTitan credential', [manualTrigger(), httpRequestWithServiceTitan(credential, url, { query })]);
		const bad = linearWorkflow('HTTP Request with a wrong client secret', [manualTrigger(), httpRequestWithServiceTitan(badCredential, url, { query })]);
		[goodWorkflow, badWorkflow] = await n8n.importWorkflows([good, bad]);
	});

	afterAll(async () => {
		await n8n?.dispose();
		await sim?.close();
	});

	beforeEach(() => sim.clearLog());

	test('fetches a token, then calls the tenant API with Authorization: Bearer and ST-App-Key', async () => {
		const result = await n8n.execute(goodWorkflow);
		expect(result.failure).toBeUndefined();

		const [response] = nodeOutput(result.run, 'HTTP Request');
		expect(response).toMatchObject({ page: 1, pageSize: 3 });
		expect((response.data as unknown[]).length).toBe(3);

		const [token, ...moreTokens] = tokenRequests();
		expect(moreTokens).toHaveLength(0);
		expect(token).toMatchObject({
			status: 200,
			body: { grant_type: 'client_credentials', client_id: sim.credentials.clientId },
		});
		expect(token.headers['content-type']).toContain('application/x-www-form-urlencoded');

		const calls = apiRequests();
		expect(calls).toHaveLength(1);
		expect(calls[0]).toMatchObject({ method: 'GET', status: 200, tokenValid: true, query: { page: '1', pageSize: '3' } });
		expect(calls[0].headers.authorization).toMatch(/^Bearer /);
		expect(calls[0].headers['st-app-key']).toBe(sim.credentials.appKey);
		expect(calls[0].path).toBe(`/crm/v2/tenant/${sim.credentials.tenantId}/customers`);
	});

	test('n8n stored the token in the credential: the next execution fetches none', async () => {
		const result = await n8n.execute(goodWorkflow);
		expect(result.failure).toBeUndefined();
		expect(tokenRequests()).toHaveLength(0);
		expect(apiRequests()).toEqual([expect.objectContaining({ status: 200, tokenValid: true })]);
	});

	test('a revoked token: 401, n8n runs preAuthentication again and retries once', async () => {
		sim.revokeTokens();
		const result = await n8n.execute(goodWorkflow);
		expect(result.failure).toBeUndefined();
		expect(sim.log.map((e) => `${e.method} ${e.path === customersPath ? 'customers' : e.path} ${e.status}`)).toEqual([
			'GET customers 401',
			'POST /connect/token 200',
			'GET customers 200',
		]);
	});

	test('a wrong client secret fails the execution without leaking the secret', async () => {
		const result = await n8n.execute(badWorkflow);
		expect(result.ok).toBe(false);
		expect(result.exitCode).not.toBe(0);
		// n8n-core requestWithAuthentication calls preAuthentication once more after any failure
		const tokens = tokenRequests();
		expect(tokens.length).toBeGreaterThanOrEqual(1);
		expect(tokens.length).toBeLessThanOrEqual(2);
		expect(tokens.every((entry) => entry.status === 400)).toBe(true);
		expect(apiRequests()).toHaveLength(0);
		expect(result.stdout + result.stderr).toMatch(/rejected the Client ID or Client Secret/);
		expect(result.stdout + result.stderr).not.toContain(wrongSecret);
		expect(JSON.stringify(sim.log)).not.toContain(wrongSecret);
	});
});
