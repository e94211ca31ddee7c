/**
 * In an n8n older than the nodes support (its n8n-workflow has no `NodeConnectionTypes`), loading the nodes
 * fails with a message that says which n8n is needed, instead of a TypeError about `Main`.
 * (Verified against the published n8n-workflow 1.82.0 — fails — and 1.83.0 — loads — when this was written.)
 */
describe('loading in an n8n without NodeConnectionTypes', () => {
	afterEach(() => {
		jest.resetModules();
		jest.dontMock('n8n-workflow');
	});

	function withOldWorkflow(): void {
		jest.doMock('n8n-workflow', () => {
			const { NodeConnectionTypes: _dropped, ...rest } = jest.requireActual<typeof import('n8n-workflow')>('n8n-workflow');
			return rest;
		});
	}

	it.each([
		['ServiceTitan', '../../nodes/ServiceTitan/ServiceTitan.node'],
		['ServiceTitanTrigger', '../../nodes/ServiceTitan/ServiceTitanTrigger.node'],
		['ServiceTitanWebhookTrigger', '../../nodes/ServiceTitan/ServiceTitanWebhookTrigger.node'],
	])('%s names the oldest n8n it needs', (className, modulePath) => {
		withOldWorkflow();
		const loaded = require(modulePath) as Record<string, new () => unknown>;
		expect(() => new loaded[className]!()).toThrow(/^n8n-nodes-servicetitan needs n8n 1\.85\.0 or newer/);
	});

	it('the current n8n-workflow loads the nodes with a main output', () => {
		const { ServiceTitan } = require('../../nodes/ServiceTitan/ServiceTitan.node') as typeof import('../../nodes/ServiceTitan/ServiceTitan.node');
		expect(new ServiceTitan().description.outputs).toEqual(['main']);
		const { ServiceTitanWebhookTrigger } =
			require('../../nodes/ServiceTitan/ServiceTitanWebhookTrigger.node') as typeof import('../../nodes/ServiceTitan/ServiceTitanWebhookTrigger.node');
		expect(new ServiceTitanWebhookTrigger().description.outputs).toEqual(['main']);
	});
});
