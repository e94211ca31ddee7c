/**
 * A throwaway redis-server for tests: a free loopback port, its own data folder, no persistence,
 * stopped by the test. `restart()` starts it again on the same port (empty, as a Redis that lost
 * its memory comes back), so clients reconnecting to the same URL see it return.
 */
import IORedis from 'ioredis';
import { describeNeeding } from './required';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestRedis {
	port: number;
	/** `redis://127.0.0.1:<port>` */
	url: string;
	/** Stops the server (SIGTERM, waits for it) and removes its data folder. */
	stop(): Promise<void>;
	/** Kills the server at once (SIGKILL), as a crash or a lost host; `restart()` brings it back. */
	kill(): Promise<void>;
	/** Starts the server again on the same port after `kill()` (or restarts a running one). */
	restart(): Promise<void>;
	/** Freezes the server (SIGSTOP): connections stay open and nothing answers, as a hung host. */
	pause(): void;
	/** Lets a paused server go on (SIGCONT). */
	resume(): void;
	/** Whether the server process is running. */
	readonly running: boolean;
}

/** The redis-server binary on PATH (or REDIS_SERVER), undefined when there is none. */
export function findRedisServer(): string | undefined {
	const candidate = process.env.REDIS_SERVER || 'redis-server';
	const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
	return probe.status === 0 && /Redis server/i.test(probe.stdout) ? candidate : undefined;
}

/**
 * Why the Redis tests cannot run here, or undefined when they can. Test files use it through
 * describeWithRedis, so a machine without redis-server says so instead of passing.
 */
export function redisUnavailableReason(): string | undefined {
	return findRedisServer() ? undefined : "redis-server was not found on PATH (install Debian's redis-server, as .ci/run does, or set REDIS_SERVER)";
}

/**
 * `describe` for tests that need redis-server: without one on PATH the block is skipped and says why on stderr, and
 * under CI it fails instead (describeNeeding).
 */
export function describeWithRedis(name: string, body: () => void): void {
	describeNeeding(name, redisUnavailableReason(), body);
}

/** `args`: more redis-server options (a cluster node's); the data folder is the server's working directory. */
export async function startRedis({ args = [] as string[] } = {}): Promise<TestRedis> {
	const binary = findRedisServer();
	if (!binary) throw new Error(redisUnavailableReason());
	const dir = mkdtempSync(join(tmpdir(), 'st-redis-'));
	const port = await freePort();
	let child: ChildProcess | undefined;
	let exited: Promise<void> = Promise.resolve();

	const launch = async () => {
		const proc = spawn(
			binary,
			['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--protected-mode', 'yes', '--loglevel', 'warning', ...args],
			{ stdio: ['ignore', 'ignore', 'pipe'] },
		);
		let stderr = '';
		proc.stderr?.on('data', (chunk) => (stderr += String(chunk)));
		child = proc;
		exited = new Promise((resolve) => proc.once('exit', () => resolve()));
		await waitForPong(port, proc, () => stderr);
	};

	const halt = async (signal: NodeJS.Signals) => {
		const proc = child;
		child = undefined;
		if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
		proc.kill(signal);
		await exited;
	};

	await launch();
	return {
		port,
		url: `redis://127.0.0.1:${port}`,
		get running() {
			return child !== undefined && child.exitCode === null && child.signalCode === null;
		},
		kill: async () => {
			child?.kill('SIGCONT');
			await halt('SIGKILL');
		},
		pause: () => void child?.kill('SIGSTOP'),
		resume: () => void child?.kill('SIGCONT'),
		restart: async () => {
			await halt('SIGKILL');
			await launch();
		},
		stop: async () => {
			child?.kill('SIGCONT');
			await halt('SIGTERM');
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

export interface TestRedisCluster {
	/** The masters, as QUEUE_BULL_REDIS_CLUSTER_NODES lists them. */
	nodes: Array<{ host: string; port: number }>;
	/** `host:port,host:port,…` */
	nodeList: string;
	/** Every key matching `pattern`, from all the nodes. */
	keys(pattern: string): string[];
	stop(): Promise<void>;
}

/** redis-cli on PATH (Debian's redis-tools, a dependency of redis-server), undefined when there is none. */
export function findRedisCli(): string | undefined {
	const candidate = process.env.REDIS_CLI || 'redis-cli';
	return spawnSync(candidate, ['--version'], { encoding: 'utf8' }).status === 0 ? candidate : undefined;
}

/**
 * A Redis Cluster of `masters` loopback nodes without replicas (the 16,384 slots spread over them), made with
 * `redis-cli --cluster create`; it resolves once every node reports `cluster_state:ok`.
 */
export async function startRedisCluster(masters = 3): Promise<TestRedisCluster> {
	const cli = findRedisCli();
	if (!cli) throw new Error("redis-cli was not found on PATH (it comes with Debian's redis-server, or set REDIS_CLI)");
	const servers: TestRedis[] = [];
	const stop = async () => void (await Promise.all(servers.map((server) => server.stop())));
	try {
		for (let i = 0; i < masters; i++) {
			servers.push(await startRedis({ args: ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '5000'] }));
		}
		const nodes = servers.map((server) => ({ host: '127.0.0.1', port: server.port }));
		const run = (port: number, args: string[]) => {
			const result = spawnSync(cli, ['-h', '127.0.0.1', '-p', String(port), ...args], { encoding: 'utf8', timeout: 30_000 });
			if (result.status !== 0) throw new Error(`redis-cli ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
			return result.stdout;
		};
		run(nodes[0].port, ['--cluster', 'create', ...nodes.map((node) => `${node.host}:${node.port}`), '--cluster-replicas', '0', '--cluster-yes']);
		const deadline = Date.now() + 20_000;
		while (!nodes.every((node) => run(node.port, ['cluster', 'info']).includes('cluster_state:ok'))) {
			if (Date.now() > deadline) throw new Error(`the Redis Cluster did not reach cluster_state:ok within 20 s:\n${run(nodes[0].port, ['cluster', 'nodes'])}`);
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		return {
			nodes,
			nodeList: nodes.map((node) => `${node.host}:${node.port}`).join(','),
			keys: (pattern) => nodes.flatMap((node) => run(node.port, ['--raw', 'keys', pattern]).split('\n').filter(Boolean)),
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/** Answers PING with +PONG over a raw socket: the server accepts commands. */
async function waitForPong(port: number, proc: ChildProcess, stderr: () => string): Promise<void> {
	const deadline = Date.now() + 10_000;
	while (Date.now() < deadline) {
		if (proc.exitCode !== null) throw new Error(`redis-server exited with code ${proc.exitCode}: ${stderr().trim()}`);
		if (await ping(port)) return;
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	proc.kill('SIGKILL');
	throw new Error(`redis-server did not answer on port ${port} within 10 s: ${stderr().trim()}`);
}

function ping(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = connect({ host: '127.0.0.1', port });
		let answer = '';
		const done = (ok: boolean) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(1000, () => done(false));
		socket.once('error', () => done(false));
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			answer += String(chunk);
			if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
		});
	});
}

/**
 * ioredis clients of a test Redis as the node's connection makes them (no offline queue, short command timeout), each
 * one a separate n8n process's connection; `disconnectAll()` in `afterAll`.
 */
export function redisClients(url: () => string) {
	const clients: IORedis[] = [];
	return {
		/** A new connection, resolved once it is ready. */
		async connect() {
			const client = new IORedis(url(), { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 500 });
			clients.push(client);
			if (client.status !== 'ready') await new Promise<void>((resolve) => client.once('ready', () => resolve()));
			return client;
		},
		disconnectAll() {
			for (const client of clients) client.disconnect();
		},
	};
}
