/**
 * Many items, failing items and bad input: output order and pairing, continueOnFail, errors that
 * name the parameter and the item before anything is sent, and ServiceTitan's errors as users see them.
 */
import type { IDataObject } from 'n8n-workflow';
import { byId, createCustomerParameters, relativePath, startNodeSimulator, type NodeTestContext } from './support';

let t: NodeTestContext;
beforeAll(async () => {
	t = await startNodeSimulator({ latencyMs: 40 });
});
afterAll(async () => t.sim.close());

const customerIds = () => t.sim.store.list('crm:customers').map((c) => Number(c.id));
const getCustomerByExpression = { resource: 'customer', operation: 'get', id: { __rl: true, mode: 'id', value: '={{ $json.customerId }}' } };

describe('many items', () => {
	test('200 items: output in input order, each paired with its item, requests overlapping', async () => {
		const known = customerIds();
		const inputItems = Array.from({ length: 200 }, (_, i) => ({ customerId: known[(i * 7) % known.length] }));
		t.sim.clearLog();
		const run = await t.run(getCustomerByExpression, { inputItems });
		expect(run.error?.message).toBeUndefined();
		expect(run.items).toHaveLength(200);
		run.items.forEach((item, index) => {
			expect(item.json.id).toBe(inputItems[index].customerId);
			expect(item.pairedItem).toEqual({ item: index });
		});
		const requests = t.apiRequests();
		expect(requests).toHaveLength(200);
		// Items run concurrently: some request arrives before an earlier one has been answered.
		const overlapping = requests.some((entry, i) => i > 0 && entry.time < requests[i - 1].time + requests[i - 1].ms);
		expect(overlapping).toBe(true);
	});

	test('checking 1,500 items leaves the event loop no long stretch (other sockets are read meanwhile)', async () => {
		// Every item is checked and its request built before any is sent: 1.2 s here for 1,500 creates,
		// seconds on a loaded worker. Before the pauses that was one stretch of the event loop (0.9 s measured
		// by this test, warm), during which a queue-mode worker read no answer from Redis and took it for
		// unreachable. With them the longest stretch is ~0.15 s. A 5 ms timer measures it until the first
		// request was answered; then the execution is stopped.
		const parameters = createCustomerParameters('={{ "Customer " + $json.i }}');
		await t.run(parameters, { inputItems: [{ i: 0 }] }); // n8n's engine and the node warmed up
		const stop = new AbortController();
		let longest = 0;
		let last = performance.now();
		t.sim.clearLog();
		const ticks = setInterval(() => {
			const now = performance.now();
			longest = Math.max(longest, now - last);
			last = now;
			if (t.apiRequests().length === 0) return;
			clearInterval(ticks);
			stop.abort();
		}, 5);
		try {
			await t.run(parameters, { inputItems: Array.from({ length: 1500 }, (_, i) => ({ i })), cancelSignal: stop.signal });
		} finally {
			clearInterval(ticks);
		}
		expect(stop.signal.aborted).toBe(true); // every item was checked and sending had begun
		expect(longest).toBeLessThan(600);
	});

	test('continueOnFail: the failing item becomes { error } paired with it, the others succeed', async () => {
		const [first, second] = customerIds();
		const inputItems = [{ customerId: first }, { customerId: 999_999_999 }, { customerId: second }];
		const run = await t.run(getCustomerByExpression, { inputItems, continueOnFail: true });
		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(run.items[0].json.id).toBe(first);
		expect(run.items[1].json).toMatchObject({ error: expect.stringContaining('ServiceTitan 404'), httpCode: '404' });
		expect(run.items[2].json.id).toBe(second);
	});

	test('without continueOnFail the node fails with the failing item index', async () => {
		const [first] = customerIds();
		const inputItems = [{ customerId: first }, { customerId: first }, { customerId: 999_999_999 }];
		const run = await t.run(getCustomerByExpression, { inputItems });
		expect(run.error).toMatchObject({ name: 'NodeApiError', httpCode: '404', itemIndex: 2 });
		expect(run.error!.message).toContain('ServiceTitan 404');
	});
});

describe('bad input fails before any request reaches ServiceTitan', () => {
	const cases: Array<[string, IDataObject, IDataObject[], RegExp]> = [
		[
			'a missing required field (empty from an expression)',
			{ resource: 'customer', operation: 'createNote', id: byId(1), text: '={{ $json.note }}' },
			[{}],
			/^Text: this field is required$/,
		],
		[
			'invalid JSON in JSON Body',
			{ resource: 'customer', operation: 'createNote', id: byId(1), specifyBody: 'json', jsonBody: '{"text": "gate code 4821",}' },
			[{}],
			/^JSON Body: invalid JSON/,
		],
		[
			'more than 50 IDs',
			{ resource: 'customer', operation: 'getAll', returnAll: true, filters: { ids: Array.from({ length: 51 }, (_, i) => i + 1).join(',') } },
			[{}],
			/^IDs: ServiceTitan accepts at most 50 IDs here, got 51$/,
		],
		['a non-numeric ID in the second item', getCustomerByExpression, [{ customerId: 1 }, { customerId: 'Smith' }], /^Customer: "Smith" is not a ServiceTitan ID/],
	];

	test.each(cases)('%s', async (_name, parameters, inputItems, message) => {
		t.sim.clearLog();
		const run = await t.run(parameters, { inputItems: inputItems.map((item) => ({ ...item, customerId: item.customerId === 1 ? customerIds()[0] : item.customerId })) });
		const failingIndex = inputItems.length - 1;
		expect(run.error).toMatchObject({ name: 'NodeOperationError', itemIndex: failingIndex });
		expect(run.error!.message).toMatch(message);
		expect(run.error!.description).toContain(`of item ${failingIndex}`);
		// Only the earlier, valid items may have been sent.
		expect(t.apiRequests().length).toBeLessThan(inputItems.length);
		expect(t.apiRequests().every((entry) => entry.method === 'GET')).toBe(true);
	});

	test.each([
		['a non-numeric ID typed into By ID', { resource: 'customer', operation: 'get', id: byId('abc') }, 'A customer ID is a number'],
		['an empty required field', { resource: 'customer', operation: 'createNote', id: byId(1), text: '' }, 'Parameter "Text" is required.'],
	])('%s: n8n itself refuses to run the node', async (_name, parameters, issue) => {
		t.sim.clearLog();
		// n8n's parameter check (WorkflowHasIssuesError) stops the execution before the node runs.
		await expect(t.run(parameters)).rejects.toThrow(issue);
		expect(t.apiRequests()).toHaveLength(0);
	});

	test('an unknown custom field name: only the custom field types are read, nothing is written', async () => {
		t.sim.clearLog();
		const run = await t.run({
			resource: 'customer',
			operation: 'update',
			id: byId(customerIds()[0]),
			updateFields: { customFields: { field: [{ name: 'Favourite Colour', value: 'teal' }] } },
		});
		expect(run.error).toMatchObject({ name: 'NodeOperationError', itemIndex: 0 });
		expect(run.error!.message).toMatch(/^Custom Fields: no custom field named "Favourite Colour" exists for customers in this tenant/);
		expect(t.apiRequests().map((entry) => `${entry.method} ${relativePath(entry)}`)).toEqual(['GET customers/custom-fields']);
	});
});

describe('ServiceTitan errors reach the user with their details', () => {
	test('400: the field errors and the traceId', async () => {
		t.sim.clearLog();
		const run = await t.run({
			resource: 'lead',
			operation: 'create',
			campaignId: String(t.sim.store.list('marketing:campaigns')[0].id),
			summary: '',
			specifyBody: 'json',
			jsonBody: '{"summary": "AC out"}',
		});
		expect(run.error).toMatchObject({ name: 'NodeApiError', httpCode: '400', itemIndex: 0 });
		expect(run.error!.message).toMatch(/^ServiceTitan 400: .*campaignId: The campaignId field is required\./);
		const [request] = t.apiRequests();
		expect(request.status).toBe(400);
		expect(run.error!.description).toMatch(/ServiceTitan traceId: 00-[0-9a-f]{32}-[0-9a-f]{16}-00/);
	});

	test('404: the title, a hint and the traceId', async () => {
		const run = await t.run({ resource: 'job', operation: 'get', id: byId(424242) });
		expect(run.error).toMatchObject({ name: 'NodeApiError', httpCode: '404', itemIndex: 0 });
		expect(run.error!.message).toBe('ServiceTitan 404: Job with id 424242 was not found. — no record with that ID in this tenant');
		expect(run.error!.description).toMatch(/ServiceTitan traceId: 00-/);
	});

	test('409: ServiceTitan refuses to cancel a completed job', async () => {
		const completed = t.sim.store.list('jpm:jobs').find((job) => job.jobStatus === 'Completed')!;
		const run = await t.run({
			resource: 'job',
			operation: 'cancel',
			id: byId(Number(completed.id)),
			reasonId: String(t.sim.store.list('jpm:job-cancel-reasons')[0].id),
			memo: 'duplicate',
		});
		expect(run.error).toMatchObject({ name: 'NodeApiError', httpCode: '409' });
		expect(run.error!.message).toBe('ServiceTitan 409: Job already completed or cancelled');
		expect(run.error!.description).toMatch(/ServiceTitan traceId: 00-/);
	});
});
