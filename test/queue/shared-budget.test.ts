/**
 * Separate Node processes sharing one tenant's 60/s through a real redis-server, measured at the
 * simulator: what ServiceTitan would see from n8n's main and workers in queue mode.
 */
import { startSimulator, type Simulator } from '../simulator';
import { describeWithRedis, startRedis, type TestRedis } from '../harness/redis';
import { apiEntries, combinedRate, maxInAnyWindow, runFleet } from './fleet';
import type { ChildTask } from './child';

describeWithRedis('queue mode: one budget shared through Redis by separate processes', () => {
	let sim: Simulator;
	let redis: TestRedis;

	beforeAll(async () => {
		redis = await startRedis();
		sim = await startSimulator({ latencyMs: 20, maxLogEntries: 200_000, tenants: [{ tenantId: '2002' }] });
	});
	afterAll(async () => {
		await sim?.close();
		await redis?.stop();
	});
	beforeEach(() => sim.clearLog());

	const task = (label: string, requests: number, tenantId = sim.credentials.tenantId): ChildTask => ({
		label,
		authUrl: sim.authUrl,
		apiBaseUrl: sim.apiBaseUrl,
		...sim.credentials,
		...(tenantId === sim.credentials.tenantId ? {} : { tenantId, clientId: `sim-client-id-${tenantId}`, clientSecret: `sim-client-secret-${tenantId}` }),
		kind: 'create',
		requests,
	});

	it('4 processes, 1,200 writes for one tenant: at most 60 accepted in any second, a 429 rare (≤ 3), at least 54/s combined', async () => {
		const run = await runFleet({
			tasks: [0, 1, 2, 3].map((p) => task(`p${p}`, 300)),
			env: { SERVICETITAN_REDIS_URL: redis.url },
		});
		const writes = apiEntries(sim.log, '/customers');
		expect(run.results.map((r) => [r.ok, r.failed, r.warnings])).toEqual([0, 1, 2, 3].map(() => [300, 0, []]));
		// Four processes, the simulator and Redis on 2 cores: now and then one request arrives late and bunched
		// (a CI run saw 1 × 429; six quiet runs none). Unshared limiters draw hundreds (BENCHMARKS.md, queue mode).
		const refused = writes.filter((w) => w.status === 429);
		expect(refused.length).toBeLessThanOrEqual(3);
		const accepted = writes.filter((w) => w.status === 200);
		expect(accepted).toHaveLength(1200);
		expect(new Set(accepted.map((w) => (w.body as { name: string }).name)).size).toBe(1200);
		// Arrivals in any second, refused ones included: 60 plus at most the few refused.
		expect(maxInAnyWindow(writes)).toBeLessThanOrEqual(60 + refused.length);
		expect(combinedRate(accepted)).toBeGreaterThanOrEqual(54);
	}, 180_000);

	it('two tenants at once: each gets its own 60/s, both shared across the processes', async () => {
		const second = '2002';
		const run = await runFleet({
			tasks: [task('a0', 150), task('a1', 150), task('b0', 150, second), task('b1', 150, second)],
			env: { SERVICETITAN_REDIS_URL: redis.url },
		});
		expect(run.results.map((r) => [r.label, r.ok, r.failed])).toEqual([['a0', 150, 0], ['a1', 150, 0], ['b0', 150, 0], ['b1', 150, 0]]);
		const first = apiEntries(sim.log, `/tenant/${sim.credentials.tenantId}/customers`);
		const other = apiEntries(sim.log, `/tenant/${second}/customers`);
		for (const writes of [first, other]) {
			// Every write landed once (a 429 is refused, so its retry is no duplicate).
			expect(new Set(writes.filter((w) => w.status === 200).map((w) => (w.body as { name: string }).name)).size).toBe(300);
			expect(writes.filter((w) => w.status === 200)).toHaveLength(300);
			// Shared by the tenant's two processes: unshared, two limiters at 55/s would draw hundreds of 429s.
			// 120 requests a second from four processes keep this 2-core host busy enough that a request now
			// and then arrives 70 ms late and bunched (seen: 1 in 300 in one run of five), so a few are allowed.
			expect(writes.filter((w) => w.status === 429).length).toBeLessThanOrEqual(3);
			// Its own budget, not half of one: well above 30/s each.
			expect(combinedRate(writes)).toBeGreaterThanOrEqual(50);
		}
	}, 180_000);
});
