import { randomBytes } from 'node:crypto';
import { pagedResponse, parsePaging, type ApiEnvironment, type ApiResponse, type Handler, type HandlerContext } from './context';
import { HttpError, notFound, validationError } from './problem';
import type { ReportDefinition } from './seed';
import type { RecordId, SimRecord, SimulatorStore } from './store';

const REPORT_MAX_PAGE_SIZE = 25000;
const REPORT_DEFAULT_PAGE_SIZE = 1000;
const DAY = 86400000;

type Row = unknown[];
type Parameters = Map<string, unknown>;

function category(ctx: HandlerContext): string {
	const id = ctx.req.params.report_category;
	if (!ctx.env.store.get('reporting:report-categories', id)) throw notFound('Report category', id);
	return id;
}

function report(ctx: HandlerContext): SimRecord {
	const categoryId = category(ctx);
	const id = ctx.req.params.reportId;
	const record = ctx.env.store.get('reporting:reports', id);
	if (!record || record.categoryId !== categoryId) throw notFound('Report', id);
	return record;
}

const paged = (ctx: HandlerContext, rows: readonly unknown[]): ApiResponse => ({
	status: 200,
	body: pagedResponse(rows, parsePaging(ctx.req.query)),
});

function range(parameters: Parameters): { from: number; to: number } {
	const from = Date.parse(String(parameters.get('From')));
	// "To" is a whole day, inclusive.
	const to = Date.parse(String(parameters.get('To'))) + DAY;
	return { from, to };
}

const inRange = (iso: unknown, { from, to }: { from: number; to: number }): boolean => {
	const ms = Date.parse(String(iso));
	return ms >= from && ms < to;
};
const money = (value: number): number => Math.round(value * 100) / 100;
const nameOf = (store: SimulatorStore, collection: string, id: unknown): string => String(store.get(collection, id as RecordId)?.name ?? 'Unassigned');

/** Rows computed from the store, so reports agree with the API data they summarise. */
const ROW_BUILDERS: Record<string, (store: SimulatorStore, parameters: Parameters) => Row[]> = {
	'Jobs by Business Unit': (store, parameters) => {
		const window = range(parameters);
		const units = parameters.get('BusinessUnitIds') as unknown[] | undefined;
		const allowed = units?.length ? new Set(units.map(String)) : undefined;
		const totals = new Map<string, [number, number, number]>();
		for (const job of store.list('jpm:jobs')) {
			if (!inRange(job.createdOn, window) || (allowed && !allowed.has(String(job.businessUnitId)))) continue;
			const name = nameOf(store, 'settings:business-units', job.businessUnitId);
			const row = totals.get(name) ?? [0, 0, 0];
			if (job.jobStatus === 'Completed') {
				row[0]++;
				row[2] += Number(job.total ?? 0);
			}
			if (job.jobStatus === 'Canceled') row[1]++;
			totals.set(name, row);
		}
		return [...totals].sort(([a], [b]) => a.localeCompare(b)).map(([name, [done, canceled, revenue]]) => [name, done, canceled, money(revenue)]);
	},
	'Invoice Summary': (store, parameters) => {
		const window = range(parameters);
		return store
			.list('accounting:invoices')
			.filter((invoice) => inRange(invoice.invoiceDate, window))
			.map((invoice) => [
				invoice.referenceNumber,
				String(invoice.invoiceDate).slice(0, 10),
				(invoice.customer as { name?: string } | null)?.name ?? null,
				(invoice.businessUnit as { name?: string } | null)?.name ?? null,
				Number(invoice.total),
				Number(invoice.balance),
			]);
	},
	'Technician Performance': (store, parameters) => {
		const window = range(parameters);
		const includeInactive = parameters.get('IncludeInactive') === true;
		const stats = new Map<RecordId, [number, number]>();
		for (const assignment of store.list('dispatch:appointment-assignments')) {
			const job = store.get('jpm:jobs', assignment.jobId as RecordId);
			if (!job || job.jobStatus !== 'Completed' || !inRange(job.completedOn, window)) continue;
			const row = stats.get(assignment.technicianId as RecordId) ?? [0, 0];
			row[0]++;
			row[1] += Number(job.total ?? 0);
			stats.set(assignment.technicianId as RecordId, row);
		}
		return store
			.list('settings:technicians')
			.filter((technician) => includeInactive || technician.active !== false)
			.map((technician) => {
				const [jobs, revenue] = stats.get(technician.id) ?? [0, 0];
				return [technician.name, jobs, money(revenue), jobs ? money(revenue / jobs) : 0];
			});
	},
	'Jobs by Status': (store, parameters) => {
		const window = range(parameters);
		const byCompletion = Number(parameters.get('DateType')) === 2;
		const statuses = parameters.get('JobStatuses') as string[] | undefined;
		const types = parameters.get('JobTypeIds') as number[] | undefined;
		const minimum = parameters.has('MinimumTotal') ? Number(parameters.get('MinimumTotal')) : undefined;
		const contains = parameters.has('SummaryContains') ? String(parameters.get('SummaryContains')).toLowerCase() : undefined;
		const totals = new Map<string, [number, number]>();
		for (const job of store.list('jpm:jobs')) {
			if (!inRange(byCompletion ? job.completedOn : job.createdOn, window)) continue;
			if (statuses?.length && !statuses.includes(String(job.jobStatus))) continue;
			if (types?.length && !types.map(Number).includes(Number(job.jobTypeId))) continue;
			if (minimum !== undefined && Number(job.total ?? 0) < minimum) continue;
			if (
				contains &&
				!String(job.summary ?? '')
					.toLowerCase()
					.includes(contains)
			)
				continue;
			const row = totals.get(String(job.jobStatus)) ?? [0, 0];
			row[0]++;
			row[1] += Number(job.total ?? 0);
			totals.set(String(job.jobStatus), row);
		}
		return [...totals].sort(([a], [b]) => a.localeCompare(b)).map(([status, [jobs, total]]) => [status, jobs, money(total)]);
	},
	'Technician Day Sheet': (store, parameters) => {
		const day = String(parameters.get('Day')).slice(0, 10);
		const from = parameters.has('StartingAt') ? String(parameters.get('StartingAt')) : '00:00:00';
		const technicians = parameters.get('TechnicianIds') as number[] | undefined;
		const rows: Row[] = [];
		for (const assignment of store.list('dispatch:appointment-assignments')) {
			if (technicians?.length && !technicians.map(Number).includes(Number(assignment.technicianId))) continue;
			const appointment = store.get('jpm:appointments', assignment.appointmentId as RecordId);
			const start = String(appointment?.start ?? '');
			if (!appointment || start.slice(0, 10) !== day || start.slice(11, 19) < from) continue;
			rows.push([nameOf(store, 'settings:technicians', assignment.technicianId), appointment.appointmentNumber, start.slice(11, 19), appointment.status]);
		}
		return rows.sort((a, b) => String(a[0]).localeCompare(String(b[0])) || String(a[2]).localeCompare(String(b[2])));
	},
	'Campaign Performance': (store, parameters) => {
		const window = range(parameters);
		const stats = new Map<RecordId, [number, number, number]>();
		const bump = (id: unknown, index: number, amount = 1): void => {
			const row = stats.get(id as RecordId) ?? [0, 0, 0];
			row[index] += amount;
			stats.set(id as RecordId, row);
		};
		for (const lead of store.list('crm:leads')) if (inRange(lead.createdOn, window)) bump(lead.campaignId, 0);
		for (const job of store.list('jpm:jobs')) {
			if (!inRange(job.createdOn, window)) continue;
			bump(job.campaignId, 1);
			if (job.jobStatus === 'Completed') bump(job.campaignId, 2, Number(job.total ?? 0));
		}
		return store.list('marketing:campaigns').map((campaign) => {
			const [leads, jobs, revenue] = stats.get(campaign.id) ?? [0, 0, 0];
			return [campaign.name, leads, jobs, money(revenue)];
		});
	},
};

type ParameterSpec = ReportDefinition['parameters'][number];

/** What ServiceTitan says about a value that does not fit the parameter's description (type, list, allowed values). */
function valueProblem(spec: ParameterSpec, value: unknown): string | undefined {
	if (value === null || value === undefined) return undefined;
	if (spec.isArray && !Array.isArray(value)) return `The parameter ${String(spec.name)} expects a list of values.`;
	if (!spec.isArray && Array.isArray(value)) return `The parameter ${String(spec.name)} expects a single value.`;
	const accept = spec.acceptValues as { values?: unknown[][] | null } | null;
	for (const element of Array.isArray(value) ? value : [value]) {
		if (spec.dataType === 'Date' && Number.isNaN(Date.parse(String(element)))) return `'${String(element)}' is not a valid date.`;
		if (spec.dataType === 'Number' && typeof element !== 'number') return `'${String(element)}' is not a number.`;
		if (spec.dataType === 'Boolean' && typeof element !== 'boolean') return `'${String(element)}' is not a boolean.`;
		if (spec.dataType === 'Time' && !/^\d{2}:\d{2}(:\d{2})?$/.test(String(element))) return `'${String(element)}' is not a time of day.`;
		if (accept?.values && !accept.values.some((row) => row[0] === element)) return `'${String(element)}' is not an allowed value of ${String(spec.name)}.`;
	}
	return undefined;
}

function readParameters(definition: SimRecord, body: Record<string, unknown>): Parameters {
	const declared = definition.parameters as ReportDefinition['parameters'];
	const given = body.parameters ?? [];
	if (!Array.isArray(given)) throw validationError({ parameters: ['The parameters field must be an array of { name, value }.'] });
	const values: Parameters = new Map();
	const errors: Record<string, string[]> = {};
	for (const entry of given as Array<{ name?: unknown; value?: unknown }>) {
		const name = String(entry?.name ?? '');
		const spec = declared.find((parameter) => String(parameter.name).toLowerCase() === name.toLowerCase());
		if (!spec) {
			errors[name] = [`The report has no parameter '${name}'.`];
			continue;
		}
		const problem = valueProblem(spec, entry.value);
		if (problem) errors[String(spec.name)] = [problem];
		values.set(String(spec.name), entry.value);
	}
	for (const parameter of declared) {
		const value = values.get(String(parameter.name));
		if (parameter.isRequired && (value === undefined || value === null || value === ''))
			errors[String(parameter.name)] = [`The parameter ${String(parameter.name)} is required.`];
	}
	if (Object.keys(errors).length) throw validationError(errors);
	return values;
}

/** The rows and columns of one run, computed from the store when the run starts. */
function computeRun(env: ApiEnvironment, definition: SimRecord, parameters: Parameters): { fields: Array<{ name: string; label: string }>; rows: Row[] } {
	const build = ROW_BUILDERS[String(definition.name)];
	const rows = build ? build(env.store, parameters) : [];
	const fields = (definition.fields as ReportDefinition['fields']).map(({ name, label }) => ({ name, label }));
	return { fields, rows };
}

/** A run counts against the report's per-minute limit; over it, a 429 with Retry-After. */
function takeRun(env: ApiEnvironment, tenant: string, definition: SimRecord): void {
	const waitMs = env.takeReportRun(tenant, String(definition.id));
	if (waitMs > 0) {
		const seconds = Math.max(1, Math.ceil(waitMs / 1000));
		throw new HttpError(429, `The report can be run only a limited number of times per minute. Try again in ${seconds} seconds.`, {}, { 'Retry-After': String(seconds) });
	}
}

const runReport: Handler = (ctx) => {
	const mode = ctx.env.reporting.mode;
	if (mode === 'retired') throw new HttpError(410, RETIRED_TITLE);
	const definition = report(ctx);
	const parameters = readParameters(definition, ctx.fields);
	const paging = parsePaging(ctx.req.query, REPORT_DEFAULT_PAGE_SIZE, REPORT_MAX_PAGE_SIZE);
	takeRun(ctx.env, ctx.req.tenant, definition);
	const run = computeRun(ctx.env, definition, parameters);
	// Newer releases answer the data call with a query token instead of the rows.
	if (mode === 'async') return startQuery(ctx, definition, run, false);
	return { status: 200, body: { fields: run.fields, ...pagedResponse(run.rows, capped(ctx, paging)) } };
};

/** Pages no longer than `pageCap`, whatever was asked: an API that caps its page size silently. */
function capped(ctx: HandlerContext, paging: ReturnType<typeof parsePaging>): ReturnType<typeof parsePaging> {
	const cap = ctx.env.reporting.pageCap;
	return cap && paging.pageSize > cap ? { ...paging, pageSize: cap } : paging;
}

export const RETIRED_TITLE = 'The synchronous report data endpoint is retired. Start the report with POST …/data/query and read it from GET data-queries/{token}.';

/** POST …/reports/{id}/data/query: starts a run; 200 with the first page when it is done at once, else 202 with the token. */
const startReportQuery: Handler = (ctx) => {
	const definition = report(ctx);
	const parameters = readParameters(definition, ctx.fields);
	parsePaging(ctx.req.query, REPORT_DEFAULT_PAGE_SIZE, REPORT_MAX_PAGE_SIZE);
	takeRun(ctx.env, ctx.req.tenant, definition);
	return startQuery(ctx, definition, computeRun(ctx.env, definition, parameters), true);
};

function startQuery(ctx: HandlerContext, definition: SimRecord, run: ReturnType<typeof computeRun>, inlineWhenReady: boolean): ApiResponse {
	const state = ctx.env.reporting;
	const failure = state.failures.shift();
	const query: ReportQuery = {
		token: `q-${randomBytes(9).toString('base64url')}`,
		tenant: ctx.req.tenant,
		reportId: Number(definition.id),
		parameters: ctx.fields.parameters,
		pendingPolls: state.pendingPolls,
		polls: 0,
		status: 'Pending',
		failure,
		...run,
	};
	state.queries.set(query.token, query);
	if (inlineWhenReady && query.pendingPolls === 0 && !failure) return queryAnswer(ctx, query);
	return { status: 202, body: { token: query.token, status: query.status } };
}

/** What a poll sees: 202 while running, then the requested page of the result (or the failure). */
function queryAnswer(ctx: HandlerContext, query: ReportQuery): ApiResponse {
	if (query.polls < query.pendingPolls) {
		query.polls++;
		query.status = 'Running';
		return { status: 202, body: { token: query.token, status: query.status } };
	}
	if (query.failure !== undefined) {
		query.status = 'Failed';
		return { status: 200, body: { token: query.token, status: query.status, error: query.failure } };
	}
	query.status = 'Completed';
	const paging = parsePaging(ctx.req.query, REPORT_DEFAULT_PAGE_SIZE, REPORT_MAX_PAGE_SIZE);
	return { status: 200, body: { token: query.token, status: query.status, fields: query.fields, ...pagedResponse(query.rows, capped(ctx, paging)) } };
}

function dataQuery(ctx: HandlerContext): ReportQuery {
	const query = ctx.env.reporting.queries.get(ctx.req.params.token);
	if (!query || query.tenant !== ctx.req.tenant || query.status === 'Canceled') throw notFound('Data query', ctx.req.params.token);
	return query;
}

/**
 * The asynchronous data-query routes. They are not in ServiceTitan's published OpenAPI documents (so not in the
 * catalog the other routes come from): matched here by path, relative to `/reporting/v2/tenant/{tenant}/`.
 */
const QUERY_ROUTES: Array<{ method: string; pattern: RegExp; names: string[]; handler: Handler }> = [
	{ method: 'POST', pattern: /^report-category\/([^/]+)\/reports\/([^/]+)\/data\/query$/, names: ['report_category', 'reportId'], handler: startReportQuery },
	{ method: 'GET', pattern: /^data-queries\/([^/]+)$/, names: ['token'], handler: (ctx) => queryAnswer(ctx, dataQuery(ctx)) },
	{
		method: 'DELETE',
		pattern: /^data-queries\/([^/]+)$/,
		names: ['token'],
		handler: (ctx) => {
			dataQuery(ctx).status = 'Canceled';
			return { status: 204 };
		},
	},
];

/** Answers a data-query route, or returns undefined for any other path. */
export function handleReportQuery(
	env: ApiEnvironment,
	method: string,
	path: string,
	query: Record<string, string>,
	body: unknown,
	tenant: string,
): ApiResponse | undefined {
	const relative = /^\/reporting\/v2\/tenant\/[^/]+\/(.*)$/.exec(path)?.[1];
	if (relative === undefined) return undefined;
	const matching = QUERY_ROUTES.filter((route) => route.pattern.test(relative));
	if (matching.length && !matching.some((route) => route.method === method)) throw new HttpError(405, `${method} is not allowed on ${path}.`);
	for (const route of matching) {
		const match = route.pattern.exec(relative);
		if (!match || route.method !== method) continue;
		const params = Object.fromEntries(route.names.map((name, index) => [name, decodeURIComponent(match[index + 1])]));
		const fields = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
		const req = { route: undefined as never, params: { tenant, ...params }, query, body, tenant };
		return route.handler({ env, req, parents: new Map(), fields });
	}
	return undefined;
}

/**
 * How the simulated tenant answers report runs: 'sync' (the data call returns the rows), 'async' (it returns 202
 * and a token to poll) or 'retired' (it is refused with 410 and only data/query works). data/query always works.
 */
export type ReportMode = 'sync' | 'async' | 'retired';

export interface ReportQuery {
	token: string;
	tenant: string;
	reportId: number;
	parameters: unknown;
	/** Polls answered 202 before the result is ready. */
	pendingPolls: number;
	polls: number;
	status: 'Pending' | 'Running' | 'Completed' | 'Failed' | 'Canceled';
	/** Set when the query is to fail: the reason its poll reports. */
	failure?: string;
	fields: Array<{ name: string; label: string }>;
	rows: Row[];
}

/** Reporting behaviour, shared by the tenants of one simulator and changeable while it runs. */
export interface ReportingState {
	mode: ReportMode;
	/** Polls of a new query answered 202 before it is done (0: data/query answers with the rows at once). */
	pendingPolls: number;
	/** Rows per page at most, whatever the request asks (unset: as asked, up to 25,000). */
	pageCap?: number;
	/** Reasons for the next queries to fail, one each. */
	failures: string[];
	/** Every query started, by token. */
	queries: Map<string, ReportQuery>;
}

export function createReportingState(options: { mode?: ReportMode; pendingPolls?: number; pageCap?: number } = {}): ReportingState {
	return { mode: options.mode ?? 'sync', pendingPolls: options.pendingPolls ?? 2, pageCap: options.pageCap, failures: [], queries: new Map() };
}

export const REPORTING_HANDLERS: Record<string, Handler> = {
	'reporting:GET report-categories': (ctx) =>
		paged(
			ctx,
			ctx.env.store.list('reporting:report-categories').map(({ id, name }) => ({ id, name })),
		),
	'reporting:GET report-category/{}/reports': (ctx) => {
		const categoryId = category(ctx);
		const rows = ctx.env.store
			.list('reporting:reports')
			.filter((r) => r.categoryId === categoryId && (!ctx.req.query.name || String(r.name).toLowerCase().includes(ctx.req.query.name.toLowerCase())))
			.map(({ id, name, description }) => ({ id, name, description }));
		return paged(ctx, rows);
	},
	'reporting:GET report-category/{}/reports/{}': (ctx) => {
		const { id, name, description, modifiedOn, parameters, fields } = report(ctx);
		return { status: 200, body: { id, name, description, modifiedOn, parameters, fields } };
	},
	'reporting:POST report-category/{}/reports/{}/data': runReport,
	'reporting:GET dynamic-value-sets/{}': (ctx) => {
		const sets: Record<string, string> = {
			'business-units': 'settings:business-units',
			technicians: 'settings:technicians',
			campaigns: 'marketing:campaigns',
			'job-types': 'jpm:job-types',
		};
		const collection = sets[ctx.req.params.dynamicSetId];
		if (!collection) throw notFound('Dynamic value set', ctx.req.params.dynamicSetId);
		const rows = ctx.env.store
			.list(collection)
			.filter((r) => r.active !== false)
			.map((r) => [r.id, r.name]);
		return {
			status: 200,
			body: {
				fields: [
					{ name: 'Value', label: 'Value' },
					{ name: 'Name', label: 'Name' },
				],
				...pagedResponse(rows, parsePaging(ctx.req.query)),
			},
		};
	},
};
