import { ServiceTitanNetworkError } from './errors';
import { quote, runaway } from './failures';
import { MAX_PAGES } from './paging';
import type { ExportOptions, ExportPage, ExportResponse, Requester } from './types';

/**
 * Pages of an export feed. Each page carries the cursor that follows it, so a caller can
 * checkpoint after handling each page and resume there after a failure.
 */
export async function* exportPages<T = unknown>(client: Requester, options: ExportOptions): AsyncGenerator<ExportPage<T>> {
	let from = options.from || undefined;
	for (let page = 1; ; page++) {
		if (page > MAX_PAGES) throw runaway(options.path, `it still had more after ${MAX_PAGES.toLocaleString('en-US')} pages`);
		const response = await client.request<ExportResponse<T>>({
			...options,
			method: 'GET',
			query: { ...options.query, from, includeRecentChanges: options.includeRecentChanges ? true : undefined },
		});
		if (!response || typeof response !== 'object' || !Array.isArray(response.data)) {
			throw new ServiceTitanNetworkError('response', `ServiceTitan answered GET ${options.path} with ${quote(response)} instead of an export page ({ data, continueFrom, hasMore })`, { method: 'GET', path: options.path });
		}
		const data = response.data;
		const continueFrom = typeof response.continueFrom === 'string' && response.continueFrom ? response.continueFrom : from ?? '';
		const hasMore = Boolean(response.hasMore);
		const stuck = hasMore && continueFrom === (from ?? '');
		// A feed that says "more" but does not move its cursor would loop forever: with nothing new, stop quietly.
		if (stuck && data.length > 0) throw runaway(options.path, `it answered "more" with the same continueFrom (${continueFrom || 'none'}) it was asked for`);
		yield { data, continueFrom, hasMore, from };
		if (!hasMore || stuck) return;
		from = continueFrom;
	}
}
