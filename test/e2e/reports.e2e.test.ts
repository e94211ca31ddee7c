/**
 * Report > Get Data in a real n8n 2.40.7 with the packed package: the editor's own endpoints list the report
 * categories and reports and build the parameter form (POST /rest/dynamic-node-parameters/…, as the editor calls
 * them), and `n8n execute` runs a workflow whose parameters were filled in that form.
 */
import type { ResourceMapperField } from 'n8n-workflow';
import { startSimulator, type Simulator } from '../simulator';
import {
	N8nInstance,
	NODE_TYPES,
	credentialRef,
	linearWorkflow,
	manualTrigger,
	nodeOutput,
	serviceTitanCredential,
	serviceTitanNode,
	type CredentialFixture,
	type N8nServer,
} from './harness';

const JOBS_BY_STATUS = 61234571;
const fromList = (value: string | number, cachedResultName: string) => ({ __rl: true, mode: 'list', value: String(value), cachedResultName });

describe('Report > Get Data with its parameters from the form (real n8n)', () => {
	let sim: Simulator;
	let n8n: N8nInstance;
	let server: N8nServer | undefined;
	let credential: CredentialFixture;
	let fields: ResourceMapperField[];

	const nodeParameters = {
		resource: 'report',
		operation: 'getData',
		report_category: fromList('operations', 'Operations'),
		reportId: fromList(JOBS_BY_STATUS, `Jobs by Status (#${JOBS_BY_STATUS})`),
	};
	/** What the editor posts for a parameter of the node (its type and version, the parameters as they stand). */
	const request = (path: string, methodName: string, extra: Record<string, unknown> = {}) => ({
		nodeTypeAndVersion: { name: NODE_TYPES.action, version: 3 },
		currentNodeParameters: nodeParameters,
		path,
		methodName,
		credentials: credentialRef(credential),
		...extra,
	});

	beforeAll(async () => {
		sim = await startSimulator({ port: 0, size: 'small', reportRunsPerMinute: 60 });
		n8n = await N8nInstance.create({ name: 'st-e2e-reports' });
		credential = serviceTitanCredential(sim);
		await n8n.importCredentials([credential]);
		server = await n8n.start();
	});

	afterAll(async () => {
		await n8n?.dispose();
		await sim?.close();
	});

	test('the editor lists the categories and the reports of the chosen one', async () => {
		const categories = await server!.rest<{ results: Array<{ name: string; value: string }> }>(
			'POST',
			'/dynamic-node-parameters/resource-locator-results',
			request('parameters.report_category', 'searchReportCategories'),
		);
		expect(categories.results.map((result) => result.value)).toEqual(['accounting', 'marketing', 'operations', 'technician']);
		const reports = await server!.rest<{ results: Array<{ name: string; value: string }> }>(
			'POST',
			'/dynamic-node-parameters/resource-locator-results',
			request('parameters.reportId', 'searchReports', { filter: 'status' }),
		);
		expect(reports.results).toEqual([expect.objectContaining({ name: `Jobs by Status (#${JOBS_BY_STATUS})`, value: String(JOBS_BY_STATUS) })]);
	});

	test('the editor builds the form from the report’s description', async () => {
		const result = await server!.rest<{ fields: ResourceMapperField[] }>('POST', '/dynamic-node-parameters/resource-mapper-fields', request('parameters.parametersUi', 'getReportParameters'));
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
		expect(fields[0].options).toEqual([{ name: 'Job Created Date', value: 1 }, { name: 'Job Completed Date', value: 2 }]);
	});

	test('n8n execute runs the report with the values entered in that form', async () => {
		expect(fields).toBeDefined();
		await n8n.stop();
		server = undefined;
		const workflow = linearWorkflow('Jobs by status this year', [
			manualTrigger(),
			{
				...serviceTitanNode(credential, {
					...nodeParameters,
					parametersUi: {
						mappingMode: 'defineBelow',
						// As the editor saves them: the date picker's value, a dropdown's, an expression and fields left empty.
						value: { DateType: 1, From: '2026-01-01T00:00:00', To: '={{ $now.toISODate() }}', JobStatuses: 'Completed', JobTypeIds: null, MinimumTotal: null, SummaryContains: null },
						matchingColumns: [],
						schema: fields,
						attemptToConvertTypes: false,
						convertFieldsToString: false,
					},
					returnAll: true,
				}, 'Jobs by Status'),
				typeVersion: 3,
			},
		]);
		const [id] = await n8n.importWorkflows([workflow]);
		sim.clearLog();
		const result = await n8n.execute(id);
		expect(result.failure).toBeUndefined();
		const runs = sim.log.filter((entry) => entry.path.includes('/reporting/'));
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
