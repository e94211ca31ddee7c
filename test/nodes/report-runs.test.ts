/**
 * Report > Get Data through the node: a paged POST carrying the report's parameters. These are workflows saved with
 * node version 2 (category and report IDs typed in, parameters as a JSON list); they must keep running unchanged.
 */
import { relativePath, startNodeSimulator, type NodeTestContext } from './support';

let t: NodeTestContext;
beforeAll(async () => {
	t = await startNodeSimulator();
	// The per-report limiter spaces runs of one report by 60 s / runs per minute; keep these two quick.
	t.credentialData.reportRunsPerMinute = 60;
});
afterAll(async () => t.sim.close());
beforeEach(() => t.sim.clearLog());

const parameters = [
	{ name: 'From', value: '2020-01-01' },
	{ name: 'To', value: '2030-12-31' },
];

test('Get Data sends POST with the parameters and returns the rows', async () => {
	const run = await t.run(
		{
			resource: 'report',
			operation: 'getData',
			report_category: 'operations',
			reportId: 61234567,
			parameters: JSON.stringify(parameters),
			returnAll: true,
		},
		{ typeVersion: 2 },
	);
	expect(run.error).toBeUndefined();
	const calls = t.apiRequests();
	expect(calls).toHaveLength(1);
	expect(calls[0].method).toBe('POST');
	expect(relativePath(calls[0])).toBe('report-category/operations/reports/61234567/data');
	// Pages of 25,000 rows, the Reporting API's maximum: each page is a run against the per-report limit.
	expect(calls[0].query).toMatchObject({ page: '1', pageSize: '25000' });
	expect(calls[0].body).toEqual({ parameters });
	// Positional rows become records keyed by the report's field names.
	expect(run.items.length).toBeGreaterThan(0);
	for (const item of run.items) {
		expect(Object.keys(item.json)).toEqual(['BusinessUnit', 'CompletedJobs', 'CanceledJobs', 'Revenue']);
		expect(typeof item.json.BusinessUnit).toBe('string');
	}
});

test('Get Data with a Limit asks for no more rows than that', async () => {
	const run = await t.run(
		{
			resource: 'report',
			operation: 'getData',
			report_category: 'operations',
			reportId: 61234567,
			parameters: JSON.stringify(parameters),
			returnAll: false,
			limit: 2,
		},
		{ typeVersion: 2 },
	);
	expect(run.error).toBeUndefined();
	expect(t.apiRequests().map((c) => c.query.pageSize)).toEqual(['2']);
	expect(run.items).toHaveLength(2);
});
