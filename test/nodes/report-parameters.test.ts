/**
 * Report > Get Data in the editor (node version 3): the Category and Report pickers list the tenant's, the
 * parameter form is built from the chosen report's own description, and a run sends what the form holds, refusing
 * a required parameter left empty (before any request) and a parameter the report no longer has.
 */
import { NodeHelpers, type INodeParameters, type ResourceMapperField, type ResourceMapperFields } from 'n8n-workflow';
import { ServiceTitan } from '../../nodes/ServiceTitan/ServiceTitan.node';
import { listSearch, resourceMapping } from '../harness';
import { REPORTS } from '../simulator/seed';
import { CREDENTIAL_TYPE, relativePath, startNodeSimulator, type NodeTestContext } from './support';

let t: NodeTestContext;
beforeAll(async () => {
	t = await startNodeSimulator();
	// Runs of one report are spaced by 60 s / runs per minute; keep these quick.
	t.credentialData.reportRunsPerMinute = 600;
});
afterAll(async () => t.sim.close());
beforeEach(() => t.sim.clearLog());

const credentials = () => ({ [CREDENTIAL_TYPE]: t.credentialData });
const fromList = (value: string | number) => ({ __rl: true, mode: 'list', value: String(value) });
const JOBS_BY_UNIT = 61234567;
const INVOICE_SUMMARY = 61234568;
const JOBS_BY_STATUS = 61234571;
const DAY_SHEET = 61234572;
const categoryOf = (reportId: number) => REPORTS.find((report) => report.id === reportId)!.categoryId;

/** The node's parameters for Report > Get Data with this report chosen from the lists. */
const reportParameters = (reportId: number): INodeParameters => ({
	resource: 'report',
	operation: 'getData',
	report_category: fromList(categoryOf(reportId)),
	reportId: fromList(reportId),
});

async function formFields(reportId: number): Promise<ResourceMapperFields> {
	return resourceMapping({ nodeType: 'serviceTitan', method: 'getReportParameters', credentials: credentials(), parameters: reportParameters(reportId) });
}

/** What the editor saves for the form: the values entered and the fields it showed. */
const form = (schema: ResourceMapperField[], value: Record<string, unknown>) => ({
	mappingMode: 'defineBelow',
	value,
	matchingColumns: [],
	schema,
	attemptToConvertTypes: false,
	convertFieldsToString: false,
});

const names = (records: ReadonlyArray<object>) => records.map((record) => String((record as { name?: unknown }).name)).sort((a, b) => a.localeCompare(b));

describe('node versions', () => {
	/** The parameters the editor shows for Report > Get Data at a node version, with their types. */
	function shown(typeVersion: number, values: INodeParameters = {}): Array<[string, string]> {
		const { description } = new ServiceTitan();
		const parameters = { resource: 'report', operation: 'getData', specifyBody: 'fields', ...values };
		return description.properties
			.filter((property) => property.name !== 'resource' && property.type !== 'notice')
			.filter((property) => NodeHelpers.displayParameter(parameters, property, { typeVersion }, description))
			.map((property): [string, string] => [property.name, property.type])
			.filter(([name]) => !['operation', 'returnAll', 'limit'].includes(name));
	}

	test('versions 1 and 2 keep the IDs typed in and the JSON list their workflows hold', () => {
		for (const version of [1, 2]) {
			expect(shown(version)).toEqual([
				['report_category', 'string'],
				['reportId', 'number'],
				['specifyBody', 'options'],
				['parameters', 'json'],
				['options', 'collection'],
			]);
		}
	});

	test('version 3 picks Category and Report from lists and fills the parameters in a form, or as the JSON list', () => {
		expect(shown(3, { parametersInput: 'fields' })).toEqual([
			['report_category', 'resourceLocator'],
			['reportId', 'resourceLocator'],
			['specifyBody', 'options'],
			['parametersInput', 'options'],
			['parametersUi', 'resourceMapper'],
			['options', 'collection'],
		]);
		expect(shown(3, { parametersInput: 'json' })).toEqual([
			['report_category', 'resourceLocator'],
			['reportId', 'resourceLocator'],
			['specifyBody', 'options'],
			['parametersInput', 'options'],
			['parameters', 'json'],
			['options', 'collection'],
		]);
	});
});

describe('Category and Report lists', () => {
	test('the categories of the tenant, searchable by name', async () => {
		const all = await listSearch({
			nodeType: 'serviceTitan',
			method: 'searchReportCategories',
			credentials: credentials(),
			parameters: { resource: 'report', operation: 'getData' },
		});
		expect(all.results.map(({ name, value }) => ({ name, value }))).toEqual([
			{ name: 'Accounting', value: 'accounting' },
			{ name: 'Marketing', value: 'marketing' },
			{ name: 'Operations', value: 'operations' },
			{ name: 'Technician', value: 'technician' },
		]);
		const found = await listSearch({
			nodeType: 'serviceTitan',
			method: 'searchReportCategories',
			credentials: credentials(),
			filter: 'oper',
			parameters: { resource: 'report' },
		});
		expect(found.results.map((result) => result.value)).toEqual(['operations']);
		expect(relativePath(t.apiRequests()[0])).toBe('report-categories');
	});

	test('the reports of the chosen category, with their descriptions, searchable by name', async () => {
		const parameters = { resource: 'report', operation: 'getData', report_category: fromList('operations') };
		const all = await listSearch({ nodeType: 'serviceTitan', method: 'searchReports', credentials: credentials(), parameters });
		expect(all.results).toEqual([
			{ name: `Jobs by Business Unit (#${JOBS_BY_UNIT})`, value: String(JOBS_BY_UNIT), description: 'Completed and canceled jobs and revenue per business unit.' },
			{ name: `Jobs by Status (#${JOBS_BY_STATUS})`, value: String(JOBS_BY_STATUS), description: 'Jobs and their total per status, by the date chosen.' },
		]);
		expect(relativePath(t.apiRequests()[0])).toBe('report-category/operations/reports');
		const found = await listSearch({ nodeType: 'serviceTitan', method: 'searchReports', credentials: credentials(), parameters, filter: 'status' });
		expect(found.results.map((result) => result.value)).toEqual([String(JOBS_BY_STATUS)]);
		// Another category lists its own.
		const technician = await listSearch({
			nodeType: 'serviceTitan',
			method: 'searchReports',
			credentials: credentials(),
			parameters: { ...parameters, report_category: fromList('technician') },
		});
		expect(technician.results.map((result) => result.value)).toEqual([String(DAY_SHEET), '61234569']);
	});

	test('without a category the report list says to choose one first, and asks nothing', async () => {
		await expect(
			listSearch({ nodeType: 'serviceTitan', method: 'searchReports', credentials: credentials(), parameters: { resource: 'report', operation: 'getData' } }),
		).rejects.toThrow(/Choose report_category first/);
		expect(t.apiRequests()).toEqual([]);
	});
});

describe('the parameter form is built from the report’s description', () => {
	test('dates: two required date pickers', async () => {
		const { fields } = await formFields(INVOICE_SUMMARY);
		expect(fields.map(({ id, displayName, type, required, display }) => ({ id, displayName, type, required, display }))).toEqual([
			{ id: 'From', displayName: 'From', type: 'dateTime', required: true, display: true },
			{ id: 'To', displayName: 'To', type: 'dateTime', required: true, display: true },
		]);
		expect(t.apiRequests().map(relativePath)).toEqual([`report-category/accounting/reports/${INVOICE_SUMMARY}`]);
	});

	test('a list parameter from a dynamic value set: the tenant’s active business units by name', async () => {
		const { fields } = await formFields(JOBS_BY_UNIT);
		const units = fields.find((field) => field.id === 'BusinessUnitIds')!;
		const active = t.sim.store.list('settings:business-units').filter((unit) => unit.active !== false);
		expect(units).toMatchObject({ displayName: 'Business Units', type: 'options', required: false });
		expect(units.options).toEqual(active.map((unit) => ({ name: unit.name, value: unit.id })));
		expect(units.options!.length).toBeGreaterThan(1);
		expect(t.apiRequests().map(relativePath)).toEqual([`report-category/operations/reports/${JOBS_BY_UNIT}`, 'dynamic-value-sets/business-units']);
	});

	test('fixed values (one value, a list) next to a dynamic set, a number and free text', async () => {
		const { fields } = await formFields(JOBS_BY_STATUS);
		expect(fields.map(({ id, displayName, type, required }) => [id, displayName, type, required])).toEqual([
			['DateType', 'Date Type', 'options', true],
			['From', 'From', 'dateTime', true],
			['To', 'To', 'dateTime', true],
			['JobStatuses', 'Job Statuses', 'options', false],
			['JobTypeIds', 'Job Types', 'options', false],
			['MinimumTotal', 'Minimum Total', 'number', false],
			['SummaryContains', 'Summary Contains', 'string', false],
		]);
		const byId = Object.fromEntries(fields.map((field) => [field.id, field.options]));
		expect(byId.DateType).toEqual([
			{ name: 'Job Created Date', value: 1 },
			{ name: 'Job Completed Date', value: 2 },
		]);
		expect(byId.JobStatuses).toContainEqual({ name: 'In Progress', value: 'InProgress' });
		expect(names(byId.JobTypeIds!)).toEqual(names(t.sim.store.list('jpm:job-types').filter((type) => type.active !== false)));
		// Fixed values come with the description; only the dynamic set is read.
		expect(t.apiRequests().map(relativePath)).toEqual([`report-category/operations/reports/${JOBS_BY_STATUS}`, 'dynamic-value-sets/job-types']);
	});

	test('a single day and a time of day', async () => {
		const { fields } = await formFields(DAY_SHEET);
		expect(fields.map(({ id, type, required }) => [id, type, required])).toEqual([
			['Day', 'dateTime', true],
			['StartingAt', 'time', false],
			['TechnicianIds', 'options', false],
		]);
	});

	test('before a report is chosen the form says what to choose, and asks nothing', async () => {
		const result = await resourceMapping({
			nodeType: 'serviceTitan',
			method: 'getReportParameters',
			credentials: credentials(),
			parameters: { resource: 'report', operation: 'getData', report_category: fromList('operations') },
		});
		expect(result).toEqual({ fields: [], emptyFieldsNotice: expect.stringMatching(/Choose a Category and a Report first/) });
		expect(t.apiRequests()).toEqual([]);
	});
});

describe('a run sends what the form holds', () => {
	test('typed values, allowed values and expressions become the report’s parameter list', async () => {
		const { fields } = await formFields(JOBS_BY_STATUS);
		const jobTypes = t.sim.store.list('jpm:job-types').map((type) => Number(type.id));
		t.sim.clearLog();
		const run = await t.run(
			{
				...reportParameters(JOBS_BY_STATUS),
				parametersUi: form(fields, {
					DateType: 1,
					// What the date picker stores, and an expression reading the input item.
					From: '2026-01-01T00:00:00',
					To: '={{ $json.until }}',
					// A list parameter: several values from an expression (the dropdown picks one).
					JobStatuses: '={{ ["Completed", "Canceled"] }}',
					JobTypeIds: `={{ "${jobTypes.join(', ')}" }}`,
					MinimumTotal: null,
					SummaryContains: '',
				}),
				returnAll: true,
			},
			{ inputItems: [{ until: '2026-10-31' }] },
		);
		expect(run.error).toBeUndefined();
		const requests = t.apiRequests();
		expect(requests.map((request) => [request.method, relativePath(request)])).toEqual([
			['GET', `report-category/operations/reports/${JOBS_BY_STATUS}`],
			['POST', `report-category/operations/reports/${JOBS_BY_STATUS}/data`],
		]);
		expect(requests[1].body).toEqual({
			parameters: [
				{ name: 'DateType', value: 1 },
				{ name: 'From', value: '2026-01-01' },
				{ name: 'To', value: '2026-10-31' },
				{ name: 'JobStatuses', value: ['Completed', 'Canceled'] },
				{ name: 'JobTypeIds', value: jobTypes },
			],
		});
		expect(run.items.length).toBeGreaterThan(0);
		for (const item of run.items) {
			expect(Object.keys(item.json)).toEqual(['Status', 'Jobs', 'Total']);
			expect(['Completed', 'Canceled']).toContain(item.json.Status);
		}
	});

	test('items of one report read its description once', async () => {
		const { fields } = await formFields(INVOICE_SUMMARY);
		t.sim.clearLog();
		const run = await t.run(
			{ ...reportParameters(INVOICE_SUMMARY), parametersUi: form(fields, { From: '={{ $json.from }}', To: '2026-10-31' }), returnAll: false, limit: 1 },
			{ inputItems: [{ from: '2026-01-01' }, { from: '2026-06-01' }, { from: '2026-09-01' }] },
		);
		expect(run.error).toBeUndefined();
		const requests = t.apiRequests();
		expect(requests.filter((request) => request.method === 'GET')).toHaveLength(1);
		expect(requests.filter((request) => request.method === 'POST').map((request) => (request.body as { parameters: unknown[] }).parameters[0])).toEqual([
			{ name: 'From', value: '2026-01-01' },
			{ name: 'From', value: '2026-06-01' },
			{ name: 'From', value: '2026-09-01' },
		]);
	});

	test('a required parameter left empty is refused before any request, naming it and the item', async () => {
		// n8n itself refuses a form with a required field missing; an expression that comes out empty is ours to catch.
		const { fields } = await formFields(JOBS_BY_STATUS);
		t.sim.clearLog();
		const run = await t.run(
			{ ...reportParameters(JOBS_BY_STATUS), parametersUi: form(fields, { DateType: 1, From: '2026-01-01', To: '={{ $json.until }}' }) },
			{ inputItems: [{ until: '2026-10-31' }, {}] },
		);
		expect(run.error?.message).toBe('Parameters › To: the report parameter To is required');
		expect(run.error?.description).toMatch(/item 1\b/);
		expect(run.error?.itemIndex).toBe(1);
		// The first item may have read the report's description meanwhile; no report was run.
		expect(t.apiRequests().filter((request) => request.method !== 'GET')).toEqual([]);

		// Alone, the empty item is refused before any request at all.
		t.sim.clearLog();
		const alone = await t.run({ ...reportParameters(JOBS_BY_STATUS), parametersUi: form(fields, { DateType: 1, From: '2026-01-01', To: '={{ $json.until }}' }) });
		expect(alone.error?.message).toBe('Parameters › To: the report parameter To is required');
		expect(alone.error?.description).toMatch(/item 0\b/);
		expect(t.apiRequests()).toEqual([]);
	});

	test('one value picked for a list parameter is sent as a list', async () => {
		const { fields } = await formFields(JOBS_BY_UNIT);
		const unit = t.sim.store.list('settings:business-units')[0];
		t.sim.clearLog();
		const run = await t.run({
			...reportParameters(JOBS_BY_UNIT),
			parametersUi: form(fields, { From: '2026-01-01', To: '2026-10-31', BusinessUnitIds: unit.id }),
			returnAll: true,
		});
		expect(run.error).toBeUndefined();
		const post = t.apiRequests().find((request) => request.method === 'POST')!;
		expect((post.body as { parameters: unknown[] }).parameters).toContainEqual({ name: 'BusinessUnitIds', value: [unit.id] });
		expect(run.items.map((item) => item.json.BusinessUnit)).toEqual([unit.name]);
	});

	test('a parameter the report no longer has (its owner edited it) is refused, naming it, before the run', async () => {
		const { fields } = await formFields(JOBS_BY_UNIT);
		const report = t.sim.store.get('reporting:reports', JOBS_BY_UNIT)!;
		const before = report.parameters as Array<{ name: string }>;
		// The owner drops the business unit filter after the workflow was saved.
		t.sim.store.update('reporting:reports', JOBS_BY_UNIT, { parameters: before.filter((parameter) => parameter.name !== 'BusinessUnitIds') });
		try {
			t.sim.clearLog();
			const unit = t.sim.store.list('settings:business-units')[0];
			const run = await t.run({ ...reportParameters(JOBS_BY_UNIT), parametersUi: form(fields, { From: '2026-01-01', To: '2026-10-31', BusinessUnitIds: unit.id }) });
			expect(run.error?.message).toMatch(/^Parameters › BusinessUnitIds: the report "Jobs by Business Unit" no longer has a parameter BusinessUnitIds/);
			expect(run.error?.message).toMatch(/Refresh Parameter List/);
			expect(t.apiRequests().map((request) => request.method)).toEqual(['GET']);
		} finally {
			t.sim.store.update('reporting:reports', JOBS_BY_UNIT, { parameters: before });
		}
	});

	test('a value of the wrong type is refused naming the parameter', async () => {
		const { fields } = await formFields(DAY_SHEET);
		t.sim.clearLog();
		const run = await t.run({ ...reportParameters(DAY_SHEET), parametersUi: form(fields, { Day: '={{ "2026-02-30" }}', StartingAt: '09:30' }) });
		expect(run.error?.message).toBe('Parameters › Day: "2026-02-30" is not a real date');
		expect(t.apiRequests().filter((request) => request.method === 'POST')).toEqual([]);
	});

	test('Using JSON sends the list as written', async () => {
		const parameters = [
			{ name: 'From', value: '2026-01-01' },
			{ name: 'To', value: '2026-10-31' },
		];
		const run = await t.run({ ...reportParameters(INVOICE_SUMMARY), parametersInput: 'json', parameters: JSON.stringify(parameters), returnAll: false, limit: 2 });
		expect(run.error).toBeUndefined();
		const requests = t.apiRequests();
		expect(requests.map((request) => request.method)).toEqual(['POST']);
		expect(requests[0].body).toEqual({ parameters });
		expect(run.items).toHaveLength(2);
	});
});
