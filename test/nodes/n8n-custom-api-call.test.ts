/**
 * n8n adds its own "Custom API Call" (`__CUSTOM_API_CALL__`) to every Resource and Operation dropdown
 * of a node whose credential has `authenticate`, unless the list already ends with an option of that
 * name (n8n 2.40.7, load-nodes-and-credentials.js injectCustomApiCallOptions). The descriptions here
 * get the same treatment as in a real n8n; picking the option must do the right thing everywhere.
 */
import { NodeHelpers, type INodeProperties, type INodeTypeDescription } from 'n8n-workflow';
import { ServiceTitan } from '../../nodes/ServiceTitan/ServiceTitan.node';
import { ServiceTitanTrigger } from '../../nodes/ServiceTitan/ServiceTitanTrigger.node';
import { CATALOG } from '../../nodes/ServiceTitan/catalog';
import { loadOptions, runPoll } from '../harness';
import { CREDENTIAL_TYPE, relativePath, startNodeSimulator, type NodeTestContext } from './support';

const KEY = '__CUSTOM_API_CALL__';

/** What n8n does to a node type description when it loads it. */
function asN8nLoadsIt(description: INodeTypeDescription): INodeTypeDescription {
	const copy = structuredClone(description);
	for (const property of copy.properties) {
		const options = property.options as Array<{ name: string }> | undefined;
		if (['resource', 'operation'].includes(property.name) && Array.isArray(options) && options[options.length - 1].name !== 'Custom API Call') {
			options.push({ name: 'Custom API Call', value: KEY } as never);
		}
	}
	return copy;
}

const action = asN8nLoadsIt(new ServiceTitan().description);
const trigger = asN8nLoadsIt(new ServiceTitanTrigger().description);

/** Parameter values n8n keeps for a node with these settings (hidden parameters are dropped). */
function shownParameters(description: INodeTypeDescription, parameters: Record<string, unknown>): Record<string, unknown> {
	const node = { name: 'ServiceTitan', type: 'x', typeVersion: 1, position: [0, 0] as [number, number], parameters: parameters as never, id: '1' };
	return NodeHelpers.getNodeParameters(description.properties, parameters as never, true, false, node, description) as Record<string, unknown>;
}

describe('the node types as n8n loads them', () => {
	const injectedUnder = action.properties
		.filter((p: INodeProperties) => p.name === 'operation' && (p.options as Array<{ value: string }>).some((o) => o.value === KEY))
		.flatMap((p) => (p.displayOptions?.show?.resource ?? []) as string[]);

	test('n8n adds its option to every Operation dropdown, and not to our Resource dropdown (it ends with our Custom API Call)', () => {
		expect(injectedUnder.length).toBe(CATALOG.length + 1);
		const resource = action.properties.find((p) => p.name === 'resource')!;
		expect((resource.options as Array<{ value: string }>).filter((o) => o.value === KEY)).toHaveLength(0);
	});

	test('under every resource it shows the call’s fields, API Area defaulting to the resource’s', () => {
		const shown = Object.fromEntries(CATALOG.map(({ resource }) => [resource.value, shownParameters(action, { resource: resource.value, operation: KEY })]));
		const expected = Object.fromEntries(
			CATALOG.map(({ resource }) => [
				resource.value,
				expect.objectContaining({ module: resource.module, method: 'GET', path: '', sendBody: false, returnAllPages: false }),
			]),
		);
		expect(shown).toEqual(expected);
	});

	test('its API Area offers the same areas as our Custom API Call, loaded (one list, not one per area in the payload)', async () => {
		const ours = new ServiceTitan().description.properties.find((p) => p.name === 'module' && p.displayOptions?.show?.resource?.includes('customApiCall'))!;
		const injected = new ServiceTitan().description.properties.filter((p) => p.name === 'module' && p.displayOptions?.show?.operation?.includes(KEY));
		expect(injected.length).toBe(new Set(CATALOG.map(({ resource }) => resource.module)).size);
		for (const property of injected) expect(property.typeOptions?.loadOptionsMethod).toBe('apiAreas');
		const areas = await loadOptions({ nodeType: 'serviceTitan', method: 'apiAreas', parameters: { resource: 'job', operation: KEY } });
		expect(areas).toEqual(ours.options);
		for (const { resource } of CATALOG) expect(areas.map((area) => area.value)).toContain(resource.module);
	});
});

describe('picking it in the action node runs our Custom API Call', () => {
	let t: NodeTestContext;
	beforeAll(async () => {
		t = await startNodeSimulator();
	});
	afterAll(async () => t.sim.close());

	test('Job > Custom API Call: GET in the job’s API area', async () => {
		const job = t.sim.store.list('jpm:jobs')[0];
		t.sim.clearLog();
		const run = await t.run({ resource: 'job', operation: KEY, module: 'jpm', method: 'GET', path: `jobs/${String(job.id)}` });
		expect(run.error?.message).toBeUndefined();
		expect(run.items.map((item) => item.json.id)).toEqual([job.id]);
		expect(t.apiRequests().map((entry) => [entry.method, entry.path])).toEqual([['GET', `/jpm/v2/tenant/${t.sim.credentials.tenantId}/jobs/${String(job.id)}`]]);
	});

	test('Customer > Custom API Call: POST with a body', async () => {
		const customer = t.sim.store.list('crm:customers')[0];
		t.sim.clearLog();
		const run = await t.run({
			resource: 'customer',
			operation: KEY,
			module: 'crm',
			method: 'POST',
			path: `customers/${String(customer.id)}/notes`,
			sendBody: true,
			customBody: '{"text": "Gate code 1234"}',
		});
		expect(run.error?.message).toBeUndefined();
		expect(relativePath(t.apiRequests()[0])).toBe(`customers/${String(customer.id)}/notes`);
		expect(t.apiRequests()[0].body).toEqual({ text: 'Gate code 1234' });
	});
});

describe('the trigger', () => {
	test('picking it shows a notice under Resource at once, which no feed shows', () => {
		const shownNotices = (resource: string) =>
			trigger.properties
				.filter((p) => p.type === 'notice')
				.filter((p) => NodeHelpers.displayParameter({ resource, event: 'created' }, p, { typeVersion: 1 } as never, trigger))
				.map((p) => p.displayName);
		expect(shownNotices(KEY)).toEqual([
			'Custom API Call cannot trigger a workflow: choose the records to watch in Resource. To call any ServiceTitan endpoint on a schedule, use a Schedule Trigger and the ServiceTitan node’s Custom API Call.',
		]);
		expect(shownNotices('job')).toEqual([]);
	});

	test('its Resource dropdown gets the option, and picking it says what to do instead', async () => {
		const resource = trigger.properties.find((p) => p.name === 'resource')!;
		expect((resource.options as Array<{ value: string }>).at(-1)).toEqual({ name: 'Custom API Call', value: KEY });
		const t = await startNodeSimulator();
		try {
			const poll = await runPoll({
				nodeType: 'serviceTitanTrigger',
				parameters: { resource: KEY, event: 'created' },
				credentials: { [CREDENTIAL_TYPE]: t.credentialData },
			});
			expect((poll.error as Error | undefined)?.message).toBe(
				'Custom API Call cannot trigger a workflow: choose the records to watch in Resource. To call any ServiceTitan endpoint on a schedule, use a Schedule Trigger and the ServiceTitan node’s Custom API Call.',
			);
			expect(t.apiRequests()).toHaveLength(0);
		} finally {
			await t.sim.close();
		}
	});
});
