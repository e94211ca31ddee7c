/**
 * Report > Get Data underneath, through n8n's engine against the simulator: Return All and Limit over pages, rows by
 * field name / label / raw, date windows, runs of one report spaced by the per-report limit across items and
 * executions, and the asynchronous data query (202 → polls → rows, a failed query, a cancelled execution).
 */
import type { IDataObject } from 'n8n-workflow';
import { LocalLimiterFactory, getLimiterFactory, setLimiterFactory, type LimiterFactory } from '../../nodes/ServiceTitan/limits';
import type { RequestLogEntry } from '../simulator';
import { byId, relativePath, startNodeSimulator, type NodeTestContext } from './support';

let t: NodeTestContext;
/** Measured spacing, printed after the suite. */
const figures: string[] = [];
let previousFactory: LimiterFactory;
/** The per-report limiter with a minute of one second: the spacing logic is the real one, 60 times faster. */
let scaled: LocalLimiterFactory;

beforeAll(async () => {
	// The simulator's report minute is one second too: 5 runs of one report per second, then 429.
	t = await startNodeSimulator({ reportWindowMs: 1000, reportRunsPerMinute: 5 });
	previousFactory = getLimiterFactory();
	scaled = new LocalLimiterFactory();
	setLimiterFactory({
		get: (key, settings) => scaled.get(key, key.startsWith('st-report:') ? { ...settings, minTimeMs: settings.minTimeMs / 60 } : settings),
	});
});
afterAll(async () => {
	if (figures.length) process.stdout.write(`report runs at 5 per (1 s) minute: ${figures.join('; ')}\n`);
	setLimiterFactory(previousFactory);
	await scaled.disconnectAll();
	await t.sim.close();
});
beforeEach(() => {
	t.sim.clearLog();
	t.sim.reporting.mode = 'sync';
	t.sim.reporting.pageCap = undefined;
	t.sim.reporting.pendingPolls = 2;
});

const range = [
	{ name: 'From', value: '2020-01-01' },
	{ name: 'To', value: '2030-12-31' },
];

/** Invoice Summary (one row per invoice) with the parameters as a JSON list. */
function invoices(extra: IDataObject = {}, parameters: unknown[] = range): IDataObject {
	return {
		resource: 'report',
		operation: 'getData',
		report_category: byId('accounting'),
		reportId: byId(61234568),
		parametersInput: 'json',
		parameters: JSON.stringify(parameters),
		returnAll: true,
		...extra,
	};
}

const reportCalls = (): RequestLogEntry[] => t.apiRequests().filter((call) => call.path.startsWith('/reporting/'));
/** Report runs ServiceTitan took (a run a busy host bunched into a 429 and sent again counts once). */
const runs = (): RequestLogEntry[] => reportCalls().filter((call) => call.method === 'POST' && call.status !== 429);
const invoiceCount = (from = '2020-01-01', to = '2030-12-31') =>
	t.sim.store.list('accounting:invoices').filter((invoice) => {
		const day = String(invoice.invoiceDate).slice(0, 10);
		return day >= from && day <= to;
	}).length;

describe('pages and output', () => {
	test('Return All follows the pages a report answers with (even pages shorter than asked) until hasMore is false', async () => {
		t.sim.reporting.pageCap = 15;
		const run = await t.run(invoices());
		expect(run.error).toBeUndefined();
		const total = invoiceCount();
		expect(total).toBeGreaterThan(30);
		expect(run.items).toHaveLength(total);
		expect(runs().map((call) => call.query.page)).toEqual(Array.from({ length: Math.ceil(total / 15) }, (_, index) => String(index + 1)));
		expect(runs().every((call) => call.query.pageSize === '25000')).toBe(true);
		expect(new Set(run.items.map((item) => item.json.InvoiceNumber)).size).toBe(total);
	});

	test('the asynchronous data query too: pages shorter than asked are followed while hasMore, none lost or repeated', async () => {
		// Other integrators report report pages capped at 1,000 rows whatever pageSize asks; the cap here is 15.
		t.sim.reporting.mode = 'async';
		t.sim.reporting.pageCap = 15;
		const run = await t.run(invoices());
		expect(run.error).toBeUndefined();
		const total = invoiceCount();
		expect(run.items).toHaveLength(total);
		expect(new Set(run.items.map((item) => item.json.InvoiceNumber)).size).toBe(total);
		const pagesRead = reportCalls().filter((call) => call.method === 'GET' && call.status === 200 && call.query.page !== undefined);
		expect(new Set(pagesRead.map((call) => call.query.page)).size).toBe(Math.ceil(total / 15));
	});

	test('Limit stops at that many rows, mid-page, without asking for another page', async () => {
		t.sim.reporting.pageCap = 15;
		const run = await t.run(invoices({ returnAll: false, limit: 20 }));
		expect(run.items).toHaveLength(20);
		expect(runs().map((call) => [call.query.page, call.query.pageSize])).toEqual([
			['1', '20'],
			['2', '20'],
		]);
	});

	test('rows keyed by label use the column labels ServiceTitan shows', async () => {
		const run = await t.run(invoices({ returnAll: false, limit: 3, options: { output: 'label' } }));
		expect(run.items).toHaveLength(3);
		expect(Object.keys(run.items[0].json)).toEqual(['Invoice #', 'Invoice Date', 'Customer', 'Business Unit', 'Total', 'Balance']);
	});

	test('raw rows: one item with the field list and the positional rows, as ServiceTitan sends them', async () => {
		t.sim.reporting.pageCap = 15;
		const run = await t.run(invoices({ options: { output: 'raw' } }));
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(1);
		const { fields, rows } = run.items[0].json as { fields: Array<{ name: string; label: string }>; rows: unknown[][] };
		expect(fields.map((field) => field.name)).toEqual(['InvoiceNumber', 'InvoiceDate', 'Customer', 'BusinessUnit', 'Total', 'Balance']);
		expect(fields[0].label).toBe('Invoice #');
		expect(rows).toHaveLength(invoiceCount());
		expect(rows[0]).toEqual([
			expect.any(String),
			expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
			expect.anything(),
			expect.anything(),
			expect.any(Number),
			expect.any(Number),
		]);
	});
});

describe('date windows', () => {
	const spring = [
		{ name: 'From', value: '2025-01-15' },
		{ name: 'To', value: '2025-05-25' },
	];

	test('a From–To range split by month runs the report once per calendar month (clipped) and concatenates the rows', async () => {
		const run = await t.run(invoices({ options: { dateWindow: 'month' } }, spring));
		expect(run.error).toBeUndefined();
		expect(runs().map((call) => (call.body as { parameters: unknown }).parameters)).toEqual([
			[
				{ name: 'From', value: '2025-01-15' },
				{ name: 'To', value: '2025-01-31' },
			],
			[
				{ name: 'From', value: '2025-02-01' },
				{ name: 'To', value: '2025-02-28' },
			],
			[
				{ name: 'From', value: '2025-03-01' },
				{ name: 'To', value: '2025-03-31' },
			],
			[
				{ name: 'From', value: '2025-04-01' },
				{ name: 'To', value: '2025-04-30' },
			],
			[
				{ name: 'From', value: '2025-05-01' },
				{ name: 'To', value: '2025-05-25' },
			],
		]);
		const expected = invoiceCount('2025-01-15', '2025-05-25');
		expect(expected).toBeGreaterThanOrEqual(3);
		expect(run.items).toHaveLength(expected);
		// Rows from several windows, each with its own.
		expect(new Set(run.items.map((item) => (item.json.dateWindow as { from: string }).from)).size).toBeGreaterThanOrEqual(3);
		for (const { json } of run.items) {
			const window = json.dateWindow as { from: string; to: string };
			expect(String(json.InvoiceDate) >= window.from && String(json.InvoiceDate) <= window.to).toBe(true);
		}
		// The same rows as one run over the whole range.
		t.sim.clearLog();
		const whole = await t.run(invoices({}, spring));
		expect(run.items.map((item) => item.json.InvoiceNumber).sort()).toEqual(whole.items.map((item) => item.json.InvoiceNumber).sort());
	});

	test('weeks run Monday to Sunday; each window is a run through the per-report limiter', async () => {
		const run = await t.run(
			invoices({ options: { dateWindow: 'week', output: 'raw' } }, [
				{ name: 'From', value: '2026-03-04' },
				{ name: 'To', value: '2026-03-20' },
			]),
		);
		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => item.json.dateWindow)).toEqual([
			{ from: '2026-03-04', to: '2026-03-08' },
			{ from: '2026-03-09', to: '2026-03-15' },
			{ from: '2026-03-16', to: '2026-03-20' },
		]);
		// Three runs at one per 204 ms (a busy host may bunch two arrivals, not shorten the whole span).
		const starts = runs().map((call) => call.time);
		expect(starts.at(-1)! - starts[0]).toBeGreaterThanOrEqual(2 * 180);
	});

	test('a window that fails is named in the error', async () => {
		t.sim.injectFault({
			path: '/reports/61234568/data',
			type: 'status',
			status: 400,
			after: 1,
			body: { title: 'The report is too large for the range.', status: 400, traceId: 't-1', errors: {} },
		});
		const run = await t.run(invoices({ options: { dateWindow: 'month' } }, spring));
		expect(run.error?.message).toMatch(/^Date window 2025-02-01 – 2025-02-28 \(2 of 5\): ServiceTitan 400: The report is too large for the range\./);
		expect(runs()).toHaveLength(2);
	});

	test('a range that cannot be split is refused before any request, naming the parameter', async () => {
		const noTo = await t.run(invoices({ options: { dateWindow: 'day' } }, [{ name: 'From', value: '2026-01-01' }]));
		expect(noTo.error?.message).toMatch(/Split: End Parameter.*no parameter "To" to split \(its parameters: From\)/);
		const notADate = await t.run(
			invoices({ options: { dateWindow: 'day', dateWindowFrom: 'from' } }, [
				{ name: 'From', value: 'last monday' },
				{ name: 'To', value: '2026-01-03' },
			]),
		);
		expect(notADate.error?.message).toMatch(
			/Split: Start Parameter: parameter "From": "last monday" is not a date \(use e.g. 2026-01-31\), so the range cannot be split/,
		);
		const backwards = await t.run(
			invoices({ options: { dateWindow: 'day' } }, [
				{ name: 'From', value: '2026-02-01' },
				{ name: 'To', value: '2026-01-01' },
			]),
		);
		expect(backwards.error?.message).toMatch(/starts \(From 2026-02-01\) after it ends \(To 2026-01-01\)/);
		const tooMany = await t.run(invoices({ options: { dateWindow: 'day' } }, range));
		expect(tooMany.error?.message).toMatch(/more than 1000 runs of the report; split by a longer period/);
		expect(reportCalls()).toEqual([]);
	});
});

describe('the per-report limit', () => {
	test('7 items of one report at 5 runs per minute: none fails, the runs are spaced a fifth of a minute apart, also into the next execution', async () => {
		const items = Array.from({ length: 7 }, () => ({}));
		const run = await t.run({ ...invoices({ returnAll: false, limit: 1 }) }, { inputItems: items });
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(7);
		expect(run.items.map((item) => item.pairedItem)).toEqual(items.map((_, index) => ({ item: index })));
		const next = await t.run(invoices({ returnAll: false, limit: 1 }));
		expect(next.error).toBeUndefined();
		const answered = runs().filter((call) => call.status === 200);
		expect(answered).toHaveLength(8);
		// A minute is 1 s here: 5 per minute is one run per 204 ms (200 + 2 %). Measured where ServiceTitan sees them: a
		// busy host may delay one request and bunch it with the next, so the median gap is what the limiter shows.
		const gaps = answered.slice(1).map((call, index) => call.time - answered[index].time);
		const median = [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)];
		expect(median).toBeGreaterThanOrEqual(180);
		// … and not a whole minute (1 s) per run, even with one 429 waited out.
		const meanGap = (answered.at(-1)!.time - answered[0].time) / gaps.length;
		expect(meanGap).toBeLessThan(700);
		// The limit was waited for, not run into: at most a bunched arrival got a 429 (then waited out).
		expect(reportCalls().filter((call) => call.status === 429).length).toBeLessThanOrEqual(1);
		figures.push(`gaps ${gaps.join(', ')} ms; median ${median} ms, mean ${Math.round(meanGap)} ms`);
	});
});

describe('429 on a report run', () => {
	test('is waited out per Retry-After: three items of the report all return, nothing else is sent during the pause', async () => {
		t.sim.injectFault({ path: '/reports/61234568/data', type: 'status', status: 429, retryAfter: '1', after: 1, times: 2 });
		const run = await t.run(invoices({ returnAll: false, limit: 1 }), { inputItems: [{}, {}, {}] });
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(3);
		const calls = reportCalls().filter((call) => call.method === 'POST');
		expect(calls.map((call) => call.status)).toEqual([200, 429, 429, 200, 200]);
		expect(calls[2].time - calls[1].time).toBeGreaterThanOrEqual(950);
		expect(calls[3].time - calls[2].time).toBeGreaterThanOrEqual(950);
	});
});

describe('asynchronous data query', () => {
	test('the data call answers 202 with a token: the node polls data-queries/{token} until ready, then returns the rows', async () => {
		t.sim.reporting.mode = 'async';
		t.sim.reporting.pageCap = 15;
		const run = await t.run(invoices());
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(invoiceCount());
		const calls = reportCalls().map((call) => `${call.method} ${relativePath(call).replace(/q-[\w-]+/, '{token}')} ${call.status}`);
		expect(calls.slice(0, 4)).toEqual([
			'POST report-category/accounting/reports/61234568/data 202',
			'GET data-queries/{token} 202',
			'GET data-queries/{token} 202',
			'GET data-queries/{token} 200',
		]);
		// The result's other pages are read from the query: the report ran once.
		expect(runs()).toHaveLength(1);
		expect(calls.length).toBe(3 + Math.ceil(invoiceCount() / 15));
	});

	test('a query ServiceTitan reports as failed fails the item with its reason', async () => {
		t.sim.reporting.mode = 'retired';
		t.sim.reporting.failures.push('Report execution timed out.');
		const run = await t.run(invoices(), { continueOnFail: true });
		expect(run.items).toHaveLength(1);
		expect(run.items[0].json.error).toBe('ServiceTitan could not run report accounting/61234568: Report execution timed out.');
	});

	test('stopping the execution while ServiceTitan prepares the report cancels its data query', async () => {
		t.sim.reporting.mode = 'async';
		t.sim.reporting.pendingPolls = 10_000;
		const stop = new AbortController();
		const running = t.run(invoices(), { cancelSignal: stop.signal });
		while (reportCalls().filter((call) => call.method === 'GET').length < 2) await new Promise((resolve) => setTimeout(resolve, 20));
		stop.abort();
		const run = await running;
		// Stopped while waiting between polls or during one.
		expect(run.error?.message).toMatch(/^The (run of report accounting\/61234568|request to ServiceTitan) was cancelled/);
		const token = [...t.sim.reporting.queries.values()].at(-1)!.token;
		expect(t.sim.reporting.queries.get(token)?.status).toBe('Canceled');
		const last = reportCalls().at(-1)!;
		expect([last.method, relativePath(last)]).toEqual(['DELETE', `data-queries/${token}`]);
	});
});
