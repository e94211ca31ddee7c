/**
 * The node as a tool of an AI Agent or of the MCP Server Trigger, run by n8n-core as n8n 2.40.7 runs one
 * (tool-support.ts): answers sized for a model with a note when more exist, files described instead of sent, uploads
 * refused before any request, errors as one actionable line, and a write whose reply was lost applied once however
 * the tool call is retried.
 */
import { MAY_HAVE_APPLIED } from '../../nodes/ServiceTitan/transport/errors';
import { TOOL_ANSWER_CHARACTERS, TOOL_DEFAULT_LIMIT } from '../../nodes/ServiceTitan/actions/toolMode';
import { byId, createCustomerParameters, relativePath, startNodeSimulator, type NodeTestContext } from './support';
import { callAsAgentTool, callAsMcpTool } from './tool-support';

let t: NodeTestContext;
beforeAll(async () => {
	t = await startNodeSimulator({ latencyMs: 1, size: { customers: 3000 } });
	// Runs of one report are spaced by 60 s / runs per minute; keep the report tests quick.
	t.credentialData.reportRunsPerMinute = 600;
});
afterAll(async () => t.sim.close());
beforeEach(() => {
	t.sim.clearLog();
	t.sim.clearFaults();
});

const occurrences = (text: string, part: string) => text.split(part).length - 1;
const posts = (fragment: string) => t.apiRequests().filter((entry) => entry.method === 'POST' && relativePath(entry) === fragment);

/** Customer > Create Note with the customer and the text chosen by the model. */
const addNote = {
	resource: 'customer',
	operation: 'createNote',
	id: byId("={{ $fromAI('customerId', 'the customer', 'number') }}"),
	text: "={{ $fromAI('text', 'the note', 'string') }}",
};

describe('lists as a tool', () => {
	test(`Get Many with Limit left at its default answers ${TOOL_DEFAULT_LIMIT} customers and a note saying more exist`, async () => {
		const { results } = await callAsMcpTool(t, { resource: 'customer', operation: 'getAll' }, [{}]);
		expect(results[0].isError).toBe(false);
		const answer = JSON.parse(results[0].text) as Array<Record<string, unknown>>;
		expect(answer).toHaveLength(TOOL_DEFAULT_LIMIT + 1);
		expect(answer[TOOL_DEFAULT_LIMIT]).toEqual({
			note: expect.stringMatching(/^More customers exist: this answer holds the first 25, the Limit asked for\. .*higher Limit/),
			returned: 25,
			moreAvailable: true,
		});
		// One request, for one more record than the limit: that one tells that more exist.
		expect(t.apiRequests().map((entry) => entry.query.pageSize)).toEqual(['26']);
	});

	test('a Limit the model chooses is used as given', async () => {
		const { results } = await callAsMcpTool(
			t,
			{
				resource: 'customer',
				operation: 'getAll',
				limit: "={{ $fromAI('limit', 'how many', 'number') }}",
				filters: { name: "={{ $fromAI('name', 'name', 'string') }}" },
			},
			[{ limit: 3, name: '' }],
		);
		const answer = JSON.parse(results[0].text) as Array<Record<string, unknown>>;
		expect(answer).toHaveLength(4);
		expect(answer[3]).toMatchObject({ returned: 3, moreAvailable: true });
	});

	test('no note when nothing more exists', async () => {
		const name = String(t.sim.store.list('crm:customers')[7].name);
		const { results } = await callAsMcpTool(t, { resource: 'customer', operation: 'getAll', filters: { name: "={{ $fromAI('name', 'name', 'string') }}" } }, [{ name }]);
		const answer = JSON.parse(results[0].text) as Array<Record<string, unknown>>;
		expect(answer.length).toBeGreaterThan(0);
		expect(answer.every((record) => record.name === name)).toBe(true);
	});

	test('Return All over 3,000 customers answers within the character budget, says more exist, and stops fetching', async () => {
		const { results } = await callAsMcpTool(t, { resource: 'customer', operation: 'getAll', returnAll: true }, [{}]);
		const { text } = results[0];
		expect(text.length).toBeLessThanOrEqual(TOOL_ANSWER_CHARACTERS);
		const answer = JSON.parse(text) as Array<Record<string, unknown>>;
		const note = answer[answer.length - 1];
		expect(note).toEqual({
			note: expect.stringMatching(/^More customers exist: this answer holds \d+ customers and stops at 40,000 characters so it fits the model's context\. /),
			returned: answer.length - 1,
			moreAvailable: true,
		});
		expect(answer.length - 1).toBeGreaterThan(25);
		expect(answer.length - 1).toBeLessThan(3000);
		expect(answer.slice(0, -1).every((record) => typeof record.id === 'number')).toBe(true);
		// One page of 200, not ServiceTitan's 5,000; nothing after the budget is spent.
		expect(t.apiRequests().map((entry) => entry.query.pageSize)).toEqual(['200']);
	});

	test('any other answer over the budget is cut the same way: a Custom API Call over 3,000 customers', async () => {
		const { results } = await callAsMcpTool(t, { resource: 'customApiCall', operation: 'call', module: 'crm', method: 'GET', path: 'customers', returnAllPages: true }, [
			{},
		]);
		expect(results[0].text.length).toBeLessThanOrEqual(TOOL_ANSWER_CHARACTERS);
		const answer = JSON.parse(results[0].text) as Array<Record<string, unknown>>;
		expect(answer[answer.length - 1]).toEqual({
			note: expect.stringMatching(/^More records exist: this answer holds \d+ records and stops at 40,000 characters/),
			returned: answer.length - 1,
			moreAvailable: true,
		});
	});

	/** Report > Get Data: Invoice Summary over all the simulator's invoices (one row per invoice), parameters as JSON. */
	const invoiceReport = (extra: Record<string, unknown> = {}) => ({
		resource: 'report',
		operation: 'getData',
		report_category: byId('accounting'),
		reportId: byId(61234568),
		parametersInput: 'json',
		parameters: JSON.stringify([
			{ name: 'From', value: '2020-01-01' },
			{ name: 'To', value: '2030-12-31' },
		]),
		...extra,
	});
	const invoiceRows = () => t.sim.store.list('accounting:invoices').filter((invoice) => String(invoice.invoiceDate).slice(0, 10) >= '2020-01-01').length;

	test(`a report run with Limit left at its default answers ${TOOL_DEFAULT_LIMIT} rows and a note saying more exist`, async () => {
		expect(invoiceRows()).toBeGreaterThan(TOOL_DEFAULT_LIMIT);
		const { results } = await callAsMcpTool(t, invoiceReport(), [{}]);
		expect(results[0].isError).toBe(false);
		const answer = JSON.parse(results[0].text) as Array<Record<string, unknown>>;
		expect(answer).toHaveLength(TOOL_DEFAULT_LIMIT + 1);
		expect(answer.slice(0, -1).every((row) => row.InvoiceNumber !== undefined)).toBe(true);
		expect(answer[TOOL_DEFAULT_LIMIT]).toEqual({
			note: expect.stringMatching(/^More report rows exist: this answer holds the first 25, the Limit asked for\./),
			returned: 25,
			moreAvailable: true,
		});
	});

	test('a report run whose rows all fit the Limit has no note', async () => {
		const total = invoiceRows();
		// Over 50: a Limit of 50 (the node's default) reads as the tool default.
		const { results } = await callAsMcpTool(t, invoiceReport({ limit: Math.max(total, 51) }), [{}]);
		const answer = JSON.parse(results[0].text) as Array<Record<string, unknown>>;
		expect(answer).toHaveLength(total);
		expect(answer.every((row) => row.moreAvailable === undefined)).toBe(true);
	});

	test('the same node outside a tool is unchanged: Limit 50, no note', async () => {
		const run = await t.run({ resource: 'customer', operation: 'getAll' });
		expect(run.items).toHaveLength(50);
		expect(run.items.every((item) => item.json.moreAvailable === undefined)).toBe(true);
	});
});

describe('files as a tool', () => {
	test('Call > Get Recording answers what the file is, the record it belongs to, and that the file stays out of the model', async () => {
		const callId = t.sim.store.list('telecom:calls')[0].id;
		const { observations } = await callAsAgentTool(t, { resource: 'call', operation: 'getRecording', id: "={{ $fromAI('callId', 'the call', 'number') }}" }, [
			{ callId },
		]);
		expect(observations[0]).toEqual([
			{
				fileName: null, // the simulator's recordings come without a file name
				mimeType: 'audio/mpeg',
				size: expect.any(Number),
				belongsTo: { resource: 'Call', id: String(callId) },
				note: 'The file itself is not passed to the model: it stays in this n8n execution (binary field "data") for the workflow\'s next nodes.',
			},
		]);
	});

	test('a pricebook image by its path: the answer names the file and the path it was asked by', async () => {
		const data = Buffer.from('condenser image bytes');
		const uploaded = await t.run(
			{ resource: 'pricebookImage', operation: 'upload' },
			{ inputFiles: [{ data: { data, fileName: 'condenser.png', mimeType: 'image/png' } }] },
		);
		const path = String(uploaded.items[0].json.path);
		const download = { resource: 'pricebookImage', operation: 'download', queryOptions: { path: "={{ $fromAI('path', 'the image path', 'string') }}" } };
		const { results } = await callAsMcpTool(t, download, [{ path }]);
		expect(JSON.parse(results[0].text)).toEqual([
			{
				fileName: 'condenser.png',
				mimeType: 'image/png',
				size: data.length,
				belongsTo: { resource: expect.any(String), path },
				note: expect.stringMatching(/^The file itself is not passed to the model/),
			},
		]);
	});

	test('an upload fails at once, before any request, saying a tool call carries no file', async () => {
		const { results } = await callAsMcpTool(t, { resource: 'pricebookImage', operation: 'upload' }, [{}]);
		expect(results[0]).toEqual({
			isError: true,
			text: expect.stringMatching(
				/^NodeOperationError: Input Binary Field: this operation uploads a file, and a tool call carries no file .*nothing was sent to ServiceTitan/,
			),
		});
		expect(t.apiRequests()).toHaveLength(0);
	});
});

describe('errors as tool results', () => {
	test('a missing customer is one line with the status and traceId, no secret, and the next call works', async () => {
		const existing = t.sim.store.list('crm:customers')[0].id;
		const get = { resource: 'customer', operation: 'get', id: byId("={{ $fromAI('customerId', 'the customer', 'number') }}") };
		const { results } = await callAsMcpTool(t, get, [{ customerId: 999999999 }, { customerId: existing }]);
		expect(results[0].isError).toBe(true);
		expect(results[0].text).toMatch(/^NodeOperationError: ServiceTitan 404: .*\(ServiceTitan traceId [\w-]+\)$/);
		expect(results[0].text).not.toContain('Details:');
		for (const secret of [t.credentialData.clientSecret, t.credentialData.appKey]) expect(results[0].text).not.toContain(String(secret));
		expect(results[1].isError).toBe(false);
		expect(JSON.parse(results[1].text)[0]).toMatchObject({ id: existing });
	});

	test('for the AI Agent the error is its observation and the run goes on', async () => {
		const get = { resource: 'customer', operation: 'get', id: byId("={{ $fromAI('customerId', 'the customer', 'number') }}") };
		const { observations, run } = await callAsAgentTool(t, get, [{ customerId: 999999999 }]);
		expect(observations[0]).toEqual([{ error: expect.stringMatching(/^ServiceTitan 404: .*\(ServiceTitan traceId [\w-]+\)$/) }]);
		expect(run.status).toBe('success');
	});

	test('a bad argument names the parameter and nothing is sent', async () => {
		const byName = { ...addNote, id: byId("={{ $fromAI('customerId', 'the customer', 'string') }}") };
		const { results } = await callAsMcpTool(t, byName, [{ customerId: 'Smith', text: 'x' }]);
		expect(results[0]).toEqual({ isError: true, text: expect.stringMatching(/^NodeOperationError: Customer: "Smith" is not a ServiceTitan ID/) });
		expect(t.apiRequests()).toHaveLength(0);
	});
});

describe('a write whose reply was lost, retried as a tool', () => {
	const notesWith = (text: string) => t.sim.store.list('crm:customers/notes').filter((note) => note.text === text);

	test('MCP Server Trigger, Retry On Fail 3 tries (each a new run of the node): the note is applied once and the answer says it may have been', async () => {
		const customerId = t.sim.store.list('crm:customers')[2].id;
		t.sim.injectFault({ method: 'POST', path: '/notes', type: 'resetAfterApply' });
		const { results, runs } = await callAsMcpTool(t, addNote, [{ customerId, text: 'tool lost reply' }], { retryOnFail: true, maxTries: 3 });
		expect(runs).toBe(3);
		expect(notesWith('tool lost reply')).toHaveLength(1);
		expect(posts(`customers/${customerId}/notes`)).toHaveLength(1);
		expect(results[0].isError).toBe(true);
		expect(results[0].text).toMatch(/^NodeOperationError: Not sent again: an earlier try of this item in this execution got no usable answer/);
		expect(occurrences(results[0].text, MAY_HAVE_APPLIED)).toBe(1);
	});

	test('MCP Server Trigger without Retry On Fail: sent once, the answer says it may have been applied', async () => {
		const customerId = t.sim.store.list('crm:customers')[6].id;
		t.sim.injectFault({ method: 'POST', path: '/notes', type: 'resetAfterApply' });
		const { results } = await callAsMcpTool(t, addNote, [{ customerId, text: 'tool lost reply, one try' }]);
		expect(notesWith('tool lost reply, one try')).toHaveLength(1);
		expect(results[0]).toEqual({ isError: true, text: expect.stringMatching(/^NodeOperationError: The connection to ServiceTitan at .* closed before it answered/) });
		expect(occurrences(results[0].text, MAY_HAVE_APPLIED)).toBe(1);
	});

	test('AI Agent, Retry On Fail, then the agent calls the same write again: applied once, both answers say so', async () => {
		const customerId = t.sim.store.list('crm:customers')[3].id;
		t.sim.injectFault({ method: 'POST', path: '/notes', type: 'resetAfterApply' });
		const call = { customerId, text: 'agent lost reply' };
		const { observations, runs } = await callAsAgentTool(t, addNote, [call, call], { retryOnFail: true, maxTries: 2 });
		expect(runs).toBe(2);
		expect(notesWith('agent lost reply')).toHaveLength(1);
		expect(posts(`customers/${customerId}/notes`)).toHaveLength(1);
		for (const observation of observations) {
			const [{ error }] = observation as Array<{ error: string }>;
			expect(occurrences(error, MAY_HAVE_APPLIED)).toBe(1);
		}
		expect((observations[1] as Array<{ error: string }>)[0].error).toMatch(/^Not sent again/);
	});

	test('a keyed create (External Key) whose reply was lost is recovered by the key: one customer, the answer says recovered', async () => {
		t.sim.injectFault({ method: 'POST', path: '/customers', type: 'resetAfterApply', times: 1 });
		const create = {
			...createCustomerParameters("={{ $fromAI('name', 'the customer name', 'string') }}"),
			externalKeyName: 'leadId',
			externalKeyValue: "={{ $fromAI('leadId', 'the lead', 'string') }}",
		};
		const { results } = await callAsMcpTool(t, create, [{ name: 'Tool Keyed', leadId: 'TOOL-1' }], { retryOnFail: true, maxTries: 3 });
		expect(results[0].isError).toBe(false);
		expect(JSON.parse(results[0].text)).toEqual([expect.objectContaining({ name: 'Tool Keyed', created: true, recovered: true })]);
		expect(t.sim.store.list('crm:customers').filter((customer) => customer.name === 'Tool Keyed')).toHaveLength(1);
	});

	test('a write that succeeded is not sent again by a repeated tool call in the same execution: the first answer comes back', async () => {
		const customerId = t.sim.store.list('crm:customers')[4].id;
		const call = { customerId, text: 'agent repeated note' };
		const { observations } = await callAsAgentTool(t, addNote, [call, call]);
		expect(notesWith('agent repeated note')).toHaveLength(1);
		expect(observations[1]).toEqual(observations[0]);
		expect((observations[0] as Array<Record<string, unknown>>)[0]).toMatchObject({ text: 'agent repeated note' });
	});

	test('a new execution sends the same write again (the tool memory is per execution)', async () => {
		const customerId = t.sim.store.list('crm:customers')[5].id;
		const call = { customerId, text: 'two executions' };
		await callAsMcpTool(t, addNote, [call]);
		await callAsMcpTool(t, addNote, [call]);
		expect(notesWith('two executions')).toHaveLength(2);
	});
});
