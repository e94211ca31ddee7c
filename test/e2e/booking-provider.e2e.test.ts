/**
 * Booking > Create in a real n8n 2.40.7 with the packed package: the editor's own endpoint lists the tenant's booking
 * providers (POST /rest/dynamic-node-parameters/resource-locator-results, as the Booking Provider picker calls it), and
 * `n8n execute` runs a workflow whose provider was picked from that list (node version 4).
 */
import { startSimulator, type Simulator } from '../simulator';
import {
	N8nInstance,
	NODE_TYPES,
	credentialRef,
	linearWorkflow,
	manualTrigger,
	nodeOutput,
	serviceTitanCredential,
	serviceTitanNode,
	type CredentialFixture,
	type N8nServer,
} from './harness';

describe('Booking > Create with the provider picked from the list (real n8n)', () => {
	let sim: Simulator;
	let n8n: N8nInstance;
	let server: N8nServer | undefined;
	let credential: CredentialFixture;
	let picked: { name: string; value: string } | undefined;

	const booking = { resource: 'booking', operation: 'create', source: 'n8n e2e', name: 'Pat Doe', summary: 'AC not cooling', isFirstTimeClient: true, externalId: 'e2e-booking-1' };

	beforeAll(async () => {
		sim = await startSimulator({ port: 0, size: 'small' });
		n8n = await N8nInstance.create({ name: 'st-e2e-booking-provider' });
		credential = serviceTitanCredential(sim);
		await n8n.importCredentials([credential]);
		server = await n8n.start();
	});

	afterAll(async () => {
		await n8n?.dispose();
		await sim?.close();
	});

	test('the editor lists the tenant’s booking providers, searchable by name', async () => {
		const providers = sim.store.list('crm:booking-providers');
		const search = (filter?: string) =>
			server!.rest<{ results: Array<{ name: string; value: string }> }>('POST', '/dynamic-node-parameters/resource-locator-results', {
				nodeTypeAndVersion: { name: NODE_TYPES.action, version: 4 },
				currentNodeParameters: booking,
				path: 'parameters.booking_provider',
				methodName: 'searchBookingProviderTags',
				credentials: credentialRef(credential),
				...(filter ? { filter } : {}),
			});
		const all = await search();
		expect(all.results.map((result) => result.value).sort()).toEqual(providers.map((provider) => String(provider.id)).sort());
		const found = await search(String(providers[1].tagName));
		expect(found.results).toEqual([expect.objectContaining({ name: `${String(providers[1].tagName)} (#${String(providers[1].id)})`, value: String(providers[1].id) })]);
		picked = found.results[0];
	});

	test('n8n execute books it under the picked provider', async () => {
		expect(picked).toBeDefined();
		await n8n.stop();
		server = undefined;
		const workflow = linearWorkflow('Booking from the website', [
			manualTrigger(),
			{
				...serviceTitanNode(credential, { ...booking, booking_provider: { __rl: true, mode: 'list', value: picked!.value, cachedResultName: picked!.name } }, 'New Booking'),
				typeVersion: 4,
			},
		]);
		const [id] = await n8n.importWorkflows([workflow]);
		sim.clearLog();
		const result = await n8n.execute(id);
		expect(result.failure).toBeUndefined();
		const posts = sim.log.filter((entry) => entry.method === 'POST' && entry.path.includes('/tenant/'));
		expect(posts.map((entry) => entry.path.replace(/^.*?\/tenant\/[^/]+\//, ''))).toEqual([`booking-provider/${picked!.value}/bookings`]);
		expect(posts[0].body).toMatchObject({ source: 'n8n e2e', name: 'Pat Doe', summary: 'AC not cooling', externalId: 'e2e-booking-1' });
		expect(nodeOutput(result.run, 'New Booking')).toEqual([expect.objectContaining({ id: expect.any(Number), externalId: 'e2e-booking-1' })]);
	});
});
