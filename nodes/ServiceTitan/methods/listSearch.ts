import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { RECORD_PICKERS, type PickerEntry } from '../catalog/pickers';
import { getClient } from '../helpers/connection';
import { toNodeError } from '../helpers/errors';
import type { PagedResponse, Query } from '../transport';
import { listPath, WEB_APP } from './lists';

const PAGE_SIZE = 50;

/** The query of a typed search text: a number is an ID or record number, text a name (where the list can search by one). */
function searchQuery({ picker }: PickerEntry, filter: string): Query {
	if (/^\d+$/.test(filter) && picker.byNumber) return { [picker.byNumber]: filter };
	return { ...(picker.byText ? { [picker.byText]: filter || undefined } : {}), ...(picker.sort ? { sort: picker.sort } : {}) };
}

/** Lists without a search are short (report categories, the reports of one): this bounds a runaway one. */
const MAX_UNSEARCHABLE_LIST = 5000;

/** A list without a search, read whole and filtered by the typed text (in the title or the ID). */
async function searchHere(ctx: ILoadOptionsFunctions, entry: PickerEntry, filter: string): Promise<INodeListSearchResult> {
	const path = listPath(ctx, entry.list.path);
	const client = await getClient(ctx);
	const records = await client.getAll<IDataObject>({ module: entry.list.module, path, query: entry.list.query, limit: MAX_UNSEARCHABLE_LIST });
	const wanted = filter.toLowerCase();
	return {
		results: records
			.map((record) => ({ record, name: entry.title(record) }))
			.filter(({ record, name }) => !wanted || name.toLowerCase().includes(wanted) || String(record.id).toLowerCase().includes(wanted))
			.map(({ record, name }) => ({ name, value: String(record.id), ...(record.description ? { description: String(record.description) } : {}) }))
			.sort((a, b) => a.name.localeCompare(b.name)),
	};
}

/** The From List search of one record picker: a page of records matching the typed text. */
function search(entry: PickerEntry) {
	return async function (this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
		const page = Number(paginationToken ?? 1) || 1;
		if (entry.picker.searchHere) {
			try {
				return await searchHere(this, entry, (filter ?? '').trim());
			} catch (error) {
				throw toNodeError(this.getNode(), error);
			}
		}
		try {
			const path = listPath(this, entry.list.path);
			const client = await getClient(this);
			const response = await client.request<PagedResponse<IDataObject>>({
				module: entry.list.module,
				method: 'GET',
				path,
				query: { ...entry.list.query, ...searchQuery(entry, (filter ?? '').trim()), page, pageSize: PAGE_SIZE },
			});
			const { webPage, webPageIndex } = entry.picker;
			const records = response?.data ?? [];
			return {
				results: records.map((record) => ({
					name: entry.title(record),
					value: String(record.id),
					url: webPage ? `${WEB_APP}/${webPage}/${webPageIndex ? 'Index/' : ''}${record.id}` : undefined,
				})),
				paginationToken: response?.hasMore ? String(page + 1) : undefined,
			};
		} catch (error) {
			throw toNodeError(this.getNode(), error);
		}
	};
}

/** One search per record picker of the catalog, under the method name its locators name (searchCustomers …). */
export const listSearch: Record<string, ReturnType<typeof search>> = Object.fromEntries([...RECORD_PICKERS.values()].map((entry) => [entry.method, search(entry)]));
