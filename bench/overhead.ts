/**
 * Scenario 4: client overhead at zero latency with no rate limit. Each variant runs in its own
 * child process (the simulator's CPU is not counted); variants alternate round by round so that
 * drift in the machine's load hits all of them alike; medians over the rounds.
 */
import { startSimulator } from '../test/simulator';
import type { OverheadInput, OverheadResult } from './child';
import { log, median, runChild } from './lib';

export interface OverheadSummary {
	variant: OverheadInput['variant'];
	label: string;
	rounds: number;
	requests: number;
	concurrency: number;
	cpuUsPerRequest: number;
	requestsPerSecond: number;
	cpuUsRounds: number[];
	errors: number;
}

const LABELS: Record<OverheadInput['variant'], string> = {
	transport: 'our transport (ServiceTitanClient, rateLimit: false)',
	undici: 'raw undici request() on the same keep-alive pool',
	n8n: "n8n-core's helpers.httpRequest (axios)",
};

export async function runOverhead({ rounds = 5, requests = 5000, warmup = 1000, concurrency = 20 } = {}): Promise<OverheadSummary[]> {
	const sim = await startSimulator({ requestsPerSecond: false, latencyMs: 0, maxLogEntries: 1000 });
	try {
		const id = sim.store.list('crm:customers')[0].id;
		const connection = { authUrl: sim.authUrl, apiBaseUrl: sim.apiBaseUrl, credentials: sim.credentials };
		const variants: OverheadInput['variant'][] = ['transport', 'undici', 'n8n'];
		const results = new Map<string, OverheadResult[]>(variants.map((v) => [v, []]));
		for (let round = 1; round <= rounds; round++) {
			for (const variant of variants) {
				// n8n's helper is ~6× slower per request: fewer requests keep the round short.
				const count = variant === 'n8n' ? Math.round(requests / 2) : requests;
				const result = await runChild<OverheadResult>(
					'overhead',
					{ sim: connection, variant, path: `customers/${id}`, warmup, requests: count, concurrency },
					{ timeoutMs: 90_000 },
				);
				results.get(variant)!.push(result);
				log(`overhead round ${round} ${variant}: ${result.cpuUs.toFixed(1)} µs CPU/request, ${Math.round((result.requests / result.ms) * 1000)} req/s`);
			}
		}
		return variants.map((variant) => {
			const list = results.get(variant)!;
			return {
				variant,
				label: LABELS[variant],
				rounds: list.length,
				requests: list[0]?.requests ?? 0,
				concurrency,
				cpuUsPerRequest: median(list.map((r) => r.cpuUs)),
				requestsPerSecond: median(list.map((r) => (r.requests / r.ms) * 1000)),
				cpuUsRounds: list.map((r) => r.cpuUs),
				errors: list.reduce((sum, r) => sum + r.errors, 0),
			};
		});
	} finally {
		await sim.close();
	}
}

if (require.main === module) {
	runOverhead({ rounds: Number(process.argv[2] ?? 5) }).then((summary) => {
		for (const s of summary)
			console.log(
				`${s.variant.padEnd(10)} ${s.cpuUsPerRequest.toFixed(1).padStart(7)} µs/req  ${Math.round(s.requestsPerSecond)} req/s  rounds ${s.cpuUsRounds.map((v) => v.toFixed(0)).join(' ')}`,
			);
		const ours = summary.find((s) => s.variant === 'transport')!;
		const raw = summary.find((s) => s.variant === 'undici')!;
		console.log(`ratio transport/undici ${(ours.cpuUsPerRequest / raw.cpuUsPerRequest).toFixed(2)}`);
	});
}
