/**
 * 10,000 mixed reads and writes through the transport against a simulator that injects faults at
 * random: 429 with and without Retry-After, 500/502/503, resets before and after the request is
 * applied, bodies slower than the timeout, malformed JSON, a failing token endpoint, tokens that
 * expire every 2 s and a gateway that echoes the request's headers into its error body.
 * Figures: .test-reports/faults/transport.json.
 */
import { Random } from '../simulator/random';
import { startSimulator, type FaultSpec, type Simulator } from '../simulator';
import { LocalLimiterFactory } from '../../nodes/ServiceTitan/limits';
import { ServiceTitanClient, ServiceTitanError, TokenCache, closeSharedDispatcher, type RequestOptions } from '../../nodes/ServiceTitan/transport';
import { countSecrets, errorSurfaces } from './secrets';
import { writeFaultReport } from './report';

const TOTAL = 10_000;
const CONCURRENCY = 32;
const RATE = 1000;
const TIMEOUT_MS = 400;

type Kind = 'read' | 'list' | 'create' | 'update';
interface Outcome {
	kind: Kind;
	marker?: string;
	ok: boolean;
	error?: ServiceTitanError | Error;
}

let sim: Simulator;
afterAll(async () => {
	await sim?.close();
	await closeSharedDispatcher();
});

test(`${TOTAL.toLocaleString('en-US')} mixed requests with random faults: no write twice, none silently, no secret`, async () => {
	sim = await startSimulator({ size: 'small', requestsPerSecond: RATE, tokenTtlSeconds: 2 });
	const random = new Random(20261201);
	const injected: Record<string, number> = {};
	const count = (kind: string) => void (injected[kind] = (injected[kind] ?? 0) + 1);
	const tokens = new Set<string>();
	const { appKey, clientSecret } = sim.credentials;

	sim.setFaultPolicy((method, path, headers): Omit<FaultSpec, 'method' | 'path'> | undefined => {
		if (path.endsWith('/connect/token')) {
			if (!random.chance(0.05)) return undefined;
			count('token endpoint 503');
			return { type: 'status', status: 503 };
		}
		const r = random.next();
		if (r < 0.05) return (count('429 with Retry-After'), { type: 'status', status: 429, retryAfter: '1' });
		if (r < 0.1) return (count('429 without Retry-After'), { type: 'status', status: 429, retryAfter: '', body: { title: 'Too many requests', status: 429 } });
		if (r < 0.15) {
			const status = random.pick([500, 502, 503]);
			count(`${status}`);
			return { type: 'status', status };
		}
		if (r < 0.16) return (count('reset before apply'), { type: 'reset' });
		if (r < 0.17) return (count('reset after apply'), { type: 'resetAfterApply' });
		if (r < 0.175) return (count('slow body past the timeout'), { type: 'slowBody', delayMs: TIMEOUT_MS * 3 });
		if (r < 0.18) return (count('malformed JSON (200)'), { type: 'malformedJson' });
		if (r < 0.182 && method === 'GET') {
			count('400 echoing request headers');
			return { type: 'status', status: 400, body: { title: 'Bad request', echo: { authorization: headers.authorization, 'st-app-key': headers['st-app-key'] } } };
		}
		return undefined;
	});

	class RecordingTokenCache extends TokenCache {
		override async get(...args: Parameters<TokenCache['get']>) {
			const token = await super.get(...args);
			tokens.add(token.value);
			return token;
		}
	}
	const client = new ServiceTitanClient(
		{ environment: 'custom', authUrl: sim.authUrl, apiBaseUrl: sim.apiBaseUrl, ...sim.credentials, requestsPerSecond: RATE },
		{
			tokenCache: new RecordingTokenCache(),
			limiterFactory: new LocalLimiterFactory(),
			retry: { baseDelayMs: 10, maxDelayMs: 50 },
			timeoutMs: TIMEOUT_MS,
		},
	);

	const customers = sim.store.list('crm:customers').map((c) => Number(c.id));
	const plan: Array<{ kind: Kind; options: RequestOptions; marker?: string }> = [];
	for (let i = 0; i < TOTAL; i++) {
		const customer = customers[i % customers.length];
		const r = random.next();
		const marker = `fault-run-${i}`;
		if (r < 0.6) plan.push({ kind: 'read', options: { module: 'crm', method: 'GET', path: `customers/${customer}` } });
		else if (r < 0.7) plan.push({ kind: 'list', options: { module: 'crm', method: 'GET', path: 'customers', query: { page: 1, pageSize: 5 } } });
		else if (r < 0.9) plan.push({ kind: 'create', marker, options: { module: 'crm', method: 'POST', path: `customers/${customer}/notes`, body: { text: marker } } });
		else plan.push({ kind: 'update', marker, options: { module: 'crm', method: 'PATCH', path: `customers/${customer}`, body: { name: marker } } });
	}

	const outcomes: Outcome[] = [];
	let next = 0;
	const started = Date.now();
	await Promise.all(
		Array.from({ length: CONCURRENCY }, async () => {
			while (next < plan.length) {
				const { kind, options, marker } = plan[next++];
				try {
					await client.request(options);
					outcomes.push({ kind, marker, ok: true });
				} catch (error) {
					outcomes.push({ kind, marker, ok: false, error: error as Error });
				}
			}
		}),
	);
	const seconds = (Date.now() - started) / 1000;

	// A write is applied when the simulator answered it 2xx, whether or not the reply arrived.
	const applied = new Map<string, number>();
	for (const entry of sim.log) {
		const marker = (entry.body as { text?: string; name?: string } | undefined)?.text ?? (entry.body as { name?: string } | undefined)?.name;
		if (typeof marker === 'string' && marker.startsWith('fault-run-') && entry.status >= 200 && entry.status < 300) {
			applied.set(marker, (applied.get(marker) ?? 0) + 1);
		}
	}
	const writes = outcomes.filter((o) => o.kind === 'create' || o.kind === 'update');
	const reads = outcomes.filter((o) => o.kind === 'read' || o.kind === 'list');
	const status = (o: Outcome) => (o.error as { status?: number } | undefined)?.status;
	// Reads are retried after 500s too (up to three tries); the header echo is a 400, the one read meant to fail.
	const readsRefused = reads.filter((o) => !o.ok && status(o) === 400);
	const readsFailed = reads.filter((o) => !o.ok && status(o) !== 400);
	const duplicates = [...applied.values()].filter((n) => n > 1).length;
	const reportedMaybe = writes.filter((o) => !o.ok && (o.error as ServiceTitanError).mayHaveBeenApplied);
	const failedSilently = writes.filter((o) => !o.ok && !(o.error as ServiceTitanError).mayHaveBeenApplied && (applied.get(o.marker!) ?? 0) > 0);
	const lostSuccesses = writes.filter((o) => o.ok && (applied.get(o.marker!) ?? 0) !== 1);
	const secrets = countSecrets(
		outcomes.flatMap((o) => (o.error ? errorSurfaces(o.error) : [])),
		[clientSecret, appKey, ...tokens],
	);
	const stats = sim.stats();

	writeFaultReport(
		'transport',
		`Transport: ${TOTAL.toLocaleString('en-US')} mixed requests, ${CONCURRENCY} in flight, limiter and simulator at ${RATE}/s, retry waits capped at 50 ms, timeout ${TIMEOUT_MS} ms`,
		[
			['requests reaching the simulator (retries and tokens included)', stats.requests],
			['tokens issued (2 s lifetime)', tokens.size],
			...Object.entries(injected)
				.sort(([a], [b]) => a.localeCompare(b))
				.map(([kind, n]): [string, number] => [`fault: ${kind}`, n]),
			['reads', reads.length],
			['reads refused by the injected 400 (not retried: the request itself is wrong)', readsRefused.length],
			['reads failed after retries', readsFailed.length],
			['writes intended', writes.length],
			['writes succeeded', writes.filter((o) => o.ok).length],
			['writes applied (distinct)', applied.size],
			['writes applied twice or more (duplicates)', duplicates],
			['writes failed, reported "may have been applied"', reportedMaybe.length],
			['  of those actually applied', reportedMaybe.filter((o) => (applied.get(o.marker!) ?? 0) > 0).length],
			['writes failed without that warning but applied', failedSilently.length],
			['secrets found in errors', secrets],
			['max requests in any second (simulator)', stats.maxInAnySecond],
			['wall time (s)', seconds],
		],
	);

	if (process.env.FAULTS_DEBUG) {
		const tally = (list: Outcome[]) =>
			list.reduce<Record<string, number>>((acc, o) => ((acc[String(o.error?.message).slice(0, 90)] = (acc[String(o.error?.message).slice(0, 90)] ?? 0) + 1), acc), {});
		console.log(
			tally(readsFailed),
			outcomes.filter((o) => o.error && countSecrets(errorSurfaces(o.error), [clientSecret, appKey, ...tokens]) > 0).map((o) => errorSurfaces(o.error)),
		);
	}
	expect(duplicates).toBe(0);
	expect(failedSilently.map((o) => o.error?.message)).toEqual([]);
	expect(lostSuccesses).toEqual([]);
	expect(secrets).toBe(0);
	// A read fails only when all 6 attempts meet a fault (429s count among them): at this mix (about 27 % of attempts
	// faulted) that is a few in 10,000 reads, so the bound is 0.1 %; 500s are retried like other 5xx.
	expect(readsFailed.length).toBeLessThanOrEqual(Math.ceil(reads.length / 1000));
	expect(reportedMaybe.length).toBeGreaterThan(0);
	expect(stats.maxInAnySecond).toBeLessThanOrEqual(RATE);
});
