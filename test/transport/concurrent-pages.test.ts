/**
 * Return All on a list endpoint: once the first page tells how many records there are (`includeTotal`), the rest
 * of the pages are requested side by side through the limiter, and handed back in order.
 */
import { startSimulator, type Simulator } from '../simulator';
import { LocalLimiterFactory } from '../../nodes/ServiceTitan/limits';
import { ServiceTitanApiError, ServiceTitanClient, TokenCache, closeSharedDispatcher } from '../../nodes/ServiceTitan/transport';

const LATENCY_MS = 100;
let sim: Simulator;

beforeAll(async () => {
	sim = await startSimulator({ size: { customers: 230 }, latencyMs: LATENCY_MS });
});

afterAll(async () => {
	await sim.close();
	await closeSharedDispatcher();
});

beforeEach(() => {
	sim.clearLog();
	sim.clearFaults();
});

function client() {
	return new ServiceTitanClient(
		{ environment: 'custom', authUrl: sim.authUrl, apiBaseUrl: sim.apiBaseUrl, ...sim.credentials },
		{ tokenCache: new TokenCache(), limiterFactory: new LocalLimiterFactory(), sleep: async () => undefined },
	);
}

const listRequests = () => sim.log.filter((entry) => entry.path.endsWith('/customers'));
const activeCustomers = () => sim.store.list('crm:customers').filter((customer) => (customer as { active?: boolean }).active !== false);

/** Most requests that were at the simulator at the same moment (arrival to end of response). */
function mostInFlight(): number {
	const spans = listRequests().map((entry) => [entry.time, entry.time + entry.ms]);
	return Math.max(...spans.map(([start]) => spans.filter(([from, to]) => from <= start && start < to).length));
}

describe('Return All fetches pages side by side once the total is known', () => {
	test('every page after the first is requested without waiting for the one before, and the records come back in page order', async () => {
		const total = activeCustomers().length;
		const pageSize = 10;
		const records = await client().getAll<{ id: number }>({ module: 'crm', path: 'customers', pageSize });

		const requests = listRequests();
		expect(requests[0].query).toMatchObject({ page: '1', pageSize: String(pageSize), includeTotal: 'true' });
		expect(requests.map((entry) => Number(entry.query.page)).sort((a, b) => a - b)).toEqual(Array.from({ length: Math.ceil(total / pageSize) }, (_, i) => i + 1));
		expect(mostInFlight()).toBeGreaterThan(4);

		// the order of the list itself, page after page
		const expected: number[] = [];
		for (let page = 1; page <= Math.ceil(total / pageSize); page++) {
			const response = await client().request<{ data: Array<{ id: number }> }>({ module: 'crm', method: 'GET', path: 'customers', query: { page, pageSize } });
			expected.push(...response.data.map((record) => record.id));
		}
		expect(records.map((record) => record.id)).toEqual(expected);
	});

	test('with a limit, only the pages holding the first `limit` records are requested', async () => {
		const records = await client().getAll<{ id: number }>({ module: 'crm', path: 'customers', pageSize: 10, limit: 43 });
		expect(records).toHaveLength(43);
		expect(
			listRequests()
				.map((entry) => entry.query.page)
				.sort(),
		).toEqual(['1', '2', '3', '4', '5']);
		expect(mostInFlight()).toBeGreaterThan(1);
	});

	test('no more pages are in flight than the limiter starts in a short window, whatever the number of pages', async () => {
		await client().getAll({ module: 'crm', path: 'customers', pageSize: 1 });
		expect(listRequests().length).toBe(activeCustomers().length);
		expect(mostInFlight()).toBeLessThanOrEqual(8);
	});

	test("a failing page fails the whole read with ServiceTitan's error, and the pages after it are not handed back", async () => {
		sim.injectFault({
			path: '/customers',
			after: 3,
			type: 'status',
			status: 400,
			body: { type: 'https://tools.ietf.org/html/rfc7231#section-6.5.1', title: 'Page unavailable', status: 400, traceId: 'trace-page-4' },
		});
		const pages: number[][] = [];
		const error = await (async () => {
			for await (const page of client().paginate<{ id: number }>({ module: 'crm', path: 'customers', pageSize: 10 })) pages.push(page.map((record) => record.id));
		})().catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(ServiceTitanApiError);
		expect(error).toMatchObject({ status: 400, message: expect.stringContaining('Page unavailable') as string });
		expect(pages.length).toBeLessThan(4);
		// nothing is started after the failure beyond what was already in flight
		expect(listRequests().length).toBeLessThanOrEqual(4 + 8);
	});

	test('without a total in the first answer the pages are read one after another, as before', async () => {
		const records = await client().getAll<{ id: number }>({ module: 'crm', path: 'customers', pageSize: 50, query: { includeTotal: false } });
		expect(records).toHaveLength(activeCustomers().length);
		expect(listRequests().map((entry) => entry.query.includeTotal)).toEqual(listRequests().map(() => 'false'));
		expect(mostInFlight()).toBe(1);
	});
});
