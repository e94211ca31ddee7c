import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, createWriteStream, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';

export interface RunResult {
	command: string;
	exitCode: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	durationMs: number;
}

export interface RunOptions {
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	timeoutMs?: number;
	input?: string;
	/** Run as this user (root only: PostgreSQL refuses to run as root). */
	uid?: number;
	gid?: number;
}

/**
 * Runs a command to completion, capturing its output; kills it (and its process group) on timeout.
 * Output goes to files, not pipes: n8n prints a run's data and then calls process.exit(), and
 * Node writes to a pipe asynchronously, so a large run (10,000+ items) arrived truncated through a
 * pipe; writes to a file are synchronous and complete.
 */
export async function run(file: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
	const started = Date.now();
	const command = [file, ...args].join(' ');
	const dir = mkdtempSync(path.join(os.tmpdir(), 'st-e2e-run-'));
	const outFile = path.join(dir, 'stdout');
	const errFile = path.join(dir, 'stderr');
	const outFd = openSync(outFile, 'w');
	const errFd = openSync(errFile, 'w');
	const collect = () => {
		const output = { stdout: readFileSync(outFile, 'utf8'), stderr: readFileSync(errFile, 'utf8') };
		rmSync(dir, { recursive: true, force: true });
		return output;
	};
	return await new Promise<RunResult>((resolve, reject) => {
		const child = spawn(file, args, {
			cwd: options.cwd,
			env: options.env,
			stdio: ['pipe', outFd, errFd],
			detached: true, // own process group, so a timeout can stop everything it started
			...(options.uid === undefined ? {} : { uid: options.uid, gid: options.gid }),
		});
		closeSync(outFd);
		closeSync(errFd);
		child.stdin!.end(options.input ?? '');
		let timedOut = false;
		const timer = options.timeoutMs
			? setTimeout(() => {
					timedOut = true;
					killGroup(child.pid, 'SIGKILL');
				}, options.timeoutMs)
			: undefined;
		child.on('error', (error) => {
			if (timer) clearTimeout(timer);
			rmSync(dir, { recursive: true, force: true });
			reject(error);
		});
		child.on('close', (exitCode, signal) => {
			if (timer) clearTimeout(timer);
			const { stdout, stderr } = collect();
			const result = { command, exitCode, signal, stdout, stderr, durationMs: Date.now() - started };
			if (timedOut) {
				reject(new Error(`timed out after ${options.timeoutMs} ms: ${command}\n--- stdout ---\n${tail(stdout)}\n--- stderr ---\n${tail(stderr)}`));
			} else resolve(result);
		});
	});
}

/** A long-running process (an n8n main or worker) whose output is kept in memory and written to a log file. */
export interface LoggedProcess {
	readonly child: ChildProcess;
	/** Everything it printed so far, stdout and stderr interleaved. */
	readonly output: string;
	/** Its exit code once it exited, undefined while it runs. */
	readonly exitCode: number | null | undefined;
	/** Stops its whole process group (SIGTERM, then SIGKILL after 30 s) and closes the log file. */
	stop(): Promise<void>;
}

/** Starts `file args` in its own process group, its output kept and written to `logFile`. */
export function spawnLogged(file: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string }): LoggedProcess {
	const logStream = createWriteStream(options.logFile);
	const child = spawn(file, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
	let output = '';
	let exitCode: number | null | undefined;
	const onData = (chunk: Buffer) => {
		const text = chunk.toString('utf8');
		output += text;
		logStream.write(text);
	};
	child.stdout!.on('data', onData);
	child.stderr!.on('data', onData);
	const exited = new Promise<void>((resolve) =>
		child.on('exit', (code) => {
			exitCode = code;
			resolve();
		}),
	);
	let stopping: Promise<void> | undefined;
	return {
		child,
		get output() {
			return output;
		},
		get exitCode() {
			return exitCode;
		},
		stop: () =>
			(stopping ??= (async () => {
				await stopGroup(child, exited);
				await new Promise<void>((resolve) => logStream.end(resolve));
			})()),
	};
}

/** SIGTERM to the process group, SIGKILL when it has not exited 30 s later; resolves once it has exited. */
export async function stopGroup(child: ChildProcess, exited: Promise<void>): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	killGroup(child.pid, 'SIGTERM');
	let timer: NodeJS.Timeout | undefined;
	const stopped = await Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 30_000)))]);
	clearTimeout(timer);
	if (!stopped) {
		killGroup(child.pid, 'SIGKILL');
		await exited;
	}
}

/** Signals a process group we created (spawned with detached: true); ignores "no such process". */
export function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
	if (!pid) return;
	try {
		process.kill(-pid, signal);
	} catch {
		try {
			process.kill(pid, signal);
		} catch {
			/* already gone */
		}
	}
}

/** A TCP port that is free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
	return await new Promise<number>((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

export function tail(text: string, lines = 80): string {
	const all = text.split('\n');
	return all.length > lines ? ['…', ...all.slice(-lines)].join('\n') : text;
}

export async function sleep(ms: number): Promise<void> {
	await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `probe` until it returns a value other than undefined, or throws with `describe()` on timeout. */
export async function waitFor<T>(
	probe: () => Promise<T | undefined> | T | undefined,
	{ timeoutMs, intervalMs = 500, describe }: { timeoutMs: number; intervalMs?: number; describe: () => string },
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let lastError: unknown;
	for (;;) {
		try {
			const value = await probe();
			if (value !== undefined) return value;
		} catch (error) {
			lastError = error;
		}
		if (Date.now() > deadline) {
			const cause = lastError instanceof Error ? `\nlast error: ${lastError.message}` : '';
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${describe()}${cause}`);
		}
		await sleep(intervalMs);
	}
}
