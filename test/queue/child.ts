/**
 * One n8n-like process of a queue-mode fleet: `node -r ts-node/register/transpile-only test/queue/child.ts`
 * with its task as JSON in QUEUE_CHILD_INPUT and the Redis settings in its environment, exactly as a
 * worker would get them. It builds its clients the way the node does (the process-wide limiter factory,
 * chosen from the environment), prints `ready`, waits for `go` on stdin, sends its requests all at once,
 * prints one JSON line with the outcome, and then has to exit by itself: nothing may keep it alive.
 */
import { createInterface } from 'node:readline';

import { LocalLimiterFactory, setLimiterFactory, shareOf } from '../../nodes/ServiceTitan/limits';
import { ServiceTitanClient, type ServiceTitanConnection } from '../../nodes/ServiceTitan/transport';

export interface ChildTask {
	label: string;
	authUrl: string;
	apiBaseUrl: string;
	tenantId: string;
	clientId: string;
	clientSecret: string;
	appKey: string;
	/** `create`: POST customers with a unique name per request (a write sent twice shows as a duplicate). */
	kind: 'create' | 'report';
	requests: number;
	/** Report runs: the report to run and the runs per minute the credential allows. */
	reportId?: string;
	reportRunsPerMinute?: number;
	/**
	 * Each process keeps to 1/`localShare` of the budget with its own local limiter (what it keeps while Redis is
	 * away), instead of the factory the environment chooses: the fleet's budget without sharing anything.
	 */
	localShare?: number;
}

export interface ChildResult {
	label: string;
	ok: number;
	failed: number;
	errors: string[];
	warnings: string[];
	/** CPU time of the whole burst (user + system), this process only. */
	cpuMs: number;
	ms: number;
}

const ADDRESS = { street: '1 Congress Ave', city: 'Austin', state: 'TX', zip: '78701', country: 'USA' };
const CUSTOMER = { type: 'Residential', address: ADDRESS, locations: [{ name: 'Home', address: ADDRESS }] };

async function main(): Promise<void> {
	const task = JSON.parse(process.env.QUEUE_CHILD_INPUT ?? '{}') as ChildTask;
	const warnings: string[] = [];
	if (task.localShare) {
		const local = new LocalLimiterFactory();
		const processes = task.localShare;
		setLimiterFactory({ get: (key, settings) => local.get(key, shareOf(settings, processes)) });
	}
	const connection: ServiceTitanConnection = {
		environment: 'custom',
		authUrl: task.authUrl,
		apiBaseUrl: task.apiBaseUrl,
		tenantId: task.tenantId,
		clientId: task.clientId,
		clientSecret: task.clientSecret,
		appKey: task.appKey,
		reportRunsPerMinute: task.reportRunsPerMinute,
	};
	const client = new ServiceTitanClient(connection, {
		logger: { debug: () => undefined, warn: (message) => warnings.push(message) },
	});
	await client.ensureAccessToken();
	process.stdout.write('ready\n');
	await new Promise<void>((resolve) => {
		const lines = createInterface({ input: process.stdin });
		lines.on('line', (line) => {
			if (line.trim() === 'go') {
				lines.close();
				process.stdin.destroy();
				resolve();
			}
		});
	});

	const cpuBefore = process.cpuUsage();
	const started = performance.now();
	const outcomes = await Promise.allSettled(
		Array.from({ length: task.requests }, (_, i) =>
			task.kind === 'report'
				? client.request({
						module: 'reporting',
						method: 'POST',
						path: `report-category/operations/reports/${task.reportId}/data`,
						body: {
							parameters: [
								{ name: 'From', value: '2020-01-01' },
								{ name: 'To', value: '2030-12-31' },
							],
						},
						query: { pageSize: 1, tag: `${task.label}-${i}` },
						reportId: `operations/${task.reportId}`,
					})
				: client.request({ module: 'crm', method: 'POST', path: 'customers', body: { ...CUSTOMER, name: `${task.label}-${i}` } }),
		),
	);
	const cpu = process.cpuUsage(cpuBefore);
	const errors = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected').map((o) => String((o.reason as Error)?.message ?? o.reason));
	const result: ChildResult = {
		label: task.label,
		ok: outcomes.length - errors.length,
		failed: errors.length,
		errors: [...new Set(errors)].slice(0, 5),
		warnings,
		cpuMs: (cpu.user + cpu.system) / 1000,
		ms: performance.now() - started,
	};
	process.stdout.write(`${JSON.stringify(result)}\n`);
	if (process.env.QUEUE_CHILD_DEBUG) setTimeout(() => process.stderr.write(`still alive: ${process.getActiveResourcesInfo().join(', ')}\n`), 8000).unref();
}

main().catch((error: unknown) => {
	process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
	process.exitCode = 1;
});
