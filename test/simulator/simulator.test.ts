import { performance } from 'node:perf_hooks';
import { loadCatalog, operationUrlPath, routeFor, startSimulator, type Simulator, type SimulatorOptions } from './index';
import { Router } from './routes';
import { SEEDED_COLLECTIONS } from './seed';

interface Reply {
	status: number;
	headers: Headers;
	body: any;
}

/** A minimal ServiceTitan client on global fetch: one token per simulator, JSON in and out. */
function connect(sim: Simulator) {
	let token: string | undefined;
	const tenant = sim.credentials.tenantId;
	async function getToken(): Promise<string> {
		token ??= ((await tokenRequest(sim, sim.credentials.clientId, sim.credentials.clientSecret)).body as { access_token: string }).access_token;
		return token;
	}
	async function call(
		method: string,
		path: string,
		options: { query?: Record<string, string | number | boolean>; body?: unknown; headers?: Record<string, string>; module?: string; tenantId?: string } = {},
	): Promise<Reply> {
		const query = new URLSearchParams(Object.entries(options.query ?? {}).map(([k, v]): [string, string] => [k, String(v)]));
		const url = `${sim.apiBaseUrl}/${options.module ?? 'crm/v2'}/tenant/${options.tenantId ?? tenant}/${path}${query.size ? `?${query}` : ''}`;
		const headers: Record<string, string> = { authorization: `Bearer ${await getToken()}`, 'st-app-key': sim.credentials.appKey, ...options.headers };
		if (options.body !== undefined) headers['content-type'] = 'application/json';
		const response = await fetch(url, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
		const text = await response.text();
		return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
	}
	return { call, getToken, tenant };
}

async function tokenRequest(sim: Simulator, clientId: string, clientSecret: string, grantType = 'client_credentials'): Promise<Reply> {
	const response = await fetch(`${sim.authUrl}/connect/token`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ grant_type: grantType, client_id: clientId, client_secret: clientSecret }),
	});
	return { status: response.status, headers: response.headers, body: await response.json() };
}

const expectProblem = (reply: Reply, status: number): void => {
	expect(reply.status).toBe(status);
	expect(reply.body).toEqual(
		expect.objectContaining({ type: expect.any(String), title: expect.any(String), status, traceId: expect.any(String), errors: expect.any(Object) }),
	);
};

async function withSimulator<T>(options: SimulatorOptions, run: (sim: Simulator, api: ReturnType<typeof connect>) => Promise<T>): Promise<T> {
	const sim = await startSimulator({ ...options });
	try {
		return await run(sim, connect(sim));
	} finally {
		await sim.close();
	}
}

let sim: Simulator;
let api: ReturnType<typeof connect>;

beforeAll(async () => {
	sim = await startSimulator({ requestsPerSecond: false });
	api = connect(sim);
});

afterAll(async () => {
	await sim.close();
});

beforeEach(() => {
	sim.clearFaults();
});

describe('routes', () => {
	it.each([['committed catalog', () => loadCatalog().resources]])('every operation of the %s has exactly its own route', (_name, resources) => {
		const router = new Router(resources(), SEEDED_COLLECTIONS);
		for (const resource of resources()) {
			for (const operation of resource.operations) {
				const match = router.match(operation.method, operationUrlPath(resource.module, operation.path, '1000001'));
				expect(match && 'route' in match ? `${resource.module} ${match.route.operation.operationId}` : 'no route').toBe(`${resource.module} ${operation.operationId}`);
			}
		}
	});

	it('answers every operation of the committed catalog without a server error', () =>
		withSimulator({ catalog: loadCatalog().resources, requestsPerSecond: false }, async (local, client) => {
			const headers = { authorization: `Bearer ${await client.getToken()}`, 'st-app-key': local.credentials.appKey, 'content-type': 'application/json' };
			const failures: string[] = [];
			for (const resource of loadCatalog().resources) {
				for (const operation of resource.operations) {
					const required = operation.body?.fields.filter((field) => field.required) ?? [];
					const body =
						operation.body?.kind === 'array'
							? []
							: operation.body
								? Object.fromEntries(required.map((field) => [field.name, field.type === 'number' ? 1 : 'x']))
								: undefined;
					const url = local.apiBaseUrl + operationUrlPath(resource.module, operation.path, client.tenant);
					const response = await fetch(url, { method: operation.method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
					await response.arrayBuffer();
					if (response.status >= 500) failures.push(`${operation.method} ${operation.path} → ${response.status}`);
				}
			}
			expect(failures).toEqual([]);
		}));

	it('routeFor resolves paths of the committed catalog, preferring literal segments', () => {
		expect(routeFor('GET', '/crm/v2/tenant/1000001/customers/contacts')?.route.operation.path).toBe('customers/contacts');
		expect(routeFor('GET', '/crm/v2/tenant/1000001/customers/42')?.params).toEqual(expect.objectContaining({ tenant: '1000001', id: '42' }));
		expect(routeFor('PUT', '/jpm/v2/tenant/1000001/jobs/7/cancel')?.route.kind).toBe('action');
		expect(routeFor('GET', '/telecom/v3/tenant/1000001/calls')?.route.module).toBe('telecomV3');
		expect(routeFor('GET', '/crm/v2/tenant/1000001/nothing-here')).toBeUndefined();
	});
});

describe('tokens and request checks', () => {
	it('issues opaque bearer tokens for the configured client', async () => {
		const reply = await tokenRequest(sim, sim.credentials.clientId, sim.credentials.clientSecret);
		expect(reply.status).toBe(200);
		expect(reply.body).toEqual({ access_token: expect.any(String), expires_in: 900, token_type: 'Bearer', scope: expect.any(String) });
	});

	it('rejects a wrong client like IdentityServer and an unsupported grant', async () => {
		expect(await tokenRequest(sim, sim.credentials.clientId, 'nope')).toMatchObject({ status: 400, body: { error: 'invalid_client' } });
		expect(await tokenRequest(sim, 'someone-else', sim.credentials.clientSecret)).toMatchObject({ status: 400, body: { error: 'invalid_client' } });
		expect(await tokenRequest(sim, sim.credentials.clientId, sim.credentials.clientSecret, 'password')).toMatchObject({
			status: 400,
			body: { error: 'unsupported_grant_type' },
		});
	});

	it('answers 401 without, with an unknown, a revoked or an expired token; each error has a fresh traceId', async () => {
		const bare = await fetch(`${sim.apiBaseUrl}/crm/v2/tenant/${api.tenant}/customers`, { headers: { 'st-app-key': sim.credentials.appKey } });
		const missing: Reply = { status: bare.status, headers: bare.headers, body: await bare.json() };
		expectProblem(missing, 401);
		const unknown = await api.call('GET', 'customers', { headers: { authorization: 'Bearer not-a-token' } });
		expectProblem(unknown, 401);
		expect(unknown.body.traceId).not.toBe(missing.body.traceId);

		const local = connect(sim);
		expect((await local.call('GET', 'customers')).status).toBe(200);
		sim.revokeTokens();
		expectProblem(await local.call('GET', 'customers'), 401);
		expect(sim.log[sim.log.length - 1]).toMatchObject({ status: 401, tokenValid: false, headers: expect.objectContaining({ authorization: 'Bearer <redacted>' }) });

		const fresh = connect(sim);
		expect((await fresh.call('GET', 'customers')).status).toBe(200);
		sim.clock.advance(901_000);
		expectProblem(await fresh.call('GET', 'customers'), 401);
		api = connect(sim);
	});

	it('checks the app key (header or query) and the tenant', async () => {
		const wrongKey = await api.call('GET', 'customers', { headers: { 'st-app-key': 'other-app' } });
		expectProblem(wrongKey, 401);
		expect(wrongKey.body.title).toMatch(/app(lication)? key.*invalid/i);
		const byQuery = await api.call('GET', 'customers', { headers: { 'st-app-key': '' }, query: { servicetitanapplicationkey: sim.credentials.appKey } });
		expect(byQuery.status).toBe(200);
		const otherTenant = await api.call('GET', 'customers', { tenantId: '9999999' });
		expectProblem(otherTenant, 403);
		expect(otherTenant.body.title).toMatch(/9999999 is not connected to the application/);
	});

	it('logs requests with parsed query and body, redacting secrets', async () => {
		sim.clearLog();
		await api.call('POST', 'customers/1/notes', { body: { text: 'x' }, query: { a: 1 } });
		const entry = sim.log.find((e) => e.path.endsWith('/customers/1/notes'));
		expect(entry).toMatchObject({ method: 'POST', query: { a: '1' }, body: { text: 'x' }, status: 404, tokenValid: true });
		await tokenRequest(sim, sim.credentials.clientId, sim.credentials.clientSecret);
		expect(sim.log[sim.log.length - 1].body).toMatchObject({ client_id: sim.credentials.clientId, client_secret: '<redacted>' });
	});
});

describe('records', () => {
	it('validates required body fields, naming exactly the missing ones', async () => {
		const reply = await api.call('POST', 'jobs', { module: 'jpm/v2', body: { customerId: 1, summary: 'No cool' } });
		expectProblem(reply, 400);
		expect(Object.keys(reply.body.errors).sort()).toEqual(['appointments', 'businessUnitId', 'campaignId', 'jobTypeId', 'locationId', 'priority']);
		expect(reply.body.errors.priority).toEqual(['The priority field is required.']);
	});

	it('creates, reads, updates and 404s records; writes bump modifiedOn', async () => {
		const created = await api.call('POST', 'customers', {
			body: {
				name: 'Barton Creek Dental Group',
				type: 'Commercial',
				address: { street: '1 Main St', city: 'Austin', state: 'TX', zip: '78704' },
				locations: [{ name: 'Main Office', address: { street: '1 Main St' } }],
			},
		});
		expect(created.status).toBe(200);
		expect(created.body).toMatchObject({
			id: expect.any(Number),
			active: true,
			name: 'Barton Creek Dental Group',
			locations: [expect.objectContaining({ customerId: created.body.id })],
		});
		const id = created.body.id;
		expect((await api.call('GET', `customers/${id}`)).body.name).toBe('Barton Creek Dental Group');
		sim.clock.advance(5000);
		const updated = await api.call('PATCH', `customers/${id}`, { body: { name: 'Barton Creek Dental' } });
		expect(updated.body).toMatchObject({ id, name: 'Barton Creek Dental', createdOn: created.body.createdOn });
		expect(Date.parse(updated.body.modifiedOn)).toBeGreaterThan(Date.parse(created.body.modifiedOn));
		expectProblem(await api.call('GET', 'customers/1'), 404);
		expectProblem(await api.call('PATCH', 'customers/1', { body: { name: 'x' } }), 404);
	});

	it('keeps notes, contacts and tags under their customer', async () => {
		const customer = sim.store.list('customers')[0];
		const note = await api.call('POST', `customers/${customer.id}/notes`, { body: { text: 'Gate code 1234' } });
		expect(note.body).toMatchObject({ customerId: customer.id, text: 'Gate code 1234' });
		const notes = await api.call('GET', `customers/${customer.id}/notes`, { query: { pageSize: 500 } });
		expect(notes.body.data.map((n: { id: number }) => n.id)).toContain(note.body.id);
		expect(notes.body.data.every((n: { customerId: number }) => n.customerId === customer.id)).toBe(true);
		expectProblem(await api.call('POST', 'customers/1/contacts', { body: { type: 'Email', value: 'a@example.com' } }), 404);

		const tagType = sim.store.list('tag-types')[0];
		const tagged = await api.call('POST', `customers/${customer.id}/tags/${tagType.id}`);
		expect(tagged.body.tagTypeIds).toContain(tagType.id);
		// Removing a tag is answered with an empty 200, as documented; the customer no longer has it.
		const untagged = await api.call('DELETE', `customers/${customer.id}/tags/${tagType.id}`);
		expect([untagged.status, untagged.body]).toEqual([200, undefined]);
		expect(sim.store.get('crm:customers', customer.id)!.tagTypeIds).not.toContain(tagType.id);
	});

	it('applies job transitions and refuses impossible ones with 409', async () => {
		const job = sim.store.list('jobs').find((j) => j.jobStatus === 'Scheduled' || j.jobStatus === 'Dispatched')!;
		const reason = sim.store.list('job-cancel-reasons')[0];
		expectProblem(await api.call('PUT', `jobs/${job.id}/cancel`, { module: 'jpm/v2', body: { reasonId: reason.id } }), 400);
		// Transitions are answered with an empty 200, as documented; the job changes.
		const canceled = await api.call('PUT', `jobs/${job.id}/cancel`, { module: 'jpm/v2', body: { reasonId: reason.id, memo: 'Customer went elsewhere' } });
		expect([canceled.status, canceled.body]).toEqual([200, undefined]);
		expect(sim.store.get('jpm:jobs', job.id)!.jobStatus).toBe('Canceled');
		const complete = await api.call('PUT', `jobs/${job.id}/complete`, { module: 'jpm/v2', body: { completedOn: '2026-11-01T15:00:00Z' } });
		expectProblem(complete, 409);
		expect(complete.body.title).toMatch(/Job already completed or cancelled/);
		expect((await api.call('PUT', `jobs/${job.id}/remove-cancellation`, { module: 'jpm/v2' })).status).toBe(200);
		expect(sim.store.get('jpm:jobs', job.id)!.jobStatus).toBe('Scheduled');
		expectProblem(await api.call('PUT', 'jobs/1/hold', { module: 'jpm/v2', body: { reasonId: 1, memo: 'x' } }), 404);
	});

	it('creates a job with its appointments and technician assignments', async () => {
		const location = sim.store.list('locations')[0];
		const technician = sim.store.list('technicians')[0];
		const reply = await api.call('POST', 'jobs', {
			module: 'jpm/v2',
			body: {
				customerId: location.customerId,
				locationId: location.id,
				businessUnitId: sim.store.list('business-units')[0].id,
				jobTypeId: sim.store.list('job-types')[0].id,
				priority: 'Normal',
				campaignId: sim.store.list('campaigns')[0].id,
				appointments: [{ start: '2026-11-03T14:00:00Z', end: '2026-11-03T16:00:00Z', technicianIds: [technician.id] }],
			},
		});
		expect(reply.status).toBe(200);
		expect(reply.body).toMatchObject({ jobStatus: 'Scheduled', appointmentCount: 1, firstAppointmentId: expect.any(Number) });
		const assignments = sim.store.list('appointment-assignments').filter((a) => a.appointmentId === reply.body.firstAppointmentId);
		expect(assignments).toEqual([expect.objectContaining({ technicianId: technician.id, jobId: reply.body.id })]);
	});

	it('deletes records, which then 404 and show in the export as inactive', async () => {
		const service = sim.store.list('services')[0];
		expect((await api.call('DELETE', `services/${service.id}`, { module: 'pricebook/v2' })).status).toBe(200);
		expectProblem(await api.call('GET', `services/${service.id}`, { module: 'pricebook/v2' }), 404);
		const feed = await api.call('GET', 'export/services', { module: 'pricebook/v2', query: { includeRecentChanges: true } });
		expect(feed.body.data.find((s: { id: number }) => s.id === service.id)).toMatchObject({ active: false, deletedOn: expect.any(String) });
	});
});

describe('lists', () => {
	it('pages with page, pageSize, hasMore and totalCount only on request', async () => {
		const total = sim.store.list('locations').filter((l) => l.active !== false).length;
		const first = await api.call('GET', 'locations', { query: { page: 1, pageSize: 10 } });
		expect(first.body).toMatchObject({ page: 1, pageSize: 10, hasMore: true, totalCount: null });
		expect(first.body.data).toHaveLength(10);
		const last = await api.call('GET', 'locations', { query: { page: Math.ceil(total / 10), pageSize: 10, includeTotal: true } });
		expect(last.body).toMatchObject({ hasMore: false, totalCount: total });
		expect((await api.call('GET', 'locations')).body.pageSize).toBe(50);
		expectProblem(await api.call('GET', 'locations', { query: { pageSize: 5001 } }), 400);
		expectProblem(await api.call('GET', 'locations', { query: { page: 0 } }), 400);
	});

	it('filters by ids (max 50), active, name, exact fields, dates and sorts', async () => {
		const customers = sim.store.list('customers');
		const ids = customers.slice(0, 3).map((c) => c.id);
		expect((await api.call('GET', 'customers', { query: { ids: ids.join(','), active: 'Any' } })).body.data.map((c: { id: number }) => c.id)).toEqual(ids);
		const tooMany = await api.call('GET', 'customers', { query: { ids: Array.from({ length: 51 }, (_, i) => i + 1).join(',') } });
		expectProblem(tooMany, 400);
		expect(Object.keys(tooMany.body.errors)).toEqual(['ids']);

		const inactive = sim.store.deactivate('customers', customers[5].id)!;
		const listIds = async (query: Record<string, string>) =>
			(await api.call('GET', 'customers', { query: { pageSize: 5000, ...query } })).body.data.map((c: { id: number }) => c.id);
		expect(await listIds({})).not.toContain(inactive.id);
		expect(await listIds({ active: 'False' })).toContain(inactive.id);
		expect(await listIds({ active: 'Any' })).toHaveLength(customers.length);

		const word = String(customers[0].name).split(' ')[1].toLowerCase();
		const named = (await api.call('GET', 'customers', { query: { name: word, active: 'Any', pageSize: 5000 } })).body.data;
		expect(named.length).toBeGreaterThan(0);
		expect(named.every((c: { name: string }) => c.name.toLowerCase().includes(word))).toBe(true);

		const customerId = sim.store.list('locations')[0].customerId;
		const locations = (await api.call('GET', 'locations', { query: { customerId: String(customerId) } })).body.data;
		expect(locations.length).toBeGreaterThan(0);
		expect(locations.every((l: { customerId: number }) => l.customerId === customerId)).toBe(true);
		const completed = (await api.call('GET', 'jobs', { module: 'jpm/v2', query: { jobStatus: 'Completed', pageSize: 5000 } })).body.data;
		expect(completed.length).toBeGreaterThan(0);
		expect(completed.every((j: { jobStatus: string }) => j.jobStatus === 'Completed')).toBe(true);

		const sorted = (await api.call('GET', 'customers', { query: { sort: '-ModifiedOn', pageSize: 5000 } })).body.data.map((c: { modifiedOn: string }) => c.modifiedOn);
		expect(sorted).toEqual([...sorted].sort().reverse());
		const since = '2026-01-01T00:00:00Z';
		const recent = (await api.call('GET', 'customers', { query: { createdOnOrAfter: since, pageSize: 5000 } })).body.data;
		expect(recent.every((c: { createdOn: string }) => c.createdOn >= '2026-01-01')).toBe(true);
		expectProblem(await api.call('GET', 'customers', { query: { modifiedOnOrAfter: 'yesterday' } }), 400);
		expectProblem(await api.call('GET', 'customers', { query: { sort: '+Shoe' } }), 400);
	});
});

describe('export feeds', () => {
	const feed = (sim: Simulator, query: Record<string, string | boolean> = {}) => connect(sim).call('GET', 'export/customers', { query });

	it('walks the feed with continuation tokens, each record once, in modification order', () =>
		withSimulator({ size: { customers: 23 }, exportPageSize: 5 }, async (local) => {
			const seen: Array<{ id: number; modifiedOn: string }> = [];
			let from: string | undefined;
			let calls = 0;
			for (;;) {
				const reply = await feed(local, from ? { from } : {});
				calls++;
				seen.push(...reply.body.data);
				from = reply.body.continueFrom;
				if (!reply.body.hasMore) break;
			}
			expect(calls).toBe(5);
			expect(seen).toHaveLength(23);
			expect(new Set(seen.map((r) => r.id)).size).toBe(23);
			expect(seen.map((r) => r.modifiedOn)).toEqual([...seen.map((r) => r.modifiedOn)].sort());
			const again = await feed(local, { from: from! });
			expect(again.body).toMatchObject({ hasMore: false, data: [], continueFrom: from });
			expectProblem(await feed(local, { from: 'not-a-token!' }), 400);
			expectProblem(await feed(local, { from: Buffer.from('{"p":1}').toString('base64url') }), 400);
		}));

	it('starts from a date, and returns changed records once at their latest version, deletions included', () =>
		withSimulator({ size: { customers: 23 }, exportPageSize: 100 }, async (local) => {
			const start = (await feed(local)).body.continueFrom;
			const [a, b, c] = local.store.list('customers');
			local.store.update('customers', a.id, { name: 'First Edit' });
			local.store.update('customers', a.id, { name: 'Second Edit' });
			local.store.deactivate('customers', b.id);
			local.store.delete('customers', c.id);
			local.clock.advance(16 * 60_000);
			const changes = (await feed(local, { from: start })).body.data;
			expect(changes.map((r: { id: number }) => r.id)).toEqual([a.id, b.id, c.id]);
			expect(changes[0].name).toBe('Second Edit');
			expect(changes[1].active).toBe(false);
			expect(changes[2]).toMatchObject({ active: false, deletedOn: expect.any(String) });
			const byDate = (await feed(local, { from: '2026-11-01' })).body.data;
			expect(byDate.map((r: { id: number }) => r.id)).toEqual([a.id, b.id, c.id]);
			const log = local.store.changeLog('customers');
			expect(log.filter((e) => e.id === a.id && e.latest)).toHaveLength(1);
			expect(log[log.length - 1]).toMatchObject({ id: c.id, deleted: true, active: false, latest: true });
		}));

	it('holds back recent changes, or returns them again with includeRecentChanges until they age out', () =>
		withSimulator({ size: { customers: 10 } }, async (local) => {
			local.clock.freeze();
			const caughtUp = (await feed(local)).body.continueFrom;
			const created = local.store.create('customers', { name: 'Fresh Booking', type: 'Residential' });
			expect((await feed(local, { from: caughtUp })).body).toMatchObject({ hasMore: false, data: [], continueFrom: caughtUp });

			const early = await feed(local, { from: caughtUp, includeRecentChanges: true });
			expect(early.body.data.map((r: { id: number }) => r.id)).toEqual([created.id]);
			// The token does not move past a change still inside the window: the next poll repeats it.
			const repeat = await feed(local, { from: early.body.continueFrom, includeRecentChanges: true });
			expect(repeat.body.data.map((r: { id: number }) => r.id)).toEqual([created.id]);

			local.clock.advance(15 * 60_000 + 1);
			const settled = await feed(local, { from: repeat.body.continueFrom, includeRecentChanges: true });
			expect(settled.body.data.map((r: { id: number }) => r.id)).toEqual([created.id]);
			expect((await feed(local, { from: settled.body.continueFrom, includeRecentChanges: true })).body.data).toEqual([]);
		}));
});

describe('rate limits', () => {
	it('answers 429 with Retry-After beyond 60 requests in a second per (app key, tenant)', () =>
		withSimulator({}, async (local, client) => {
			await client.getToken();
			const replies = await Promise.all(Array.from({ length: 75 }, () => client.call('GET', 'business-units', { module: 'settings/v2' })));
			const limited = replies.filter((r) => r.status === 429);
			expect(replies.filter((r) => r.status === 200)).toHaveLength(60);
			expect(limited).toHaveLength(15);
			expectProblem(limited[0], 429);
			expect(limited[0].headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
			expect(limited[0].body.title).toMatch(/Try again in \d+ seconds\.$/);
			expect(local.stats()).toMatchObject({ rateLimited: 15, maxInAnySecond: 60 });
			await new Promise((resolve) => setTimeout(resolve, 1050));
			expect((await client.call('GET', 'business-units', { module: 'settings/v2' })).status).toBe(200);
		}));

	it('counts a request when it arrives, not when its simulated latency ends: a stalled simulator makes no burst of its own', () =>
		withSimulator({ latencyMs: 300, requestsPerSecond: 1 }, async (local, client) => {
			await client.getToken();
			const arrived = local.stats().requests;
			const sentAt = performance.now();
			const first = client.call('GET', 'business-units', { module: 'settings/v2' });
			// Until it has arrived (counted at the start of its handling); then it waits out its latency.
			while (local.stats().requests === arrived) await new Promise((resolve) => setTimeout(resolve, 2));
			// The simulator's loop is held up past the latency (as on a busy host): the first answer leaves at ~650 ms.
			while (performance.now() - sentAt < 650);
			expect((await first).status).toBe(200);
			await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1100 - (performance.now() - sentAt))));
			// 1.1 s after the first arrived: inside the 1/s budget. Counted at ~650 ms, it would be refused.
			expect((await client.call('GET', 'business-units', { module: 'settings/v2' })).status).toBe(200);
			expect(local.stats()).toMatchObject({ rateLimited: 0 });
			expect(local.stats().maxEventLoopDelayMs).toBeGreaterThanOrEqual(500);
		}));

	it('limits runs of the same report per minute of simulated time, with Retry-After until a slot frees', () =>
		withSimulator({ reportRunsPerMinute: 2, requestsPerSecond: false }, async (local, client) => {
			local.clock.freeze();
			const run = (reportId: number, category = 'operations') =>
				client.call('POST', `report-category/${category}/reports/${reportId}/data`, {
					module: 'reporting/v2',
					query: { pageSize: 3, includeTotal: true },
					body: {
						parameters: [
							{ name: 'From', value: '2023-01-01' },
							{ name: 'To', value: '2026-12-31' },
						],
					},
				});
			const first = await run(61234567);
			expect(first.status).toBe(200);
			expect(first.body).toMatchObject({
				page: 1,
				pageSize: 3,
				totalCount: expect.any(Number),
				fields: expect.arrayContaining([{ name: 'BusinessUnit', label: 'Business Unit' }]),
			});
			expect(first.body.data[0]).toEqual([expect.any(String), expect.any(Number), expect.any(Number), expect.any(Number)]);
			expect((await run(61234567)).status).toBe(200);
			local.clock.advance(20_000);
			const limited = await run(61234567);
			expectProblem(limited, 429);
			expect(limited.headers.get('retry-after')).toBe('40');
			expect((await run(61234568, 'accounting')).status).toBe(200);
			local.clock.advance(40_000);
			expect((await run(61234567)).status).toBe(200);

			const missing = await client.call('POST', 'report-category/operations/reports/61234567/data', { module: 'reporting/v2', body: { parameters: [] } });
			expectProblem(missing, 400);
			expect(Object.keys(missing.body.errors).sort()).toEqual(['From', 'To']);
			const description = await client.call('GET', 'report-category/operations/reports/61234567', { module: 'reporting/v2' });
			expect(description.body).toMatchObject({
				parameters: expect.arrayContaining([expect.objectContaining({ name: 'From', isRequired: true })]),
				fields: expect.any(Array),
			});
		}));
});

describe('asynchronous report runs', () => {
	const parameters = [
		{ name: 'From', value: '2023-01-01' },
		{ name: 'To', value: '2026-12-31' },
	];
	const start = (client: ReturnType<typeof connect>, suffix = 'data/query', query: Record<string, number> = { pageSize: 2 }) =>
		client.call('POST', `report-category/operations/reports/61234567/${suffix}`, { module: 'reporting/v2', query, body: { parameters } });
	const poll = (client: ReturnType<typeof connect>, token: string, query: Record<string, number> = { page: 1, pageSize: 2 }) =>
		client.call('GET', `data-queries/${token}`, { module: 'reporting/v2', query });

	it('data/query answers 202 with a token, polls answer 202 until ready, then pages of the result', () =>
		withSimulator({ reporting: { pendingPolls: 2 }, requestsPerSecond: false }, async (local, client) => {
			const started = await start(client);
			expect(started.status).toBe(202);
			const { token } = started.body as { token: string };
			expect(started.body).toEqual({ token: expect.any(String), status: 'Pending' });
			expect((await poll(client, token)).status).toBe(202);
			expect((await poll(client, token)).body).toEqual({ token, status: 'Running' });
			const first = await poll(client, token);
			expect(first.status).toBe(200);
			expect(first.body).toMatchObject({
				token,
				status: 'Completed',
				page: 1,
				pageSize: 2,
				hasMore: true,
				fields: expect.arrayContaining([{ name: 'Revenue', label: 'Revenue' }]),
			});
			expect(first.body.data).toHaveLength(2);
			const second = await poll(client, token, { page: 2, pageSize: 2 });
			expect(second.body.page).toBe(2);
			expect(second.body.data[0]).not.toEqual(first.body.data[0]);
			// Reading the result is not a run: only the start counts against the report's limit.
			expect(local.reporting.queries.get(token)).toMatchObject({ reportId: 61234567, status: 'Completed', polls: 2 });
		}));

	it('answers at once with the first page and the token when no poll is needed; DELETE cancels; a failed query says why', () =>
		withSimulator({ reporting: { pendingPolls: 0 }, requestsPerSecond: false }, async (local, client) => {
			const ready = await start(client);
			expect(ready.status).toBe(200);
			expect(ready.body).toMatchObject({ token: expect.any(String), status: 'Completed', page: 1, data: expect.any(Array) });

			local.reporting.pendingPolls = 3;
			const { token } = (await start(client)).body as { token: string };
			expect((await client.call('DELETE', `data-queries/${token}`, { module: 'reporting/v2' })).status).toBe(204);
			expect(local.reporting.queries.get(token)?.status).toBe('Canceled');
			expectProblem(await poll(client, token), 404);

			local.reporting.pendingPolls = 1;
			local.reporting.failures.push('The report timed out on the server.');
			const failing = (await start(client)).body as { token: string };
			expect((await poll(client, failing.token)).status).toBe(202);
			expect((await poll(client, failing.token)).body).toEqual({ token: failing.token, status: 'Failed', error: 'The report timed out on the server.' });
		}));

	it("in 'async' mode the data call itself answers 202 with a token; in 'retired' mode it is refused with 410", () =>
		withSimulator({ reporting: { mode: 'async', pendingPolls: 1 }, requestsPerSecond: false }, async (local, client) => {
			const started = await start(client, 'data');
			expect(started.status).toBe(202);
			expect((await poll(client, started.body.token)).status).toBe(202);
			expect((await poll(client, started.body.token)).body).toMatchObject({ status: 'Completed', data: expect.any(Array) });
			local.reporting.mode = 'retired';
			const refused = await start(client, 'data');
			expectProblem(refused, 410);
			expect(refused.body.title).toMatch(/retired/);
			expect((await start(client)).status).toBe(202);
		}));

	it('a data query start counts against the per-report limit like a synchronous run', () =>
		withSimulator({ reportRunsPerMinute: 1, reporting: { pendingPolls: 0 }, requestsPerSecond: false }, async (local, client) => {
			local.clock.freeze();
			expect((await start(client)).status).toBe(200);
			const limited = await start(client);
			expectProblem(limited, 429);
			expect(limited.headers.get('retry-after')).toBe('60');
			expectProblem(await start(client, 'data'), 429);
		}));
});

describe('faults', () => {
	it('answers an injected status with an RFC 7807 body, Retry-After on 429, in order and for `times` requests', async () => {
		sim.injectFault({ method: 'GET', path: '/locations', type: 'status', status: 503, times: 2 });
		sim.injectFault({ path: /\/locations$/, type: 'status', status: 429, retryAfter: '3' });
		expectProblem(await api.call('GET', 'locations'), 503);
		expectProblem(await api.call('GET', 'locations'), 503);
		const limited = await api.call('GET', 'locations');
		expectProblem(limited, 429);
		expect(limited.headers.get('retry-after')).toBe('3');
		expect((await api.call('GET', 'locations')).status).toBe(200);
	});

	it('lets `after` matching requests through first and matches the method', async () => {
		sim.injectFault({ method: 'POST', path: '/customers', type: 'status', status: 500 });
		sim.injectFault({ method: 'GET', path: '/customers', type: 'status', status: 502, after: 1, body: { title: 'Bad gateway', status: 502 } });
		expect((await api.call('GET', 'customers')).status).toBe(200);
		expect(await api.call('GET', 'customers')).toMatchObject({ status: 502, body: { title: 'Bad gateway' } });
		expect((await api.call('POST', 'customers', { body: {} })).status).toBe(500);
	});

	it('resets the connection', async () => {
		sim.injectFault({ path: '/campaigns', type: 'reset' });
		await expect(api.call('GET', 'campaigns', { module: 'marketing/v2' })).rejects.toThrow();
		expect((await api.call('GET', 'campaigns', { module: 'marketing/v2' })).status).toBe(200);
	});

	it('resets the connection before or after applying the request', async () => {
		const notes = () => sim.store.list('crm:customers/notes').length;
		const customerId = sim.store.list('crm:customers')[0].id;
		const before = notes();
		sim.injectFault({ method: 'POST', path: '/notes', type: 'reset' });
		await expect(api.call('POST', `customers/${customerId}/notes`, { body: { text: 'lost before' } })).rejects.toThrow();
		expect(notes()).toBe(before);
		sim.injectFault({ method: 'POST', path: '/notes', type: 'resetAfterApply' });
		await expect(api.call('POST', `customers/${customerId}/notes`, { body: { text: 'applied, reply lost' } })).rejects.toThrow();
		expect(notes()).toBe(before + 1);
	});

	it('trickles a slow body that still parses', async () => {
		sim.injectFault({ path: '/campaigns', type: 'slowBody', delayMs: 300 });
		const started = performance.now();
		const reply = await api.call('GET', 'campaigns', { module: 'marketing/v2' });
		expect(performance.now() - started).toBeGreaterThanOrEqual(250);
		expect(reply.body.data.length).toBeGreaterThan(0);
	});

	it('sends malformed JSON with status 200', async () => {
		sim.injectFault({ path: '/campaigns', type: 'malformedJson' });
		await expect(api.call('GET', 'campaigns', { module: 'marketing/v2' })).rejects.toThrow(SyntaxError);
	});

	it('never answers a timed-out request, and close() still returns', () =>
		withSimulator({}, async (local, client) => {
			await client.getToken();
			local.injectFault({ path: '/customers', type: 'timeout' });
			const url = `${local.apiBaseUrl}/crm/v2/tenant/${client.tenant}/customers`;
			await expect(fetch(url, { signal: AbortSignal.timeout(200) })).rejects.toThrow();
			expect(local.log.filter((e) => e.path.endsWith('/customers'))).toHaveLength(1);
			local.injectFault({ path: '/customers', type: 'timeout' });
			void fetch(url).catch(() => undefined);
			await new Promise((resolve) => setTimeout(resolve, 50));
		}));
});

describe('simulator options', () => {
	it('adds latency without serialising requests', () =>
		withSimulator({ latencyMs: 150 }, async (_local, client) => {
			await client.getToken();
			const started = performance.now();
			await Promise.all(Array.from({ length: 10 }, () => client.call('GET', 'tag-types', { module: 'settings/v2' })));
			const elapsed = performance.now() - started;
			expect(elapsed).toBeGreaterThanOrEqual(150);
			expect(elapsed).toBeLessThan(1000);
		}));

	it('seeds the same data for the same seed, and different data for another', async () => {
		const names = async (seed: number) =>
			withSimulator({ seed }, async (local) =>
				local.store
					.list('customers')
					.slice(0, 5)
					.map((c) => c.name),
			);
		expect(await names(7)).toEqual(await names(7));
		expect(await names(7)).not.toEqual(await names(8));
	});

	it('serves other connected tenants with their own credentials and data', () =>
		withSimulator({ tenants: [{ tenantId: '2000002' }] }, async (local, client) => {
			const token = (await tokenRequest(local, 'sim-client-id-2000002', 'sim-client-secret-2000002')).body.access_token;
			const url = `${local.apiBaseUrl}/crm/v2/tenant/2000002/customers`;
			const ok = await fetch(url, { headers: { authorization: `Bearer ${token}`, 'st-app-key': local.credentials.appKey } });
			expect(ok.status).toBe(200);
			// A token belongs to one tenant.
			expect((await client.call('GET', 'customers', { tenantId: '2000002' })).status).toBe(403);
			local.storeFor('2000002').create('customers', { name: 'Only In Tenant Two' });
			expect(local.store.list('customers').some((c) => c.name === 'Only In Tenant Two')).toBe(false);
		}));

	// How fast seeding is belongs to the benchmarks; this checks that a benchmark-sized tenant works.
	it('seeds and serves 200,000 customers', async () => {
		const big = await startSimulator({ size: { customers: 200_000 }, requestsPerSecond: false });
		try {
			expect(big.store.collection('customers').records.size).toBe(200_000);
			const client = connect(big);
			const last = await client.call('GET', 'customers', { query: { page: 40, pageSize: 5000, active: 'Any' } });
			expect(last.body).toMatchObject({ hasMore: false });
			expect(last.body.data).toHaveLength(5000);
		} finally {
			await big.close();
		}
	});
});

describe('finding records: external data, phone, address, contact methods, booking externalId', () => {
	const APP = '8f1c2d3e-4b5a-4c6d-9e8f-0a1b2c3d4e5f';
	const OTHER_APP = '11111111-2222-4333-8444-555555555555';
	const location = { name: 'Home', address: { street: '12  Elm Street', city: 'Austin', state: 'TX', zip: '78701', country: 'USA' } };
	const newCustomer = (name: string, extra: Record<string, unknown> = {}) => ({
		name,
		address: location.address,
		locations: [location],
		...extra,
	});

	it('stores external data per application GUID and filters lists by key and values under that GUID only', async () => {
		const created = await api.call('POST', 'customers', {
			body: newCustomer('Keyed Customer', { externalData: { applicationGuid: APP, externalData: [{ key: 'leadId', value: 'L-100' }] } }),
		});
		expect(created.status).toBe(200);
		expect(created.body.externalData).toEqual([{ key: 'leadId', value: 'L-100' }]);

		const byKey = await api.call('GET', 'customers', { query: { externalDataApplicationGuid: APP, externalDataKey: 'leadId', externalDataValues: 'L-100,L-999' } });
		expect(byKey.body.data.map((c: { id: number }) => c.id)).toEqual([created.body.id]);
		expect(byKey.body.data[0].externalData).toEqual([{ key: 'leadId', value: 'L-100' }]);
		// Another application neither finds it nor sees its pairs.
		const other = await api.call('GET', 'customers', { query: { externalDataApplicationGuid: OTHER_APP, externalDataKey: 'leadId', externalDataValues: 'L-100' } });
		expect(other.body.data).toEqual([]);
		const plain = await api.call('GET', `customers/${created.body.id}`);
		expect(plain.body.externalData).toBeNull();
		// A key without a GUID is refused, as ServiceTitan scopes external data by application.
		expectProblem(await api.call('GET', 'customers', { query: { externalDataKey: 'leadId' } }), 400);

		// Merge keeps the other keys; Replace (the default) drops them.
		await api.call('PATCH', `customers/${created.body.id}`, {
			body: { externalData: { applicationGuid: APP, patchMode: 'Merge', externalData: [{ key: 'crm', value: 'X' }] } },
		});
		const merged = await api.call('GET', 'customers', { query: { externalDataApplicationGuid: APP, externalDataKey: 'leadId', externalDataValues: 'L-100' } });
		expect(merged.body.data[0].externalData).toEqual([
			{ key: 'leadId', value: 'L-100' },
			{ key: 'crm', value: 'X' },
		]);
		await api.call('PATCH', `customers/${created.body.id}`, { body: { externalData: { applicationGuid: APP, externalData: [{ key: 'crm', value: 'Y' }] } } });
		expect((await api.call('GET', 'customers', { query: { externalDataApplicationGuid: APP, externalDataKey: 'leadId' } })).body.data).toEqual([]);
	});

	it('keys locations and pricebook services the same way (every list that documents the filter)', async () => {
		const customer = (await api.call('POST', 'customers', { body: newCustomer('Location Owner') })).body;
		const keyed = await api.call('POST', 'locations', {
			body: { customerId: customer.id, ...location, externalData: { applicationGuid: APP, externalData: [{ key: 'site', value: 'S-1' }] } },
		});
		const found = await api.call('GET', 'locations', { query: { externalDataApplicationGuid: APP, externalDataKey: 'site', externalDataValues: 'S-1' } });
		expect(found.body.data.map((l: { id: number }) => l.id)).toEqual([keyed.body.id]);
		const service = await api.call('POST', 'services', {
			module: 'pricebook/v2',
			body: { code: 'SVC-K1', displayName: 'Keyed', description: 'Keyed', externalData: { applicationGuid: APP, externalData: [{ key: 'sku', value: 'K1' }] } },
		});
		expect(service.status).toBe(200);
		const services = await api.call('GET', 'services', {
			module: 'pricebook/v2',
			query: { externalDataApplicationGuid: APP, externalDataKey: 'sku', externalDataValues: 'K1' },
		});
		expect(services.body.data.map((s: { id: number }) => s.id)).toEqual([service.body.id]);
	});

	it('finds customers by the digits of a contact phone, and by street and zip', async () => {
		const customer = (
			await api.call('POST', 'customers', {
				body: newCustomer('Phone Person', { contacts: [{ type: 'MobilePhone', value: '(512) 555-0142' }] }),
			})
		).body;
		for (const phone of ['5125550142', '+1 512-555-0142', '512.555.0142']) {
			const found = await api.call('GET', 'customers', { query: { phone } });
			expect(found.body.data.map((c: { id: number }) => c.id)).toEqual([customer.id]);
		}
		expect((await api.call('GET', 'customers', { query: { phone: '5125550143' } })).body.data).toEqual([]);
		const byAddress = await api.call('GET', 'customers', { query: { street: '12 elm street', zip: '78701', name: 'Phone Person' } });
		expect(byAddress.body.data.map((c: { id: number }) => c.id)).toEqual([customer.id]);
		expect((await api.call('GET', 'locations', { query: { street: '12 Elm Street', zip: '78702' } })).body.data).toEqual([]);
	});

	it('searches contact methods by type and value, and bookings by externalId', async () => {
		sim.store.create('crm:contacts/contact-methods', { contactId: 'c-1', referenceId: null, type: 'Email', value: 'pat@example.com', memo: null });
		const methods = await api.call('GET', 'contacts/contact-methods', { query: { type: 'Email', value: 'pat@example.com' } });
		expect(methods.body.data).toHaveLength(1);
		const provider = sim.store.list('crm:booking-providers')[0];
		const booking = await api.call('POST', `booking-provider/${provider.id}/bookings`, {
			body: { source: 'Website', name: 'Pat', summary: 'Leak', isFirstTimeClient: true, externalId: 'WEB-LEAD-77' },
		});
		expect(booking.status).toBe(200);
		const found = await api.call('GET', 'bookings', { query: { externalId: 'WEB-LEAD-77' } });
		expect(found.body.data.map((b: { id: number }) => b.id)).toEqual([booking.body.id]);
	});
});
