import { spawn } from 'node:child_process';
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
}

/** Runs a command to completion, capturing its output; kills it (and its process group) on timeout. */
export async function run(file: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
	const started = Date.now();
	const command = [file, ...args].join(' ');
	return await new Promise<RunResult>((resolve, reject) => {
		const child = spawn(file, args, {
			cwd: options.cwd,
			env: options.env,
			stdio: ['pipe', 'pipe', 'pipe'],
			detached: true, // own process group, so a timeout can stop everything it started
		});
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		child.stdin.end(options.input ?? '');
		let timedOut = false;
		const timer = options.timeoutMs
			? setTimeout(() => {
					timedOut = true;
					killGroup(child.pid, 'SIGKILL');
				}, options.timeoutMs)
			: undefined;
		child.on('error', (error) => {
			if (timer) clearTimeout(timer);
			reject(error);
		});
		child.on('close', (exitCode, signal) => {
			if (timer) clearTimeout(timer);
			const result = { command, exitCode, signal, stdout, stderr, durationMs: Date.now() - started };
			if (timedOut) {
				reject(
					new Error(
						`timed out after ${options.timeoutMs} ms: ${command}\n--- stdout ---\n${tail(stdout)}\n--- stderr ---\n${tail(stderr)}`,
					),
				);
			} else resolve(result);
		});
	});
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
