import { ServiceTitanNetworkError } from './errors';
import { quote, runaway } from './failures';
import { pageRecords } from './reportRows';
import type { PagedResponse, PaginateOptions, Requester } from './types';

/** ServiceTitan accepts up to 5000 records per page. */
export const MAX_PAGE_SIZE = 5000;
/** No list or export is followed further (at 5000 per page, 50 million records): a runaway guard. */
export const MAX_PAGES = 10_000;

/**
 * Pages of a list endpoint (`page`/`pageSize`/`hasMore`). With a `limit` it asks for no more
 * records than needed and stops as soon as the limit is reached. GET by default; report runs are
 * POSTs with the same paging and their body sent with every page.
 */
export async function* paginate<T = unknown>(client: Requester, options: PaginateOptions): AsyncGenerator<T[]> {
	const limit = options.limit ?? Number.POSITIVE_INFINITY;
	if (limit <= 0) return;
	const pageSize = Math.max(1, Math.min(options.pageSize ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE, limit));
	const method = options.method ?? 'GET';
	let remaining = limit;
	let previous: string | undefined;
	for (let page = 1; remaining > 0; page++) {
		if (page > MAX_PAGES) throw runaway(options.path, `it still had more after ${MAX_PAGES.toLocaleString('en-US')} pages`);
		const response = await client.request<PagedResponse<T> | T[]>({
			...options,
			method,
			query: { ...options.query, page, pageSize },
		});
		if (Array.isArray(response)) {
			yield response.slice(0, remaining);
			return;
		}
		if (!response || typeof response !== 'object' || !Array.isArray(response.data)) {
			throw new ServiceTitanNetworkError('response', `ServiceTitan answered ${method} ${options.path} with ${quote(response)} instead of a page of records ({ data: [...] })`, { method, path: options.path });
		}
		const data = pageRecords<T>(response);
		// A list that ignores `page` returns page 1 again and again.
		const signature = data.length ? JSON.stringify(data) : undefined;
		if (signature !== undefined && signature === previous) throw runaway(options.path, `page ${page} repeated page ${page - 1}`);
		previous = signature;
		const taken = data.length > remaining ? data.slice(0, remaining) : data;
		remaining -= taken.length;
		yield taken;
		if (!response.hasMore || data.length === 0) return;
	}
}

/** Every record of a list endpoint, or the first `limit`. */
export async function getAll<T = unknown>(client: Requester, options: PaginateOptions): Promise<T[]> {
	const all: T[] = [];
	for await (const page of paginate<T>(client, options)) all.push(...page);
	return all;
}
