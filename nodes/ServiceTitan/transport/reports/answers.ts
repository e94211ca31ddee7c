/**
 * What an answer of the Reporting API means for a run: rows (with their fields), a data query still pending (its
 * token), or a query ServiceTitan reports as failed. The token's field name is unverified (see run.ts): it is read
 * from `token`, `queryToken` or `id`.
 */
import { ServiceTitanApiError, ServiceTitanNetworkError } from '../errors';
import type { ReportField } from './ref';

export type Answer =
	| { state: 'rows'; fields: ReportField[]; rows: unknown[][]; hasMore: boolean; totalCount?: number | null; token?: string }
	| { state: 'pending'; token: string }
	| { state: 'failed'; token?: string; reason: string };

const PENDING = /^(pending|queued|running|in ?progress|processing|started|accepted|not ?started)$/i;
const FAILED = /fail|error|cancel|abort|expired/i;
const TOKEN_KEYS = ['token', 'queryToken', 'id'] as const;

export function readAnswer(answer: unknown, request: string): Answer {
	if (!answer || typeof answer !== 'object' || Array.isArray(answer)) {
		throw new ServiceTitanNetworkError('response', `ServiceTitan answered ${request} with ${describe(answer)} instead of report rows or a data query token`);
	}
	const body = answer as Record<string, unknown>;
	const token = TOKEN_KEYS.map((key) => body[key]).find((value): value is string | number => (typeof value === 'string' && value !== '') || typeof value === 'number');
	const status = typeof body.status === 'string' ? body.status.trim() : '';
	if (status && FAILED.test(status)) return { state: 'failed', token: token === undefined ? undefined : String(token), reason: failureReason(body, status) };
	if (Array.isArray(body.data)) {
		let fields = Array.isArray(body.fields) ? (body.fields as ReportField[]).filter((field) => field && typeof field.name === 'string') : [];
		// Rows as objects without a field list: their keys are the columns.
		const first = (body.data as unknown[]).find((row) => row && typeof row === 'object' && !Array.isArray(row));
		if (!fields.length && first) fields = Object.keys(first).map((name) => ({ name }));
		const rows = (body.data as unknown[]).map((row) => (Array.isArray(row) ? row : fields.map((field) => (row as Record<string, unknown> | null)?.[field.name])));
		return {
			state: 'rows',
			fields,
			rows,
			hasMore: Boolean(body.hasMore),
			totalCount: typeof body.totalCount === 'number' ? body.totalCount : null,
			token: token === undefined ? undefined : String(token),
		};
	}
	if (token !== undefined && (!status || PENDING.test(status))) return { state: 'pending', token: String(token) };
	const keys = Object.keys(body);
	throw new ServiceTitanNetworkError(
		'response',
		`ServiceTitan answered ${request} with neither report rows nor a data query token (keys: ${keys.length ? keys.slice(0, 12).join(', ') : 'none'}${status ? `; status "${status}"` : ''})`,
	);
}

function failureReason(body: Record<string, unknown>, status: string): string {
	for (const key of ['error', 'message', 'title', 'detail', 'reason']) {
		const value = body[key];
		if (typeof value === 'string' && value.trim()) return value.trim();
		if (value && typeof value === 'object') {
			const nested = (value as Record<string, unknown>).message ?? (value as Record<string, unknown>).title;
			if (typeof nested === 'string' && nested.trim()) return nested.trim();
		}
	}
	return `its status is "${status}"`;
}

/**
 * The synchronous data call refused as no longer served: 410 Gone, or a 400/404/405/501 whose title says
 * it is retired or deprecated or points to the data query (a missing report is a 404 that says "not found").
 */
export function isRetired(error: unknown): boolean {
	if (!(error instanceof ServiceTitanApiError)) return false;
	if (error.status === 410) return true;
	if (![400, 404, 405, 501].includes(error.status)) return false;
	return /retired|deprecated|obsolete|no longer (supported|available)|data\/query|data-queries/i.test(`${error.title} ${error.fieldSummary()}`);
}

function describe(value: unknown): string {
	if (value === undefined || value === '') return 'an empty answer';
	return JSON.stringify(value).slice(0, 80);
}
