import { ServiceTitanNetworkError } from './errors';
import { quote, runaway } from './failures';
import { pageRecords } from './reports/records';
import type { PagedResponse, PaginateOptions, Requester } from './types';

/** ServiceTitan accepts up to 5000 records per page. */
export const MAX_PAGE_SIZE = 5000;
/** No list or export is followed further (at 5000 per page, 50 million records): a runaway guard. */
export const MAX_PAGES = 10_000;

/**
 * Pages of one list requested at once. The limiter starts 8 requests in about 125 ms at its 17.5 ms spacing, more than
 * a round trip at ServiceTitan's usual latency, so more pages would only wait in its queue while their answers took
 * memory.
 */
export const PAGES_IN_FLIGHT = 8;

/**
 * Pages of a list endpoint (`page`/`pageSize`/`hasMore`), in page order. With a `limit` it asks for no more
 * records than needed and stops as soon as the limit is reached. GET by default; report runs are
 * POSTs with the same paging and their body sent with every page.
 *
 * A GET list that may span pages asks for its total on the first page (`includeTotal`); once it is known, the
 * pages up to it (or up to the limit) are requested side by side through the limiter, PAGES_IN_FLIGHT at most,
 * and handed back in order. Without a total, or past it when records were added meanwhile, it goes on page after
 * page. Pages no one will read (after an error, the end of the list, or the caller stopping) are cancelled. Report
 * pages stay one at a time: their own limiter lets one run at a time anyway; so do lists the caller marks
 * `sequentialPages` (ServiceTitan's calls lists, reported to misbehave with two requests at once).
 */
export async function* paginate<T = unknown>(client: Requester, options: PaginateOptions): AsyncGenerator<T[]> {
	const limit = options.limit ?? Number.POSITIVE_INFINITY;
	if (limit <= 0) return;
	const pageSize = Math.max(1, Math.min(options.pageSize ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE, limit));
	const method = options.method ?? 'GET';
	const sideBySide = method === 'GET' && !options.reportId && !options.sequentialPages && limit > pageSize;
	// A caller's own includeTotal (a Custom API Call's query) is left as it is: without a total, pages go one by one.
	const askTotal = sideBySide && options.query?.includeTotal === undefined;
	const unread = new AbortController();
	const signal = options.signal ? AbortSignal.any([options.signal, unread.signal]) : unread.signal;
	const fetchPage = (page: number) =>
		client.request<PagedResponse<T> | T[]>({
			...options,
			method,
			signal,
			query: { ...options.query, page, pageSize, ...(askTotal && page === 1 ? { includeTotal: true } : {}) },
		});
	const requested = new Map<number, Promise<PagedResponse<T> | T[]>>();
	let knownPages = 1;
	let nextToRequest = 2;
	let remaining = limit;
	let previous: string | undefined;
	try {
		for (let page = 1; remaining > 0; page++) {
			if (page > MAX_PAGES) throw runaway(options.path, `it still had more after ${MAX_PAGES.toLocaleString('en-US')} pages`);
			for (; nextToRequest <= knownPages && nextToRequest < page + PAGES_IN_FLIGHT; nextToRequest++) {
				const ahead = fetchPage(nextToRequest);
				ahead.catch(() => undefined); // its error is thrown when its turn comes, or it was cancelled
				requested.set(nextToRequest, ahead);
			}
			const ahead = requested.get(page);
			requested.delete(page);
			const response = await (ahead ?? fetchPage(page));
			if (Array.isArray(response)) {
				yield response.slice(0, remaining);
				return;
			}
			if (!response || typeof response !== 'object' || !Array.isArray(response.data)) {
				throw new ServiceTitanNetworkError(
					'response',
					`ServiceTitan answered ${method} ${options.path} with ${quote(response)} instead of a page of records ({ data: [...] })`,
					{ method, path: options.path },
				);
			}
			if (sideBySide && page === 1 && typeof response.totalCount === 'number') {
				knownPages = Math.min(MAX_PAGES, Math.ceil(Math.min(response.totalCount, limit) / pageSize));
			}
			const data = pageRecords<T>(response);
			// A list that ignores `page` returns page 1 again and again. Its first and last records tell: writing a
			// whole page of 5,000 out as JSON made a second copy of every page in memory.
			const signature = data.length ? `${data.length}:${JSON.stringify(data[0])}:${JSON.stringify(data[data.length - 1])}` : undefined;
			if (signature !== undefined && signature === previous) throw runaway(options.path, `page ${page} repeated page ${page - 1}`);
			previous = signature;
			const taken = data.length > remaining ? data.slice(0, remaining) : data;
			remaining -= taken.length;
			yield taken;
			if (!response.hasMore || data.length === 0) return;
		}
	} finally {
		if (requested.size) unread.abort();
	}
}

/** Every record of a list endpoint, or the first `limit`. */
export async function getAll<T = unknown>(client: Requester, options: PaginateOptions): Promise<T[]> {
	const all: T[] = [];
	for await (const page of paginate<T>(client, options)) all.push(...page);
	return all;
}
