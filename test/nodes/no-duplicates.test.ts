/**
 * No duplicate records across executions (docs/no-duplicates.md): keyed creates look their External Key up
 * before they create, recover a lost reply by looking it up again, and hold the key (coordination/claims.ts) so two
 * items or executions with one key create one record.
 */
import IORedis from 'ioredis';
import type { IDataObject } from 'n8n-workflow';
import { DEFAULT_EXTERNAL_DATA_APPLICATION_GUID } from '../../nodes/ServiceTitan/api';
import { InProcessClaims, setClaimStore } from '../../nodes/ServiceTitan/coordination/claims';
import { RedisClaims } from '../../nodes/ServiceTitan/coordination/redisClaims';
import { describeWithRedis, startRedis, type TestRedis } from '../harness/redis';
import { createCustomerParameters, relativePath, startNodeSimulator, type NodeTestContext } from './support';

let t: NodeTestContext;
beforeAll(async () => {
	t = await startNodeSimulator({ latencyMs: 2 });
});
afterAll(async () => t.sim.close());
beforeEach(() => {
	t.sim.clearLog();
	t.sim.clearFaults();
});

const keyedCustomer = (extra: IDataObject = {}) => ({
	...createCustomerParameters('={{ $json.name }}'),
	externalKeyName: 'leadId',
	externalKeyValue: '={{ $json.leadId }}',
	...extra,
});
const customersWithKey = (value: string, guid = DEFAULT_EXTERNAL_DATA_APPLICATION_GUID) =>
	t.sim.store
		.list('crm:customers')
		.filter((c) => ((c.externalData as Record<string, Array<{ key: string; value: string }>> | null)?.[guid] ?? []).some((p) => p.key === 'leadId' && p.value === value));
const customersCreatedBefore = (run: { error?: { description?: string | null } }) =>
	Number(String(run.error?.description ?? '').match(/Written to ServiceTitan in this execution \((\d+)\)/)?.[1] ?? 0);
const requests = () => t.apiRequests().map((e) => `${e.method} ${relativePath(e).split('?')[0]}`);

describe('External Key on Create', () => {
	test('the first run creates the keyed customer (1 lookup + 1 create); a re-run returns it (1 lookup), created: false', async () => {
		const first = await t.run(keyedCustomer(), { inputItems: [{ name: 'Key One', leadId: 'L-1' }] });
		expect(first.error).toBeUndefined();
		expect(first.items[0].json).toMatchObject({ name: 'Key One', created: true, externalData: [{ key: 'leadId', value: 'L-1' }] });
		expect(requests()).toEqual(['GET customers', 'POST customers']);
		const lookup = t.apiRequests()[0];
		expect(lookup.query).toMatchObject({ externalDataApplicationGuid: DEFAULT_EXTERNAL_DATA_APPLICATION_GUID, externalDataKey: 'leadId', externalDataValues: 'L-1' });

		t.sim.clearLog();
		const again = await t.run(keyedCustomer(), { inputItems: [{ name: 'Key One (renamed)', leadId: 'L-1' }] });
		expect(again.items[0].json).toMatchObject({ id: first.items[0].json.id, name: 'Key One', created: false, matchedOn: 'externalKey' });
		expect(requests()).toEqual(['GET customers']);
		expect(customersWithKey('L-1')).toHaveLength(1);
	});

	test('If It Already Exists: Update Existing patches the fields the Update takes; Error names the ID; Create Anyway creates another', async () => {
		const first = await t.run(keyedCustomer(), { inputItems: [{ name: 'Key Two', leadId: 'L-2' }] });
		const id = first.items[0].json.id;
		t.sim.clearLog();
		const updated = await t.run(keyedCustomer({ ifExists: 'updateExisting' }), { inputItems: [{ name: 'Key Two Updated', leadId: 'L-2' }] });
		expect(updated.items[0].json).toMatchObject({ id, name: 'Key Two Updated', created: false, updated: true, matchedOn: 'externalKey' });
		expect(requests()).toEqual(['GET customers', `PATCH customers/${id}`]);
		// A customer's Update takes no locations: they are not sent.
		expect(t.apiRequests()[1].body).not.toHaveProperty('locations');

		const refused = await t.run(keyedCustomer({ ifExists: 'error' }), { inputItems: [{ name: 'Key Two', leadId: 'L-2' }] });
		expect(refused.error?.message).toBe(`A customer with External Key leadId = "L-2" already exists (ID ${id})`);

		const anyway = await t.run(keyedCustomer({ ifExists: 'createAnyway' }), { inputItems: [{ name: 'Key Two', leadId: 'L-2' }] });
		expect(anyway.items[0].json).toMatchObject({ created: true });
		expect(customersWithKey('L-2')).toHaveLength(2);
	});

	test('two items with the same key in one execution create one record; the second returns it', async () => {
		const run = await t.run(keyedCustomer(), {
			inputItems: [
				{ name: 'Twin', leadId: 'L-3' },
				{ name: 'Twin', leadId: 'L-3' },
				{ name: 'Other', leadId: 'L-4' },
			],
		});
		expect(run.error).toBeUndefined();
		const [a, b, c] = run.items.map((item) => item.json);
		expect(customersWithKey('L-3')).toHaveLength(1);
		expect([a.created, b.created].sort()).toEqual([false, true]);
		expect(a.id).toBe(b.id);
		expect(c).toMatchObject({ created: true });
	});

	test('two executions at once with the same keys create each record once', async () => {
		const inputItems = Array.from({ length: 20 }, (_, i) => ({ name: `Parallel ${i}`, leadId: `P-${i}` }));
		const runs = await Promise.all([t.run(keyedCustomer(), { inputItems }), t.run(keyedCustomer(), { inputItems })]);
		for (const run of runs) expect(run.error).toBeUndefined();
		for (let i = 0; i < 20; i++) expect(customersWithKey(`P-${i}`)).toHaveLength(1);
		const created = runs.flatMap((run) => run.items.filter((item) => item.json.created === true));
		expect(created).toHaveLength(20);
	});

	test('a lost reply (applied, then the connection reset) is recovered by the key: the item succeeds, one record, no "may have been applied"', async () => {
		t.sim.injectFault({ method: 'POST', path: '/customers', type: 'resetAfterApply', times: 1 });
		const run = await t.run(keyedCustomer(), { inputItems: [{ name: 'Lost Reply', leadId: 'L-5' }] });
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ name: 'Lost Reply', created: true, recovered: true });
		expect(customersWithKey('L-5')).toHaveLength(1);
		expect(requests()).toEqual(['GET customers', 'POST customers', 'GET customers']);
	});

	test('a create that never arrived (reset before applying, then a 503) is sent again after the lookup finds nothing', async () => {
		t.sim.injectFault({ method: 'POST', path: '/customers', type: 'reset', times: 1 });
		t.sim.injectFault({ method: 'POST', path: '/customers', type: 'status', status: 503, times: 1, after: 0 });
		const run = await t.run(keyedCustomer(), { inputItems: [{ name: 'Resent', leadId: 'L-6' }] });
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ name: 'Resent', created: true });
		expect(customersWithKey('L-6')).toHaveLength(1);
		expect(requests().filter((r) => r === 'POST customers').length).toBeGreaterThanOrEqual(2);
	});

	test('replies lost before the create applied, send after send: it gives up after 5 sends, nothing created, and never says "may have applied"', async () => {
		t.sim.injectFault({ method: 'POST', path: '/customers', type: 'reset', times: 5 });
		const run = await t.run(keyedCustomer(), { inputItems: [{ name: 'Never Arrives', leadId: 'L-10' }] });
		expect(run.error?.message).toBe(
			'ServiceTitan did not answer the create of the customer with External Key leadId = "L-10" (5 tries), and no record with that key exists',
		);
		expect(run.error?.description).toMatch(
			/^Nothing was created: after each lost reply the key was looked up and not found\. Last failure: the connection closed before the answer/,
		);
		expect(`${run.error?.message} ${run.error?.description}`).not.toMatch(/may have/);
		expect(requests().filter((r) => r === 'POST customers')).toHaveLength(5);
		expect(customersWithKey('L-10')).toHaveLength(0);
	});

	test("keys live under the credential's application GUID: another GUID does not find them", async () => {
		const guid = '0f0e0d0c-0b0a-4909-8807-060504030201';
		const run = await t.run(keyedCustomer(), { inputItems: [{ name: 'Other App', leadId: 'L-7' }] });
		expect(run.items[0].json.created).toBe(true);
		const credentialData = t.credentialData;
		t.credentialData.externalDataApplicationGuid = guid;
		try {
			const other = await t.run(keyedCustomer(), { inputItems: [{ name: 'Other App', leadId: 'L-7' }] });
			expect(other.items[0].json.created).toBe(true);
		} finally {
			delete credentialData.externalDataApplicationGuid;
		}
		expect(customersWithKey('L-7')).toHaveLength(1);
		expect(customersWithKey('L-7', guid)).toHaveLength(1);
	});

	test('bad keys are refused before anything is sent, naming the field and item', async () => {
		const noName = await t.run(keyedCustomer({ externalKeyName: '' }), { inputItems: [{ name: 'No Name', leadId: 'L-8' }] });
		expect(noName.error?.message).toMatch(/External Key Name/);
		const empty = await t.run(keyedCustomer(), {
			inputItems: [
				{ name: 'Has Key', leadId: 'L-9' },
				{ name: 'Empty Key', leadId: '' },
			],
		});
		expect(empty.error?.message).toMatch(/External Key Value/);
		expect(empty.error).toMatchObject({ itemIndex: 1 });
		expect(t.apiRequests().filter((e) => e.method === 'POST')).toHaveLength(0);
	});

	test('a keyed batch that stops at a rejected item says a re-run is safe, and the re-run creates only what is missing', async () => {
		t.sim.setFaultPolicy((method, path, _headers, body) =>
			method === 'POST' && path.endsWith('/customers') && (body as { name?: string })?.name === 'Batch 5'
				? { type: 'status', status: 400, body: { title: 'One or more validation errors occurred.', status: 400, errors: { Name: ['Name is taken'] } } }
				: undefined,
		);
		const inputItems = Array.from({ length: 10 }, (_, i) => ({ name: `Batch ${i}`, leadId: `B-${i}` }));
		const failed = await t.run(keyedCustomer(), { inputItems });
		expect(failed.error?.description).toContain('Re-running the workflow is safe');
		t.sim.clearFaults();
		const rerun = await t.run(keyedCustomer(), { inputItems });
		expect(rerun.error).toBeUndefined();
		for (let i = 0; i < 10; i++) expect(customersWithKey(`B-${i}`)).toHaveLength(1);
		expect(rerun.items.filter((item) => item.json.created === true).length).toBe(10 - customersCreatedBefore(failed));
	});

	test('without a key a lost reply stays "may have been applied", and the message says an External Key avoids it', async () => {
		t.sim.injectFault({ method: 'POST', path: '/customers', type: 'resetAfterApply', times: 1 });
		const run = await t.run(createCustomerParameters('Unkeyed Lost'), {});
		expect(run.error?.message).toContain('ServiceTitan may have applied it');
		expect(run.error?.description).toContain('avoids this with an External Key');
		expect(requests()).toEqual(['POST customers']);
	});

	test('without a key a create is sent as before: no lookup', async () => {
		const run = await t.run(createCustomerParameters('Unkeyed'), {});
		expect(run.items[0].json).not.toHaveProperty('created');
		expect(requests()).toEqual(['POST customers']);
	});

	test('a booking is keyed by its External ID: a second create returns it, Update Existing patches it at its provider', async () => {
		const provider = t.sim.store.list('crm:booking-providers')[0].id;
		const booking = (summary: string, extra: IDataObject = {}) => ({
			resource: 'booking',
			operation: 'create',
			booking_provider: provider,
			source: 'Website',
			name: 'Pat',
			summary,
			isFirstTimeClient: true,
			externalId: 'WEB-77',
			...extra,
		});
		const first = await t.run(booking('Leak'));
		expect(first.items[0].json).toMatchObject({ externalId: 'WEB-77', created: true });
		const second = await t.run(booking('Leak'));
		expect(second.items[0].json).toMatchObject({ id: first.items[0].json.id, created: false, matchedOn: 'externalKey' });
		t.sim.clearLog();
		const updated = await t.run(booking('Leak under the sink', { ifExists: 'updateExisting' }));
		expect(updated.items[0].json).toMatchObject({ id: first.items[0].json.id, summary: 'Leak under the sink', updated: true });
		expect(requests()).toEqual(['GET bookings', `PATCH booking-provider/${provider}/bookings/${first.items[0].json.id}`]);
		expect(t.sim.store.list('crm:bookings').filter((b) => b.externalId === 'WEB-77')).toHaveLength(1);
	});

	test('a location and a pricebook service are keyed by the same engine', async () => {
		const customerId = t.sim.store.list('crm:customers')[0].id;
		const location = {
			resource: 'location',
			operation: 'create',
			customerId: { __rl: true, mode: 'id', value: String(customerId) },
			name: 'Keyed Site',
			address: { address: { street: '9 Oak St', city: 'Austin', state: 'TX', zip: '78701', country: 'USA' } },
			externalKeyName: 'siteId',
			externalKeyValue: 'S-1',
		};
		const first = await t.run(location, {});
		expect(first.error).toBeUndefined();
		const second = await t.run(location, {});
		expect(second.items[0].json).toMatchObject({ id: first.items[0].json.id, created: false });
		const service = {
			resource: 'pricebookService',
			operation: 'create',
			code: 'K-SVC',
			displayName: 'Keyed',
			description: 'Keyed',
			externalKeyName: 'sku',
			externalKeyValue: 'K-1',
		};
		const s1 = await t.run(service, {});
		expect(s1.error).toBeUndefined();
		const s2 = await t.run(service, {});
		expect(s2.items[0].json).toMatchObject({ id: s1.items[0].json.id, created: false });
	});
});

/** A customer with one phone contact, written straight into the simulator's store. */
function seedCustomer(name: string, phone: string, street = '40 Cedar Lane', zip = '78702') {
	const address = { street, unit: null, city: 'Austin', state: 'TX', zip, country: 'USA' };
	const customer = t.sim.store.create('crm:customers', { name, type: 'Residential', address, active: true, externalData: null });
	t.sim.store.create('crm:customers/contacts', { customerId: customer.id, type: 'MobilePhone', value: phone, memo: null });
	t.sim.store.create('crm:locations', { customerId: customer.id, name: 'Home', address, active: true, externalData: null });
	return customer;
}
const rules = (...on: string[]) => ({ rule: on.map((rule) => ({ on: rule })) });

describe('Find', () => {
	test('matches a phone number in any formatting (digits compared, a leading country code 1 ignored), one request each', async () => {
		const customer = seedCustomer('Formatting Fan', '5125550199');
		for (const phone of ['(512) 555-0199', '+1 512 555 0199', '512.555.0199', '1-512-555-0199', '5125550199']) {
			t.sim.clearLog();
			const run = await t.run({ resource: 'customer', operation: 'find', matchRules: rules('phone'), matchPhone: phone });
			expect(run.error).toBeUndefined();
			expect(run.items.map((item) => [item.json.id, item.json.matchedOn])).toEqual([[customer.id, 'phone']]);
			expect(t.apiRequests()).toHaveLength(1);
			expect(t.apiRequests()[0].query).toMatchObject({ phone: '5125550199' });
		}
	});

	test('tries the rules in order: the first that finds records decides and says so in matchedOn', async () => {
		const customer = seedCustomer('Ordered Rules', '5125550111', '77 Birch Road', '78703');
		const run = await t.run({
			resource: 'customer',
			operation: 'find',
			matchRules: rules('phone', 'address', 'name'),
			matchPhone: '512-555-0000',
			matchStreet: '77  birch road',
			matchZip: '78703',
			matchName: 'Somebody Else',
		});
		expect(run.items.map((item) => [item.json.id, item.json.matchedOn])).toEqual([[customer.id, 'address']]);
		expect(requests()).toEqual(['GET customers', 'GET customers']);
	});

	test('a name matches only the same name (not a longer one containing it); contacts and locations on request', async () => {
		const exact = seedCustomer('Ann Lee', '5125550122');
		seedCustomer('Ann Leeson', '5125550123');
		const run = await t.run({ resource: 'customer', operation: 'find', matchRules: rules('name'), matchName: ' ann  lee ', options: { includeRelated: true } });
		expect(run.items).toHaveLength(1);
		expect(run.items[0].json).toMatchObject({ id: exact.id, matchedOn: 'name' });
		expect(run.items[0].json.contacts).toEqual([expect.objectContaining({ value: '5125550122' })]);
		expect(run.items[0].json.locations).toEqual([expect.objectContaining({ customerId: exact.id, name: 'Home' })]);
	});

	test('no match: no items by default, one { found: false } item, or an error, as the option says', async () => {
		const base = { resource: 'customer', operation: 'find', matchRules: rules('phone'), matchPhone: '(999) 000-0000' };
		expect((await t.run(base)).items).toEqual([]);
		expect((await t.run({ ...base, options: { ifNoneFound: 'emptyItem' } })).items.map((item) => item.json)).toEqual([{ found: false }]);
		expect((await t.run({ ...base, options: { ifNoneFound: 'error' } })).error?.message).toBe('No customer matches Phone "9990000000"');
	});

	test('without rules, or without a value for any rule, it fails naming Match Rules before anything is sent', async () => {
		expect((await t.run({ resource: 'customer', operation: 'find' })).error?.message).toMatch(/^Match Rules: add at least one rule/);
		expect((await t.run({ resource: 'customer', operation: 'find', matchRules: rules('phone') })).error?.message).toMatch(/Match Rules/);
		expect(t.apiRequests()).toHaveLength(0);
	});

	test('finds a location by its External Key and by address within one customer', async () => {
		const customer = seedCustomer('Location Finder', '5125550144', '5 Pine Court', '78704');
		const run = await t.run({
			resource: 'location',
			operation: 'find',
			matchRules: rules('address'),
			matchStreet: '5 Pine Court',
			matchZip: '78704',
			matchScope: String(customer.id),
		});
		expect(run.items).toHaveLength(1);
		expect(run.items[0].json).toMatchObject({ customerId: customer.id, matchedOn: 'address' });
	});
});

describe('Find or Create (lead intake)', () => {
	const lead = (extra: IDataObject = {}) => ({
		...keyedCustomer(),
		operation: 'findOrCreate',
		matchRules: rules('externalKey', 'phone'),
		additionalFields: { contacts: { contact: [{ type: 'MobilePhone', value: '={{ $json.phone }}' }] } },
		...extra,
	});

	test('created once: 3 requests when created (key, phone, create), 1 when found again; created and matchedOn say which', async () => {
		const first = await t.run(lead(), { inputItems: [{ name: 'Lead One', leadId: 'W-1', phone: '(512) 555-0177' }] });
		expect(first.error).toBeUndefined();
		expect(first.items[0].json).toMatchObject({ name: 'Lead One', created: true });
		expect(requests()).toEqual(['GET customers', 'GET customers', 'POST customers']);
		t.sim.clearLog();
		const again = await t.run(lead(), { inputItems: [{ name: 'Lead One', leadId: 'W-1', phone: '512-555-0177' }] });
		expect(again.items[0].json).toMatchObject({ id: first.items[0].json.id, created: false, matchedOn: 'externalKey' });
		expect(requests()).toEqual(['GET customers']);
		// The same person from another lead source (another key) is found by phone: 2 requests.
		t.sim.clearLog();
		const samePerson = await t.run(lead(), { inputItems: [{ name: 'Lead One', leadId: 'OTHER-9', phone: '+1 512 555 0177' }] });
		expect(samePerson.items[0].json).toMatchObject({ id: first.items[0].json.id, created: false, matchedOn: 'phone' });
		expect(requests()).toEqual(['GET customers', 'GET customers']);
		expect(t.sim.store.list('crm:customers').filter((c) => c.name === 'Lead One')).toHaveLength(1);
	});

	test('with an External Key the rules leave out, the key is still tried (last): a re-run finds the record it created', async () => {
		const parameters = lead({ matchRules: rules('name') });
		const first = await t.run(parameters, { inputItems: [{ name: 'Key Last', leadId: 'W-5', phone: '5125550170' }] });
		expect(first.items[0].json).toMatchObject({ created: true });
		expect(requests()).toEqual(['GET customers', 'GET customers', 'POST customers']);
		t.sim.clearLog();
		const renamed = await t.run(parameters, { inputItems: [{ name: 'Key Last Renamed', leadId: 'W-5', phone: '5125550170' }] });
		expect(renamed.items[0].json).toMatchObject({ id: first.items[0].json.id, created: false, matchedOn: 'externalKey' });
	});

	test('a lead arriving twice in one execution, and in two executions at once, makes one customer', async () => {
		const items = [
			{ name: 'Twice', leadId: 'W-2', phone: '5125550178' },
			{ name: 'Twice', leadId: 'W-2', phone: '5125550178' },
		];
		const runs = await Promise.all([t.run(lead(), { inputItems: items }), t.run(lead(), { inputItems: items })]);
		for (const run of runs) expect(run.error).toBeUndefined();
		expect(t.sim.store.list('crm:customers').filter((c) => c.name === 'Twice')).toHaveLength(1);
		expect(runs.flatMap((run) => run.items.map((item) => item.json.created)).filter(Boolean)).toHaveLength(1);
	});

	test('several matches: "Error Naming the IDs" names them and creates nothing; "Use the Oldest" returns the oldest', async () => {
		const older = seedCustomer('Shared Phone A', '5125550188');
		const newer = seedCustomer('Shared Phone B', '5125550188');
		const parameters = lead({ matchRules: rules('phone') });
		const refused = await t.run(
			{ ...parameters, options: { ifSeveralFound: 'error' } },
			{ inputItems: [{ name: 'Shared Phone C', leadId: 'W-3', phone: '512 555 0188' }] },
		);
		expect(refused.error?.message).toBe(`2 customers match on Phone: IDs ${older.id}, ${newer.id}`);
		expect(t.apiRequests().filter((e) => e.method === 'POST')).toHaveLength(0);
		const oldest = await t.run(parameters, { inputItems: [{ name: 'Shared Phone C', leadId: 'W-3', phone: '512 555 0188' }] });
		expect(oldest.items[0].json).toMatchObject({ id: older.id, created: false, matchedOn: 'phone' });
	});

	test('Update Found Record updates the found customer with the given fields (2 requests)', async () => {
		const found = seedCustomer('Before Update', '5125550189');
		const run = await t.run(lead({ matchRules: rules('phone'), options: { updateFound: true } }), {
			inputItems: [{ name: 'After Update', leadId: 'W-4', phone: '5125550189' }],
		});
		expect(run.items[0].json).toMatchObject({ id: found.id, name: 'After Update', created: false, updated: true });
		expect(requests()).toEqual(['GET customers', `PATCH customers/${found.id}`]);
	});

	test("a location is found or created among its customer's locations only", async () => {
		const owner = seedCustomer('Location Owner Two', '5125550190', '8 Maple Way', '78705');
		const other = seedCustomer('Other Owner', '5125550191', '8 Maple Way', '78705');
		const parameters = {
			resource: 'location',
			operation: 'findOrCreate',
			matchRules: rules('address'),
			customerId: { __rl: true, mode: 'id', value: String(owner.id) },
			name: 'Home',
			address: { address: { street: '8 Maple Way', city: 'Austin', state: 'TX', zip: '78705', country: 'USA' } },
		};
		const run = await t.run(parameters);
		expect(run.items[0].json).toMatchObject({ customerId: owner.id, created: false, matchedOn: 'address' });
		const created = await t.run({ ...parameters, address: { address: { street: '9 Maple Way', city: 'Austin', state: 'TX', zip: '78705', country: 'USA' } } });
		expect(created.items[0].json).toMatchObject({ customerId: owner.id, created: true });
		expect(t.sim.store.list('crm:locations').filter((l) => l.customerId === other.id)).toHaveLength(1);
	});
});

describeWithRedis('keyed creates with claims shared through Redis (queue mode)', () => {
	let redis: TestRedis;
	const clients: IORedis[] = [];
	beforeAll(async () => {
		redis = await startRedis();
	});
	afterAll(async () => {
		setClaimStore(new InProcessClaims());
		for (const client of clients) client.disconnect();
		await redis.stop();
	});

	test('two executions whose claims go through two Redis connections (two n8n processes) create each record once', async () => {
		const connect = async () => {
			const client = new IORedis(redis.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 500 });
			clients.push(client);
			if (client.status !== 'ready') await new Promise<void>((resolve) => client.once('ready', () => resolve()));
			return new RedisClaims(() => client, 'st:keyed:');
		};
		const processes = [await connect(), await connect()];
		// Each claim goes to the next "process" in turn: exclusion must come from Redis, not from one process's memory.
		let turn = 0;
		const holders = new Map<string, RedisClaims>();
		const claimed: string[] = [];
		setClaimStore({
			claim: async (key, ttlMs) => {
				claimed.push(key);
				const store = processes[turn++ % 2];
				const token = await store.claim(key, ttlMs);
				if (token) holders.set(token, store);
				return token;
			},
			release: async (key, token) => holders.get(token)?.release(key, token),
		});
		const inputItems = Array.from({ length: 20 }, (_, i) => ({ name: `Redis ${i}`, leadId: `R-${i}` }));
		const runs = await Promise.all([t.run(keyedCustomer(), { inputItems }), t.run(keyedCustomer(), { inputItems })]);
		for (const run of runs) expect(run.error).toBeUndefined();
		for (let i = 0; i < 20; i++) expect(customersWithKey(`R-${i}`)).toHaveLength(1);
		expect(runs.flatMap((run) => run.items.filter((item) => item.json.created === true))).toHaveLength(20);
		// Every claim was released when its item was done.
		expect(await clients[0].keys('st:keyed:claim:*')).toEqual([]);
		// Redis saw the resource and a hash: neither the tenant ID nor the lead IDs.
		expect(claimed.length).toBeGreaterThanOrEqual(20);
		for (const key of claimed) expect(key).toMatch(/^keyed-create:customer:[0-9a-f]{16}$/);
	});
});
