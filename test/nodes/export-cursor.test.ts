/**
 * Export operations hand back ServiceTitan's continueFrom cursor (Add Cursor Item), so a scheduled
 * copy resumes where the last one ended: nothing skipped, nothing twice, also with a limit.
 */
import type { IDataObject } from 'n8n-workflow';
import { startNodeSimulator, type NodeTestContext } from './support';

let t: NodeTestContext;
beforeAll(async () => {
	t = await startNodeSimulator({ exportPageSize: 5 });
});
afterAll(async () => t.sim.close());

const RECENT_CHANGES_DELAY_MS = 15 * 60_000;
const exportCustomers = (parameters: IDataObject) => t.run({ resource: 'customer', operation: 'export', simplify: false, ...parameters });

function split(items: Array<{ json: IDataObject }>): { records: IDataObject[]; cursor: IDataObject } {
	const jsons = items.map((item) => item.json);
	return { records: jsons.slice(0, -1), cursor: jsons[jsons.length - 1] };
}

describe('Export with Add Cursor Item', () => {
	test('the last item is { continueFrom, hasMore }; From = that continueFrom returns only what changed since', async () => {
		const all = await exportCustomers({ returnAll: true, includeCursor: true });
		expect(all.error?.message).toBeUndefined();
		const first = split(all.items);
		expect(first.cursor).toEqual({ continueFrom: expect.any(String), hasMore: false });
		expect(first.records.length).toBe(t.sim.store.list('crm:customers').length);

		const none = await exportCustomers({ returnAll: true, includeCursor: true, from: first.cursor.continueFrom });
		expect(none.items.map((item) => item.json)).toEqual([{ continueFrom: first.cursor.continueFrom, hasMore: false }]);

		const changed = t.sim.store.list('crm:customers')[4];
		t.sim.store.update('crm:customers', changed.id, { name: 'Renamed Since Last Night' });
		t.sim.clock.advance(RECENT_CHANGES_DELAY_MS + 1000);
		const next = split((await exportCustomers({ returnAll: true, includeCursor: true, from: first.cursor.continueFrom })).items);
		expect(next.records.map((record) => [record.id, record.name])).toEqual([[changed.id, 'Renamed Since Last Night']]);
		expect(next.cursor.continueFrom).not.toBe(first.cursor.continueFrom);
	});

	test('with a limit, whole pages come back, so runs chained by the cursor see every record once', async () => {
		const expected = (await exportCustomers({ returnAll: true })).items.map((item) => item.json.id);
		const seen: unknown[] = [];
		let from = '';
		for (let run = 0; run < 100; run++) {
			const { records, cursor } = split((await exportCustomers({ limit: 3, includeCursor: true, from })).items);
			expect(records.length).toBeLessThanOrEqual(5);
			seen.push(...records.map((record) => record.id));
			from = String(cursor.continueFrom);
			if (!cursor.hasMore) break;
		}
		expect(seen).toEqual(expected);
	});

	test('without it, no extra item and the limit is exact', async () => {
		const run = await exportCustomers({ limit: 3 });
		expect(run.items).toHaveLength(3);
		expect(run.items.every((item) => item.json.id !== undefined)).toBe(true);
	});

	test('From also takes a date: records modified since then', async () => {
		const customers = t.sim.store.list('crm:customers');
		const since = new Date(t.sim.clock.now() - 60_000).toISOString();
		const recent = customers[7];
		t.sim.store.update('crm:customers', recent.id, { name: 'Changed Today' });
		t.sim.clock.advance(RECENT_CHANGES_DELAY_MS + 1000);
		const { records, cursor } = split((await exportCustomers({ returnAll: true, includeCursor: true, from: since.slice(0, 19) })).items);
		expect(records.map((record) => record.id)).toContain(recent.id);
		expect(records.length).toBeLessThan(customers.length);
		expect(cursor.hasMore).toBe(false);
	});
});

describe('Custom API Call > Return All Pages on an export path', () => {
	test('follows continueFrom until hasMore is false: every record once', async () => {
		const expected = (await exportCustomers({ returnAll: true })).items.map((item) => item.json.id);
		expect(expected.length).toBeGreaterThan(10);
		t.sim.clearLog();
		const run = await t.run({ resource: 'customApiCall', operation: 'call', module: 'crm', method: 'GET', path: 'export/customers', returnAllPages: true });
		expect(run.error?.message).toBeUndefined();
		expect(run.items.map((item) => item.json.id)).toEqual(expected);
		const requests = t.apiRequests();
		expect(requests.length).toBe(Math.ceil(expected.length / 5));
		expect(requests[0].query).toEqual({});
		expect(requests[1].query.from).toEqual(expect.any(String));
	});

	test('Add Cursor Item: the last item is the cursor, and the next call from it returns only what changed since', async () => {
		const call = (query: IDataObject[] = []) =>
			t.run({
				resource: 'customApiCall',
				operation: 'call',
				module: 'crm',
				method: 'GET',
				path: 'export/customers',
				returnAllPages: true,
				includeCursor: true,
				queryParameters: { parameter: query },
			});
		const first = split((await call()).items);
		expect(first.records.length).toBe(t.sim.store.list('crm:customers').length);
		expect(first.cursor).toEqual({ continueFrom: expect.any(String), hasMore: false });

		const changed = t.sim.store.list('crm:customers')[2];
		t.sim.store.update('crm:customers', changed.id, { name: 'Changed Since The Cursor' });
		t.sim.clock.advance(RECENT_CHANGES_DELAY_MS + 1000);
		const next = split((await call([{ name: 'from', value: String(first.cursor.continueFrom) }])).items);
		expect(next.records.map((record) => [record.id, record.name])).toEqual([[changed.id, 'Changed Since The Cursor']]);
		expect(next.cursor.continueFrom).not.toBe(first.cursor.continueFrom);
	});

	test('Add Cursor Item on a path that is not an export is refused before sending, naming the field', async () => {
		t.sim.clearLog();
		const run = await t.run({ resource: 'customApiCall', operation: 'call', module: 'crm', method: 'GET', path: 'customers', returnAllPages: true, includeCursor: true });
		expect(run.error).toMatchObject({ name: 'NodeOperationError', itemIndex: 0 });
		expect(run.error!.message).toMatch(/^Add Cursor Item: only an export path/);
		expect(t.apiRequests()).toHaveLength(0);
	});
});
