/**
 * The credential dialog's "Test" button in a running n8n 2.40.7: the editor saves the credential,
 * then POSTs /rest/credentials/test with `{ credentials: { id, name, type, data } }` (n8n merges
 * redacted secrets with the stored ones) and n8n runs our `testedBy` method
 * (testServiceTitanCredential) against the simulator.
 */
import { startSimulator, type Simulator } from '../simulator';
import { N8nInstance, serviceTitanCredential, type CredentialFixture, type N8nServer } from './harness';

interface TestResult {
	status: 'OK' | 'Error';
	message: string;
}

describe("credential test through n8n's REST API (the editor's Test button)", () => {
	let sim: Simulator;
	let n8n: N8nInstance;
	let server: N8nServer;
	const credentials: Record<'good' | 'wrongSecret' | 'wrongAppKey' | 'wrongTenant', CredentialFixture> = {} as never;
	const wrongSecret = 'e2e-wrong-client-secret';
	const unknownTenant = '9999999';

	beforeAll(async () => {
		sim = await startSimulator({ port: 0 });
		n8n = await N8nInstance.create({ name: 'st-e2e-credtest' });
		credentials.good = serviceTitanCredential(sim, {}, 'ServiceTitan (good)');
		credentials.wrongSecret = serviceTitanCredential(sim, { clientSecret: wrongSecret }, 'ServiceTitan (wrong secret)');
		credentials.wrongAppKey = serviceTitanCredential(sim, { appKey: 'ak1.e2e-wrong-app-key' }, 'ServiceTitan (wrong app key)');
		credentials.wrongTenant = serviceTitanCredential(sim, { tenantId: unknownTenant }, 'ServiceTitan (wrong tenant)');
		await n8n.importCredentials(Object.values(credentials));
		server = await n8n.start();
	});

	afterAll(async () => {
		await n8n?.dispose();
		await sim?.close();
	});

	beforeEach(() => sim.clearLog());

	/** What the editor sends: the saved credential's id and its form data as GET /rest/credentials/:id returned it (secrets redacted). */
	async function testSaved(credential: CredentialFixture, edits: Record<string, unknown> = {}): Promise<TestResult> {
		const stored = await server.rest<{ id: string; name: string; type: string; data: Record<string, unknown> }>('GET', `/credentials/${credential.id}?includeData=true`);
		expect(stored.data.clientSecret).not.toBe(credential.data.clientSecret); // the editor never sees the secret
		return await server.rest<TestResult>('POST', '/credentials/test', {
			credentials: { id: stored.id, name: stored.name, type: stored.type, data: { ...stored.data, ...edits } },
		});
	}

	test('a good credential: OK, after a token request and one tenant-scoped call', async () => {
		expect(await testSaved(credentials.good)).toEqual({ status: 'OK', message: 'Connection successful: token issued, app key and tenant accepted.' });
		const calls = sim.log.map((entry) => `${entry.method} ${entry.path} ${entry.status}`);
		expect(calls).toEqual(['POST /connect/token 200', `GET /settings/v2/tenant/${sim.credentials.tenantId}/business-units 200`]);
		expect(sim.log[1].headers['st-app-key']).toBe(sim.credentials.appKey);
	});

	test('a wrong client secret: names the Client ID / Secret and where to copy them', async () => {
		const result = await testSaved(credentials.wrongSecret);
		expect(result).toEqual({
			status: 'Error',
			message: 'ServiceTitan rejected the Client ID or Client Secret (invalid_client). Copy both again from Settings > Integrations > API Application Access.',
		});
		expect(result.message).not.toContain(wrongSecret);
		expect(sim.log.map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual(['POST /connect/token 400']);
	});

	test('a wrong app key: names the App Key and that it is not the Client ID', async () => {
		const result = await testSaved(credentials.wrongAppKey);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(
			/^Token issued, but the call to tenant \d+ failed: ServiceTitan 401: .+ — App Key rejected: the credential needs the app key from the developer portal, not the Client ID( \(ServiceTitan traceId: .+\))?$/,
		);
	});

	test('a tenant the app is not connected to: names the tenant and where a tenant admin connects apps', async () => {
		const result = await testSaved(credentials.wrongTenant);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(
			new RegExp(
				`^Token issued, but the call to tenant ${unknownTenant} failed: ServiceTitan 403: .+ — the app has no access to this API area for this tenant: check its scopes, and that a tenant admin connected it under Settings > Integrations > API Application Access( \\(ServiceTitan traceId: .+\\))?$`,
			),
		);
	});

	test('the editor masks every "password" parameter of the node (typeOptions.password), e.g. Technician > Create > Password', async () => {
		const types = await server.getJson<Array<{ name: string; properties: Array<Record<string, any>> }>>('/types/nodes.json');
		const node = types.find((type) => type.name === 'n8n-nodes-servicetitan.serviceTitan')!;
		const unmasked: string[] = [];
		const visit = (property: Record<string, any>, where: string) => {
			if (/^password$/i.test(String(property.name)) && property.type === 'string' && !property.typeOptions?.password) unmasked.push(where);
			for (const option of property.options ?? []) {
				if (option && typeof option === 'object' && 'name' in option) visit(option, `${where} > ${String(option.name)}`);
				for (const value of option?.values ?? []) visit(value, `${where} > ${String(option.name)} > ${String(value.name)}`);
			}
		};
		for (const property of node.properties) {
			visit(property, `${String(property.displayOptions?.show?.resource ?? '')}/${String(property.displayOptions?.show?.operation ?? '')} ${String(property.name)}`);
		}
		expect(unmasked).toEqual([]);
	});

	test('an unsaved edit in the dialog is what gets tested: the good credential with a non-numeric tenant', async () => {
		expect(await testSaved(credentials.good, { tenantId: 'acme-hvac' })).toEqual({
			status: 'Error',
			message: 'Tenant ID must be the numeric ID of your ServiceTitan tenant, got "acme-hvac".',
		});
		expect(sim.log).toHaveLength(0);
	});
});
