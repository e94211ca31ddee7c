/**
 * Redis stopped in the middle of a queue-mode burst and started again (empty, as after a crash): the
 * separate processes fall back to their local share, come back to the shared limiter, and every write
 * reaches ServiceTitan exactly once; every process finishes and exits by itself.
 */
import { startSimulator, type Simulator } from '../simulator';
import { describeWithRedis, startRedis, type TestRedis } from '../harness/redis';
import { apiEntries, runFleet } from './fleet';

describeWithRedis('queue mode: Redis lost mid-run and back', () => {
	let sim: Simulator;
	let redis: TestRedis;

	beforeAll(async () => {
		redis = await startRedis();
		sim = await startSimulator({ latencyMs: 20, maxLogEntries: 200_000 });
	});
	afterAll(async () => {
		await sim?.close();
		await redis?.stop();
	});

	it('4 processes, 600 writes: all complete, none twice, none stuck; each process says so once each way', async () => {
		const writesSoFar = () => apiEntries(sim.log, '/customers').length;
		let atKill = 0;
		let atRestart = 0;
		const run = await runFleet({
			tasks: [0, 1, 2, 3].map((p) => ({ label: `p${p}`, authUrl: sim.authUrl, apiBaseUrl: sim.apiBaseUrl, ...sim.credentials, kind: 'create' as const, requests: 150 })),
			env: { SERVICETITAN_REDIS_URL: redis.url, SERVICETITAN_EXPECTED_PROCESSES: '4' },
			timeoutMs: 90_000,
			onGo: async () => {
				while (writesSoFar() < 100) await new Promise((resolve) => setTimeout(resolve, 20));
				atKill = writesSoFar();
				await redis.kill();
				await new Promise((resolve) => setTimeout(resolve, 3_000));
				atRestart = writesSoFar();
				await redis.restart();
			},
		});
		// The outage was in the middle: writes went on while Redis was away, and some were left for after.
		expect(atRestart).toBeGreaterThan(atKill);
		expect(atRestart).toBeLessThan(600);
		expect(run.results.map((r) => [r.ok, r.failed, r.errors])).toEqual([0, 1, 2, 3].map(() => [150, 0, []]));
		const applied = apiEntries(sim.log, '/customers').filter((w) => w.status >= 200 && w.status < 300);
		const names = applied.map((w) => (w.body as { name: string }).name);
		expect(names).toHaveLength(600);
		expect(new Set(names).size).toBe(600);
		for (const result of run.results) {
			expect(result.warnings).toEqual([expect.stringContaining('cannot be reached'), expect.stringContaining('answers again')]);
		}
	}, 180_000);
});
