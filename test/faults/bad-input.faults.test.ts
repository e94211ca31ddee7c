/**
 * The bad-input catalogue: inputs a user (or an expression) can produce, each run through n8n's
 * real engine against the simulator. Every case asserts the message names the parameter or field
 * (and the item where there is one), and for input errors that nothing was sent. The whole run's
 * execution data is scanned for secrets. Figures: .test-reports/faults/bad-input.json.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';
import { runNode, type NodeRun } from '../harness';
import { byId, CREDENTIAL_TYPE, startNodeSimulator, type NodeTestContext } from '../nodes/support';
import { countSecrets } from './secrets';
import { writeFaultReport } from './report';

let t: NodeTestContext;
let customerId: string;
const secretsSeen: string[] = [];
const results: Array<{ name: string; ok: boolean; sent: number }> = [];

beforeAll(async () => {
	t = await startNodeSimulator({ latencyMs: 0 });
	customerId = String(t.sim.store.list('crm:customers')[0].id);
});
afterAll(async () => {
	const secrets = countSecrets(secretsSeen, [t.sim.credentials.clientSecret, t.sim.credentials.appKey]);
	writeFaultReport('bad-input', 'Bad-input catalogue (n8n engine + simulator)', [
		['cases', results.length],
		['cases whose message names the field and item as expected', results.filter((r) => r.ok).length],
		['API requests sent by input-error cases', results.filter((r) => r.name.startsWith('input')).reduce((n, r) => n + r.sent, 0)],
		['secrets found in execution data', secrets],
	]);
	await t.sim.close();
	expect(secrets).toBe(0);
});

const getByExpression = { resource: 'customer', operation: 'get', id: byId('={{ $json.id }}') };
const getMany = (filters: IDataObject) => ({ resource: 'customer', operation: 'getAll', returnAll: false, limit: 5, filters });
const update = (updateFields: IDataObject) => ({ resource: 'customer', operation: 'update', id: byId('={{ $json.id }}'), updateFields });
const note = (extra: IDataObject) => ({ resource: 'customer', operation: 'createNote', id: byId('={{ $json.id }}'), ...extra });
const custom = (extra: IDataObject) => ({ resource: 'customApiCall', operation: 'call', module: 'crm', method: 'GET', path: 'customers', ...extra });
/** Two items: the first fine, the second carries the bad value (so the error must say item 1). */
const secondItem = (bad: IDataObject, good: IDataObject) => [
	{ id: '1', ...good },
	{ id: '1', ...bad },
];

interface Case {
	parameters: IDataObject;
	items?: IDataObject[] | (() => IDataObject[]);
	message: RegExp;
	itemIndex?: number;
	/** Input errors must stop the node before any API request. */
	nothingSent?: boolean;
	credentials?: Partial<ICredentialDataDecryptedObject>;
	before?: () => void;
}

const GOOD: IDataObject = {
	id: '1',
	limit: 5,
	text: 'fine',
	path: 'customers',
	date: '2026-11-23T08:00:00Z',
	body: '{"text": "fine"}',
	ids: '1,2',
	flag: 'true',
	amount: '10',
};
const input = (parameters: IDataObject, bad: IDataObject, message: RegExp): Case => ({
	parameters,
	items: () => secondItem(bad, Object.fromEntries(Object.keys(bad).map((key) => [key, GOOD[key]]))),
	message,
	itemIndex: 1,
	nothingSent: true,
});

const CASES: Record<string, Case> = {
	'input: ID "Smith"': input(getByExpression, { id: 'Smith' }, /^Customer: "Smith" is not a ServiceTitan ID/),
	'input: ID "12.5"': input(getByExpression, { id: '12.5' }, /^Customer: "12\.5" is not a ServiceTitan ID/),
	'input: ID "-3"': input(getByExpression, { id: '-3' }, /^Customer: "-3" is not a ServiceTitan ID/),
	'input: ID empty': input(getByExpression, { id: '' }, /^Customer: an ID is required/),
	'input: limit 0': input({ ...getMany({}), limit: '={{ $json.limit }}' }, { limit: 0 }, /^Limit: must be 1 or more, got 0$/),
	'input: limit -5': input({ ...getMany({}), limit: '={{ $json.limit }}' }, { limit: -5 }, /^Limit: must be 1 or more, got -5$/),
	'input: limit "abc"': input({ ...getMany({}), limit: '={{ $json.limit }}' }, { limit: 'abc' }, /^Limit: "abc" is not a number$/),
	'input: limit 2.5': input({ ...getMany({}), limit: '={{ $json.limit }}' }, { limit: 2.5 }, /^Limit: "2\.5" is not a whole number$/),
	'input: limit blank': input({ ...getMany({}), limit: '={{ $json.limit }}' }, { limit: '  ' }, /^Limit: a number of 1 or more is required$/),
	...Object.fromEntries(
		['23/11/2026', '01/02/2026', '11/23/2026', 'Nov 23', 'tomorrow', '1700000000', '2026-11-23T08:00 PM'].map((date) => [
			`input: date "${date}"`,
			input(
				getMany({ modifiedOnOrAfter: '={{ $json.date }}' }),
				{ date },
				new RegExp(`^Modified On Or After: "${date.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}" is not a date \\(use ISO 8601`),
			),
		]),
	),
	...Object.fromEntries(
		['2026-02-30', '2026-13-01', '2026-11-23T25:00:00Z', '2026-11-23T08:61:00Z'].map((date) => [
			`input: impossible date "${date}"`,
			input(getMany({ modifiedOnOrAfter: '={{ $json.date }}' }), { date }, new RegExp(`^Modified On Or After: "${date}" is not a real date or time`)),
		]),
	),
	'input: JSON body with a trailing comma': input(note({ specifyBody: 'json', jsonBody: '={{ $json.body }}' }), { body: '{"text": "x",}' }, /^JSON Body: invalid JSON/),
	'input: JSON body is an array': input(note({ specifyBody: 'json', jsonBody: '={{ $json.body }}' }), { body: '[1]' }, /^JSON Body: must be a JSON object/),
	'input: JSON body is a string': input(note({ specifyBody: 'json', jsonBody: '={{ $json.body }}' }), { body: '"text"' }, /^JSON Body: must be a JSON object/),
	'input: note text empty from an expression': input(note({ text: '={{ $json.text }}' }), { text: '' }, /^Text: this field is required$/),
	'input: 51 IDs': input(
		getMany({ ids: '={{ $json.ids }}' }),
		{ ids: Array.from({ length: 51 }, (_, i) => i + 1).join(',') },
		/^IDs: ServiceTitan accepts at most 50 IDs here, got 51$/,
	),
	'input: IDs "1,abc"': input(getMany({ ids: '={{ $json.ids }}' }), { ids: '1,abc' }, /^IDs: "abc" is not a ServiceTitan ID/),
	'input: boolean "yes"': input(update({ doNotMail: '={{ $json.flag }}' }), { flag: 'yes' }, /^Do Not Mail: "yes" is not true or false$/),
	'input: number "Infinity"': input(update({ creditLimit: '={{ $json.amount }}' }), { amount: 'Infinity' }, /^Credit Limit: "Infinity" is not a number$/),
	'input: Locations not JSON': {
		parameters: {
			resource: 'customer',
			operation: 'create',
			name: 'X',
			address: { address: { street: '1 Main', city: 'Austin', zip: '78701', country: 'USA' } },
			locationsInput: 'json',
			locations: '={{ $json.locations }}',
		},
		items: () => [{ locations: '[{"name":"A","address":{"street":"1","city":"A","zip":"1","country":"USA"}}]' }, { locations: '[{name: "HQ"}]' }],
		message: /^Locations: invalid JSON/,
		itemIndex: 1,
		nothingSent: true,
	},
	'input: custom path "../x"': input(custom({ path: '={{ $json.path }}' }), { path: '../x' }, /^Path: "\." and "\.\." segments are not allowed$/),
	'input: custom path with /tenant/': input(
		custom({ path: '={{ $json.path }}' }),
		{ path: 'x/tenant/1/customers' },
		/^Path: give only the part after \/tenant\/\{tenant\}\//,
	),
	'input: custom path is a URL': input(custom({ path: '={{ $json.path }}' }), { path: 'https://evil.example/x' }, /^Path: give only the part after/),
	'input: custom path with "?"': input(custom({ path: '={{ $json.path }}' }), { path: 'customers?ids=1' }, /^Path: put query parameters under Query Parameters/),
	'input: custom path with "#"': input(custom({ path: '={{ $json.path }}' }), { path: 'customers#x' }, /^Path: put query parameters under Query Parameters/),
	'input: custom JSON body "{oops"': input(custom({ method: 'POST', sendBody: true, customBody: '={{ $json.body }}' }), { body: '{oops' }, /^JSON Body: invalid JSON/),
	'input: unknown operation': {
		parameters: { resource: 'customer', operation: 'frobnicate' },
		message: /^The operation "frobnicate" is not known for resource "customer"$/,
		itemIndex: 0,
		nothingSent: true,
	},
	'credential: tenant "abc123"': {
		parameters: getByExpression,
		items: [{ id: '1' }],
		credentials: { tenantId: 'abc123' },
		message: /^ServiceTitan credential: Tenant ID must be the numeric ID of your ServiceTitan tenant, got "abc123"$/,
		nothingSent: true,
	},
	'credential: tenant "1000 001"': {
		parameters: getByExpression,
		items: [{ id: '1' }],
		credentials: { tenantId: '1000 001' },
		message: /^ServiceTitan credential: Tenant ID must be the numeric ID/,
		nothingSent: true,
	},
	'credential: environment "staging"': {
		parameters: getByExpression,
		items: [{ id: '1' }],
		credentials: { environment: 'staging' },
		message: /^ServiceTitan credential: Environment "staging" is not known/,
		nothingSent: true,
	},
	'credential: API Base URL with "?x=1"': {
		parameters: getByExpression,
		items: [{ id: '1' }],
		credentials: { apiBaseUrl: 'API?x=1' },
		message: /^ServiceTitan credential: API Base URL must not contain "\?" or "#"/,
		nothingSent: true,
	},
	'credential: API Base URL with "#frag"': {
		parameters: getByExpression,
		items: [{ id: '1' }],
		credentials: { apiBaseUrl: 'API#frag' },
		message: /^ServiceTitan credential: API Base URL must not contain "\?" or "#"/,
		nothingSent: true,
	},
	'credential: Auth URL "ftp://x"': {
		parameters: getByExpression,
		items: [{ id: '1' }],
		credentials: { authUrl: 'ftp://x' },
		message: /^ServiceTitan credential: Auth URL must be an http\(s\) URL/,
		nothingSent: true,
	},
	'answer: Get answered with a bare string': {
		parameters: getByExpression,
		items: () => [{ id: customerId }, { id: customerId }],
		before: () => t.sim.injectFault({ path: '/customers/', type: 'status', status: 200, body: 'maintenance', after: 1 }),
		message: /^ServiceTitan answered GET customers\/\d+ with "maintenance" instead of a record/,
		itemIndex: 1,
	},
	'answer: Get Many answered {error}': {
		parameters: getMany({}),
		before: () => t.sim.injectFault({ path: '/customers', type: 'status', status: 200, body: { error: 'maintenance' } }),
		message: /^ServiceTitan answered GET customers with \{"error":"maintenance"\} instead of a page of records/,
		itemIndex: 0,
	},
	'answer: 400 with field errors names the fields': {
		parameters: note({ text: 'x' }),
		items: () => [{ id: customerId }],
		before: () =>
			t.sim.injectFault({
				method: 'POST',
				type: 'status',
				status: 400,
				body: { title: 'One or more validation errors occurred.', status: 400, errors: { Text: ['Text is too long'] } },
			}),
		message: /^ServiceTitan 400: One or more validation errors occurred\. \(Text: Text is too long\)/,
		itemIndex: 0,
	},
	'answer: a title containing "ECONNREFUSED" is not rewritten by n8n': {
		parameters: getByExpression,
		items: () => [{ id: customerId }],
		before: () => t.sim.injectFault({ path: '/customers/', type: 'status', status: 400, body: { title: 'Upstream ECONNREFUSED', status: 400 } }),
		message: /^ServiceTitan 400: Upstream ECONNREFUSED$/,
		itemIndex: 0,
	},
	'answer: 422 with an unnamed field error has no stray ": "': {
		parameters: getByExpression,
		items: () => [{ id: customerId }],
		before: () =>
			t.sim.injectFault({ path: '/customers/', type: 'status', status: 422, body: { title: 'Unprocessable', status: 422, errors: { '': ['Customer is merged'] } } }),
		message: /^ServiceTitan 422: Unprocessable \(Customer is merged\)$/,
		itemIndex: 0,
	},
	'answer: a proxy HTML 502 on a write is named as a proxy page': {
		parameters: note({ text: 'x' }),
		items: () => [{ id: customerId }],
		before: () => t.sim.injectFault({ method: 'POST', type: 'status', status: 502, body: '<html><head><title>502 Bad Gateway</title></head></html>' as never }),
		message:
			/^HTTP 502 from a proxy or gateway in front of ServiceTitan, not from ServiceTitan itself \("502 Bad Gateway"\) — ServiceTitan may have applied it: check in ServiceTitan before running it again/,
		itemIndex: 0,
	},
	'answer: a lost reply to Create Note says it may have been applied': {
		parameters: note({ text: 'x' }),
		items: () => [{ id: customerId }],
		before: () => t.sim.injectFault({ method: 'POST', type: 'resetAfterApply' }),
		message: /closed before it answered .*ServiceTitan may have applied it: check in ServiceTitan before running it again/,
		itemIndex: 0,
	},
};

function runCase(c: Case): Promise<NodeRun> {
	const items = typeof c.items === 'function' ? c.items() : (c.items ?? [{}]);
	const credentialData = { ...t.credentialData, ...c.credentials } as ICredentialDataDecryptedObject;
	if (credentialData.apiBaseUrl === 'API?x=1' || credentialData.apiBaseUrl === 'API#frag')
		credentialData.apiBaseUrl = `${t.sim.apiBaseUrl}${String(credentialData.apiBaseUrl).slice(3)}`;
	return runNode({ nodeType: 'serviceTitan', parameters: c.parameters as INodeParameters, credentials: { [CREDENTIAL_TYPE]: credentialData }, inputItems: items });
}

test(`the catalogue has at least 40 cases (${Object.keys(CASES).length})`, () => {
	expect(Object.keys(CASES).length).toBeGreaterThanOrEqual(40);
});

test.each(Object.entries(CASES))('%s', async (name, c) => {
	t.sim.clearFaults();
	t.sim.clearLog();
	c.before?.();
	const run = await runCase(c);
	const sent = t.apiRequests().length;
	secretsSeen.push(JSON.stringify(run.run), String(run.error?.recorded?.stack ?? ''));
	results.push({ name, ok: false, sent });
	expect(run.error?.message).toMatch(c.message);
	if (c.itemIndex !== undefined) expect(run.error?.itemIndex).toBe(c.itemIndex);
	if (c.nothingSent) expect(sent).toBe(0);
	results[results.length - 1].ok = true;
});

describe('values that must not change meaning', () => {
	test('a blank number from an expression is left out, never sent as 0', async () => {
		t.sim.clearLog();
		const run = await runNode({
			nodeType: 'serviceTitan',
			parameters: update({ creditLimit: '={{ $json.amount }}', doNotMail: true }) as INodeParameters,
			credentials: { [CREDENTIAL_TYPE]: t.credentialData },
			inputItems: [{ id: customerId, amount: '  ' }],
		});
		expect(run.error?.message).toBeUndefined();
		expect(t.apiRequests().find((e) => e.method === 'PATCH')?.body).toEqual({ doNotMail: true });
	});

	test('a date without a zone is read in the workflow timezone (America/Chicago: 08:00 is 14:00Z)', async () => {
		t.sim.clearLog();
		const run = await runNode({
			nodeType: 'serviceTitan',
			parameters: getMany({ modifiedOnOrAfter: '2026-11-23T08:00:00' }) as INodeParameters,
			credentials: { [CREDENTIAL_TYPE]: t.credentialData },
			timezone: 'America/Chicago',
		});
		expect(run.error?.message).toBeUndefined();
		expect(t.apiRequests()[0].query.modifiedOnOrAfter).toBe('2026-11-23T14:00:00.000Z');
	});

	test('a Luxon DateTime from an expression is accepted as it is', async () => {
		t.sim.clearLog();
		const run = await runNode({
			nodeType: 'serviceTitan',
			parameters: getMany({ modifiedOnOrAfter: "={{ DateTime.fromISO('2026-11-23T08:00:00Z') }}" }) as INodeParameters,
			credentials: { [CREDENTIAL_TYPE]: t.credentialData },
		});
		expect(run.error?.message).toBeUndefined();
		expect(t.apiRequests()[0].query.modifiedOnOrAfter).toBe('2026-11-23T08:00:00.000Z');
	});

	test('a client secret with a trailing newline still works', async () => {
		t.sim.clearLog();
		const run = await runNode({
			nodeType: 'serviceTitan',
			parameters: getByExpression as INodeParameters,
			credentials: { [CREDENTIAL_TYPE]: { ...t.credentialData, clientSecret: `${t.sim.credentials.clientSecret}\n` } },
			inputItems: [{ id: customerId }],
		});
		expect(run.error?.message).toBeUndefined();
		expect(run.items).toHaveLength(1);
	});
});
