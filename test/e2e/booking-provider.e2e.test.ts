/**
 * Booking > Create in a real n8n 2.40.7 with the packed package: the editor's own endpoint lists the tenant's booking
 * providers (POST /rest/dynamic-node-parameters/resource-locator-results, as the Booking Provider picker calls it), and
 * `n8n execute` runs a workflow whose provider was picked from that list (node version 4).
 */
import { editorSuite, linearWorkflow, manualTrigger, nodeOutput, resourceLocatorResults, serviceTitanNode } from './harness';

describe('Booking > Create with the provider picked from the list (real n8n)', () => {
	const suite = editorSuite('st-e2e-booking-provider');
	let picked: { name: string; value: string } | undefined;

	const booking = {
		resource: 'booking',
		operation: 'create',
		source: 'n8n e2e',
		name: 'Pat Doe',
		summary: 'AC not cooling',
		isFirstTimeClient: true,
		externalId: 'e2e-booking-1',
	};
	const search = (filter?: string) =>
		resourceLocatorResults(suite, { version: 4, parameters: booking, path: 'parameters.booking_provider', methodName: 'searchBookingProviderTags', filter });

	test('the editor lists the tenant’s booking providers, searchable by name', async () => {
		const providers = suite.sim.store.list('crm:booking-providers');
		const all = await search();
		expect(all.map((result) => result.value).sort()).toEqual(providers.map((provider) => String(provider.id)).sort());
		const found = await search(String(providers[1].tagName));
		expect(found).toEqual([expect.objectContaining({ name: `${String(providers[1].tagName)} (#${String(providers[1].id)})`, value: String(providers[1].id) })]);
		picked = found[0];
	});

	test('n8n execute books it under the picked provider', async () => {
		expect(picked).toBeDefined();
		await suite.n8n.stop();
		suite.server = undefined;
		const workflow = linearWorkflow('Booking from the website', [
			manualTrigger(),
			{
				...serviceTitanNode(
					suite.credential,
					{ ...booking, booking_provider: { __rl: true, mode: 'list', value: picked!.value, cachedResultName: picked!.name } },
					'New Booking',
				),
				typeVersion: 4,
			},
		]);
		const [id] = await suite.n8n.importWorkflows([workflow]);
		suite.sim.clearLog();
		const result = await suite.n8n.execute(id);
		expect(result.failure).toBeUndefined();
		const posts = suite.sim.log.filter((entry) => entry.method === 'POST' && entry.path.includes('/tenant/'));
		expect(posts.map((entry) => entry.path.replace(/^.*?\/tenant\/[^/]+\//, ''))).toEqual([`booking-provider/${picked!.value}/bookings`]);
		expect(posts[0].body).toMatchObject({ source: 'n8n e2e', name: 'Pat Doe', summary: 'AC not cooling', externalId: 'e2e-booking-1' });
		expect(nodeOutput(result.run, 'New Booking')).toEqual([expect.objectContaining({ id: expect.any(Number), externalId: 'e2e-booking-1' })]);
	});
});
