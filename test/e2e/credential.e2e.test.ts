/**
 * The packed package installed as a community package in a real n8n 2.40.7: n8n loads it and knows
 * the credential type `serviceTitanOAuth2Api` and the node types.
 */
import { NodeHelpers, type INodeTypeDescription } from 'n8n-workflow';
import { CREDENTIAL_TYPE, N8nInstance, PACKAGE_NAME, type N8nServer } from './harness';

describe('community package in n8n 2.40.7: loads, with its credential type', () => {
	let n8n: N8nInstance;
	let server: N8nServer;

	beforeAll(async () => {
		n8n = await N8nInstance.create({ name: 'st-e2e-credential' });
		server = await n8n.start();
	});

	afterAll(async () => {
		await n8n?.dispose();
	});

	test('n8n lists the package under Settings > Community nodes, loaded', async () => {
		const packages = await server.rest<Array<Record<string, unknown>>>('GET', '/community-packages');
		const ours = packages.find((p) => p.packageName === PACKAGE_NAME);
		expect(ours).toMatchObject({ installedVersion: n8n.installed!.installedVersion, failedLoading: false });

		const viaPublicApi = await server.api<Array<Record<string, unknown>>>('GET', '/community-packages');
		expect(viaPublicApi.map((p) => p.packageName)).toContain(PACKAGE_NAME);
	});

	test('the credential type is in the types n8n serves to the editor', async () => {
		const types = await server.getJson<Array<Record<string, any>>>('/types/credentials.json');
		const credential = types.find((type) => type.name === CREDENTIAL_TYPE);
		expect(credential).toBeDefined();
		expect(credential!.displayName).toBe('ServiceTitan OAuth2 API');
		const names = (credential!.properties as Array<{ name: string }>).map((p) => p.name);
		expect(names).toEqual(expect.arrayContaining(['environment', 'authUrl', 'apiBaseUrl', 'tenantId', 'clientId', 'clientSecret', 'appKey', 'accessToken']));
		const signing = types.find((type) => type.name === 'serviceTitanWebhookApi');
		expect(signing?.properties).toEqual([expect.objectContaining({ name: 'signingKey', typeOptions: { password: true } })]);
	});

	test("the nodes (and the AI tool variant of usableAsTool) are in the editor's node types, under the package name", async () => {
		const types = await server.getJson<Array<Record<string, any>>>('/types/nodes.json');
		const ours = types.filter((type) => String(type.name).startsWith(`${PACKAGE_NAME}.`));
		expect(ours.map((type) => type.name).sort()).toEqual([
			`${PACKAGE_NAME}.serviceTitan`,
			`${PACKAGE_NAME}.serviceTitanTool`,
			`${PACKAGE_NAME}.serviceTitanTrigger`,
			`${PACKAGE_NAME}.serviceTitanWebhookTrigger`,
		]);
		const webhookTrigger = ours.find((type) => type.name === `${PACKAGE_NAME}.serviceTitanWebhookTrigger`)!;
		for (const type of ours.filter((t) => t !== webhookTrigger)) {
			expect(type.credentials).toEqual([expect.objectContaining({ name: CREDENTIAL_TYPE, required: true })]);
		}
		expect(ours.find((type) => type.name === `${PACKAGE_NAME}.serviceTitanTrigger`)!.polling).toBe(true);
		// The webhook trigger: the signing key credential, and the API credential only for Fetch Full Record.
		expect(webhookTrigger.credentials.map((c: { name: string }) => c.name)).toEqual(['serviceTitanWebhookApi', CREDENTIAL_TYPE]);
		expect(webhookTrigger.webhooks).toEqual([expect.objectContaining({ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' })]);
	});

	test('n8n’s own "Custom API Call" option: in every Operation dropdown of the node and its tool, showing our call’s fields; in the trigger’s Resource dropdown', async () => {
		const types = await server.getJson<INodeTypeDescription[]>('/types/nodes.json');
		const byName = (suffix: string) => types.find((type) => type.name === `${PACKAGE_NAME}.${suffix}`)!;
		for (const description of [byName('serviceTitan'), byName('serviceTitanTool')]) {
			const operations = description.properties.filter((p) => p.name === 'operation');
			expect(operations.length).toBeGreaterThan(100);
			const resources: string[] = [];
			for (const operation of operations) {
				expect((operation.options as Array<{ value: string }>).at(-1)).toEqual({ name: 'Custom API Call', value: '__CUSTOM_API_CALL__' });
				resources.push(...((operation.displayOptions?.show?.resource ?? []) as string[]));
			}
			const resource = description.properties.find((p) => p.name === 'resource')!;
			expect((resource.options as Array<{ value: string }>).filter((o) => o.value === '__CUSTOM_API_CALL__')).toEqual([]);
			// Only the call's own properties are checked (a whole getNodeParameters per resource would hold the
			// event loop long enough for n8n to close the next request's keep-alive socket).
			const callProperties = description.properties.filter((p) => ['module', 'method', 'path', 'queryParameters', 'sendBody'].includes(p.name));
			for (const value of resources) {
				const parameters = { resource: value, operation: '__CUSTOM_API_CALL__', method: 'GET' };
				const shown = new Set(callProperties.filter((p) => NodeHelpers.displayParameter(parameters, p, { typeVersion: 2 }, description)).map((p) => p.name));
				expect({ value, shown: [...shown].sort() }).toEqual({ value, shown: ['method', 'module', 'path', 'queryParameters', 'sendBody'] });
			}
		}
		const triggerResource = byName('serviceTitanTrigger').properties.find((p) => p.name === 'resource')!;
		expect((triggerResource.options as Array<{ value: string }>).at(-1)).toEqual({ name: 'Custom API Call', value: '__CUSTOM_API_CALL__' });
	});

	test('public API: credential schema of serviceTitanOAuth2Api', async () => {
		const schema = await server.api<{ properties: Record<string, any>; required: string[] }>('GET', `/credentials/schema/${CREDENTIAL_TYPE}`);
		expect(schema.properties.environment.enum).toEqual(['production', 'integration', 'custom']);
		expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['authUrl', 'apiBaseUrl', 'tenantId', 'clientId', 'clientSecret', 'appKey']));
		expect(schema.required).toEqual(expect.arrayContaining(['tenantId', 'clientId', 'clientSecret', 'appKey']));
		// the expirable token is n8n's to fill in, never the user's
		expect(schema.properties).not.toHaveProperty('accessToken');
	});

	test('public API: a credential of this type can be created', async () => {
		const created = await server.api<{ id: string; name: string; type: string }>('POST', '/credentials', {
			name: 'ServiceTitan via API',
			type: CREDENTIAL_TYPE,
			data: {
				environment: 'custom',
				authUrl: 'http://127.0.0.1:9',
				apiBaseUrl: 'http://127.0.0.1:9',
				tenantId: '123',
				clientId: 'cid',
				clientSecret: 'secret',
				appKey: 'ak',
				requestsPerSecond: 60,
				reportRunsPerMinute: 5,
			},
		});
		expect(created).toMatchObject({ name: 'ServiceTitan via API', type: CREDENTIAL_TYPE });
	});
});
