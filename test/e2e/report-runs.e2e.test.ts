/**
 * Report > Get Data in a real n8n 2.40.7 with the packed package, against a tenant whose report runs are
 * asynchronous: `n8n execute` runs a few months of a report split by month, each window a data query that the node
 * polls until ready and then reads, and gets the rows of every window with the window they came from.
 */
import { startSimulator, type Simulator } from '../simulator';
import { N8nInstance, linearWorkflow, manualTrigger, nodeOutput, serviceTitanCredential, serviceTitanNode, type CredentialFixture } from './harness';

describe('Report > Get Data against asynchronous report runs (real n8n)', () => {
	let sim: Simulator;
	let n8n: N8nInstance;
	let credential: CredentialFixture;

	beforeAll(async () => {
		sim = await startSimulator({ port: 0, size: 'small', reportRunsPerMinute: 60, reporting: { mode: 'async', pendingPolls: 2, pageCap: 10 } });
		n8n = await N8nInstance.create({ name: 'st-e2e-report-runs' });
		credential = serviceTitanCredential(sim);
		await n8n.importCredentials([credential]);
	});

	afterAll(async () => {
		await n8n?.dispose();
		await sim?.close();
	});

	test('a range split by month: one data query per window, polled, paged, rows concatenated with their window', async () => {
		const workflow = linearWorkflow('Invoices by month', [
			manualTrigger(),
			{
				...serviceTitanNode(
					credential,
					{
						resource: 'report',
						operation: 'getData',
						report_category: { __rl: true, mode: 'id', value: 'accounting' },
						reportId: { __rl: true, mode: 'id', value: '61234568' },
						parametersInput: 'json',
						parameters: JSON.stringify([
							{ name: 'From', value: '2025-01-15' },
							{ name: 'To', value: '2025-05-25' },
						]),
						returnAll: true,
						options: { dateWindow: 'month' },
					},
					'Invoice Summary',
				),
				typeVersion: 3,
			},
		]);
		const [id] = await n8n.importWorkflows([workflow]);
		sim.clearLog();
		const result = await n8n.execute(id);
		expect(result.failure).toBeUndefined();

		const calls = sim.log.filter((entry) => entry.path.includes('/reporting/'));
		const starts = calls.filter((entry) => entry.method === 'POST');
		expect(starts.map((entry) => entry.status)).toEqual([202, 202, 202, 202, 202]);
		expect(starts.map((entry) => (entry.body as { parameters: Array<{ value: string }> }).parameters.map((p) => p.value))).toEqual([
			['2025-01-15', '2025-01-31'],
			['2025-02-01', '2025-02-28'],
			['2025-03-01', '2025-03-31'],
			['2025-04-01', '2025-04-30'],
			['2025-05-01', '2025-05-25'],
		]);
		// Every window's query was polled while ServiceTitan prepared it (two 202s each), then read.
		expect(calls.filter((entry) => entry.method === 'GET' && entry.status === 202)).toHaveLength(10);
		expect([...sim.reporting.queries.values()].map((query) => query.status)).toEqual(Array(5).fill('Completed'));

		const rows = nodeOutput(result.run, 'Invoice Summary');
		const expected = sim.store.list('accounting:invoices').filter((invoice) => {
			const day = String(invoice.invoiceDate).slice(0, 10);
			return day >= '2025-01-15' && day <= '2025-05-25';
		});
		expect(expected.length).toBeGreaterThanOrEqual(3);
		expect(rows).toHaveLength(expected.length);
		for (const row of rows) {
			const window = row.dateWindow as { from: string; to: string };
			expect(String(row.InvoiceDate) >= window.from && String(row.InvoiceDate) <= window.to).toBe(true);
		}
	});
});
