/**
 * `npm run simulator [-- --port 4730 --latency 50 --size demo --no-rate-limit --seed 1]`
 * Starts the local ServiceTitan and prints what a credential needs. Webhooks as in the developer
 * portal: `--webhook tn.jpm.job-completed=https://n8n.example/webhook/…` (repeatable; types may be
 * comma-separated or `*`), `--webhook-key <app HMAC key>`, `--webhook-retry-ms 10000,30000,60000,300000`.
 */
import { startSimulator, type SimulatorOptions, type WebhookSubscription } from './index';

const USAGE = `Usage: npm run simulator -- [--port N] [--latency MS] [--size small|demo] [--no-rate-limit] [--seed N] [--export-page-size N] [--epoch now|fixed|ISO date]
       [--webhook <type[,type…]|*>=<url>]… [--webhook-key KEY] [--webhook-encoding hex|base64] [--webhook-retry-ms MS,MS,…]`;

function parseArgs(argv: string[]): SimulatorOptions {
	// Standalone runs (demo, benchmarks) live in real time, so triggers started "from now" see new records as new.
	const options: SimulatorOptions = { port: 4730, epoch: Date.now() };
	const webhooks: WebhookSubscription[] = [];
	let webhookKey: string | undefined;
	let webhookEncoding: 'hex' | 'base64' = 'hex';
	const number = (flag: string, value: string | undefined): number => {
		const parsed = Number(value);
		if (value === undefined || !Number.isFinite(parsed) || parsed < 0) throw new Error(`${flag} needs a non-negative number`);
		return parsed;
	};
	for (let i = 0; i < argv.length; i++) {
		// Split at the first '=' only: webhook values carry their own ('type=url').
		const eq = argv[i].indexOf('=');
		const flag = eq === -1 ? argv[i] : argv[i].slice(0, eq);
		const inline = eq === -1 ? undefined : argv[i].slice(eq + 1);
		const value = (): string | undefined => inline ?? argv[++i];
		switch (flag) {
			case '--port':
				options.port = number(flag, value());
				break;
			case '--latency':
				options.latencyMs = number(flag, value());
				break;
			case '--size': {
				const size = value();
				if (size !== 'small' && size !== 'demo') throw new Error('--size must be small or demo');
				options.size = size;
				break;
			}
			case '--no-rate-limit':
				options.requestsPerSecond = false;
				break;
			case '--seed':
				options.seed = number(flag, value());
				break;
			case '--epoch': {
				const epoch = value();
				if (epoch === 'fixed') options.epoch = undefined;
				else if (epoch === 'now') options.epoch = Date.now();
				else if (epoch && !Number.isNaN(Date.parse(epoch))) options.epoch = Date.parse(epoch);
				else throw new Error('--epoch takes now, fixed or an ISO date');
				break;
			}
			case '--export-page-size':
				options.exportPageSize = number(flag, value());
				break;
			case '--webhook': {
				const spec = value() ?? '';
				const at = spec.indexOf('=');
				const url = spec.slice(at + 1);
				if (at <= 0 || !/^https?:\/\//.test(url)) throw new Error('--webhook takes <event type(s)>=<http(s) url>');
				for (const eventType of spec
					.slice(0, at)
					.split(',')
					.map((t) => t.trim())
					.filter(Boolean))
					webhooks.push({ eventType, url });
				break;
			}
			case '--webhook-key':
				webhookKey = value();
				if (!webhookKey) throw new Error('--webhook-key needs a key');
				break;
			case '--webhook-encoding': {
				const encoding = value();
				if (encoding !== 'hex' && encoding !== 'base64') throw new Error('--webhook-encoding must be hex or base64');
				webhookEncoding = encoding;
				break;
			}
			case '--webhook-retry-ms': {
				const delays = (value() ?? '').split(',').map((d) => number(flag, d));
				options.webhooks = { ...options.webhooks, retryDelaysMs: delays };
				break;
			}
			case '--help':
			case '-h':
				console.log(USAGE);
				process.exit(0);
				break;
			default:
				throw new Error(`Unknown option ${flag}`);
		}
	}
	if (webhooks.length) {
		options.webhooks = { ...options.webhooks, subscriptions: webhooks.map((w) => ({ ...w, key: webhookKey, encoding: webhookEncoding })) };
	}
	return options;
}

async function main(): Promise<void> {
	let options: SimulatorOptions;
	try {
		options = parseArgs(process.argv.slice(2));
	} catch (error) {
		console.error(`${(error as Error).message}\n${USAGE}`);
		process.exit(2);
	}
	const sim = await startSimulator(options);
	const customers = sim.store.collection('customers').records.size;
	console.log(
		[
			`ServiceTitan simulator listening on ${sim.url} (${sim.catalogSource} catalog, ${sim.router.routes.length} routes, ${customers} customers)`,
			`  Auth URL       ${sim.authUrl}   (POST /connect/token)`,
			`  API base URL   ${sim.apiBaseUrl}   (e.g. ${sim.apiBaseUrl}/crm/v2/tenant/${sim.credentials.tenantId}/customers)`,
			`  Tenant ID      ${sim.credentials.tenantId}`,
			`  Client ID      ${sim.credentials.clientId}`,
			`  Client Secret  ${sim.credentials.clientSecret}`,
			`  App Key        ${sim.credentials.appKey}`,
			`  Rate limit     ${options.requestsPerSecond === false ? 'off' : '60 requests/s per app key and tenant'}${options.latencyMs ? `, latency ${options.latencyMs} ms` : ''}`,
			...sim.webhooks.subscriptions().map((s) => `  Webhook        ${s.eventType} → ${s.url}${s.key ? ' (signed)' : ' (unsigned)'}`),
			`  Webhook control ${sim.url}/_simulator/webhooks   (GET, POST { eventTypes, url, key }, POST /emit, POST /replay, DELETE)`,
			'Press Ctrl+C to stop.',
		].join('\n'),
	);
	let stopping = false;
	const stop = (signal: NodeJS.Signals): void => {
		if (stopping) return;
		stopping = true;
		console.log(`\n${signal}: stopping after ${sim.stats().requests} requests`);
		sim.close().then(
			() => process.exit(0),
			(error: unknown) => {
				console.error(error);
				process.exit(1);
			},
		);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
