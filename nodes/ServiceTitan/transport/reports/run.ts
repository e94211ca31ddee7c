/**
 * Report runs, synchronous and asynchronous. ServiceTitan's Reporting API answered `POST …/reports/{id}/data`
 * with the rows; newer releases move to a data query: `POST …/data/query` answers 200 with the rows or 202 with
 * a token, `GET data-queries/{token}` answers 202 until the result is ready and then its pages, and
 * `DELETE data-queries/{token}` cancels it. The data call may itself answer 202 with a token, or be refused as
 * retired. This module follows whichever answer comes, so a caller only sees pages of `fields` + rows.
 *
 * The data-query routes are not in the published OpenAPI documents; they are described by third parties, who
 * also left the token's field name unverified: it is read from `token`, `queryToken` or `id`, and an answer
 * with none of them fails naming the keys it had.
 */
import { ServiceTitanError, ServiceTitanNetworkError } from '../errors';
import type { Requester, TransportLogger } from '../types';
import { readAnswer, isRetired, type Answer } from './answers';
import { reportKey, reportPath, type ReportField, type ReportParameter, type ReportRef } from './ref';

export interface ReportRun extends ReportRef {
	parameters: ReportParameter[];
	/** Rows wanted at most; all when absent. */
	limit?: number;
	/** Rows per page asked for; default and maximum 25,000 (the Reporting API's own maximum). */
	pageSize?: number;
	signal?: AbortSignal;
}

export interface ReportPage {
	fields: ReportField[];
	/** Positional rows, aligned to `fields`. */
	rows: unknown[][];
	page: number;
	totalCount?: number | null;
	/** `sync`: the data call; `query`: a data query (its token). */
	via: 'sync' | 'query';
	/** Rows exist after this page's: on a later page, or in this one past the run's limit. */
	more: boolean;
}

/** A data query ServiceTitan ran and reported as failed or cancelled. */
export class ServiceTitanReportError extends ServiceTitanError {
	constructor(
		message: string,
		context: { method?: string; path?: string; attempts?: number },
		readonly token?: string,
	) {
		super('api', message, context);
		this.name = 'ServiceTitanReportError';
	}
}

/** The Reporting API's maximum page size (its schema's `pageSize` maximum): fewer pages, fewer runs. */
export const REPORT_MAX_PAGE_SIZE = 25_000;
const MAX_REPORT_PAGES = 10_000;

export interface PollPolicy {
	/** First wait between polls; it doubles up to `maxDelayMs`. */
	firstDelayMs: number;
	maxDelayMs: number;
	/** A query not done after this long is cancelled and the run fails. */
	maxWaitMs: number;
}

export const DEFAULT_POLL_POLICY: PollPolicy = { firstDelayMs: 250, maxDelayMs: 10_000, maxWaitMs: 30 * 60_000 };

/** How long the clean-up DELETE of a cancelled query may take. */
const CANCEL_TIMEOUT_MS = 10_000;

/** What the transport lends this module: requests, the execution's cancel signal, sleep and log. */
export interface ReportTransport extends Requester {
	signal?: AbortSignal;
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
	logger?: TransportLogger;
	/** API host and tenant: where the synchronous call was found retired. */
	scope: string;
	poll?: PollPolicy;
}

/** Hosts and tenants whose synchronous data call was refused as retired: their runs start a data query directly. */
const retiredSync = new Set<string>();

export async function* reportPages(transport: ReportTransport, run: ReportRun): AsyncGenerator<ReportPage> {
	const limit = run.limit ?? Number.POSITIVE_INFINITY;
	if (limit <= 0) return;
	const pageSize = Math.max(1, Math.min(run.pageSize ?? REPORT_MAX_PAGE_SIZE, REPORT_MAX_PAGE_SIZE, limit));
	const path = reportPath(run);
	const label = reportKey(run);
	const body = { parameters: run.parameters };
	const signal = run.signal;
	/** The data query being read, once ServiceTitan gave one. */
	let token: string | undefined;
	let finished = false;
	let remaining = limit;
	try {
		for (let page = 1; remaining > 0; page++) {
			if (page > MAX_REPORT_PAGES) throw new ServiceTitanNetworkError('response', `Stopped reading report ${label}: it still had more after ${MAX_REPORT_PAGES} pages`);
			let answer: Answer;
			if (token) {
				answer = await readQuery(transport, token, page, pageSize, label, signal);
			} else {
				answer = await start(transport, path, body, page, pageSize, label, signal);
				if (answer.state === 'pending') {
					token = answer.token;
					answer = await readQuery(transport, token, page, pageSize, label, signal);
				} else if (answer.state === 'rows' && answer.token) {
					// Ready at once, but a query all the same: its later pages are read from it, not run again.
					token = answer.token;
				}
			}
			if (answer.state === 'failed') {
				// Over on ServiceTitan's side: nothing left to cancel.
				finished = true;
				throw queryFailed(label, answer.reason, answer.token ?? token);
			}
			if (answer.state !== 'rows') throw new Error('unreachable');
			const rows = answer.rows.length > remaining ? answer.rows.slice(0, remaining) : answer.rows;
			remaining -= rows.length;
			const more = rows.length < answer.rows.length || (answer.hasMore && answer.rows.length > 0);
			yield { fields: answer.fields, rows, page, totalCount: answer.totalCount, via: token ? 'query' : 'sync', more };
			if (!answer.hasMore || answer.rows.length === 0) break;
		}
		finished = true;
	} finally {
		// Cancelled, failed or abandoned while ServiceTitan still runs the query: tell it to stop.
		if (token && !finished) await cancelQuery(transport, token, label);
	}
}

/** The first request of a run (or of a page of a synchronous run): the data call, or data/query where it is retired. */
async function start(
	transport: ReportTransport,
	reportPath: string,
	body: unknown,
	page: number,
	pageSize: number,
	label: string,
	signal?: AbortSignal,
): Promise<Answer> {
	const send = (path: string) => transport.request<unknown>({ module: 'reporting', method: 'POST', path, query: { page, pageSize }, body, reportId: label, signal });
	if (!retiredSync.has(transport.scope)) {
		try {
			return readAnswer(await send(`${reportPath}/data`), `POST ${reportPath}/data`);
		} catch (error) {
			if (!isRetired(error)) throw error;
			retiredSync.add(transport.scope);
			transport.logger?.debug('ServiceTitan refused the synchronous report data call as retired; starting a data query instead', { report: label });
		}
	}
	return readAnswer(await send(`${reportPath}/data/query`), `POST ${reportPath}/data/query`);
}

/** Polls a data query until it is done (backing off), then returns the page asked for. */
async function readQuery(transport: ReportTransport, token: string, page: number, pageSize: number, label: string, signal?: AbortSignal): Promise<Answer> {
	const policy = transport.poll ?? DEFAULT_POLL_POLICY;
	const path = `data-queries/${encodeURIComponent(token)}`;
	const started = Date.now();
	for (let poll = 0; ; poll++) {
		const answer = readAnswer(await transport.request<unknown>({ module: 'reporting', method: 'GET', path, query: { page, pageSize }, signal }), `GET ${path}`);
		if (answer.state !== 'pending') return answer;
		const waited = Date.now() - started;
		if (waited >= policy.maxWaitMs) {
			throw new ServiceTitanNetworkError(
				'timeout',
				`Report ${label} was not ready after ${Math.round(waited / 60_000)} min of waiting for ServiceTitan; its data query was cancelled`,
				{
					method: 'GET',
					path,
					attempts: poll + 1,
					code: 'REPORT_QUERY_TIMEOUT',
				},
			);
		}
		const delay = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** poll, policy.maxWaitMs - waited);
		try {
			await transport.sleep(delay, transport.signal);
		} catch {
			throw new ServiceTitanNetworkError('aborted', `The run of report ${label} was cancelled while ServiceTitan prepared it`);
		}
	}
}

/** Best effort: the execution is over either way, so a failure here is logged, not raised. */
async function cancelQuery(transport: ReportTransport, token: string, label: string): Promise<void> {
	const path = `data-queries/${encodeURIComponent(token)}`;
	try {
		await transport.request({ module: 'reporting', method: 'DELETE', path, idempotent: true, afterCancel: true, deadline: Date.now() + CANCEL_TIMEOUT_MS });
		transport.logger?.debug('Cancelled the ServiceTitan data query of a report run that did not finish', { report: label });
	} catch (error) {
		transport.logger?.warn(`Could not cancel the ServiceTitan data query of report ${label}: ${(error as Error).message}`, { report: label });
	}
}

function queryFailed(label: string, reason: string, token?: string): ServiceTitanReportError {
	return new ServiceTitanReportError(`ServiceTitan could not run report ${label}: ${reason}`, {}, token);
}
