import path from 'node:path';

import { N8nInstance, type N8nServer } from './instance';
import { startPostgres, type PostgresServer } from './postgres';
import { freePort, spawnLogged, tail, waitFor, type LoggedProcess } from './process';

/**
 * n8n's queue mode as a self-hoster runs it: one PostgreSQL, one Redis, `n8n start` (the main: editor, webhooks,
 * triggers and pollers) and `n8n worker` processes that take the executions from the Bull queue in Redis. All
 * processes share the database, the encryption key and the user folder (so the community package installed
 * there is loaded by every one of them, as it must be on every worker). Each process gets its own task-broker port
 * and event-log file name, which n8n would otherwise give all of them alike.
 */
export interface RedisAddress {
	/** Default 127.0.0.1. */
	host?: string;
	port: number;
}

export interface QueueModeOptions {
	name?: string;
	redis: RedisAddress;
	workers?: number;
	/** `n8n worker --concurrency` (n8n warns below 5). */
	concurrency?: number;
	/** `n8n webhook` processes beside the main: each answers production webhooks on a port of its own. */
	webhookProcesses?: number;
	/** Extra environment for every process (main and workers). */
	env?: Record<string, string>;
}

const SIDE_PROCESS_START_TIMEOUT_MS = 150_000;

/**
 * An n8n process beside the main (`n8n worker`, `n8n webhook`): same user folder, database and key, a task-broker
 * port and event-log name of its own; started until it prints `readyText`, its output kept for failure messages.
 */
abstract class N8nSideProcess {
	private process?: LoggedProcess;

	private stopped = false;

	constructor(
		protected readonly instance: N8nInstance,
		readonly index: number,
		private readonly command: string,
		private readonly readyText: string,
	) {}

	get log(): string {
		return this.process?.output ?? '';
	}

	/** The command's arguments after its name, and the environment it needs beyond the shared one. */
	protected abstract launch(): Promise<{ args: string[]; env: Record<string, string> }>;

	async start(): Promise<void> {
		const label = `n8n ${this.command} ${this.index}`;
		const { args, env } = await this.launch();
		const child = spawnLogged(this.instance.env.nodeBin, [this.instance.env.n8nBin, this.command, ...args], {
			cwd: this.instance.userFolder,
			env: this.instance.baseEnv({
				N8N_RUNNERS_BROKER_PORT: String(await freePort()),
				N8N_EVENTBUS_LOGWRITER_LOGBASENAME: `n8nEventLog-${this.command}-${this.index}`,
				...env,
			}),
			logFile: path.join(this.instance.userFolder, `n8n-${this.command}-${this.index}.log`),
		});
		this.process = child;
		await waitFor(
			() => {
				if (child.exitCode !== undefined) throw new Error(`${label} exited with ${child.exitCode}`);
				this.instance.assertPackageLoaded(child.output, label);
				return child.output.includes(this.readyText) ? true : undefined;
			},
			{ timeoutMs: SIDE_PROCESS_START_TIMEOUT_MS, intervalMs: 250, describe: () => `${label}\n--- log ---\n${tail(child.output)}` },
		);
	}

	async stop(): Promise<void> {
		const child = this.process;
		if (!child || this.stopped) return;
		this.stopped = true;
		await child.stop();
		this.instance.record(`n8n ${this.command} ${this.index}`, child.output);
	}
}

/** One `n8n worker` process. */
export class N8nWorker extends N8nSideProcess {
	constructor(
		instance: N8nInstance,
		index: number,
		private readonly concurrency: number,
	) {
		super(instance, index, 'worker', 'n8n worker is now ready');
	}

	/** Execution ids this worker took from the queue ("Worker started execution <id> (job <n>)"). */
	startedExecutions(): string[] {
		return [...this.log.matchAll(/Worker started execution (\d+)/g)].map((match) => match[1]);
	}

	protected async launch() {
		return { args: [`--concurrency=${this.concurrency}`], env: {} };
	}
}

/**
 * One `n8n webhook` process: it serves the production webhooks of published workflows on its own port (as a
 * load balancer's second target would) and puts their executions on the queue, like the main does.
 */
export class N8nWebhookProcess extends N8nSideProcess {
	port = 0;

	constructor(instance: N8nInstance, index: number) {
		super(instance, index, 'webhook', 'Webhook listener waiting for requests');
	}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	protected async launch() {
		this.port = await freePort();
		return { args: [], env: { N8N_PORT: String(this.port), N8N_LISTEN_ADDRESS: '127.0.0.1' } };
	}
}

/**
 * A queue-mode n8n: `create()` starts PostgreSQL and installs the package (n8n migrates the database on that first
 * command); import credentials and workflows and publish them through `instance` before `start()`, which starts
 * the main and the workers. `dispose()` stops every process and removes every folder, also after a failure.
 */
export class N8nQueueMode {
	readonly workers: N8nWorker[] = [];

	readonly webhookProcesses: N8nWebhookProcess[] = [];

	main?: N8nServer;

	private constructor(
		readonly instance: N8nInstance,
		readonly postgres: PostgresServer,
		private readonly options: QueueModeOptions,
	) {}

	static async create(options: QueueModeOptions): Promise<N8nQueueMode> {
		const name = options.name ?? 'st-e2e-queue';
		const postgres = await startPostgres({ name: `${name}-pg` });
		let instance: N8nInstance | undefined;
		try {
			instance = await N8nInstance.create({
				name,
				env: {
					...postgres.n8nEnv,
					EXECUTIONS_MODE: 'queue',
					QUEUE_BULL_REDIS_HOST: options.redis.host ?? '127.0.0.1',
					QUEUE_BULL_REDIS_PORT: String(options.redis.port),
					QUEUE_HEALTH_CHECK_ACTIVE: 'false',
					...options.env,
				},
			});
		} catch (error) {
			await postgres.stop();
			throw error;
		}
		return new N8nQueueMode(instance, postgres, options);
	}

	/** Starts the main (`n8n start`: waits for its editor, logs in) and the workers side by side. */
	async start(): Promise<void> {
		const count = this.options.workers ?? 2;
		for (let index = 1; index <= count; index++) this.workers.push(new N8nWorker(this.instance, index, this.options.concurrency ?? 10));
		for (let index = 1; index <= (this.options.webhookProcesses ?? 0); index++) this.webhookProcesses.push(new N8nWebhookProcess(this.instance, index));
		const [main] = await Promise.all([this.instance.start(), ...this.workers.map((worker) => worker.start())]);
		this.main = main;
		// After the main: it has migrated the database and published the workflows the webhook processes serve.
		await Promise.all(this.webhookProcesses.map((webhook) => webhook.start()));
	}

	/** Execution ids the main put on the queue ("Enqueued execution <id> (job <n>)"): its webhooks and pollers. */
	enqueuedByMain(): string[] {
		return [...(this.main?.log ?? '').matchAll(/Enqueued execution (\d+)/g)].map((match) => match[1]);
	}

	/** Which worker ran each execution id (undefined: none of them did). */
	workerOf(executionId: string): number | undefined {
		return this.workers.find((worker) => worker.startedExecutions().includes(String(executionId)))?.index;
	}

	/** Main's and every worker's output, for assertion messages. */
	transcript(): string {
		return [
			`--- main ---\n${tail(this.main?.log ?? '', 40)}`,
			...this.workers.map((worker) => `--- worker ${worker.index} ---\n${tail(worker.log, 40)}`),
			...this.webhookProcesses.map((webhook) => `--- webhook ${webhook.index} ---\n${tail(webhook.log, 40)}`),
		].join('\n');
	}

	async dispose(): Promise<void> {
		const errors: unknown[] = [];
		const attempt = async (step: () => Promise<void>) => {
			try {
				await step();
			} catch (error) {
				errors.push(error);
			}
		};
		await Promise.all([...this.workers, ...this.webhookProcesses].map((process) => attempt(() => process.stop())));
		await attempt(() => this.instance.dispose());
		await attempt(() => this.postgres.stop());
		if (errors.length) throw errors[0];
	}
}
