/**
 * Writes are never sent twice by accident and never fail silently: every item is checked before
 * any is sent, Retry On Fail reuses the writes that succeeded, a failed node lists what it wrote,
 * retries follow the operation's idempotency, and a write whose reply was lost says it may have
 * happened (in our words, not n8n's ECONNRESET text).
 */
import type { IDataObject } from 'n8n-workflow';
import { runWorkflow } from '../harness';
import { getCatalogEntry } from './writes-support';
import { byId, createCustomerParameters, CREDENTIAL_TYPE, relativePath, startNodeSimulator, type NodeTestContext } from './support';

let t: NodeTestContext;
beforeAll(async () => {
	t = await startNodeSimulator({ latencyMs: 5 });
});
afterAll(async () => t.sim.close());
beforeEach(() => {
	t.sim.clearLog();
	t.sim.clearFaults();
});

const createCustomer = createCustomerParameters('={{ $json.name }}');
const customersNamed = (prefix: string) => t.sim.store.list('crm:customers').filter((c) => String(c.name).startsWith(prefix));
const posts = (fragment: string) => t.apiRequests().filter((e) => e.method === 'POST' && relativePath(e) === fragment);

/** Runs the node with Retry On Fail (3 tries, no wait) through n8n's engine. */
async function runWithRetry(parameters: IDataObject, inputItems: IDataObject[], maxTries = 3) {
	const workflow = await runWorkflow({
		nodes: [{ name: 'ServiceTitan', type: 'serviceTitan', parameters: parameters as never, retryOnFail: true, maxTries, waitBetweenTries: 0 }],
		credentials: { [CREDENTIAL_TYPE]: t.credentialData },
		inputItems,
	});
	const run = workflow.nodeRuns.ServiceTitan;
	return { items: run?.outputs[0] ?? [], error: run?.error ?? workflow.error, workflow };
}

describe('a failed batch of writes', () => {
	test('50 Create Customer items, item 20 always rejected, Retry On Fail 3 tries: each other customer is created exactly once and the error lists them', async () => {
		const prefix = 'Batch A ';
		t.sim.setFaultPolicy((method, path, _headers, body) =>
			method === 'POST' && path.endsWith('/customers') && (body as { name?: string })?.name === `${prefix}20`
				? { type: 'status', status: 400, body: { title: 'One or more validation errors occurred.', status: 400, errors: { Name: ['Name is taken'] } } }
				: undefined,
		);
		const inputItems = Array.from({ length: 50 }, (_, i) => ({ name: `${prefix}${i}` }));
		const { error } = await runWithRetry(createCustomer, inputItems);
		const created = customersNamed(prefix);
		expect(created).toHaveLength(49);
		expect(new Set(created.map((c) => c.name)).size).toBe(49);
		// Item 20 was tried once per try of the node; no other item was sent twice.
		expect(posts('customers')).toHaveLength(49 + 3);
		expect(error).toMatchObject({ itemIndex: 20, httpCode: '400' });
		expect(error!.description).toMatch(/Written to ServiceTitan in this execution \(\d+\): item 0 \(ID \d+\), item 1 \(ID \d+\)/);
		expect(error!.description).toContain('re-running the workflow does');
	});

	test('item 20 rejected only on the first try: the retry finishes the batch, 50 customers, each once', async () => {
		const prefix = 'Batch B ';
		let rejected = false;
		t.sim.setFaultPolicy((method, path, _headers, body) => {
			if (rejected || method !== 'POST' || !path.endsWith('/customers') || (body as { name?: string })?.name !== `${prefix}20`) return undefined;
			rejected = true;
			return { type: 'status', status: 409, body: { title: 'Conflict', status: 409 } };
		});
		const inputItems = Array.from({ length: 50 }, (_, i) => ({ name: `${prefix}${i}` }));
		const { items, error } = await runWithRetry(createCustomer, inputItems);
		expect(error).toBeUndefined();
		expect(customersNamed(prefix)).toHaveLength(50);
		expect(posts('customers')).toHaveLength(51);
		expect(items.map((item) => item.json.name)).toEqual(inputItems.map((item) => item.name));
		expect(items.map((item) => item.pairedItem)).toEqual(inputItems.map((_, item) => ({ item })));
	});

	test('a bad item anywhere in the batch stops it before anything is sent', async () => {
		const inputItems = Array.from({ length: 50 }, (_, i) => ({ customerId: i === 30 ? 'Smith' : String(t.sim.store.list('crm:customers')[0].id), note: `n${i}` }));
		const { error } = await runWithRetry({ resource: 'customer', operation: 'createNote', id: byId('={{ $json.customerId }}'), text: '={{ $json.note }}' }, inputItems);
		expect(t.apiRequests()).toHaveLength(0);
		expect(error).toMatchObject({ itemIndex: 30 });
		expect(error!.message).toMatch(/^Customer: "Smith" is not a ServiceTitan ID/);
		expect(error!.description).toContain('Nothing was sent to ServiceTitan');
	});
});

describe('a write whose reply was lost', () => {
	test("Create Note applied, then the connection reset: one note, our message (not n8n's ECONNRESET text), and Retry On Fail does not send it again", async () => {
		const customerId = t.sim.store.list('crm:customers')[1].id;
		const notes = () => t.sim.store.list('crm:customers/notes').filter((n) => n.text === 'lost reply note');
		t.sim.injectFault({ method: 'POST', path: '/notes', type: 'resetAfterApply' });
		const { error } = await runWithRetry({ resource: 'customer', operation: 'createNote', id: byId(customerId), text: 'lost reply note' }, [{}]);
		expect(notes()).toHaveLength(1);
		expect(posts(`customers/${customerId}/notes`)).toHaveLength(1);
		expect(error!.message).toMatch(/may have been applied|may have applied/);
		expect(error!.message).not.toMatch(/You can retry the request immediately/);
	});

	test('Create Note with a lost reply, single try: the message says ServiceTitan may have applied it', async () => {
		const customerId = t.sim.store.list('crm:customers')[1].id;
		t.sim.injectFault({ method: 'POST', path: '/notes', type: 'resetAfterApply' });
		const run = await t.run({ resource: 'customer', operation: 'createNote', id: byId(customerId), text: 'second lost reply' });
		expect(run.error!.message).toMatch(
			/^The connection to ServiceTitan at http:\/\/127\.0\.0\.1:\d+ closed before it answered \(\w+\)\. ServiceTitan may have applied it: check in ServiceTitan before running it again\. \(POST \/crm\/v2\/tenant\/1000001\/customers\/\d+\/notes\); gave up after 1 attempt$/,
		);
		expect(run.error!.description).toContain('the node did not send it again');
		// Said once: the message says it may have been applied, the description what to do about it.
		expect(`${run.error!.message}\n${run.error!.description}`.split(/may have (?:been )?applied/).length - 1).toBe(1);
	});

	test('Cancel Job (an action PUT) is not re-sent after a lost reply: 1 attempt and "may have applied", not a false 409', async () => {
		const job = t.sim.store.list('jpm:jobs').find((j) => j.jobStatus !== 'Canceled' && j.jobStatus !== 'Completed')!;
		const [reasonId] = t.sim.store.list('jpm:job-cancel-reasons').map((r) => r.id);
		t.sim.injectFault({ method: 'PUT', path: '/cancel', type: 'resetAfterApply' });
		const run = await t.run({ resource: 'job', operation: 'cancel', id: byId(job.id), reasonId: String(reasonId), memo: 'moved' });
		expect(t.apiRequests().filter((e) => e.method === 'PUT')).toHaveLength(1);
		expect(run.error!.message).toContain('ServiceTitan may have applied it');
		// No false conflict (a 409 status); the simulator's port may hold the digits 409 (e.g. :40903).
		expect(run.error!.message).not.toMatch(/\b409\b/);
	});

	test('Delete Note retried after a lost reply and answered 404: the first attempt probably succeeded', async () => {
		const customerId = t.sim.store.list('crm:customers')[2].id;
		const note = t.sim.store.create('crm:customers/notes', { customerId, text: 'to delete' });
		t.sim.injectFault({ method: 'DELETE', path: '/notes/', type: 'resetAfterApply' });
		const run = await t.run({ resource: 'customer', operation: 'deleteNote', id: byId(customerId), noteId: String(note.id) });
		expect(t.apiRequests().filter((e) => e.method === 'DELETE')).toHaveLength(2);
		expect(run.error).toMatchObject({ httpCode: '404' });
		expect(run.error!.message).toContain('probably succeeded');
	});

	test('the catalog marks action PUTs as not idempotent and record PUT/DELETEs as idempotent', () => {
		expect(getCatalogEntry('job', 'cancel').idempotent).toBe(false);
		expect(getCatalogEntry('estimate', 'sell').idempotent).toBe(false);
		expect(getCatalogEntry('estimate', 'putItem').idempotent).toBe(false);
		expect(getCatalogEntry('customer', 'create').idempotent).toBe(false);
		expect(getCatalogEntry('customer', 'deleteNote').idempotent).toBe(true);
		expect(getCatalogEntry('appointment', 'delete').idempotent).toBe(true);
	});
});
