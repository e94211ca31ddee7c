/**
 * The per-report limiter shared through Redis: runs of one report from separate processes keep the
 * credential's runs-per-minute between them, as ServiceTitan counts them (per tenant and report).
 */
import { startSimulator, type Simulator } from '../simulator';
import { describeWithRedis, startRedis, type TestRedis } from '../harness/redis';
import { apiEntries, runFleet } from './fleet';

describeWithRedis('queue mode: the per-report limit across processes', () => {
	let sim: Simulator;
	let redis: TestRedis;

	beforeAll(async () => {
		redis = await startRedis();
		sim = await startSimulator({ latencyMs: 20, reportRunsPerMinute: 30 });
	});
	afterAll(async () => {
		await sim?.close();
		await redis?.stop();
	});

	it('4 processes running one report twice each: one run at a time, 2 s apart (30 runs a minute), no 429', async () => {
		const run = await runFleet({
			tasks: [0, 1, 2, 3].map((p) => ({
				label: `p${p}`,
				authUrl: sim.authUrl,
				apiBaseUrl: sim.apiBaseUrl,
				...sim.credentials,
				kind: 'report' as const,
				requests: 2,
				reportId: '61234567',
				reportRunsPerMinute: 30,
			})),
			env: { SERVICETITAN_REDIS_URL: redis.url },
		});
		expect(run.results.map((r) => [r.ok, r.failed])).toEqual([0, 1, 2, 3].map(() => [2, 0]));
		const runs = apiEntries(sim.log, '/reports/61234567/data');
		expect(runs).toHaveLength(8);
		expect(runs.filter((r) => r.status === 429)).toHaveLength(0);
		const times = runs.map((r) => r.time).sort((a, b) => a - b);
		const gaps = times.slice(1).map((t, i) => t - times[i]);
		// 2,000 ms between starts; arrivals may bunch by a busy host's scheduling, never to two at once.
		expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1_600);
	}, 180_000);
});
