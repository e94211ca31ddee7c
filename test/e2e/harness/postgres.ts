import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { freePort, killGroup, run, tail, waitFor } from './process';

/**
 * A throw-away PostgreSQL server for n8n's queue mode: its own data dir (initdb) in a temp folder, a free loopback
 * port, trust authentication, no fsync (a test database need not survive a power cut). Debian's PostgreSQL 15
 * (`apt-get install postgresql-15`, see .ci/run; DEVELOPERS.md says why 15). PostgreSQL refuses to run as root,
 * so when the tests run as root (CI does) initdb and the server run as the `postgres` user the Debian package
 * creates, through Node's own `uid`/`gid` spawn options.
 */
export interface PostgresServer {
	host: string;
	port: number;
	user: string;
	database: string;
	/** The environment n8n reads (DB_TYPE=postgresdb and DB_POSTGRESDB_*). */
	n8nEnv: Record<string, string>;
	log(): string;
	stop(): Promise<void>;
}

/** The directory holding initdb and postgres: E2E_POSTGRES_BIN, the PATH, or Debian's newest /usr/lib/postgresql/<n>/bin. */
export function postgresBinDir(): string {
	const fromEnv = process.env.E2E_POSTGRES_BIN;
	if (fromEnv) return fromEnv;
	const debianRoot = '/usr/lib/postgresql';
	if (existsSync(debianRoot)) {
		const versions = readdirSync(debianRoot)
			.filter((name) => existsSync(path.join(debianRoot, name, 'bin', 'initdb')))
			.sort((a, b) => Number(b) - Number(a));
		if (versions.length) return path.join(debianRoot, versions[0], 'bin');
	}
	for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
		if (dir && existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'postgres'))) return dir;
	}
	throw new Error('PostgreSQL not found (initdb/postgres): install it with "apt-get install -y postgresql-15" (as .ci/run does) or set E2E_POSTGRES_BIN');
}

/** uid/gid to run PostgreSQL as: the `postgres` user when we are root, nobody else needed otherwise. */
function runAs(): { uid: number; gid: number } | undefined {
	if (process.getuid?.() !== 0) return undefined;
	try {
		const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
		const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
		return { uid, gid };
	} catch {
		throw new Error('running as root and there is no "postgres" user to run PostgreSQL as (Debian\'s postgresql package creates it)');
	}
}

export async function startPostgres({ name = 'st-e2e-pg' }: { name?: string } = {}): Promise<PostgresServer> {
	const bin = postgresBinDir();
	const user = runAs();
	const root = mkdtempSync(path.join(os.tmpdir(), `${name}-`));
	const dataDir = path.join(root, 'data');
	if (user) chownSync(root, user.uid, user.gid);
	const env = { ...process.env, LC_ALL: 'C', LANG: 'C' };
	const init = await run(path.join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--no-instructions'], {
		env,
		timeoutMs: 120_000,
		...user,
	});
	if (init.exitCode !== 0) {
		rmSync(root, { recursive: true, force: true });
		throw new Error(`initdb failed (${init.exitCode}):\n${tail(init.stdout + init.stderr)}`);
	}

	const port = await freePort();
	let output = '';
	const child: ChildProcess = spawn(
		path.join(bin, 'postgres'),
		[
			'-D',
			dataDir,
			'-p',
			String(port),
			'-k',
			root, // the Unix socket beside the data dir, not /var/run/postgresql
			'-c',
			'listen_addresses=127.0.0.1',
			'-c',
			'fsync=off',
			'-c',
			'synchronous_commit=off',
			'-c',
			'full_page_writes=off',
			'-c',
			'max_connections=200', // main + 2 workers hold a pool each
		],
		{ env, stdio: ['ignore', 'pipe', 'pipe'], detached: true, ...user },
	);
	child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
	child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
	const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));

	const stop = async () => {
		if (child.exitCode === null && child.signalCode === null) {
			killGroup(child.pid, 'SIGINT'); // "fast shutdown"
			let timer: NodeJS.Timeout | undefined;
			const stopped = await Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 15_000)))]);
			clearTimeout(timer);
			if (!stopped) {
				killGroup(child.pid, 'SIGKILL');
				await exited;
			}
		}
		if (process.env.E2E_KEEP === '1') process.stderr.write(`[e2e] keeping ${root}\n`);
		else rmSync(root, { recursive: true, force: true });
	};

	try {
		await waitFor(
			() => {
				if (child.exitCode !== null) throw new Error(`postgres exited with ${child.exitCode}`);
				return output.includes('database system is ready to accept connections') ? true : undefined;
			},
			{ timeoutMs: 60_000, intervalMs: 100, describe: () => `PostgreSQL on 127.0.0.1:${port}\n${tail(output)}` },
		);
	} catch (error) {
		await stop();
		throw error;
	}

	const server: PostgresServer = {
		host: '127.0.0.1',
		port,
		user: 'postgres',
		database: 'postgres',
		n8nEnv: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_USER: 'postgres',
			DB_POSTGRESDB_PASSWORD: '',
			DB_POSTGRESDB_DATABASE: 'postgres',
		},
		log: () => output,
		stop,
	};
	return server;
}
