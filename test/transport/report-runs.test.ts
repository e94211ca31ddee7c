/** Report runs in the transport: synchronous pages, the asynchronous data query, the per-report turn and 429s. */
import { startSimulator, type RequestLogEntry, type Simulator, type SimulatorOptions } from '../simulator';
import { LocalLimiterFactory, type LimiterFactory } from '../../nodes/ServiceTitan/limits';
import {
	ServiceTitanApiError,
	ServiceTitanClient,
	ServiceTitanNetworkError,
	ServiceTitanReportError,
	TokenCache,
	closeSharedDispatcher,
	reportColumnKeys,
	reportRecords,
	type ClientOptions,
	type ReportPage,
	type ReportRun,
	type ServiceTitanConnection,
} from '../../nodes/ServiceTitan/transport';
import { reportPages } from '../../nodes/ServiceTitan/transport/reports/run';

const parameters = [
	{ name: 'From', value: '2020-01-01' },
	{ name: 'To', value: '2030-12-31' },
];
const jobsByUnit: ReportRun = { category: 'operations', reportId: 61234567, parameters };
const invoices: ReportRun = { category: 'accounting', reportId: 61234568, parameters };

const sims: Simulator[] = [];
afterAll(async () => {
	await Promise.all(sims.map((sim) => sim.close()));
	await closeSharedDispatcher();
});

/** Each simulator has its own address, so what one process learnt about another (a retired call) does not leak. */
async function simulator(options: SimulatorOptions = {}): Promise<Simulator> {
	const sim = await startSimulator({ size: 'small', requestsPerSecond: false, ...options });
	sims.push(sim);
	return sim;
}

/** A limiter that lets everything through: the report's own turn and 429 handling stay. */
const unlimited: LimiterFactory = { get: () => ({ schedule: (job) => job() }) };

interface Logged {
	level: 'debug' | 'warn';
	message: string;
}

function client(sim: Simulator, overrides: Partial<ServiceTitanConnection> = {}, options: ClientOptions = {}) {
	const sleeps: number[] = [];
	const logs: Logged[] = [];
	const instance = new ServiceTitanClient(
		{ environment: 'custom', authUrl: sim.authUrl, apiBaseUrl: sim.apiBaseUrl, ...sim.credentials, reportRunsPerMinute: 600, ...overrides },
		{
			tokenCache: new TokenCache(),
			limiterFactory: new LocalLimiterFactory(),
			sleep: async (ms) => void sleeps.push(ms),
			logger: {
				debug: (message) => void logs.push({ level: 'debug', message }),
				warn: (message) => void logs.push({ level: 'warn', message }),
			},
			...options,
		},
	);
	return { instance, sleeps, logs };
}

async function collect(pages: AsyncIterable<ReportPage>): Promise<ReportPage[]> {
	const all: ReportPage[] = [];
	for await (const page of pages) all.push(page);
	return all;
}

const reporting = (sim: Simulator): RequestLogEntry[] => sim.log.filter((entry) => entry.path.startsWith('/reporting/'));
const shape = (sim: Simulator): string[] =>
	reporting(sim).map((entry) => `${entry.method} ${entry.path.replace(/^.*?\/tenant\/[^/]+\//, '').replace(/q-[\w-]+/, '{token}')} ${entry.status}`);

describe('synchronous runs', () => {
	it('pages the data call (POST with the parameters on every page) and returns fields plus positional rows', async () => {
		const sim = await simulator();
		const { instance } = client(sim);
		const pages = await collect(instance.reportPages({ ...invoices, pageSize: 20 }));
		expect(pages.length).toBeGreaterThan(1);
		expect(pages.every((page) => page.via === 'sync')).toBe(true);
		// Each page but the last says more rows follow.
		expect(pages.map((page) => page.more)).toEqual(pages.map((_, index) => index < pages.length - 1));
		expect(pages[0].fields.map((field) => field.name)).toEqual(['InvoiceNumber', 'InvoiceDate', 'Customer', 'BusinessUnit', 'Total', 'Balance']);
		expect(pages[0].rows[0]).toHaveLength(6);
		const calls = reporting(sim);
		expect(calls.map((call) => [call.method, call.query.page, call.query.pageSize])).toEqual(pages.map((_, index) => ['POST', String(index + 1), '20']));
		expect(calls.every((call) => JSON.stringify(call.body) === JSON.stringify({ parameters }))).toBe(true);
	});

	it('asks for pages of 25,000 rows (the Reporting API maximum) unless a smaller limit is given, and stops at the limit', async () => {
		const sim = await simulator();
		const { instance } = client(sim);
		await collect(instance.reportPages(invoices));
		expect(reporting(sim).map((call) => call.query.pageSize)).toEqual(['25000']);
		sim.clearLog();
		const pages = await collect(instance.reportPages({ ...invoices, limit: 25, pageSize: 10 }));
		expect(pages.map((page) => page.rows.length)).toEqual([10, 10, 5]);
		expect(reporting(sim).map((call) => call.query.pageSize)).toEqual(['10', '10', '10']);
		// The limit held rows back: the last page (5 of its 10 kept) says so.
		expect(pages.map((page) => page.more)).toEqual([true, true, true]);
	});
});

describe('asynchronous runs (data query)', () => {
	it('follows a 202 from the data call: polls data-queries/{token} with growing waits, then pages the result without running again', async () => {
		const sim = await simulator({ reporting: { mode: 'async', pendingPolls: 3 } });
		const { instance, sleeps } = client(sim);
		const pages = await collect(instance.reportPages({ ...invoices, pageSize: 20 }));
		expect(pages.length).toBeGreaterThan(1);
		expect(pages.every((page) => page.via === 'query')).toBe(true);
		const log = shape(sim);
		expect(log.slice(0, 5)).toEqual([
			'POST report-category/accounting/reports/61234568/data 202',
			'GET data-queries/{token} 202',
			'GET data-queries/{token} 202',
			'GET data-queries/{token} 202',
			'GET data-queries/{token} 200',
		]);
		// One run: the later pages are read from the query.
		expect(log.filter((line) => line.startsWith('POST'))).toHaveLength(1);
		expect(
			reporting(sim)
				.slice(4)
				.map((call) => call.query.page),
		).toEqual(pages.map((_, index) => String(index + 1)));
		expect(sleeps).toEqual([250, 500, 1000]);
		const [query] = sim.reporting.queries.values();
		expect(query.status).toBe('Completed');
		// Same rows as the synchronous run gives.
		sim.reporting.mode = 'sync';
		const direct = await collect(instance.reportPages({ ...invoices, pageSize: 20 }));
		expect(pages.flatMap((page) => page.rows)).toEqual(direct.flatMap((page) => page.rows));
	});

	it('starts a data query when the data call is refused as retired, and goes straight there afterwards', async () => {
		const sim = await simulator({ reporting: { mode: 'retired', pendingPolls: 1 } });
		const { instance, logs } = client(sim);
		const pages = await collect(instance.reportPages(jobsByUnit));
		expect(pages[0].rows.length).toBeGreaterThan(0);
		expect(shape(sim)).toEqual([
			'POST report-category/operations/reports/61234567/data 410',
			'POST report-category/operations/reports/61234567/data/query 202',
			'GET data-queries/{token} 202',
			'GET data-queries/{token} 200',
		]);
		expect(logs.map((log) => log.message)).toContainEqual(expect.stringMatching(/retired; starting a data query/));
		sim.clearLog();
		sim.reporting.pendingPolls = 0;
		await collect(client(sim).instance.reportPages(jobsByUnit));
		expect(shape(sim)).toEqual(['POST report-category/operations/reports/61234567/data/query 200']);
	});

	it('a query that ServiceTitan reports as failed fails the run with its reason, naming the report', async () => {
		const sim = await simulator({ reporting: { mode: 'async', pendingPolls: 1 } });
		sim.reporting.failures.push('The report took too long to run.');
		const { instance } = client(sim);
		const error = await collect(instance.reportPages(jobsByUnit)).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ServiceTitanReportError);
		expect((error as Error).message).toBe('ServiceTitan could not run report operations/61234567: The report took too long to run.');
		// Failed, not abandoned: nothing to cancel.
		expect(shape(sim).filter((line) => line.startsWith('DELETE'))).toEqual([]);
	});

	it('cancelling the execution while the query runs stops polling and cancels the query in ServiceTitan', async () => {
		const sim = await simulator({ reporting: { mode: 'async', pendingPolls: 1000 } });
		const execution = new AbortController();
		const { instance } = client(sim, {}, { signal: execution.signal, sleep: undefined });
		const running = collect(instance.reportPages(jobsByUnit)).catch((e: unknown) => e);
		while (reporting(sim).filter((call) => call.method === 'GET').length < 3) await new Promise((resolve) => setTimeout(resolve, 20));
		execution.abort();
		const error = await running;
		expect(error).toBeInstanceOf(ServiceTitanNetworkError);
		expect((error as ServiceTitanNetworkError).kind).toBe('aborted');
		const [query] = sim.reporting.queries.values();
		expect(query.status).toBe('Canceled');
		expect(shape(sim).at(-1)).toBe('DELETE data-queries/{token} 204');
	});

	it('a query that is not ready within the wait budget is cancelled and the run fails saying so', async () => {
		const sim = await simulator({ reporting: { mode: 'async', pendingPolls: 1000 } });
		const { instance } = client(sim, {}, { sleep: undefined });
		// The client polls for up to 30 minutes; the module itself takes a shorter budget.
		const error = await collect(
			reportPages(
				{
					request: (options) => instance.request(options),
					sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
					scope: sim.apiBaseUrl,
					poll: { firstDelayMs: 10, maxDelayMs: 20, maxWaitMs: 150 },
				},
				jobsByUnit,
			),
		).catch((e: unknown) => e);
		expect((error as Error).message).toMatch(/^Report operations\/61234567 was not ready after 0 min of waiting for ServiceTitan; its data query was cancelled/);
		expect([...sim.reporting.queries.values()][0].status).toBe('Canceled');
	});
});

describe('the per-report limit', () => {
	it('runs of one report from concurrent callers take turns; a 429 pauses every run of that report for its Retry-After', async () => {
		// ServiceTitan allows 1 run per second here, the client believes 600 per minute: the 429s are waited out.
		const sim = await simulator({ reportRunsPerMinute: 1, reportWindowMs: 1000 });
		const { instance, logs } = client(sim, {}, { sleep: undefined });
		const runs = await Promise.all([1, 2, 3].map(() => collect(instance.reportPages(jobsByUnit))));
		expect(runs.every((pages) => pages[0].rows.length > 0)).toBe(true);
		const calls = reporting(sim);
		const ok = calls.filter((call) => call.status === 200);
		const limited = calls.filter((call) => call.status === 429);
		expect(ok).toHaveLength(3);
		expect(limited.length).toBeGreaterThan(0);
		// After a 429 nothing else is sent for the report until its Retry-After (1 s) has passed.
		for (const refused of limited) {
			const next = calls[calls.indexOf(refused) + 1];
			expect(next.time - refused.time).toBeGreaterThanOrEqual(950);
		}
		expect(logs.filter((log) => log.level === 'warn')).toEqual([]);
	});

	it('a long wait is logged: runs queued behind five or six others at 5 runs per minute, and a Retry-After over a minute', async () => {
		const sim = await simulator({ reportRunsPerMinute: 1000 });
		const { instance, logs } = client(sim, { reportRunsPerMinute: 5 }, { limiterFactory: unlimited });
		await Promise.all(Array.from({ length: 7 }, () => collect(instance.reportPages(jobsByUnit))));
		const waits = logs.filter((log) => log.level === 'warn').map((log) => log.message);
		// Runs are 12.24 s apart: the sixth waits 61 s, the seventh 73 s.
		expect(waits).toEqual([
			'ServiceTitan report operations/61234567: this run waits about 61 s for its turn (5 runs of the same report ahead, one every 12 s)',
			'ServiceTitan report operations/61234567: this run waits about 73 s for its turn (6 runs of the same report ahead, one every 12 s)',
		]);

		logs.length = 0;
		sim.injectFault({ path: '/reports/61234567/data', type: 'status', status: 429, retryAfter: '90' });
		const pages = await collect(instance.reportPages(jobsByUnit));
		expect(pages[0].rows.length).toBeGreaterThan(0);
		expect(logs.filter((log) => log.level === 'warn').map((log) => log.message)).toEqual([
			'ServiceTitan asks to wait 90 s before running report operations/61234567 again; waiting',
		]);
	});

	it("fails with ServiceTitan's 429 when it asks for a pause longer than the node waits (15 min)", async () => {
		const sim = await simulator();
		const { instance, sleeps } = client(sim, {}, { limiterFactory: unlimited });
		sim.injectFault({ path: '/reports/61234567/data', type: 'status', status: 429, retryAfter: '3600' });
		const error = await collect(instance.reportPages(jobsByUnit)).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ServiceTitanApiError);
		expect((error as ServiceTitanApiError).status).toBe(429);
		expect((error as ServiceTitanApiError).message).toBe(
			'ServiceTitan 429: Rate limit is exceeded. Try again in 3600 seconds. — ServiceTitan asks for a longer pause before this report runs again than the node waits (15 min): run it later, or lower Report Runs per Minute in the credential',
		);
		expect(sleeps).toEqual([]);
	});
});

describe('rows as records', () => {
	const fields = [
		{ name: 'BusinessUnit', label: 'Business Unit' },
		{ name: 'Revenue', label: 'Total' },
		{ name: 'Total', label: 'Total' },
		{ name: '__proto__', label: '' },
	];
	it('keys rows by field name or by label (made unique with the name, the name where the label is empty), never the prototype', () => {
		expect(reportColumnKeys(fields, 'label')).toEqual(['Business Unit', 'Total (Revenue)', 'Total (Total)', '__proto__']);
		const [byName] = reportRecords(reportColumnKeys(fields, 'name'), [['North', 10, 12, 'x']]);
		expect(byName).toEqual({ BusinessUnit: 'North', Revenue: 10, Total: 12 });
		expect(Object.getPrototypeOf(byName)).toBe(Object.prototype);
	});
});
