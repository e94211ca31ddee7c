import { ServiceTitanNetworkError } from './errors';
import { quote, runaway } from './failures';
import { MAX_PAGES } from './paging';
import type { ExportOptions, ExportPage, ExportResponse, Requester } from './types';

/**
 * Pages of an export feed. Each page carries the cursor that follows it, so a caller can
 * checkpoint after handling each page and resume there after a failure. The pages are sequential by
 * nature (each gives the next `from`); `prefetch` lets the next one travel while the caller handles this one.
 */
export async function* exportPages<T = unknown>(client: Requester, { prefetch, ...options }: ExportOptions): AsyncGenerator<ExportPage<T>> {
	const ask = (from: string | undefined) =>
		client.request<ExportResponse<T>>({
			...options,
			method: 'GET',
			query: { ...options.query, from, includeRecentChanges: options.includeRecentChanges ? true : undefined },
		});
	let from = options.from || undefined;
	let next: Promise<ExportResponse<T>> | undefined;
	for (let page = 1; ; page++) {
		if (page > MAX_PAGES) throw runaway(options.path, `it still had more after ${MAX_PAGES.toLocaleString('en-US')} pages`);
		const response = await (next ?? ask(from));
		next = undefined;
		if (!response || typeof response !== 'object' || !Array.isArray(response.data)) {
			throw new ServiceTitanNetworkError(
				'response',
				`ServiceTitan answered GET ${options.path} with ${quote(response)} instead of an export page ({ data, continueFrom, hasMore })`,
				{ method: 'GET', path: options.path },
			);
		}
		const data = response.data;
		const continueFrom = typeof response.continueFrom === 'string' && response.continueFrom ? response.continueFrom : (from ?? '');
		const hasMore = Boolean(response.hasMore);
		const stuck = hasMore && continueFrom === (from ?? '');
		// A feed that says "more" but does not move its cursor would loop forever: with nothing new, stop quietly.
		if (stuck && data.length > 0) throw runaway(options.path, `it answered "more" with the same continueFrom (${continueFrom || 'none'}) it was asked for`);
		const current = { data, continueFrom, hasMore, from };
		if (hasMore && !stuck && page < MAX_PAGES && prefetch?.(current)) {
			next = ask(continueFrom);
			// Its failure is thrown where the page is read; a caller that stops first (its deadline) never reads it.
			next.catch(() => undefined);
		}
		yield current;
		if (!hasMore || stuck) return;
		from = continueFrom;
	}
}
