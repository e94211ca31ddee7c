/**
 * Report > Get Data in a real n8n 2.40.7 with the packed package: the editor's own endpoints list the report
 * categories and reports and build the parameter form (POST /rest/dynamic-node-parameters/…, as the editor calls
 * them), and `n8n execute` runs a workflow whose parameters were filled in that form.
 */
import type { ResourceMapperField } from 'n8n-workflow';
import { editorRequest, editorSuite, linearWorkflow, manualTrigger, nodeOutput, resourceLocatorResults, serviceTitanNode } from './harness';

const JOBS_BY_STATUS = 61234571;
const fromList = (value: string | number, cachedResultName: string) => ({ __rl: true, mode: 'list', value: String(value), cachedResultName });

describe('Report > Get Data with its parameters from the form (real n8n)', () => {
	const suite = editorSuite('st-e2e-reports', { reportRunsPerMinute: 60 });
	let fields: ResourceMapperField[];

	const nodeParameters = {
		resource: 'report',
		operation: 'getData',
		report_category: fromList('operations', 'Operations'),
		reportId: fromList(JOBS_BY_STATUS, `Jobs by Status (#${JOBS_BY_STATUS})`),
	};
	/** What the editor posts for a parameter of the node (its type and version, the parameters as they stand). */
	const request = (path: string, methodName: string, filter?: string) => ({ version: 3, parameters: nodeParameters, path, methodName, filter });

	test('the editor lists the categories and the reports of the chosen one', async () => {
		const categories = await resourceLocatorResults(suite, request('parameters.report_category', 'searchReportCategories'));
		expect(categories.map((result) => result.value)).toEqual(['accounting', 'marketing', 'operations', 'technician']);
		const reports = await resourceLocatorResults(suite, request('parameters.reportId', 'searchReports', 'status'));
		expect(reports).toEqual([expect.objectContaining({ name: `Jobs by Status (#${JOBS_BY_STATUS})`, value: String(JOBS_BY_STATUS) })]);
	});

	test('the editor builds the form from the report’s description', async () => {
		const result = await suite.server!.rest<{ fields: ResourceMapperField[] }>(
			'POST',
			'/dynamic-node-parameters/resource-mapper-fields',
			editorRequest(suite, request('parameters.parametersUi', 'getReportParameters')),
		);
		fields = result.fields;
		expect(fields.map(({ id, type, required }) => [id, type, required])).toEqual([
			['DateType', 'options', true],
			['From', 'dateTime', true],
			['To', 'dateTime', true],
			['JobStatuses', 'options', false],
			['JobTypeIds', 'options', false],
			['MinimumTotal', 'number', false],
			['SummaryContains', 'string', false],
		]);
		expect(fields[0].options).toEqual([
			{ name: 'Job Created Date', value: 1 },
			{ name: 'Job Completed Date', value: 2 },
		]);
	});

	test('n8n execute runs the report with the values entered in that form', async () => {
		expect(fields).toBeDefined();
		await suite.n8n.stop();
		suite.server = undefined;
		const workflow = linearWorkflow('Jobs by status this year', [
			manualTrigger(),
			{
				...serviceTitanNode(
					suite.credential,
					{
						...nodeParameters,
						parametersUi: {
							mappingMode: 'defineBelow',
							// As the editor saves them: the date picker's value, a dropdown's, an expression and fields left empty.
							value: {
								DateType: 1,
								From: '2026-01-01T00:00:00',
								To: '={{ $now.toISODate() }}',
								JobStatuses: 'Completed',
								JobTypeIds: null,
								MinimumTotal: null,
								SummaryContains: null,
							},
							matchingColumns: [],
							schema: fields,
							attemptToConvertTypes: false,
							convertFieldsToString: false,
						},
						returnAll: true,
					},
					'Jobs by Status',
				),
				typeVersion: 3,
			},
		]);
		const [id] = await suite.n8n.importWorkflows([workflow]);
		suite.sim.clearLog();
		const result = await suite.n8n.execute(id);
		expect(result.failure).toBeUndefined();
		const runs = suite.sim.log.filter((entry) => entry.path.includes('/reporting/'));
		expect(runs.map((entry) => entry.method)).toEqual(['GET', 'POST']);
		const today = new Date().toISOString().slice(0, 10);
		expect(runs[1].body).toEqual({
			parameters: [
				{ name: 'DateType', value: 1 },
				{ name: 'From', value: '2026-01-01' },
				{ name: 'To', value: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) },
				{ name: 'JobStatuses', value: ['Completed'] },
			],
		});
		expect(Math.abs(Date.parse((runs[1].body as { parameters: Array<{ value: string }> }).parameters[2].value) - Date.parse(today))).toBeLessThanOrEqual(86400000);
		const rows = nodeOutput(result.run, 'Jobs by Status');
		expect(rows).toEqual([{ Status: 'Completed', Jobs: expect.any(Number), Total: expect.any(Number) }]);
	});
});
