/**
 * The limiters shared through a real Redis Cluster (three masters made by `redis-cli --cluster create`), as n8n's
 * queue mode reaches one with QUEUE_BULL_REDIS_CLUSTER_NODES: every Lua script of one limiter must land in one slot
 * (its keys share a hash tag), the report limiters' bottleneck datastore and its pub/sub must reach every process,
 * and the processes must still exit by themselves once their work is done.
 */
import { simulatorBurstAllowance, startSimulatorProcess, type SimulatorProcess } from '../harness/simulator-process';
import { describeNeeding } from '../harness/required';
import { describeWithRedis, findRedisCli, startRedisCluster, type TestRedisCluster } from '../harness/redis';
import { combinedRate, maxInAnyWindow } from '../harness/arrivals';
import { apiEntries, runFleet } from './fleet';
import type { ChildTask } from './child';

/** Like describeWithRedis, and redis-cli must be there too (Debian's redis-server brings it). */
function describeWithCluster(name: string, body: () => void): void {
	if (findRedisCli()) return describeWithRedis(name, body);
	describeNeeding(name, "redis-cli was not found on PATH (it comes with Debian's redis-server, or set REDIS_CLI)", body);
}

describeWithCluster('queue mode: the limiters shared through a Redis Cluster', () => {
	let sim: SimulatorProcess;
	let cluster: TestRedisCluster;

	beforeAll(async () => {
		cluster = await startRedisCluster(3);
		sim = await startSimulatorProcess({ latencyMs: 20, maxLogEntries: 20_000, reportRunsPerMinute: 30 });
	}, 60_000);
	afterAll(async () => {
		await sim?.close();
		await cluster?.stop();
	});

	const task = (label: string, requests: number): ChildTask => ({
		label,
		authUrl: sim.authUrl,
		apiBaseUrl: sim.apiBaseUrl,
		...sim.credentials,
		kind: 'create',
		requests,
	});

	it("2 processes on n8n's cluster settings, 600 writes for one tenant: one budget (no 429, ≤ 60 in any second, ≥ 54/s), keys in the cluster, no fallback", async () => {
		const run = await runFleet({
			tasks: [task('c0', 300), task('c1', 300)],
			env: { EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_CLUSTER_NODES: cluster.nodeList },
		});
		// No warning: neither process fell back to its local share (at 1/4 each, two would make ~28/s).
		expect(run.results.map((r) => [r.label, r.ok, r.failed, r.warnings])).toEqual([
			['c0', 300, 0, []],
			['c1', 300, 0, []],
		]);
		// Read before the log, whose trip over IPC holds the simulator up itself.
		const simulatorStalledMs = (await sim.stats()).maxEventLoopDelayMs;
		const writes = apiEntries(await sim.log(), '/customers');
		expect(new Set(writes.map((w) => (w.body as { name: string }).name)).size).toBe(600);
		const refused = writes.filter((w) => w.status === 429).length;
		// No 429 and at most 60 in a second, unless the simulator itself was held up long enough to make a burst.
		const allowed = simulatorBurstAllowance(simulatorStalledMs);
		expect({ requests: writes.length - refused, refused: Math.max(0, refused - allowed.refused), simulatorStalledMs }).toEqual({
			requests: 600,
			refused: 0,
			simulatorStalledMs,
		});
		expect(maxInAnyWindow(writes)).toBeLessThanOrEqual(60 + allowed.overSixty);
		expect(combinedRate(writes)).toBeGreaterThanOrEqual(54);
		// The booking and the window live in the cluster under n8n's prefix, one hash tag per limiter.
		const keys = cluster.keys('*servicetitan*');
		expect(keys.some((key) => /^bull:servicetitan:booking:\{[^}]+\}$/.test(key))).toBe(true);
		expect(keys.some((key) => /^bull:servicetitan:window:\{[^}]+\}$/.test(key))).toBe(true);
		const tags = new Set(keys.map((key) => /\{([^}]+)\}/.exec(key)?.[1]));
		expect(tags.size).toBe(1);
	}, 180_000);

	it('2 processes running one report twice each: one run at a time through bottleneck on the cluster, no 429, no fallback', async () => {
		const report = (label: string): ChildTask => ({ ...task(label, 2), kind: 'report', reportId: '61234567', reportRunsPerMinute: 30 });
		const run = await runFleet({
			tasks: [report('r0'), report('r1')],
			env: { EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_CLUSTER_NODES: cluster.nodeList },
		});
		expect(run.results.map((r) => [r.label, r.ok, r.failed, r.warnings])).toEqual([
			['r0', 2, 0, []],
			['r1', 2, 0, []],
		]);
		const runs = apiEntries(await sim.log(), '/reports/61234567/data');
		expect(runs.map((r) => r.status)).toEqual([200, 200, 200, 200]);
		// The report limiter's state is bottleneck's, in the cluster under n8n's prefix.
		expect(cluster.keys('*servicetitan*').some((key) => key.startsWith('b_bull:servicetitan:report:{'))).toBe(true);
	}, 180_000);
});
