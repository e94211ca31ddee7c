import { NodeOperationError, type IDataObject, type ILoadOptionsFunctions, type INodeListSearchResult } from 'n8n-workflow';
import { getClient } from '../helpers/client';
import { toNodeError } from '../helpers/errors';
import type { ModuleKey, PagedResponse, Query } from '../transport';

const PAGE_SIZE = 50;
const WEB_APP = 'https://go.servicetitan.com/#';

interface SearchDefinition {
	module: ModuleKey;
	path: string;
	/** Query for a typed search text. */
	query(filter: string): Query;
	label(record: IDataObject): string;
	url?(record: IDataObject): string;
}

const nameQuery = (filter: string): Query => (/^\d+$/.test(filter) ? { ids: filter } : { name: filter || undefined });

const SEARCHES: Record<string, SearchDefinition> = {
	searchCustomers: {
		module: 'crm',
		path: 'customers',
		query: nameQuery,
		label: (r) => `${r.name} (#${r.id})`,
		url: (r) => `${WEB_APP}/Customer/${r.id}`,
	},
	searchLocations: {
		module: 'crm',
		path: 'locations',
		query: nameQuery,
		label: (r) => {
			const address = (r.address ?? {}) as IDataObject;
			return `${r.name}${address.street ? ` — ${address.street}, ${address.city ?? ''}` : ''} (#${r.id})`;
		},
		url: (r) => `${WEB_APP}/Location/${r.id}`,
	},
	searchJobs: {
		module: 'jpm',
		path: 'jobs',
		query: (filter) => (/^\d+$/.test(filter) ? { number: filter } : { sort: '-Id' }),
		label: (r) => `Job ${r.jobNumber ?? r.number ?? r.id} — ${r.jobStatus ?? ''} (#${r.id})`,
		url: (r) => `${WEB_APP}/Job/Index/${r.id}`,
	},
	searchTechnicians: {
		module: 'settings',
		path: 'technicians',
		query: nameQuery,
		label: (r) => `${r.name} (#${r.id})`,
		url: (r) => `${WEB_APP}/Technician/${r.id}`,
	},
	searchBusinessUnits: {
		module: 'settings',
		path: 'business-units',
		query: nameQuery,
		label: (r) => `${r.name} (#${r.id})`,
	},
};

function search(name: keyof typeof SEARCHES) {
	return async function (this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
		const definition = SEARCHES[name];
		const page = Number(paginationToken ?? 1) || 1;
		try {
			const client = await getClient(this);
			const response = await client.request<PagedResponse<IDataObject>>({
				module: definition.module,
				method: 'GET',
				path: definition.path,
				query: { ...definition.query((filter ?? '').trim()), page, pageSize: PAGE_SIZE },
			});
			const records = response?.data ?? [];
			return {
				results: records.map((record) => ({
					name: definition.label(record),
					value: String(record.id),
					url: definition.url?.(record),
				})),
				paginationToken: response?.hasMore ? String(page + 1) : undefined,
			};
		} catch (error) {
			throw toNodeError(this.getNode(), error);
		}
	};
}

/** Report lists are short and have no name filter in the API: read them whole and filter here. */
const MAX_REPORT_LIST = 5000;

function matches(filter: string | undefined, ...texts: unknown[]): boolean {
	const wanted = (filter ?? '').trim().toLowerCase();
	return !wanted || texts.some((text) => String(text ?? '').toLowerCase().includes(wanted));
}

async function searchReportCategories(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	try {
		const client = await getClient(this);
		const categories = await client.getAll<IDataObject>({ module: 'reporting', path: 'report-categories', limit: MAX_REPORT_LIST });
		return {
			results: categories
				.filter((category) => matches(filter, category.name, category.id))
				.map((category) => ({ name: String(category.name ?? category.id), value: String(category.id) }))
				.sort((a, b) => a.name.localeCompare(b.name)),
		};
	} catch (error) {
		throw toNodeError(this.getNode(), error);
	}
}

/** The reports of the category chosen above (`report_category`). */
async function searchReports(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const category = String(this.getCurrentNodeParameter('report_category', { extractValue: true }) ?? '').trim();
	if (!category) throw new NodeOperationError(this.getNode(), 'Choose a Category first: the reports are listed per category');
	try {
		const client = await getClient(this);
		const reports = await client.getAll<IDataObject>({
			module: 'reporting',
			path: `report-category/${encodeURIComponent(category)}/reports`,
			limit: MAX_REPORT_LIST,
		});
		return {
			results: reports
				.filter((report) => matches(filter, report.name, report.id))
				.map((report) => ({
					name: `${report.name} (#${report.id})`,
					value: String(report.id),
					...(report.description ? { description: String(report.description) } : {}),
				}))
				.sort((a, b) => a.name.localeCompare(b.name)),
		};
	} catch (error) {
		throw toNodeError(this.getNode(), error);
	}
}

export const listSearch = {
	searchReportCategories,
	searchReports,
	searchBusinessUnits: search('searchBusinessUnits'),
	searchCustomers: search('searchCustomers'),
	searchJobs: search('searchJobs'),
	searchLocations: search('searchLocations'),
	searchTechnicians: search('searchTechnicians'),
};
