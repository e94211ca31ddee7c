/**
 * The simulator in a Node process of its own, for the tests that count arrivals per second. In jest's process it
 * shares a heap and an event loop with jest: a CI run saw it held up 110 ms there, and a simulator held up that
 * long stamps the arrivals of those 110 ms together, a burst of its own making (61 in a second at 55/s). Alone, it
 * serves and counts and nothing else. `node -r ts-node/register/transpile-only test/harness/simulator-process.ts`
 * with SIMULATOR_OPTIONS (JSON) in its environment; it answers log, clearLog, stats, list, advanceClock and close over IPC.
 */
import { fork, spawnSync } from 'node:child_process';
import { setPriority } from 'node:os';

import type { RequestLogEntry, SimRecord, Simulator, SimulatorOptions, SimulatorStats } from '../simulator';

type Operation = 'log' | 'clearLog' | 'stats' | 'list' | 'advanceClock' | 'close';

/**
 * Held up this long, a simulator stamps ~5 arrivals of a 55/s stream together: 61 in a second, a 429 of its own
 * making. A budget test that sees 429s from a simulator stalled that long cannot tell them from the client's.
 */
export const SIMULATOR_STALL_LIMIT_MS = 90;

/**
 * 429s and seconds over 60 that a budget test lets pass: none, unless the simulator itself was held up past
 * SIMULATOR_STALL_LIMIT_MS, and then no more than a stall of that length can make (3, and 60 + those in a second).
 */
export function simulatorBurstAllowance(stalledMs: number): { refused: number; overSixty: number } {
	return stalledMs >= SIMULATOR_STALL_LIMIT_MS ? { refused: 3, overSixty: 3 } : { refused: 0, overSixty: 0 };
}

/**
 * The simulator stands in for ServiceTitan's servers, which no client's load can hold up. Its own garbage collector
 * can: with V8's defaults the request log and the written records set off full collections mid-run (measured at
 * 22–34 ms), and the young generation, grown large while the seed was built, is scavenged in one 38 ms pause. Each
 * pause stamps the arrivals behind it together. A roomy initial old space (no full collection before 512 MB), no
 * idle-time memory reducer and a small young generation leave scavenges of under 9 ms.
 */
const SIMULATOR_GC_FLAGS = ['--initial-old-space-size=512', '--no-memory-reducer', '--max-semi-space-size=4'];

export interface SimulatorProcess {
	authUrl: string;
	apiBaseUrl: string;
	credentials: Simulator['credentials'];
	/** The simulator's request log as it is now. */
	log(): Promise<RequestLogEntry[]>;
	clearLog(): Promise<void>;
	stats(): Promise<SimulatorStats>;
	/** The records of a collection of the primary tenant (`crm:customers`). */
	list(collection: string): Promise<SimRecord[]>;
	/** Moves the simulator's clock on by `ms`. */
	advanceClock(ms: number): Promise<void>;
	close(): Promise<void>;
}

export async function startSimulatorProcess(options: SimulatorOptions): Promise<SimulatorProcess> {
	const child = fork(__filename, [], {
		execArgv: [...SIMULATOR_GC_FLAGS, '-r', 'ts-node/register/transpile-only'],
		env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', SIMULATOR_OPTIONS: JSON.stringify(options) },
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	if (child.pid) putAheadOfEverything(child.pid);
	const pending = new Map<number, (value: unknown) => void>();
	let next = 0;
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const ready = new Promise<Omit<SimulatorProcess, Operation>>((resolve, reject) => {
		child.on('message', (message: { id?: number; value?: unknown; ready?: Omit<SimulatorProcess, Operation> }) => {
			if (message.ready) resolve(message.ready);
			else if (message.id !== undefined) {
				pending.get(message.id)?.(message.value);
				pending.delete(message.id);
			}
		});
		void exited.then(() => reject(new Error('the simulator process exited before it was ready')));
	});
	const call = <T>(op: Operation, arg?: unknown) =>
		new Promise<T>((resolve, reject) => {
			if (!child.connected) return reject(new Error(`the simulator process is gone (${op})`));
			const id = next++;
			pending.set(id, resolve as (value: unknown) => void);
			child.send({ id, op, arg });
		});
	try {
		return {
			...(await ready),
			log: () => call<RequestLogEntry[]>('log'),
			clearLog: () => call<void>('clearLog'),
			stats: () => call<SimulatorStats>('stats'),
			list: (collection) => call<SimRecord[]>('list', collection),
			advanceClock: (ms) => call<void>('advanceClock', ms),
			close: async () => {
				if (child.connected) await call<void>('close').catch(() => undefined);
				if (child.exitCode === null) child.kill();
				await exited;
			},
		};
	} catch (error) {
		child.kill('SIGKILL');
		throw error;
	}
}

/**
 * Ahead of everything else on the host (n8n's workers, PostgreSQL): a simulator kept off the CPU stamps the arrivals
 * of that time together. A raised nice value was not enough: at nice -10 it was still held up 15–62 ms, with no
 * garbage collection in those stalls, while n8n's processes were busy, and a CI run of the queue-mode e2e saw it held
 * up 65 ms (61 in a second). Round-robin real-time scheduling of all its threads (`chrt`, util-linux) removed them:
 * none over 20 ms in a whole queue-mode e2e. It is mostly idle, and the kernel keeps 5 % of every second for other
 * tasks in any case. Both need root (CI is); elsewhere it stays as it is, and the stall figure says whether it was held up.
 */
function putAheadOfEverything(pid: number): void {
	const realtime = spawnSync('chrt', ['-a', '-r', '-p', '10', String(pid)], { stdio: 'ignore' });
	if (realtime.status === 0) return;
	try {
		setPriority(pid, -10);
	} catch {
		// not permitted
	}
}

async function serve(): Promise<void> {
	const { startSimulator } = await import('../simulator');
	const sim = await startSimulator(JSON.parse(process.env.SIMULATOR_OPTIONS ?? '{}') as SimulatorOptions);
	const reply = (id: number, value?: unknown) => process.send!({ id, value });
	process.on('message', (message: { id: number; op: Operation; arg?: unknown }) => {
		if (message.op === 'log') reply(message.id, sim.log);
		else if (message.op === 'list') reply(message.id, sim.store.list(String(message.arg)));
		else if (message.op === 'advanceClock') reply(message.id, sim.clock.advance(Number(message.arg)));
		else if (message.op === 'clearLog') reply(message.id, sim.clearLog());
		else if (message.op === 'stats') reply(message.id, sim.stats());
		else if (message.op === 'close') void sim.close().then(() => (reply(message.id), process.disconnect()));
	});
	process.send!({ ready: { authUrl: sim.authUrl, apiBaseUrl: sim.apiBaseUrl, credentials: sim.credentials } });
}

if (require.main === module) {
	serve().catch((error: unknown) => {
		process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
		process.exit(1);
	});
}
