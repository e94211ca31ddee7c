/**
 * The example "ServiceTitan MCP server" (scripts/demo/mcp-workflow.ts) published in a real n8n 2.40.7 (`n8n start`),
 * with the test as the MCP client (Streamable HTTP, harness/mcp.ts) and no language model: it calls the tools with the
 * arguments a model would give and checks what ServiceTitan (the simulator) was asked and what the agent is told.
 * A second published server on another path holds the tools a careful setup avoids (Return All, Retry On Fail on a
 * write), to prove they stay safe when someone builds them anyway.
 */
import { startSimulator, type RequestLogEntry, type Simulator } from '../simulator';
import {
	DEMO_MCP_PATH,
	DEMO_MCP_TOKEN,
	curatedTools,
	demoMcpCredential,
	demoMcpUrl,
	fromAI,
	mcpServerWorkflow,
	serviceTitanMcpServerWorkflow,
} from '../../scripts/demo/mcp-workflow';
import { N8nInstance, serviceTitanCredential, type N8nServer } from './harness';
import { McpClient, type McpTool, type McpToolResult } from './harness/mcp';

const CHECKS_PATH = 'servicetitan-checks';
/** What a model's context holds with room to spare for the conversation: some 25,000 tokens of JSON. */
const CONTEXT_BUDGET_CHARS = 100_000;
const CUSTOMERS = 3_100;

const text = (result: McpToolResult) => McpClient.text(result);

describe('ServiceTitan MCP server (MCP Server Trigger + ServiceTitan tools) in a running n8n, called as an MCP client', () => {
	let sim: Simulator;
	let n8n: N8nInstance;
	let server: N8nServer;
	let client: McpClient;
	let checks: McpClient;
	let tenant: string;

	const apiCalls = (): RequestLogEntry[] => sim.log.filter((entry) => entry.path.includes('/tenant/'));
	const tenantPath = (module: string, rest: string) => `/${module}/v2/tenant/${tenant}/${rest}`;
	const auth = { authorization: `Bearer ${DEMO_MCP_TOKEN}` };
	const anyCustomer = () => sim.store.list('crm:customers').find((customer) => customer.active !== false)!;
	/** A task-shaped lookup: only reads, all answered, no more than its bound (the operation's documented request count). */
	const expectBoundedReads = (bound: number, mustRead?: string) => {
		const calls = apiCalls();
		expect(calls.map((call) => `${call.method} ${call.status}`)).toEqual(calls.map(() => 'GET 200'));
		expect(calls.length).toBeGreaterThan(0);
		expect(calls.length).toBeLessThanOrEqual(bound);
		if (mustRead) expect(calls.map((call) => call.path)).toContain(mustRead);
	};
	const notesOf = (customerId: unknown) => sim.store.list('crm:customers/notes').filter((note) => String(note.customerId) === String(customerId));

	beforeAll(async () => {
		sim = await startSimulator({ port: 0, size: { 'crm:customers': CUSTOMERS } });
		tenant = String(sim.credentials.tenantId);
		n8n = await N8nInstance.create({ name: 'st-e2e-mcp' });
		const serviceTitan = serviceTitanCredential(sim);
		const bearer = demoMcpCredential();
		await n8n.importCredentials([serviceTitan, bearer]);
		const example = serviceTitanMcpServerWorkflow(serviceTitan, bearer);
		const risky = mcpServerWorkflow({
			id: 'stE2eMcpChecks',
			name: 'ServiceTitan MCP checks',
			path: CHECKS_PATH,
			serviceTitan,
			bearer,
			tools: [
				{ name: 'All Customers', parameters: { resource: 'customer', operation: 'getAll', returnAll: true, simplify: false } },
				{
					name: 'Add Customer Note With Retries',
					parameters: {
						resource: 'customer',
						operation: 'createNote',
						id: { __rl: true, mode: 'id', value: fromAI('customerId', 'the ServiceTitan customer ID', 'number') },
						text: fromAI('text', 'the note'),
					},
					settings: { retryOnFail: true, maxTries: 3, waitBetweenTries: 100 },
				},
			],
		});
		await n8n.importWorkflows([example, risky]);
		await n8n.publishWorkflow(example.id);
		await n8n.publishWorkflow(risky.id);
		server = await n8n.start();
		client = await new McpClient(demoMcpUrl(server.baseUrl), auth).connectWhenListening();
		checks = await new McpClient(demoMcpUrl(server.baseUrl, CHECKS_PATH), auth).connectWhenListening();
	});

	afterAll(async () => {
		await client?.close();
		await checks?.close();
		await n8n?.dispose();
		await sim?.close();
	});

	beforeEach(() => {
		sim.clearFaults();
		sim.clearLog();
	});

	test('initialize: the server names itself after the trigger and sends its instructions; without the bearer token n8n refuses', async () => {
		expect(client.serverInfo?.name).toBe('ServiceTitan_MCP_Server');
		expect(client.instructions).toMatch(/Add Customer Note and Book Job/);
		const refused = await new McpClient(demoMcpUrl(server.baseUrl)).postRaw({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {} });
		expect([401, 403]).toContain(refused.status);
		const wrongToken = await new McpClient(demoMcpUrl(server.baseUrl), { authorization: 'Bearer not-the-token' }).postRaw({
			jsonrpc: '2.0',
			id: 1,
			method: 'initialize',
			params: {},
		});
		expect([401, 403]).toContain(wrongToken.status);
		expect(apiCalls()).toEqual([]);
	});

	test('tools/list: every curated tool, with a description an agent can choose by and its $fromAI arguments (described) in the input schema', async () => {
		const tools = await client.listTools();
		const byName = new Map(tools.map((tool) => [tool.name, tool]));
		const expected: Record<string, string[]> = {
			Search_Customers: ['name'],
			Find_Customer_By_Phone: ['phone'],
			Get_Customer: ['customerId'],
			Customer_Card: ['customerId'],
			Job_Detail: ['jobId'],
			Technician_Availability: ['date'],
			Appointments_On_A_Day: ['date'],
			Add_Customer_Note: ['customerId', 'text'],
			Book_Job: ['customerId', 'locationId', 'businessUnit', 'jobType', 'campaign', 'start', 'end', 'summary'],
		};
		expect([...byName.keys()].sort()).toEqual(Object.keys(expected).sort());
		expect(curatedTools()).toHaveLength(Object.keys(expected).length);
		// One comparison over all tools, so a failure shows every tool's arguments (n8n drops the parameters, and so the
		// $fromAI arguments, of an operation the node does not have).
		const argumentsOf = (tool: McpTool) => ({
			properties: Object.keys(tool.inputSchema.properties ?? {}).sort(),
			required: [...(tool.inputSchema.required ?? [])].sort(),
			described: Object.values(tool.inputSchema.properties ?? {}).every((property) => (property.description?.length ?? 0) > 5),
		});
		expect(Object.fromEntries(tools.map((tool) => [tool.name, argumentsOf(tool)]))).toEqual(
			Object.fromEntries(Object.entries(expected).map(([name, args]) => [name, { properties: [...args].sort(), required: [...args].sort(), described: true }])),
		);
		for (const tool of tools) {
			// A sentence that names what it works on, not n8n's fallback for a node without a description.
			expect(`${tool.name}: ${tool.description ?? ''}`).toMatch(/^\w+: .{20,}/);
			expect(tool.description).toMatch(/customer|job|appointment|technician|note/i);
		}
		// Tools left on "Set Automatically" get the operation's own sentence (what it needs and returns), the one the
		// engine reads from the live description, not the short action the editor shows as a node name.
		for (const spec of curatedTools().filter((tool) => !tool.description)) {
			expect(byName.get(spec.name.replace(/ /g, '_'))!.description).toMatch(/returns/i);
		}
		expect(byName.get('Get_Customer')!.inputSchema.properties!.customerId.type).toBe('number');
		expect(apiCalls()).toEqual([]);
	});

	test('Search Customers: one GET customers with the name and a small page; the answer names the customer', async () => {
		const customer = anyCustomer();
		const result = await client.callTool('Search_Customers', { name: String(customer.name) });
		expect(result.isError).toBeFalsy();
		const calls = apiCalls();
		expect(calls.map((call) => `${call.method} ${call.path} ${call.status}`)).toEqual([`GET ${tenantPath('crm', 'customers')} 200`]);
		expect(calls[0].query).toMatchObject({ name: String(customer.name) });
		const customers = (JSON.parse(text(result)) as Array<Record<string, unknown>>).filter((item) => !item.moreAvailable);
		expect(customers.length).toBeGreaterThan(0);
		expect(customers.length).toBeLessThanOrEqual(10);
		expect(text(result)).toContain(String(customer.name));
		expect(text(result)).toContain(String(customer.id));
	});

	test('Find Customer By Phone: looked up by the phone number, digits only, as Find does', async () => {
		const contact = sim.store.list('crm:customers/contacts').find((row) => /phone/i.test(String(row.type)) && row.value)!;
		const result = await client.callTool('Find_Customer_By_Phone', { phone: String(contact.value) });
		expect(result.isError).toBeFalsy();
		const lookups = apiCalls().filter((call) => call.path === tenantPath('crm', 'customers'));
		expect(lookups.length).toBeGreaterThan(0);
		expect(lookups[0].query.phone).toBe(String(contact.value).replace(/\D/g, ''));
		expect(text(result)).toContain(String(contact.customerId));
	});

	test('Get Customer: the ID from the agent goes into the resource locator; a missing record is a tool error and the server keeps answering', async () => {
		const customer = anyCustomer();
		const found = await client.callTool('Get_Customer', { customerId: Number(customer.id) });
		expect(found.isError).toBeFalsy();
		expect(apiCalls().map((call) => `${call.method} ${call.path}`)).toEqual([`GET ${tenantPath('crm', `customers/${String(customer.id)}`)}`]);
		expect(text(found)).toContain(String(customer.name));

		sim.clearLog();
		const missing = await client.callTool('Get_Customer', { customerId: 999_999_999 });
		expect(missing.isError).toBe(true);
		expect(text(missing)).toMatch(/404|not found/i);
		expect(text(missing).length).toBeLessThan(2_000);
		expect(text(missing)).not.toContain(sim.credentials.clientSecret);
		expect(apiCalls().map((call) => `${call.method} ${call.path} ${call.status}`)).toEqual([`GET ${tenantPath('crm', 'customers/999999999')} 404`]);

		const again = await client.callTool('Get_Customer', { customerId: Number(customer.id) });
		expect(again.isError).toBeFalsy();
		expect(text(again)).toContain(String(customer.name));
	});

	test('Customer Card: one answer with the customer, their locations and open jobs, in a bounded number of GETs', async () => {
		const job = sim.store.list('jpm:jobs')[0];
		const customerId = Number(job.customerId);
		const result = await client.callTool('Customer_Card', { customerId });
		expect(result.isError).toBeFalsy();
		expectBoundedReads(4, tenantPath('crm', `customers/${customerId}`));
		const card = text(result);
		const customer = sim.store.list('crm:customers').find((row) => Number(row.id) === customerId)!;
		expect(card).toContain(String(customer.name));
		const location = sim.store.list('crm:locations').find((row) => Number(row.customerId) === customerId);
		if (location) expect(card).toContain(String(location.id));
	});

	test('Job Detail: the job with its customer, location, appointments and technicians, in a bounded number of GETs', async () => {
		const appointment = sim.store.list('jpm:appointments').find((row) => row.jobId)!;
		const jobId = Number(appointment.jobId);
		const result = await client.callTool('Job_Detail', { jobId });
		expect(result.isError).toBeFalsy();
		expectBoundedReads(5, tenantPath('jpm', `jobs/${jobId}`));
		expect(text(result)).toContain(String(appointment.id));
	});

	test("Technician Availability: the day's technicians and what they have on, read (GET) only", async () => {
		const day = String(sim.store.list('jpm:appointments')[0].start).slice(0, 10);
		const result = await client.callTool('Technician_Availability', { date: day });
		expect(result.isError).toBeFalsy();
		expectBoundedReads(8);
		const technician = sim.store.list('settings:technicians').find((row) => row.active !== false)!;
		expect(text(result)).toContain(String(technician.name));
	});

	test('Appointments On A Day: GET appointments from that day to the next (one $fromAI argument used twice)', async () => {
		const appointment = sim.store.list('jpm:appointments')[0];
		const day = String(appointment.start).slice(0, 10);
		const result = await client.callTool('Appointments_On_A_Day', { date: day });
		expect(result.isError).toBeFalsy();
		const calls = apiCalls();
		expect(calls.map((call) => `${call.method} ${call.path} ${call.status}`)).toEqual([`GET ${tenantPath('jpm', 'appointments')} 200`]);
		const next = new Date(`${day}T00:00:00Z`);
		next.setUTCDate(next.getUTCDate() + 1);
		// The tool's Limit (25) is what the agent gets at most; more on the day would end with the moreAvailable note.
		expect((JSON.parse(text(result)) as Array<Record<string, unknown>>).filter((item) => !item.moreAvailable).length).toBeLessThanOrEqual(25);
		expect(calls[0].query.startsOnOrAfter).toMatch(new RegExp(`^${day}`));
		expect(calls[0].query.startsBefore).toMatch(new RegExp(`^${next.toISOString().slice(0, 10)}`));
		expect(text(result)).toContain(String(appointment.id));
	});

	test('Add Customer Note: one POST with the text; the note is in ServiceTitan', async () => {
		const customer = anyCustomer();
		const before = notesOf(customer.id).length;
		const result = await client.callTool('Add_Customer_Note', { customerId: Number(customer.id), text: 'Caller asked for a morning visit (from the MCP e2e)' });
		expect(result.isError).toBeFalsy();
		const posts = apiCalls().filter((call) => call.method === 'POST');
		expect(posts.map((call) => call.path)).toEqual([tenantPath('crm', `customers/${String(customer.id)}/notes`)]);
		expect(posts[0].body).toMatchObject({ text: 'Caller asked for a morning visit (from the MCP e2e)' });
		expect(notesOf(customer.id)).toHaveLength(before + 1);
		expect(text(result)).toContain('morning visit');
	});

	test('Book Job: business unit, job type and campaign given by name (any case) as a model would; one POST jobs with their IDs, the customer, location, appointment and summary', async () => {
		const location = sim.store.list('crm:locations').find((row) => row.customerId)!;
		// A name that names one record (an ambiguous one is refused, listing the candidates).
		const uniquelyNamed = (collection: string) => {
			const records = sim.store.list(collection);
			return records.find((record) => records.filter((other) => String(other.name).toLowerCase() === String(record.name).toLowerCase()).length === 1)!;
		};
		const jobType = uniquelyNamed('jpm:job-types');
		const businessUnit = uniquelyNamed('settings:business-units');
		const campaign = uniquelyNamed('marketing:campaigns');
		const jobsBefore = sim.store.list('jpm:jobs').length;
		const result = await client.callTool('Book_Job', {
			customerId: Number(location.customerId),
			locationId: Number(location.id),
			businessUnit: String(businessUnit.name).toUpperCase(),
			jobType: String(jobType.name).toLowerCase(),
			campaign: String(campaign.name),
			start: '2026-11-20T15:00:00Z',
			end: '2026-11-20T17:00:00Z',
			summary: 'No heat upstairs since last night',
		});
		expect(result.isError).toBeFalsy();
		const posts = apiCalls().filter((call) => call.method === 'POST');
		expect(posts.map((call) => `${call.path} ${call.status}`)).toEqual([`${tenantPath('jpm', 'jobs')} 200`]);
		expect(posts[0].body).toMatchObject({
			customerId: Number(location.customerId),
			locationId: Number(location.id),
			businessUnitId: Number(businessUnit.id),
			jobTypeId: Number(jobType.id),
			campaignId: Number(campaign.id),
			priority: 'Normal',
			summary: 'No heat upstairs since last night',
			appointments: [{ start: expect.stringMatching(/^2026-11-20T15:00/) as string, end: expect.stringMatching(/^2026-11-20T17:00/) as string }],
		});
		expect(sim.store.list('jpm:jobs')).toHaveLength(jobsBefore + 1);
	});

	test.each([
		{ tool: 'Add_Customer_Note', server: () => client, how: 'without Retry On Fail' },
		{ tool: 'Add_Customer_Note_With_Retries', server: () => checks, how: 'with Retry On Fail (3 tries)' },
	])('a lost reply on $tool ($how): the note is written once and the tool result says it may have been applied', async ({ tool, server }) => {
		const customer = anyCustomer();
		const before = notesOf(customer.id).length;
		const notePath = `/customers/${String(customer.id)}/notes`;
		sim.injectFault({ method: 'POST', path: notePath, type: 'resetAfterApply', times: 5 });
		const result = await server().callTool(tool, { customerId: Number(customer.id), text: `Lost reply check (${tool})` });
		const posts = apiCalls().filter((call) => call.method === 'POST' && call.path.endsWith(notePath));
		expect(posts).toHaveLength(1);
		expect(notesOf(customer.id)).toHaveLength(before + 1);
		expect(text(result)).toMatch(/may have (been )?applied/i);
		expect(text(result).length).toBeLessThan(2_000);
	});

	test(`Return All as a tool over ${CUSTOMERS.toLocaleString('en-US')} customers: an answer that fits a model's context and says more exist`, async () => {
		const result = await checks.callTool('All_Customers', {});
		expect(result.isError).toBeFalsy();
		const answer = text(result);
		expect(answer.length).toBeLessThan(CONTEXT_BUDGET_CHARS);
		const items = JSON.parse(answer) as Array<Record<string, unknown>>;
		const note = items[items.length - 1];
		expect(note).toMatchObject({ moreAvailable: true, returned: items.length - 1 });
		expect(String(note.note)).toMatch(/^More \w+ exist/);
		expect(items.length - 1).toBeGreaterThan(0);
		expect(items.length - 1).toBeLessThan(CUSTOMERS);
		expect(items[0]).toMatchObject({ id: sim.store.list('crm:customers')[0].id });
		// It stops reading where the answer is full: a page or two of customers, not every page of the tenant.
		const calls = apiCalls();
		expect(calls.every((call) => call.method === 'GET' && call.path === tenantPath('crm', 'customers'))).toBe(true);
		expect(calls.length).toBeLessThanOrEqual(2);
	});

	test('90 tool calls at once (three clients): every one answered, no 429 at ServiceTitan', async () => {
		const customers = sim.store.list('crm:customers').slice(0, 90);
		const more = await Promise.all([1, 2].map(() => new McpClient(demoMcpUrl(server.baseUrl, DEMO_MCP_PATH), auth).connect()));
		const clients = [client, ...more];
		try {
			const results = await Promise.all(customers.map((customer, index) => clients[index % 3].callTool('Get_Customer', { customerId: Number(customer.id) })));
			results.forEach((result, index) => {
				expect(result.isError).toBeFalsy();
				expect(text(result)).toContain(String(customers[index].name));
			});
			expect(sim.stats().rateLimited).toBe(0);
			expect(apiCalls().filter((call) => call.status === 429)).toEqual([]);
		} finally {
			await Promise.all(more.map((extra) => extra.close()));
		}
	});
});
