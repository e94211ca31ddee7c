/**
 * Separate Node processes sharing one tenant's 60/s through a real redis-server, measured at the
 * simulator: what ServiceTitan would see from n8n's main and workers in queue mode.
 */
import type { RequestLogEntry } from '../simulator';
import { simulatorBurstAllowance, startSimulatorProcess, type SimulatorProcess } from '../harness/simulator-process';
import { describeWithRedis, startRedis, type TestRedis } from '../harness/redis';
import { combinedRate, maxInAnyWindow, tightestSpanOf61 } from '../harness/arrivals';
import { apiEntries, runFleet } from './fleet';
import type { ChildTask } from './child';

describeWithRedis('queue mode: one budget shared through Redis by separate processes', () => {
	let sim: SimulatorProcess;
	let redis: TestRedis;

	beforeAll(async () => {
		redis = await startRedis();
		sim = await startSimulatorProcess({ latencyMs: 20, maxLogEntries: 200_000, tenants: [{ tenantId: '2002' }] });
	});
	afterAll(async () => {
		await sim?.close();
		await redis?.stop();
	});
	beforeEach(() => sim.clearLog());

	/**
	 * How the writes broke ServiceTitan's budget: none sent twice or lost (`expected` requests, all accepted), no 429,
	 * never more than 60 in a second. Each problem names the figures and the simulator's longest stall, the first
	 * thing to look at when a 429 shows up (a stalled simulator stamps the arrivals of its stall together).
	 */
	const budgetProblems = (writes: RequestLogEntry[], expected: number, simulatorStalledMs: number): string[] => {
		const figures = {
			requests: writes.length,
			refused: writes.filter((w) => w.status === 429).length,
			maxInAnySecond: maxInAnyWindow(writes),
			tightestSpanOf61Ms: Math.round(tightestSpanOf61(writes)),
			rate: Math.round(combinedRate(writes) * 10) / 10,
			simulatorStalledMs,
		};
		process.stderr.write(`[shared-budget] ${JSON.stringify(figures)}\n`);
		const allowed = simulatorBurstAllowance(figures.simulatorStalledMs);
		const problems = [
			figures.requests !== expected + figures.refused && `${figures.requests} requests where ${expected} were sent`,
			figures.refused > allowed.refused && `${figures.refused} × 429`,
			figures.maxInAnySecond > 60 + allowed.overSixty && `${figures.maxInAnySecond} in one second`,
		].filter((problem): problem is string => !!problem);
		return problems.map((problem) => `${problem} ${JSON.stringify(figures)}`);
	};

	/** The simulator's longest stall since the log was cleared; read before the log, whose trip over IPC holds it up itself. */
	const simulatorStall = async (): Promise<number> => (await sim.stats()).maxEventLoopDelayMs;

	const task = (label: string, requests: number, tenantId = sim.credentials.tenantId): ChildTask => ({
		label,
		authUrl: sim.authUrl,
		apiBaseUrl: sim.apiBaseUrl,
		...sim.credentials,
		...(tenantId === sim.credentials.tenantId ? {} : { tenantId, clientId: `sim-client-id-${tenantId}`, clientSecret: `sim-client-secret-${tenantId}` }),
		kind: 'create',
		requests,
	});

	it('4 processes, 1,200 writes for one tenant: never more than 60 in any second, no 429, at least 54/s combined', async () => {
		const run = await runFleet({
			tasks: [0, 1, 2, 3].map((p) => task(`p${p}`, 300)),
			env: { SERVICETITAN_REDIS_URL: redis.url },
		});
		const stalledMs = await simulatorStall();
		const writes = apiEntries(await sim.log(), '/customers');
		expect(run.results.map((r) => [r.ok, r.failed, r.warnings])).toEqual([0, 1, 2, 3].map(() => [300, 0, []]));
		const accepted = writes.filter((w) => w.status === 200);
		expect(new Set(accepted.map((w) => (w.body as { name: string }).name)).size).toBe(1200);
		expect(budgetProblems(writes, 1200, stalledMs)).toEqual([]);
		expect(combinedRate(accepted)).toBeGreaterThanOrEqual(54);
	}, 180_000);

	it('two tenants at once: each gets its own 60/s, both shared across the processes', async () => {
		const second = '2002';
		const run = await runFleet({
			tasks: [task('a0', 150), task('a1', 150), task('b0', 150, second), task('b1', 150, second)],
			env: { SERVICETITAN_REDIS_URL: redis.url },
		});
		expect(run.results.map((r) => [r.label, r.ok, r.failed])).toEqual([
			['a0', 150, 0],
			['a1', 150, 0],
			['b0', 150, 0],
			['b1', 150, 0],
		]);
		const stalledMs = await simulatorStall();
		const log = await sim.log();
		const first = apiEntries(log, `/tenant/${sim.credentials.tenantId}/customers`);
		const other = apiEntries(log, `/tenant/${second}/customers`);
		for (const writes of [first, other]) {
			// Every write landed once, none refused: two limiters at 55/s unshared would draw hundreds of 429s.
			expect(new Set(writes.map((w) => (w.body as { name: string }).name)).size).toBe(300);
			expect(budgetProblems(writes, 300, stalledMs)).toEqual([]);
			// Its own budget, not half of one.
			expect(combinedRate(writes)).toBeGreaterThanOrEqual(54);
		}
	}, 180_000);
});
