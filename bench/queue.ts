/**
 * Scenario 6: queue mode. 1, 2 and 4 separate Node processes (test/queue/child.ts, the process-wide
 * limiter chosen from the environment as in an n8n worker) write 600 customers for one tenant between
 * them, once with the limiters shared through a real redis-server and once with each process's local
 * limiter, against one simulator (100 ms latency, 60 per sliding second, 429 over it).
 */
import { loadavg } from 'node:os';

import { startRedis } from '../test/harness/redis';
import { combinedRate, maxInAnyWindow } from '../test/harness/arrivals';
import { apiEntries, runFleet } from '../test/queue/fleet';
import { startSimulator } from '../test/simulator';
import { fmt, int, log } from './lib';

export const QUEUE_REQUESTS = 600;
const PROCESS_COUNTS = [1, 2, 4];

export interface QueueRow {
	processes: number;
	limiter: 'redis' | 'local';
	requests: number;
	/** Accepted writes per second, first to last accepted arrival at the simulator. */
	perSecond: number;
	/** Most arrivals (429s included) at the simulator in any sliding second. */
	maxInAnySecond: number;
	rateLimited: number;
	failed: number;
	/** Client CPU (all processes, user + system) per accepted write. */
	cpuUsPerRequest: number;
	wallMs: number;
	/** The machine's 1-minute load average when the run started: other work on the host bunches arrivals. */
	load: number;
}

export async function runQueueMode(): Promise<QueueRow[]> {
	const redis = await startRedis();
	const sim = await startSimulator({ latencyMs: 100, maxLogEntries: 100_000 });
	const rows: QueueRow[] = [];
	try {
		for (const processes of PROCESS_COUNTS) {
			for (const limiter of ['redis', 'local'] as const) {
				sim.clearLog();
				const load = loadavg()[0];
				const each = QUEUE_REQUESTS / processes;
				const run = await runFleet({
					tasks: Array.from({ length: processes }, (_, p) => ({
						label: `${limiter}${processes}-p${p}`,
						authUrl: sim.authUrl,
						apiBaseUrl: sim.apiBaseUrl,
						...sim.credentials,
						kind: 'create' as const,
						requests: each,
					})),
					env: limiter === 'redis' ? { SERVICETITAN_REDIS_URL: redis.url } : { SERVICETITAN_REDIS: 'off' },
					timeoutMs: 180_000,
				});
				const writes = apiEntries(sim.log, '/customers');
				const accepted = writes.filter((w) => w.status >= 200 && w.status < 300);
				const row: QueueRow = {
					processes,
					limiter,
					requests: QUEUE_REQUESTS,
					perSecond: combinedRate(accepted),
					maxInAnySecond: maxInAnyWindow(writes),
					rateLimited: writes.filter((w) => w.status === 429).length,
					failed: run.results.reduce((sum, r) => sum + r.failed, 0),
					cpuUsPerRequest: (run.results.reduce((sum, r) => sum + r.cpuMs, 0) * 1000) / Math.max(1, accepted.length),
					wallMs: run.ms,
					load,
				};
				log(`queue mode ${processes} × ${limiter}: ${fmt(row.perSecond)} req/s, max ${row.maxInAnySecond}/s, ${row.rateLimited} × 429, ${fmt(row.cpuUsPerRequest, 0)} µs CPU/request`);
				rows.push(row);
			}
		}
		return rows;
	} finally {
		await sim.close();
		await redis.stop();
	}
}

export function renderQueueMode(rows: QueueRow[], note?: string): string[] {
	const lines: string[] = [];
	const p = (line = '') => lines.push(line);
	p('## 6. Queue mode: one budget across processes');
	p();
	if (note) {
		p(note);
		p();
	}
	p(`${int(QUEUE_REQUESTS)} Create Customer writes for one tenant, split evenly over 1, 2 and 4 separate Node processes started together`);
	p('(each the transport as an n8n worker runs it, its limiter factory chosen from the environment), against one simulator');
	p('(100 ms latency, 60 per sliding second, 429 over it). "Redis": `SERVICETITAN_REDIS_URL` to a local redis-server 7.0; "local":');
	p('`SERVICETITAN_REDIS=off`, each process with its own 60/s. Rate = accepted writes per second from the first to the last accepted');
	p('arrival; max = most arrivals (429s included) in any sliding second at the simulator; CPU = `process.cpuUsage()` of all processes');
	p('during the burst ÷ accepted writes; host load = the 1-minute load average when the run started (the simulator stamps arrivals');
	p('on its own event loop, so a loaded host bunches them: compare the local single process, which nothing else shares).');
	p();
	p('| Processes | Limiter | Combined req/s | Max in any second | 429s | Failed | CPU per request | Wall time | Host load |');
	p('|---|---|---|---|---|---|---|---|---|');
	for (const r of rows) {
		p(`| ${r.processes} | ${r.limiter === 'redis' ? 'Redis-shared' : 'local (per process)'} | ${fmt(r.perSecond, 1)} | ${r.maxInAnySecond} | ${int(r.rateLimited)} | ${r.failed} | ${fmt(r.cpuUsPerRequest / 1000, 2)} ms | ${fmt(r.wallMs / 1000, 1)} s | ${fmt(r.load ?? Number.NaN, 1)} |`);
	}
	p();
	p('With Redis the processes share bottleneck\'s spacing and concurrency, a booking of each start 18.1 ms apart on Redis\'s clock');
	p("(≈ 55/s, one Lua script) and a sliding-second cap (another); each job costs three bottleneck scripts, the two scripts and pub/sub");
	p('messages delivered to every process, hence the higher CPU per request. With local limiters every process spends its own 60/s,');
	p('so the tenant sees N × 57/s attempts and ServiceTitan answers the excess with 429.');
	p();
	return lines;
}
