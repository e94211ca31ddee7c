/**
 * Scenario 1 in-process (test/harness: our node in n8n-core's engine, one child process per run)
 * and scenario 3 (Get Many with Return All, and the trigger's first "whole history" poll, over
 * 200,000 customers).
 */
import path from 'node:path';
import { apiLimiterSettings } from '../nodes/ServiceTitan/limits';
import { startSimulator } from '../test/simulator';
import type { ReadResult, WritesResult } from './child';
import { log, runChild } from './lib';
import { BULK_ITEMS, simulatorCounts, type WriteMeasurement } from './n8n-writes';

export async function runInProcessWrites(): Promise<WriteMeasurement[]> {
	const results: WriteMeasurement[] = [];
	for (const operation of ['createCustomer', 'updateJob'] as const) {
		const sim = await startSimulator({ latencyMs: 100, requestsPerSecond: 60, epoch: Date.now(), maxLogEntries: 200_000 });
		try {
			const jobIds = sim.store.list('jpm:jobs').map((job) => Number(job.id));
			log(`in-process (test/harness): ${operation} × ${BULK_ITEMS}`);
			const connection = { authUrl: sim.authUrl, apiBaseUrl: sim.apiBaseUrl, credentials: sim.credentials };
			const from = sim.log.length;
			// BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each write child there (the measured run is all but its first second).
			const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`] : [];
			const result = await runChild<WritesResult>('writes', { sim: connection, operation, count: BULK_ITEMS, jobIds }, { timeoutMs: 120_000, nodeArgs: profile });
			const counts = simulatorCounts(sim, from, 1); // the child's warm-up read is its first API request
			const failedItems = result.executionError ? BULK_ITEMS - counts.accepted : result.errorItems + Math.max(0, BULK_ITEMS - result.outputItems);
			results.push({
				label: `ServiceTitan node: ${operation === 'createCustomer' ? 'Create Customer' : 'Update Job'}`,
				where: 'in-process',
				items: BULK_ITEMS,
				nodeMs: result.ms,
				firstRequestMs: counts.firstArrival - result.startedAt,
				...counts,
				requestsPerSecond: (counts.accepted / result.ms) * 1000,
				failedItems,
				written: counts.accepted,
				executionOk: !result.executionError,
				error: result.executionError,
			});
			log(
				`  ${Math.round(result.ms)} ms (first request after ${counts.firstArrival - result.startedAt} ms), ${counts.accepted} accepted, ${counts.rateLimited} × 429, ${failedItems} failed, CPU ${Math.round(result.cpuMs)} ms`,
			);
		} finally {
			await sim.close();
		}
	}
	return results;
}

export interface ReadMeasurement {
	kind: 'getAll' | 'getAllTransport' | 'poll';
	label: string;
	records: number;
	pages: number;
	pageSize: number;
	ms: number;
	floorMs: number;
	rssGrowth: number;
	cpuMs: number;
	cpuUsPerRecord: number;
	/** CPU the simulator (this process) used during the run: on a 2-core host it competes with the client. */
	simulatorCpuMs: number;
	rateLimited: number;
	error?: string;
	/** Wall times of every run (the row shows the median run). */
	msRuns: number[];
	/** Each run's time ÷ floor and peak RSS growth per record (bytes), in run order: the poll's figures vary run to run. */
	ratioRuns?: number[];
	rssPerRecordRuns?: number[];
}

export const READ_RECORDS = 200_000;
export const EXPORT_PAGE_SIZE = 500;
const LATENCY_MS = 100;
const READ_LABELS: Record<ReadMeasurement['kind'], string> = {
	getAll: 'Get Many customers, Return All (pageSize 5,000)',
	getAllTransport: 'The same pages through the transport alone (no n8n items, no Simplify)',
	poll: `Trigger first poll, Whole History (export pages of ${EXPORT_PAGE_SIZE})`,
};

export async function runReads({ getAllRuns = 3, pollRuns = 3 } = {}): Promise<ReadMeasurement[]> {
	log(`seeding a simulator with ${READ_RECORDS.toLocaleString('en-US')} customers`);
	const sim = await startSimulator({
		latencyMs: LATENCY_MS,
		requestsPerSecond: 60,
		size: { customers: READ_RECORDS },
		exportPageSize: EXPORT_PAGE_SIZE,
		maxLogEntries: 10_000,
	});
	try {
		const total = sim.store.list('crm:customers').length;
		const connection = { authUrl: sim.authUrl, apiBaseUrl: sim.apiBaseUrl, credentials: sim.credentials };
		// Get Many (~5 s) is repeated and the median run reported; the node's and the transport's runs alternate, so that a
		// slower stretch of the host touches both alike. The poll (~32 s) runs pollRuns times: the pages it reads in its
		// 30 s and its peak RSS moved ±10 % between single runs of the same code.
		const plan: Array<ReadMeasurement['kind']> = [
			...Array.from({ length: getAllRuns }, () => ['getAll', 'getAllTransport'] as const).flat(),
			...Array.from({ length: pollRuns }, () => 'poll' as const),
		];
		const runs = new Map<string, ReadMeasurement[]>();
		for (const kind of plan) {
			const label = READ_LABELS[kind];
			log(`${label} over ${total} records`);
			const from = sim.log.length;
			const simulatorCpu = process.cpuUsage();
			// BENCH_CPU_PROF=<dir> writes a V8 CPU profile of every reading child there (the measured run is its last seconds).
			const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`] : [];
			const result = await runChild<ReadResult>('read', { sim: connection, kind }, { timeoutMs: 240_000, nodeArgs: ['--expose-gc', ...profile] });
			const simulatorUsed = process.cpuUsage(simulatorCpu);
			// The child's first API request is its warm-up read.
			const entries = sim.log
				.slice(from)
				.filter((entry) => entry.path.includes('/tenant/'))
				.slice(1);
			const pages = entries.filter((entry) => entry.status === 200).length;
			const r: ReadMeasurement = {
				kind,
				label,
				records: result.records,
				pages,
				pageSize: kind === 'poll' ? EXPORT_PAGE_SIZE : 5000,
				ms: result.ms,
				// Get Many: page 1 alone, then the rest side by side at the limiter's spacing; the export: page by page.
				floorMs: kind !== 'poll' ? 2 * LATENCY_MS + Math.max(0, pages - 2) * apiLimiterSettings(60).minTimeMs : pages * LATENCY_MS,
				rssGrowth: result.rssPeak - result.rssBefore,
				cpuMs: result.cpuMs,
				cpuUsPerRecord: (result.cpuMs * 1000) / Math.max(1, result.records),
				// The child's start and warm-up are in it too; they are small next to 39 pages of 5,000 records.
				simulatorCpuMs: (simulatorUsed.user + simulatorUsed.system) / 1000,
				rateLimited: entries.filter((entry) => entry.status === 429).length,
				error: result.error,
				msRuns: [],
			};
			runs.set(label, [...(runs.get(label) ?? []), r]);
			log(
				`  ${r.records} records, ${r.pages} pages, ${Math.round(r.ms)} ms (floor ${r.floorMs}), RSS +${Math.round(r.rssGrowth / 1e6)} MB, ${r.cpuUsPerRecord.toFixed(1)} µs CPU/record, simulator CPU ${Math.round(r.simulatorCpuMs)} ms${r.error ? `, error: ${r.error}` : ''}`,
			);
			// Let the simulator's sliding window empty before the next run.
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
		const results = [...runs.values()].map((list) => {
			// The poll always stops at its budget, so its runs are ranked by time ÷ floor (the pages it read in it).
			const rank = (r: ReadMeasurement) => (r.kind === 'poll' ? r.ms / r.floorMs : r.ms);
			const sorted = [...list].sort((a, b) => rank(a) - rank(b));
			return {
				...sorted[Math.floor(sorted.length / 2)],
				msRuns: list.map((r) => r.ms),
				ratioRuns: list.map((r) => r.ms / r.floorMs),
				rssPerRecordRuns: list.map((r) => r.rssGrowth / Math.max(1, r.records)),
			};
		});
		return results;
	} finally {
		await sim.close();
	}
}
