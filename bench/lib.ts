/**
 * Small helpers shared by the benchmark scenarios: statistics, machine description, child
 * processes (each measured client runs in its own process so the simulator's CPU is not counted).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..');

export function median(values: number[]): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function fmt(value: number, digits = 1): string {
	if (!Number.isFinite(value)) return String(value);
	return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function int(value: number): string {
	return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : String(value);
}

export function mb(bytes: number): string {
	return `${fmt(bytes / 1024 / 1024, 1)} MB`;
}

export interface Machine {
	cpu: string;
	cores: number;
	ramGb: number;
	node: string;
	platform: string;
	n8n?: string;
}

export function machine(): Machine {
	return {
		cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
		cores: os.cpus().length,
		ramGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
		node: process.version,
		platform: `${os.platform()} ${os.release()} ${os.arch()}`,
	};
}

export function packageVersion(dir: string): string {
	return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

export function log(message: string): void {
	process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** Runs until `ms` has passed or `promise` settles, whichever is first (bounded scenarios). */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	try {
		return await Promise.race([
			promise,
			new Promise<never>((_, reject) => {
				timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
			}),
		]);
	} finally {
		clearTimeout(timer);
	}
}

/**
 * Runs `bench/child.ts <task>` in a fresh Node process (same Node, ts-node transpile-only) and
 * returns the JSON object it prints on its last stdout line. Killed after `timeoutMs`.
 */
export async function runChild<T>(task: string, input: unknown, { timeoutMs = 120_000, nodeArgs = [] as string[], env = {} as Record<string, string> } = {}): Promise<T> {
	const args = [...nodeArgs, '-r', 'ts-node/register/transpile-only', path.join(__dirname, 'child.ts'), task];
	return await new Promise<T>((resolve, reject) => {
		const child = spawn(process.execPath, args, {
			cwd: REPO_ROOT,
			env: { ...process.env, ...env, BENCH_INPUT: JSON.stringify(input), TS_NODE_TRANSPILE_ONLY: 'true' },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('error', reject);
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			const last = stdout.trim().split('\n').pop() ?? '';
			if (code !== 0 || !last.startsWith('{')) {
				reject(new Error(`child ${task} exited with ${code ?? signal}\n${stderr.slice(-3000)}\n${stdout.slice(-1000)}`));
				return;
			}
			resolve(JSON.parse(last) as T);
		});
	});
}
