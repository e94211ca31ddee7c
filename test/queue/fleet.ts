/**
 * Runs a fleet of separate Node processes (test/queue/child.ts) against one simulator, as n8n's queue
 * mode runs a main and its workers: every process gets the same environment (the Redis settings), each
 * its own task. The processes start, fetch a token and report ready; then all are told to go at once.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';

import type { RequestLogEntry } from '../simulator';
import type { ChildResult, ChildTask } from './child';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

export interface FleetOptions {
	tasks: ChildTask[];
	env: Record<string, string | undefined>;
	/** A process still running this long after `go` counts as stuck and is killed. */
	timeoutMs?: number;
	/** Called once every process has been told to go (e.g. to stop Redis mid-run). */
	onGo?: () => void | Promise<void>;
}

export interface FleetRun {
	results: ChildResult[];
	/** performance.now() of the parent when the processes were told to go. */
	goAt: number;
	/** Wall time until the last process exited, ms. */
	ms: number;
}

export async function runFleet({ tasks, env, timeoutMs = 120_000, onGo }: FleetOptions): Promise<FleetRun> {
	const children = tasks.map((task) => startChild(task, env));
	try {
		await Promise.all(children.map((child) => child.ready));
		const goAt = performance.now();
		for (const child of children) child.proc.stdin.write('go\n');
		await onGo?.();
		const results = await Promise.all(children.map((child) => child.exited(timeoutMs)));
		return { results, goAt, ms: performance.now() - goAt };
	} finally {
		for (const child of children) if (child.proc.exitCode === null && child.proc.signalCode === null) child.proc.kill('SIGKILL');
	}
}

interface RunningChild {
	proc: ChildProcessWithoutNullStreams;
	ready: Promise<void>;
	exited(timeoutMs: number): Promise<ChildResult>;
}

function startChild(task: ChildTask, env: Record<string, string | undefined>): RunningChild {
	const proc = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'child.ts')], {
		cwd: REPO_ROOT,
		env: { ...cleanEnv(), ...env, QUEUE_CHILD_INPUT: JSON.stringify(task), TS_NODE_TRANSPILE_ONLY: 'true' },
		stdio: ['pipe', 'pipe', 'pipe'],
	});
	let stdout = '';
	let stderr = '';
	proc.stdout.setEncoding('utf8');
	proc.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
	const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.on('close', (code, signal) => resolve({ code, signal })));
	const ready = new Promise<void>((resolve, reject) => {
		proc.stdout.on('data', (chunk: string) => {
			stdout += chunk;
			if (stdout.includes('ready\n')) resolve();
		});
		void closed.then(({ code, signal }) => reject(new Error(`${task.label} exited (${code ?? signal}) before it was ready:\n${stderr.slice(-2000)}`)));
	});
	ready.catch(() => undefined);
	return {
		proc,
		ready,
		exited: async (timeoutMs) => {
			let timedOut = false;
			const timer = setTimeout(() => {
				timedOut = true;
				proc.kill('SIGKILL');
			}, timeoutMs);
			const { code, signal } = await closed;
			clearTimeout(timer);
			const last = stdout.trim().split('\n').pop() ?? '';
			if (timedOut) throw new Error(`${task.label} was still running ${timeoutMs} ms after go (stuck); its last line: ${last.slice(0, 300)}\n${stderr.slice(-2000)}`);
			if (code !== 0 || !last.startsWith('{')) throw new Error(`${task.label} exited with ${code ?? signal}:\n${stderr.slice(-2000)}\n${stdout.slice(-500)}`);
			return JSON.parse(last) as ChildResult;
		},
	};
}

/** The parent's environment without Redis or queue-mode settings: each fleet says what it wants. */
function cleanEnv(): NodeJS.ProcessEnv {
	const env = { ...process.env };
	for (const name of Object.keys(env)) {
		if (name.startsWith('SERVICETITAN_') || name.startsWith('QUEUE_BULL_') || name === 'EXECUTIONS_MODE') delete env[name];
	}
	return env;
}

/** API requests of the log (token requests excluded), optionally only those whose path contains `part`. */
export function apiEntries(log: RequestLogEntry[], part = '/tenant/'): RequestLogEntry[] {
	return log.filter((entry) => entry.path.includes('/tenant/') && entry.path.includes(part));
}
