/**
 * Scenario 7: Customer > Find or Create as the lead-intake recipe (External Key = the lead's ID, then phone), 500 leads
 * per run against the simulator with ServiceTitan's latency and its 60 requests/second limit: the first run creates
 * every customer, the same leads again find each by its key, and the same people from another lead source (new keys,
 * same phones) are found by phone. What each costs in requests per item and items per second.
 */
import { startSimulator } from '../test/simulator';
import type { FindOrCreateResult } from './child';
import { log, runChild } from './lib';

export const FIND_OR_CREATE_LEADS = 500;
const LATENCY_MS = 100;

export interface FindOrCreateRow {
	label: string;
	items: number;
	requests: number;
	requestsPerItem: number;
	itemsPerSecond: number;
	ms: number;
	created: number;
	found: string;
	rateLimited: number;
	error?: string;
}

export async function runFindOrCreate(): Promise<FindOrCreateRow[]> {
	const sim = await startSimulator({ latencyMs: LATENCY_MS, requestsPerSecond: 60, epoch: Date.now(), maxLogEntries: 50_000 });
	const rows: FindOrCreateRow[] = [];
	try {
		const connection = { authUrl: sim.authUrl, apiBaseUrl: sim.apiBaseUrl, credentials: sim.credentials };
		const leads = (source: string) =>
			Array.from({ length: FIND_OR_CREATE_LEADS }, (_, i) => ({
				name: `Bench lead ${i}`,
				leadId: `${source}-${i}`,
				phone: `512${String(5_000_000 + i).padStart(7, '0')}`,
			}));
		const runs: Array<[string, ReturnType<typeof leads>]> = [
			['new leads: created (key, phone, create)', leads('WEB')],
			['the same leads again: found by External Key', leads('WEB')],
			['the same people, another source: found by phone', leads('PHONE')],
		];
		for (const [label, input] of runs) {
			log(`find or create: ${label} × ${input.length}`);
			const from = sim.log.length;
			const result = await runChild<FindOrCreateResult>('findOrCreate', { sim: connection, leads: input }, { timeoutMs: 180_000 });
			// The child's warm-up read is its first API request.
			const api = sim.log
				.slice(from)
				.filter((entry) => entry.path.includes('/tenant/'))
				.slice(1);
			const requests = api.filter((entry) => entry.status !== 429).length;
			rows.push({
				label,
				items: input.length,
				requests,
				requestsPerItem: requests / input.length,
				itemsPerSecond: (result.outputItems / result.ms) * 1000,
				ms: result.ms,
				created: result.created,
				found:
					Object.entries(result.matchedOn)
						.map(([on, n]) => `${n} by ${on}`)
						.join(', ') || '–',
				rateLimited: api.filter((entry) => entry.status === 429).length,
				error: result.executionError,
			});
			log(`  ${Math.round(result.ms)} ms, ${requests} requests, ${result.created} created, ${JSON.stringify(result.matchedOn)}`);
		}
		const customers = sim.store.list('crm:customers').filter((customer) => String(customer.name).startsWith('Bench lead ')).length;
		if (customers !== FIND_OR_CREATE_LEADS) throw new Error(`expected ${FIND_OR_CREATE_LEADS} bench customers after three runs, found ${customers}`);
	} finally {
		await sim.close();
	}
	return rows;
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);

export function renderFindOrCreate(rows: FindOrCreateRow[], note?: string): string[] {
	const lines = [
		'## 7. Find or Create: lead intake without duplicates',
		'',
		...(note ? [note, ''] : []),
		`Customer > Find or Create, ${FIND_OR_CREATE_LEADS} leads per run, match rules External Key (the lead's ID) then phone, against the simulator ` +
			`with ${LATENCY_MS} ms latency and the 60 requests/second limit; lookups and creates share the one limiter. ` +
			'The three runs follow each other on one tenant; after them the tenant holds each lead once.',
		'',
		'| Run | Items | Requests | Requests per item | Items/s | Node time | Created | Found | 429s |',
		'| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |',
		...rows.map(
			(r) =>
				`| ${r.label} | ${r.items} | ${r.requests} | ${fmt(r.requestsPerItem, 2)} | ${fmt(r.itemsPerSecond)} | ${fmt(r.ms / 1000, 2)} s | ${r.created} | ${r.found} | ${r.rateLimited} |${r.error ? ` error: ${r.error}` : ''}`,
		),
		'',
		'Bound held: at most 2 requests per item when the record exists, at most 3 when it is created. Items/s follow from ' +
			"requests per item at about 55 requests/second (the limiter's pace).",
		'',
	];
	return lines;
}
