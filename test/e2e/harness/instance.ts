import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

import { PACKAGE_NAME, e2eEnvironment, isN8n1, type E2EEnvironment } from './env';
import { installPackageFiles, packageLoadErrors, registerPackage, type InstalledFiles, type RegisteredPackage } from './package-install';
import { freePort, run, spawnLogged, tail, waitFor, type LoggedProcess, type RunResult } from './process';

export interface CredentialFixture {
	id: string;
	name: string;
	type: string;
	/** Plain (decrypted) data: `n8n import:credentials` encrypts it with this instance's key. */
	data: Record<string, unknown>;
}

export interface WorkflowFixture {
	id: string;
	name: string;
	nodes: Array<Record<string, unknown>>;
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	[key: string]: unknown;
}

/** What `n8n execute --rawOutput` printed: the run data (IRun) of the execution. */
export interface ExecutionRun {
	status: string;
	finished?: boolean;
	mode: string;
	data: {
		resultData: {
			runData: Record<string, Array<{ data?: { main: Array<Array<{ json: Record<string, unknown> }> | null> }; error?: unknown; executionStatus?: string }>>;
			lastNodeExecuted?: string;
			error?: { message: string; description?: string; [key: string]: unknown };
		};
	};
	[key: string]: unknown;
}

export interface ExecuteResult extends RunResult {
	ok: boolean;
	/** Parsed run data (success: what --rawOutput printed; failure: the JSON n8n logs before the error). */
	run?: ExecutionRun;
	/**
	 * Undefined when the execution succeeded; otherwise what went wrong in words: exit code, whether run
	 * data was printed, the execution's error and the tails of n8n's output. Tests that expect success
	 * assert `expect(result.failure).toBeUndefined()`, so a failure in CI explains itself.
	 */
	failure?: string;
}

export interface InstanceOptions {
	/** Prefix of the temp folder. */
	name?: string;
	/** Install the packed package as a community package (default true). */
	installPackage?: boolean;
	/** Extra environment for every n8n process of this instance. */
	env?: Record<string, string>;
	/** Port for `n8n start` (default: a free one). The demo uses n8n's usual 5678. */
	port?: number;
}

export const OWNER = {
	email: 'owner@e2e.servicetitan.test',
	password: 'E2e-Owner-Passw0rd',
	firstName: 'E2E',
	lastName: 'Owner',
};

const CLI_TIMEOUT_MS = 180_000;
const DISPOSE_BEFORE_EXIT = path.join(__dirname, 'dispose-expression-engine-before-exit.js');
const START_TIMEOUT_MS = 120_000;

/**
 * One throw-away n8n: its own N8N_USER_FOLDER (a temp dir), SQLite database, encryption key and
 * ports. CLI commands run one n8n process each; `start()` runs `n8n start` as a server.
 * Always `dispose()` it (afterAll), which stops the server and removes the folder
 * (kept when E2E_KEEP=1, for debugging).
 */
export class N8nInstance {
	readonly userFolder: string;

	readonly n8nFolder: string;

	readonly dbPath: string;

	readonly encryptionKey = randomBytes(24).toString('hex');

	readonly env: E2EEnvironment;

	installed?: RegisteredPackage & { packageDir: string };

	get preferredPort(): number | undefined {
		return this.options.port;
	}

	server?: N8nServer;

	/** Output of every command and of the server, for failure messages. */
	private readonly transcript: string[] = [];

	private constructor(
		private readonly options: InstanceOptions,
		env: E2EEnvironment,
	) {
		this.env = env;
		this.userFolder = mkdtempSync(path.join(os.tmpdir(), `${options.name ?? 'st-e2e'}-`));
		this.n8nFolder = path.join(this.userFolder, '.n8n');
		this.dbPath = path.join(this.n8nFolder, 'database.sqlite');
		mkdirSync(this.n8nFolder, { recursive: true });
	}

	/** False when `env` points n8n at another database (queue mode's Postgres). */
	get usesSqlite(): boolean {
		return (this.options.env?.DB_TYPE ?? 'sqlite') === 'sqlite';
	}

	static async create(options: InstanceOptions = {}): Promise<N8nInstance> {
		const instance = new N8nInstance(options, e2eEnvironment());
		try {
			if (options.installPackage ?? true) await instance.installCommunityPackage();
		} catch (error) {
			await instance.dispose();
			throw error;
		}
		return instance;
	}

	/** Environment of an n8n process: nothing inherited from the caller's n8n settings or jest. */
	baseEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
		const env: NodeJS.ProcessEnv = {};
		for (const [key, value] of Object.entries(process.env)) {
			if (/^(N8N_|DB_|EXECUTIONS_|QUEUE_|WEBHOOK_URL$|GENERIC_TIMEZONE$|NODE_ENV$|NODE_OPTIONS$|JEST_|E2E_)/.test(key)) continue;
			if (/^(https?_proxy|all_proxy|no_proxy)$/i.test(key)) continue; // loopback only
			env[key] = value;
		}
		return {
			...env,
			PATH: `${path.dirname(this.env.nodeBin)}${path.delimiter}${process.env.PATH ?? ''}`,
			NO_PROXY: '127.0.0.1,localhost',
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: this.encryptionKey,
			DB_TYPE: 'sqlite',
			N8N_LOG_OUTPUT: 'console',
			N8N_LOG_LEVEL: 'info',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_VERIFIED_PACKAGES_ENABLED: 'false', // no lookups of n8n's vetted list (no internet)
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
			EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
			EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
			// n8n 1.123's default expression engine runs in isolated-vm 6, which needs Node 22+; on Node 20 it
			// crashes at startup. The legacy engine is what n8n 1.x used until then (and still offers).
			...(isN8n1() ? { N8N_EXPRESSION_ENGINE: 'legacy' } : {}),
			...this.options.env,
			...extra,
		};
	}

	/** Runs `n8n <args>` to completion; fails loudly if n8n could not load our package. */
	async cli(args: string[], { allowFailure = false, timeoutMs = CLI_TIMEOUT_MS, nodeArgs = [] as string[] } = {}): Promise<RunResult> {
		const brokerPort = await freePort(); // `execute` starts a task broker; parallel instances must not share 5679
		// The preload makes the command dispose n8n's expression engine before it exits (see the file).
		const result = await run(this.env.nodeBin, [...nodeArgs, '--require', DISPOSE_BEFORE_EXIT, this.env.n8nBin, ...args], {
			cwd: this.userFolder,
			env: this.baseEnv({ N8N_RUNNERS_BROKER_PORT: String(brokerPort) }),
			timeoutMs,
		});
		this.record(`$ n8n ${args.join(' ')} (exit ${result.exitCode}, ${result.durationMs} ms)`, result.stdout + result.stderr);
		this.assertPackageLoaded(result.stdout + result.stderr, `n8n ${args.join(' ')}`);
		if (!allowFailure && result.exitCode !== 0) {
			throw new Error(`n8n ${args.join(' ')} exited with ${result.exitCode}\n--- stdout ---\n${tail(result.stdout)}\n--- stderr ---\n${tail(result.stderr)}`);
		}
		return result;
	}

	/** Installs the packed tarball into <n8n folder>/nodes as n8n does and registers it (package-install.ts). */
	async installCommunityPackage(tarball = this.env.tarball): Promise<RegisteredPackage> {
		const files: InstalledFiles = await installPackageFiles({
			n8nFolder: this.n8nFolder,
			tarball,
			env: this.baseEnv(),
		});
		// The first command creates and migrates the database, and loads the package: n8n's
		// "Failed to load package" would surface here.
		await this.cli(['list:workflow']);
		const registered = await registerPackage({
			nodeBin: this.env.nodeBin,
			n8nPackageDir: this.env.n8nPackageDir,
			packageDir: files.packageDir,
			// The rows only list the package in Settings > Community nodes; loading needs none. With Postgres
			// (queue mode) the package is loaded and checked the same, without the rows.
			dbPath: this.usesSqlite ? this.dbPath : undefined,
			env: this.baseEnv(),
		});
		this.installed = { ...registered, packageDir: files.packageDir };
		return registered;
	}

	async importCredentials(credentials: CredentialFixture[]): Promise<void> {
		const file = this.writeFixture('credentials', credentials);
		const result = await this.cli(['import:credentials', `--input=${file}`]);
		if (!/Successfully imported/i.test(result.stdout + result.stderr)) {
			throw new Error(`import:credentials did not report success:\n${tail(result.stdout + result.stderr)}`);
		}
	}

	/** Imports a workflow (inactive, as import:workflow always does) and returns its id. */
	async importWorkflow(workflow: WorkflowFixture): Promise<string> {
		const file = this.writeFixture('workflow', workflow);
		const result = await this.cli(['import:workflow', `--input=${file}`]);
		const output = result.stdout + result.stderr;
		if (/Skipped workflow|Skipping invalid workflow|An error occurred while importing/.test(output)) {
			throw new Error(`import:workflow skipped ${workflow.name}:\n${tail(output)}`);
		}
		return workflow.id;
	}

	/** Imports several workflows with one command (one n8n boot instead of one per workflow). */
	async importWorkflows(workflows: WorkflowFixture[]): Promise<string[]> {
		const file = this.writeFixture('workflows', workflows);
		const result = await this.cli(['import:workflow', `--input=${file}`]);
		const output = result.stdout + result.stderr;
		if (/Skipped workflow|Skipping invalid workflow|An error occurred while importing/.test(output)) {
			throw new Error(`import:workflow skipped workflows:\n${tail(output)}`);
		}
		return workflows.map((workflow) => workflow.id);
	}

	/** Publishes (activates) a workflow in the database. n8n must not be running: `n8n publish:workflow` writes the database only, and a running n8n does not pick the change up. */
	async publishWorkflow(id: string): Promise<void> {
		if (this.server) throw new Error('publish:workflow writes the DB only; stop n8n first or use server.publishWorkflow()');
		// n8n 1.x has no publication: activating is the same step there.
		await this.cli(isN8n1() ? ['update:workflow', `--id=${id}`, '--active=true'] : ['publish:workflow', `--id=${id}`]);
	}

	/** `n8n execute --id=<id> --rawOutput`: runs a workflow that starts with a Manual Trigger. */
	/** `nodeArgs` go to Node before n8n's own (the benchmark's `--cpu-prof`). */
	async execute(workflowId: string, { nodeArgs = [] as string[] } = {}): Promise<ExecuteResult> {
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], { allowFailure: true, nodeArgs });
		const run = parseRunData(result.exitCode === 0 ? result.stdout : result.stdout + result.stderr);
		const ok = result.exitCode === 0 && run !== undefined && !run.data?.resultData?.error;
		return { ...result, ok, run, failure: ok ? undefined : describeFailure(result, run) };
	}

	/** Starts `n8n start` on a free loopback port with the owner from env and a public API key. */
	async start(): Promise<N8nServer> {
		if (this.server) return this.server;
		const server = new N8nServer(this);
		this.server = server;
		try {
			await server.start();
		} catch (error) {
			await server.stop();
			this.server = undefined;
			throw error;
		}
		return server;
	}

	async stop(): Promise<void> {
		const server = this.server;
		this.server = undefined;
		await server?.stop();
	}

	async dispose(): Promise<void> {
		await this.stop();
		if (process.env.E2E_KEEP === '1') {
			process.stderr.write(`[e2e] keeping ${this.userFolder}\n`);
			return;
		}
		rmSync(this.userFolder, { recursive: true, force: true });
	}

	/** Everything this instance's n8n processes printed (for assertion messages). */
	transcriptText(): string {
		return this.transcript.join('\n');
	}

	record(title: string, output: string): void {
		this.transcript.push(`==== ${title}\n${output}`);
	}

	assertPackageLoaded(output: string, where: string): void {
		if (!this.installed && !existsSync(path.join(this.n8nFolder, 'nodes', 'node_modules', PACKAGE_NAME))) return;
		const errors = packageLoadErrors(output);
		if (errors.length) {
			throw new Error(`n8n could not load ${PACKAGE_NAME} (${where}):\n\n${errors.join('\n\n')}`);
		}
	}

	/** bcrypt hash for N8N_INSTANCE_OWNER_PASSWORD_HASH, made with n8n's own bcryptjs. */
	ownerPasswordHash(): string {
		const n8nRequire = createRequire(path.join(this.env.n8nPackageDir, 'package.json'));
		const bcrypt = n8nRequire('bcryptjs') as { hashSync(password: string, rounds: number): string };
		return bcrypt.hashSync(OWNER.password, 10);
	}

	private fixtureCount = 0;

	private writeFixture(kind: string, content: unknown): string {
		const dir = path.join(this.userFolder, 'fixtures');
		mkdirSync(dir, { recursive: true });
		const file = path.join(dir, `${kind}-${++this.fixtureCount}.json`);
		writeFileSync(file, JSON.stringify(content, null, 2));
		return file;
	}
}

function describeFailure(result: RunResult, run: ExecutionRun | undefined): string {
	const error = run?.data?.resultData?.error;
	return [
		`n8n execute: exit ${result.exitCode}${result.signal ? ` (${result.signal})` : ''} after ${result.durationMs} ms, run data ${run ? 'printed' : 'not printed'}`,
		...(error ? [`error: ${error.message}${error.description ? ` (${error.description})` : ''}`] : []),
		`--- stdout (tail) ---\n${tail(result.stdout, 40)}`,
		`--- stderr (tail) ---\n${tail(result.stderr, 40)}`,
	].join('\n');
}

/** The JSON document `n8n execute` prints (pretty-printed, after any log lines). */
export function parseRunData(output: string): ExecutionRun | undefined {
	const lines = output.replace(/\u001b\[[0-9;]*m/g, '').split('\n');
	const starts: number[] = [];
	lines.forEach((line, index) => line === '{' && starts.push(index));
	for (const start of starts) {
		const end = lines.findIndex((line, index) => index > start && line === '}');
		if (end < 0) continue;
		try {
			const parsed = JSON.parse(lines.slice(start, end + 1).join('\n')) as ExecutionRun;
			if (parsed && typeof parsed === 'object' && 'data' in parsed) return parsed;
		} catch {
			/* not this block */
		}
	}
	return undefined;
}

/** Items of a node's first output in a run. */
export function nodeOutput(run: ExecutionRun | undefined, nodeName: string, runIndex = 0): Array<Record<string, unknown>> {
	const nodeRuns = run?.data?.resultData?.runData?.[nodeName];
	if (!nodeRuns) throw new Error(`node "${nodeName}" did not run; ran: ${Object.keys(run?.data?.resultData?.runData ?? {}).join(', ')}`);
	return (nodeRuns[runIndex]?.data?.main?.[0] ?? []).map((item) => item.json);
}

export interface PublicExecution {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
	finished: boolean;
	startedAt: string;
	stoppedAt?: string;
	data?: ExecutionRun['data'];
	[key: string]: unknown;
}

/** A running `n8n start`, with a logged-in owner session and a public API key. */
export class N8nServer {
	port = 0;

	baseUrl = '';

	apiKey = '';

	private process?: LoggedProcess;

	private stopped = false;

	private cookie = '';

	private readonly browserId = `e2e-${randomBytes(6).toString('hex')}`;

	constructor(private readonly instance: N8nInstance) {}

	get log(): string {
		return this.process?.output ?? '';
	}

	async start(): Promise<void> {
		this.port = this.instance.preferredPort ?? (await freePort());
		const brokerPort = await freePort();
		this.baseUrl = `http://127.0.0.1:${this.port}`;
		const env = this.instance.baseEnv({
			N8N_PORT: String(this.port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			WEBHOOK_URL: `${this.baseUrl}/`,
			N8N_SECURE_COOKIE: 'false',
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			N8N_PUBLIC_API_DISABLED: 'false',
			N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
			N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
			N8N_INSTANCE_OWNER_EMAIL: OWNER.email,
			N8N_INSTANCE_OWNER_PASSWORD_HASH: this.instance.ownerPasswordHash(),
			N8N_INSTANCE_OWNER_FIRST_NAME: OWNER.firstName,
			N8N_INSTANCE_OWNER_LAST_NAME: OWNER.lastName,
		});
		const main = spawnLogged(this.instance.env.nodeBin, [this.instance.env.n8nBin, 'start'], {
			cwd: this.instance.userFolder,
			env,
			logFile: path.join(this.instance.userFolder, `n8n-start-${this.port}.log`),
		});
		this.process = main;

		await waitFor(
			async () => {
				if (main.exitCode !== undefined) throw new Error(`n8n start exited with ${main.exitCode}`);
				this.instance.assertPackageLoaded(main.output, 'n8n start');
				if (!main.output.includes('Editor is now accessible via')) return undefined;
				const response = await fetch(`${this.baseUrl}/healthz/readiness`);
				return response.ok ? true : undefined;
			},
			{
				timeoutMs: START_TIMEOUT_MS,
				intervalMs: 250,
				describe: () => `n8n start on ${this.baseUrl}\n--- log ---\n${tail(main.output)}`,
			},
		).catch((error: Error) => {
			// a load error thrown by assertPackageLoaded is the message that matters
			const loadErrors = packageLoadErrors(main.output);
			if (loadErrors.length) throw new Error(`n8n could not load ${PACKAGE_NAME} (n8n start):\n\n${loadErrors.join('\n\n')}`);
			throw error;
		});
		// n8n 1.x answers the owner setup with the owner's session cookie; a CI run once saw the login right after it
		// refused the new password, so that cookie is used and the login is only for an instance set up before.
		// A CI run also saw that cookie refused (401) by the next call: then the login, which retries, makes the session.
		const sessionFromSetup = isN8n1() ? await this.setUpOwner() : false;
		if (!sessionFromSetup || !(await this.sessionWorks())) await this.login();
		this.apiKey = await this.createApiKey();
	}

	private ownerSetup?: string;

	/** n8n 1.x has no N8N_INSTANCE_OWNER_* variables: claim the instance as the setup page does (once per database). */
	private async setUpOwner(): Promise<boolean> {
		const response = await fetch(`${this.baseUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'browser-id': this.browserId },
			body: JSON.stringify({ email: OWNER.email, password: OWNER.password, firstName: OWNER.firstName, lastName: OWNER.lastName }),
		});
		const text = await response.text();
		this.ownerSetup = `POST /rest/owner/setup → ${response.status}: ${text.slice(0, 300)}`;
		if (!response.ok && !/already setup/i.test(text)) throw new Error(this.ownerSetup);
		const cookie = response.ok ? response.headers.getSetCookie().find((value) => value.startsWith('n8n-auth=')) : undefined;
		if (cookie) this.cookie = cookie.split(';')[0];
		return Boolean(cookie);
	}

	async stop(): Promise<void> {
		const main = this.process;
		if (!main || this.stopped) return;
		this.stopped = true;
		await main.stop();
		this.instance.record(`n8n start on ${this.baseUrl}`, main.output);
	}

	/** The owner's session (POST /rest/login); n8n binds it to the browser-id header. */
	async login(): Promise<void> {
		const send = () =>
			fetch(`${this.baseUrl}/rest/login`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'browser-id': this.browserId },
				body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }),
			});
		let response = await send();
		// n8n 1.x right after start once refused the owner's password; a second try a moment later is cheap.
		for (let retry = 0; response.status === 401 && isN8n1() && retry < 3; retry++) {
			await new Promise((resolve) => setTimeout(resolve, 1500));
			response = await send();
		}
		if (!response.ok) {
			const setup = this.ownerSetup ? ` (after ${this.ownerSetup})` : '';
			throw new Error(`POST /rest/login → ${response.status}: ${await response.text()}${setup}`);
		}
		const cookie = response.headers.getSetCookie().find((value) => value.startsWith('n8n-auth='));
		if (!cookie) throw new Error('POST /rest/login set no n8n-auth cookie');
		this.cookie = cookie.split(';')[0];
	}

	/** Whether n8n takes the session cookie (GET /rest/login answers the signed-in user, 401 without one). */
	private async sessionWorks(): Promise<boolean> {
		const response = await fetch(`${this.baseUrl}/rest/login`, { headers: { cookie: this.cookie, 'browser-id': this.browserId } });
		await response.text();
		return response.ok;
	}

	/** Internal REST API (/rest/…) as the logged-in owner. */
	async rest<T = unknown>(method: string, pathname: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.baseUrl}/rest${pathname}`, {
			method,
			headers: {
				cookie: this.cookie,
				'browser-id': this.browserId,
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} /rest${pathname} → ${response.status}: ${text}`);
		const parsed = text ? (JSON.parse(text) as { data?: T }) : {};
		return (parsed && typeof parsed === 'object' && 'data' in parsed ? parsed.data : parsed) as T;
	}

	/** Any other path (e.g. /types/credentials.json, the editor's type lists) as the logged-in owner. */
	async getJson<T = unknown>(pathname: string): Promise<T> {
		const response = await fetch(`${this.baseUrl}${pathname}`, {
			headers: { cookie: this.cookie, 'browser-id': this.browserId },
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`GET ${pathname} → ${response.status}: ${text}`);
		return JSON.parse(text) as T;
	}

	/** Public API (/api/v1/…) with the X-N8N-API-KEY header. */
	async api<T = unknown>(method: string, pathname: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.baseUrl}/api/v1${pathname}`, {
			method,
			headers: {
				'X-N8N-API-KEY': this.apiKey,
				accept: 'application/json',
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} /api/v1${pathname} → ${response.status}: ${text}`);
		return (text ? JSON.parse(text) : undefined) as T;
	}

	/** An API key with every scope the owner may grant (GET /rest/api-keys/scopes, POST /rest/api-keys). */
	private async createApiKey(): Promise<string> {
		const scopes = await this.rest<string[]>('GET', '/api-keys/scopes');
		const created = await this.rest<{ rawApiKey: string }>('POST', '/api-keys', {
			label: `e2e-${randomBytes(4).toString('hex')}`, // one key per start; labels are unique per user
			scopes,
			expiresAt: null,
		});
		if (!created?.rawApiKey) throw new Error('POST /rest/api-keys returned no rawApiKey');
		return created.rawApiKey;
	}

	async publishWorkflow(id: string): Promise<void> {
		await this.api('POST', `/workflows/${id}/${isN8n1() ? 'activate' : 'publish'}`);
	}

	async unpublishWorkflow(id: string): Promise<void> {
		await this.api('POST', `/workflows/${id}/${isN8n1() ? 'deactivate' : 'unpublish'}`);
	}

	async getWorkflow(id: string): Promise<Record<string, unknown>> {
		return await this.api('GET', `/workflows/${id}`);
	}

	/** GET /api/v1/executions?workflowId=…&includeData=… (newest first, all pages). */
	async executions(workflowId: string, { includeData = true, status }: { includeData?: boolean; status?: string } = {}): Promise<PublicExecution[]> {
		const all: PublicExecution[] = [];
		let cursor: string | undefined;
		do {
			const query = new URLSearchParams({ workflowId, includeData: String(includeData), limit: '100' });
			if (status) query.set('status', status);
			if (cursor) query.set('cursor', cursor);
			const page = await this.api<{ data: PublicExecution[]; nextCursor?: string | null }>('GET', `/executions?${query}`);
			all.push(...page.data);
			cursor = page.nextCursor ?? undefined;
		} while (cursor);
		return all;
	}

	/** Waits until the workflow has at least `count` finished executions (any status). */
	async waitForExecutions(workflowId: string, count: number, timeoutMs = 90_000): Promise<PublicExecution[]> {
		return await waitFor(
			async () => {
				const executions = (await this.executions(workflowId)).filter((execution) => execution.stoppedAt);
				return executions.length >= count ? executions : undefined;
			},
			{
				timeoutMs,
				intervalMs: 1000,
				describe: () => `${count} execution(s) of workflow ${workflowId}\n--- n8n log ---\n${tail(this.log, 60)}`,
			},
		);
	}
}
