import { startSimulator, type Simulator } from '../simulator';
import { LocalLimiterFactory } from '../../nodes/ServiceTitan/limits';
import {
	ServiceTitanApiError,
	ServiceTitanAuthError,
	ServiceTitanClient,
	ServiceTitanError,
	ServiceTitanNetworkError,
	TokenCache,
	closeSharedDispatcher,
	retryAfterSeconds,
	type ClientOptions,
	type ServiceTitanConnection,
} from '../../nodes/ServiceTitan/transport';

let sim: Simulator;

beforeAll(async () => {
	sim = await startSimulator({ size: 'small' });
});

afterAll(async () => {
	await sim.close();
	await closeSharedDispatcher();
});

beforeEach(() => {
	sim.clearLog();
	sim.clearFaults();
});

function connection(overrides: Partial<ServiceTitanConnection> = {}): ServiceTitanConnection {
	return {
		environment: 'custom',
		authUrl: sim.authUrl,
		apiBaseUrl: sim.apiBaseUrl,
		...sim.credentials,
		...overrides,
	};
}

/** A client with its own token cache and limiter, and retry waits recorded instead of slept. */
function client(overrides: Partial<ServiceTitanConnection> = {}, options: ClientOptions = {}) {
	const sleeps: number[] = [];
	const instance = new ServiceTitanClient(connection(overrides), {
		tokenCache: new TokenCache(),
		limiterFactory: new LocalLimiterFactory(),
		sleep: async (ms) => {
			sleeps.push(ms);
		},
		...options,
	});
	return { instance, sleeps };
}

const tokenRequests = () => sim.log.filter((entry) => entry.path.endsWith('/connect/token'));
const apiRequests = (fragment = '/tenant/') => sim.log.filter((entry) => entry.path.includes(fragment));

describe('requests', () => {
	it('sends Bearer token and ST-App-Key to {api}/{module}/v2/tenant/{tenant}/{path}', async () => {
		const { instance } = client();
		const page = await instance.request<{ data: unknown[] }>({ module: 'crm', method: 'GET', path: 'customers', query: { pageSize: 2 } });
		expect(page.data).toHaveLength(2);
		const [call] = apiRequests();
		expect(call.method).toBe('GET');
		expect(call.path).toBe(`/crm/v2/tenant/${sim.credentials.tenantId}/customers`);
		expect(call.query).toMatchObject({ pageSize: '2' });
		expect(call.headers['st-app-key']).toBe(sim.credentials.appKey);
		expect(call.headers.authorization).toMatch(/^Bearer /);
		expect(call.tokenValid).toBe(true);
	});

	it('uses the exact module prefixes (equipmentsystems, telecom v3)', () => {
		const { instance } = client();
		expect(instance.buildUrl('equipmentSystems', 'installed-equipment')).toBe(
			`${sim.apiBaseUrl}/equipmentsystems/v2/tenant/${sim.credentials.tenantId}/installed-equipment`,
		);
		expect(instance.buildUrl('telecomV3', 'calls')).toBe(`${sim.apiBaseUrl}/telecom/v3/tenant/${sim.credentials.tenantId}/calls`);
		expect(instance.buildUrl('taskManagement', 'tasks', { ids: [1, 2], active: 'Any' })).toBe(
			`${sim.apiBaseUrl}/taskmanagement/v2/tenant/${sim.credentials.tenantId}/tasks?ids=1%2C2&active=Any`,
		);
		expect(() => instance.buildUrl('crm', '../settings/v2/tenant/1/employees')).toThrow(ServiceTitanError);
	});

	it('sends JSON bodies and returns the created record', async () => {
		const { instance } = client();
		const created = await instance.request<{ id: number; name: string }>({
			module: 'crm',
			method: 'POST',
			path: 'customers',
			body: {
				name: 'Transport Test Co',
				type: 'Commercial',
				address: { street: '1 Main St', city: 'Austin', state: 'TX', zip: '78701', country: 'USA' },
				locations: [{ name: 'HQ', address: { street: '1 Main St', city: 'Austin', state: 'TX', zip: '78701', country: 'USA' } }],
			},
		});
		expect(created.name).toBe('Transport Test Co');
		const [call] = apiRequests('/customers');
		expect(call.headers['content-type']).toContain('application/json');
		expect(call.body).toMatchObject({ name: 'Transport Test Co' });
	});
});

describe('tokens', () => {
	it('caches the token across requests', async () => {
		const { instance } = client();
		await instance.request({ module: 'crm', method: 'GET', path: 'customers' });
		await instance.request({ module: 'crm', method: 'GET', path: 'locations' });
		await instance.request({ module: 'jpm', method: 'GET', path: 'jobs' });
		expect(tokenRequests()).toHaveLength(1);
		const body = tokenRequests()[0].body as Record<string, string>;
		expect(body.grant_type).toBe('client_credentials');
		expect(body.client_id).toBe(sim.credentials.clientId);
	});

	it('shares one in-flight token fetch between concurrent callers', async () => {
		const { instance } = client();
		await Promise.all(Array.from({ length: 20 }, () => instance.request({ module: 'crm', method: 'GET', path: 'customers' })));
		expect(tokenRequests()).toHaveLength(1);
		expect(apiRequests('/customers')).toHaveLength(20);
	});

	it('refreshes once and retries when the API answers 401', async () => {
		const { instance } = client();
		await instance.request({ module: 'crm', method: 'GET', path: 'customers' });
		sim.revokeTokens();
		sim.clearLog();
		await instance.request({ module: 'crm', method: 'GET', path: 'customers' });
		expect(sim.log.map((e) => (e.path.endsWith('/connect/token') ? 'token' : e.status))).toEqual([401, 'token', 200]);
	});

	it('says the client ID/secret were rejected, without echoing the secret', async () => {
		const secret = 'wrong-secret-value-1234';
		const { instance } = client({ clientSecret: secret });
		const error = await instance.request({ module: 'crm', method: 'GET', path: 'customers' }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ServiceTitanAuthError);
		expect((error as Error).message).toMatch(/Client ID or Client Secret/);
		expect(JSON.stringify(error)).not.toContain(secret);
		expect(String((error as Error).stack)).not.toContain(secret);
		expect(apiRequests()).toHaveLength(0);
	});
});

describe('retries', () => {
	it('waits Retry-After on 429 and repeats the request, even a POST', async () => {
		sim.injectFault({ method: 'POST', path: '/customers/', type: 'status', status: 429, retryAfter: '2' });
		const { instance, sleeps } = client();
		const customer = (await instance.request<{ data: Array<{ id: number }> }>({ module: 'crm', method: 'GET', path: 'customers' })).data[0];
		sim.clearLog();
		await instance.request({ module: 'crm', method: 'POST', path: `customers/${customer.id}/notes`, body: { text: 'Called back' } });
		expect(sleeps).toEqual([2000]);
		expect(apiRequests('/notes').map((e) => e.status)).toEqual([429, 200]);
	});

	it('reads Retry-After as seconds, as an HTTP date, or from the error title', () => {
		const now = Date.parse('2026-11-23T10:00:00Z');
		expect(retryAfterSeconds('3', undefined, now)).toBe(3);
		expect(retryAfterSeconds('Mon, 23 Nov 2026 10:00:05 GMT', undefined, now)).toBe(5);
		expect(retryAfterSeconds(undefined, 'Too many requests. Try again in 7 seconds.', now)).toBe(7);
		expect(retryAfterSeconds(undefined, 'Too many requests', now)).toBeUndefined();
	});

	it('backs off exponentially when 429 carries no hint', async () => {
		sim.injectFault({ method: 'GET', path: '/tenant/', type: 'status', status: 429, body: { title: 'Too many requests', status: 429 }, times: 3 });
		const { instance, sleeps } = client();
		await instance.request({ module: 'crm', method: 'GET', path: 'customers' });
		expect(sleeps).toHaveLength(3);
		expect(sleeps[1]).toBeGreaterThanOrEqual(sleeps[0] / 2);
		expect(sleeps[2]).toBeGreaterThanOrEqual(1000);
	});

	it.each([502, 503, 504])('retries GET after %i', async (status) => {
		sim.injectFault({ method: 'GET', path: '/customers', type: 'status', status, times: 2 });
		const { instance } = client();
		await instance.request({ module: 'crm', method: 'GET', path: 'customers' });
		expect(apiRequests('/customers').map((e) => e.status)).toEqual([status, status, 200]);
	});

	it('retries a GET answered 500 (three tries in all), but not a POST', async () => {
		sim.injectFault({ method: 'GET', path: '/customers', type: 'status', status: 500, times: 2 });
		const { instance } = client();
		await instance.request({ module: 'crm', method: 'GET', path: 'customers' });
		expect(apiRequests('/customers').map((e) => e.status)).toEqual([500, 500, 200]);

		sim.clearLog();
		sim.injectFault({ method: 'GET', path: '/customers', type: 'status', status: 500, times: 10 });
		const failed = (await instance.request({ module: 'crm', method: 'GET', path: 'customers' }).catch((e: unknown) => e)) as ServiceTitanApiError;
		expect(failed).toMatchObject({ status: 500, attempts: 3, mayHaveBeenApplied: false });
		expect(apiRequests('/customers')).toHaveLength(3);

		sim.clearLog();
		sim.injectFault({ method: 'POST', path: '/customers', type: 'status', status: 500 });
		const write = (await instance
			.request({ module: 'crm', method: 'POST', path: 'customers', body: { name: 'Once Only' } })
			.catch((e: unknown) => e)) as ServiceTitanApiError;
		expect(write).toMatchObject({ status: 500, attempts: 1, mayHaveBeenApplied: true });
		expect(apiRequests('/customers')).toHaveLength(1);
	});

	it('never re-sends a POST after a 503 and reports one attempt', async () => {
		sim.injectFault({ method: 'POST', path: '/customers', type: 'status', status: 503 });
		const { instance } = client();
		const error = (await instance
			.request({ module: 'crm', method: 'POST', path: 'customers', body: { name: 'Once Only' } })
			.catch((e: unknown) => e)) as ServiceTitanApiError;
		expect(error).toBeInstanceOf(ServiceTitanApiError);
		expect(error.status).toBe(503);
		expect(error.attempts).toBe(1);
		expect(apiRequests('/customers')).toHaveLength(1);
	});

	it('retries a GET after a connection reset but not a PATCH', async () => {
		sim.injectFault({ method: 'GET', path: '/jobs', type: 'reset' });
		const { instance } = client();
		const jobs = await instance.request<{ data: Array<{ id: number }> }>({ module: 'jpm', method: 'GET', path: 'jobs' });
		expect(jobs.data.length).toBeGreaterThan(0);

		sim.injectFault({ method: 'PATCH', path: '/jobs/', type: 'reset' });
		sim.clearLog();
		const error = (await instance
			.request({ module: 'jpm', method: 'PATCH', path: `jobs/${jobs.data[0].id}`, body: { summary: 'x' } })
			.catch((e: unknown) => e)) as ServiceTitanNetworkError;
		expect(error).toBeInstanceOf(ServiceTitanNetworkError);
		expect(error.kind).toBe('network');
		expect(error.describe()).toMatch(/1 attempt/);
		expect(apiRequests('/jobs/')).toHaveLength(1);
	});

	it('retries a malformed JSON answer to a GET', async () => {
		sim.injectFault({ method: 'GET', path: '/customers', type: 'malformedJson' });
		const { instance } = client();
		const page = await instance.request<{ data: unknown[] }>({ module: 'crm', method: 'GET', path: 'customers' });
		expect(Array.isArray(page.data)).toBe(true);
		expect(apiRequests('/customers')).toHaveLength(2);
	});

	it('gives up after the last attempt and says how many were made', async () => {
		sim.injectFault({ method: 'GET', path: '/customers', type: 'status', status: 503, times: 10 });
		const { instance } = client({}, { retry: { maxAttempts: 4 } });
		const error = (await instance.request({ module: 'crm', method: 'GET', path: 'customers' }).catch((e: unknown) => e)) as ServiceTitanApiError;
		expect(error.status).toBe(503);
		expect(error.attempts).toBe(4);
		expect(error.describe()).toMatch(/4 attempts/);
		expect(apiRequests('/customers')).toHaveLength(4);
	});

	it('a deadline: no retry wait that would end past it, and an error naming it', async () => {
		sim.injectFault({ method: 'GET', path: '/export/customers', type: 'status', status: 503, retryAfter: '5', times: 10 });
		const { instance, sleeps } = client();
		const deadline = Date.now() + 2000;
		const pages = instance.exportPages({ module: 'crm', path: 'export/customers', deadline });
		const error = (await pages.next().catch((e: unknown) => e)) as ServiceTitanNetworkError;
		expect(error).toBeInstanceOf(ServiceTitanNetworkError);
		expect(error.code).toBe('DEADLINE');
		expect(error.message).toContain(new Date(deadline).toISOString());
		expect(sleeps).toEqual([]);
		expect(apiRequests('/export/customers')).toHaveLength(1);
	});

	it('a deadline caps the attempt timeout to the time left', async () => {
		sim.injectFault({ method: 'GET', path: '/customers', type: 'timeout' });
		const { instance } = client();
		const started = Date.now();
		const error = (await instance
			.request({ module: 'crm', method: 'GET', path: 'customers', deadline: started + 300 })
			.catch((e: unknown) => e)) as ServiceTitanNetworkError;
		expect(error.kind).toBe('timeout');
		expect(error.code).toBe('DEADLINE');
		// Not retried: the deadline is spent.
		expect(apiRequests('/customers')).toHaveLength(1);
	});

	it('a deadline already past sends nothing', async () => {
		const { instance } = client();
		const error = (await instance
			.request({ module: 'crm', method: 'GET', path: 'customers', deadline: Date.now() - 1 })
			.catch((e: unknown) => e)) as ServiceTitanNetworkError;
		expect(error.code).toBe('DEADLINE');
		expect(apiRequests('/customers')).toHaveLength(0);
	});

	it('times out a request that never answers', async () => {
		sim.injectFault({ method: 'POST', path: '/customers', type: 'timeout' });
		const { instance } = client({}, { timeoutMs: 300 });
		const error = (await instance
			.request({ module: 'crm', method: 'POST', path: 'customers', body: { name: 'Slow' } })
			.catch((e: unknown) => e)) as ServiceTitanNetworkError;
		expect(error.kind).toBe('timeout');
		expect(apiRequests('/customers')).toHaveLength(1);
	});
});

describe('errors', () => {
	it('carries status, title, field errors and traceId, and no secret', async () => {
		const { instance } = client();
		const error = (await instance
			.request({ module: 'crm', method: 'POST', path: 'customers', body: { type: 'Residential' } })
			.catch((e: unknown) => e)) as ServiceTitanApiError;
		expect(error).toBeInstanceOf(ServiceTitanApiError);
		expect(error.status).toBe(400);
		expect(Object.keys(error.fieldErrors)).toEqual(expect.arrayContaining(['name']));
		expect(error.traceId).toBeTruthy();
		expect(error.message).toMatch(/^ServiceTitan 400: .+ \(name: .+\)$/);
		const serialised = `${error.message} ${JSON.stringify(error)} ${error.stack}`;
		expect(serialised).not.toContain(sim.credentials.clientSecret);
		expect(serialised).not.toContain(sim.credentials.appKey);
		expect(serialised).not.toMatch(/Bearer [A-Za-z0-9]/);
	});

	it('reports a 403 for a tenant the app is not connected to', async () => {
		const { instance } = client({ tenantId: '999' });
		const error = (await instance.request({ module: 'crm', method: 'GET', path: 'customers' }).catch((e: unknown) => e)) as ServiceTitanApiError;
		expect(error.status).toBe(403);
	});
});

describe('pagination and exports', () => {
	it('stops paging at the limit without fetching extra pages', async () => {
		const { instance } = client();
		const records = await instance.getAll({ module: 'crm', path: 'customers', limit: 7 });
		expect(records).toHaveLength(7);
		expect(apiRequests('/customers').map((e) => e.query)).toEqual([expect.objectContaining({ page: '1', pageSize: '7' })]);

		sim.clearLog();
		const paged = await instance.getAll({ module: 'crm', path: 'customers', limit: 12, pageSize: 5 });
		expect(paged).toHaveLength(12);
		expect(apiRequests('/customers').map((e) => e.query.page)).toEqual(['1', '2', '3']);
	});

	it('returns every record over several pages', async () => {
		const { instance } = client();
		const total = sim.store.list('customers').filter((c) => (c as { active?: boolean }).active !== false).length;
		const records = await instance.getAll<{ id: number }>({ module: 'crm', path: 'customers', pageSize: 4 });
		expect(records).toHaveLength(total);
		expect(new Set(records.map((r) => r.id)).size).toBe(total);
		expect(apiRequests('/customers').length).toBe(Math.ceil(total / 4) + (total % 4 === 0 ? 1 : 0));
	});

	it('iterates an export feed page by page and resumes from a checkpoint', async () => {
		const { instance } = client();
		const all: Array<{ id: number }> = [];
		const checkpoints: string[] = [];
		for await (const page of instance.exportPages<{ id: number }>({ module: 'crm', path: 'export/customers', includeRecentChanges: true })) {
			all.push(...page.data);
			checkpoints.push(page.continueFrom);
		}
		expect(all.length).toBeGreaterThan(0);
		expect(new Set(checkpoints).size).toBe(checkpoints.length);
		const calls = apiRequests('/export/customers');
		expect(calls[0].query.from).toBeUndefined();
		expect(calls[0].query.includeRecentChanges).toBe('true');
		if (calls.length > 1) expect(calls[1].query.from).toBe(checkpoints[0]);

		// Resume after the first page: the rest arrives, nothing from page one.
		const rest: Array<{ id: number }> = [];
		for await (const page of instance.exportPages<{ id: number }>({ module: 'crm', path: 'export/customers', from: checkpoints[0], includeRecentChanges: true })) {
			rest.push(...page.data);
		}
		const firstPageSize = all.length - rest.length;
		expect(rest.map((r) => r.id)).toEqual(all.slice(firstPageSize).map((r) => r.id));
	});
});

describe('rate limit', () => {
	it('keeps 300 simultaneous calls under 60 in any second, without a 429', async () => {
		const { instance } = client({}, { limiterFactory: new LocalLimiterFactory(), sleep: undefined });
		const before = sim.stats();
		await Promise.all(
			Array.from({ length: 300 }, (_, i) => instance.request({ module: 'crm', method: 'GET', path: 'customers', query: { pageSize: 1, page: (i % 3) + 1 } })),
		);
		const after = sim.stats();
		expect(after.rateLimited - before.rateLimited).toBe(0);
		expect(after.maxInAnySecond).toBeLessThanOrEqual(60);
		expect(apiRequests('/customers')).toHaveLength(300);
	});
});

describe('report runs', () => {
	const reportPath = 'report-category/operations/reports/61234567/data';
	const parameters = [
		{ name: 'From', value: '2020-01-01' },
		{ name: 'To', value: '2030-12-31' },
	];

	it('pages a POST like a list, sending the report parameters with every page', async () => {
		const { instance } = client();
		const rows = await instance.getAll<unknown[]>({
			module: 'reporting',
			path: reportPath,
			method: 'POST',
			body: { parameters },
			reportId: 'operations/61234567',
			pageSize: 2,
		});
		const calls = apiRequests('/data');
		expect(calls.length).toBeGreaterThan(1);
		expect(calls.map((c) => c.method)).toEqual(calls.map(() => 'POST'));
		expect(calls.map((c) => c.query.page)).toEqual(calls.map((_, i) => String(i + 1)));
		expect(calls.every((c) => JSON.stringify(c.body) === JSON.stringify({ parameters }))).toBe(true);
		expect(rows.length).toBeGreaterThan(2);
	});

	it('passes report runs through their own per-report limiter as well as the tenant limiter', async () => {
		const requested: Array<{ key: string; minTimeMs: number }> = [];
		const local = new LocalLimiterFactory();
		const spy = {
			get: (key: string, settings: Parameters<LocalLimiterFactory['get']>[1]) => {
				requested.push({ key, minTimeMs: settings.minTimeMs });
				return local.get(key, settings);
			},
		};
		const { instance } = client({ reportRunsPerMinute: 5 }, { limiterFactory: spy });
		await instance.request({ module: 'reporting', method: 'POST', path: reportPath, body: { parameters }, reportId: 'operations/61234567' });
		await instance.request({ module: 'crm', method: 'GET', path: 'customers' });
		expect(requested.filter((r) => r.key.startsWith('st-report:'))).toEqual([{ key: expect.stringContaining(':operations/61234567'), minTimeMs: 12_240 }]);
		// Looked up once per client, not per request.
		expect(requested.filter((r) => r.key.startsWith('st-api:'))).toHaveLength(1);
		expect(requested.map((r) => r.key).join(' ')).not.toContain(sim.credentials.appKey);
	});
});
