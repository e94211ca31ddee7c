/**
 * What the editor asks the node for (dropdowns, record pickers, the credential test) and the
 * Custom API Call, against the simulator's tenant data.
 */
import { createServer } from 'node:net';
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import { listSearch, loadOptions, testCredential } from '../harness';
import { RECORD_DROPDOWNS } from '../../nodes/ServiceTitan/catalog/pickers';
import { collectionModule } from '../simulator/routes';
import { CREDENTIAL_TYPE, relativePath, startNodeSimulator, type NodeTestContext } from './support';

let t: NodeTestContext;
beforeAll(async () => {
	t = await startNodeSimulator();
});
afterAll(async () => t.sim.close());

const credentials = () => ({ [CREDENTIAL_TYPE]: t.credentialData });
const records = (collection: string) => t.sim.store.list(collection) as unknown as IDataObject[];

describe('loadOptions: dropdowns list the tenant’s active records by name', () => {
	test.each([...RECORD_DROPDOWNS.values()].map((entry) => [entry.method, entry.list] as const))('%s', async (method, { module, path }) => {
		const expected = records(`${collectionModule(module)}:${path}`)
			.filter((record) => record.active !== false)
			.map((record) => ({ name: record.name ? String(record.name) : `#${String(record.id)}`, value: String(record.id) }))
			.sort((a, b) => a.name.localeCompare(b.name));
		expect(expected.length).toBeGreaterThan(0);
		const options = await loadOptions({ nodeType: 'serviceTitan', method, credentials: credentials(), parameters: { resource: 'job', operation: 'create' } });
		expect(options).toEqual(expected);
	});

	test('custom field types of the selected resource', async () => {
		const gateCode = t.sim.store.create('crm:locations/custom-fields', { name: 'Gate Code', dataType: 'Text', active: true });
		const options = await loadOptions({
			nodeType: 'serviceTitan',
			method: 'customFieldTypes',
			credentials: credentials(),
			parameters: { resource: 'location', operation: 'update' },
		});
		expect(options).toContainEqual({ name: 'Gate Code', value: String(gateCode.id), description: 'Text' });
	});

	test('a failing dropdown shows ServiceTitan’s error instead of an empty list', async () => {
		t.sim.injectFault({ path: '/job-cancel-reasons', type: 'status', status: 403, body: { title: 'Missing scope', status: 403 } });
		await expect(loadOptions({ nodeType: 'serviceTitan', method: 'jobCancelReasons', credentials: credentials() })).rejects.toThrow(/ServiceTitan 403: Missing scope/);
	});
});

describe('listSearch: record pickers page through the tenant', () => {
	test('jobs: 50 per page with a token for the next page, then none', async () => {
		const jobs = records('jpm:jobs');
		expect(jobs.length).toBeGreaterThan(50);
		const first = await listSearch({ nodeType: 'serviceTitan', method: 'searchJobs', credentials: credentials() });
		expect(first.results).toHaveLength(50);
		expect(first.paginationToken).toBe('2');
		expect(first.results[0]).toEqual({
			name: expect.stringMatching(/^Job .+ \(#\d+\)$/),
			value: expect.stringMatching(/^\d+$/),
			url: expect.stringContaining('/Job/Index/'),
		});
		const second = await listSearch({ nodeType: 'serviceTitan', method: 'searchJobs', credentials: credentials(), paginationToken: first.paginationToken });
		expect(second.paginationToken).toBeUndefined();
		const seen = [...first.results, ...second.results].map((r) => r.value);
		expect(new Set(seen).size).toBe(seen.length);
		expect(seen.sort()).toEqual(
			jobs
				.filter((job) => job.active !== false)
				.map((job) => String(job.id))
				.sort(),
		);
	});

	test('customers by typed name and by ID', async () => {
		const customer = records('crm:customers')[3];
		const byName = await listSearch({ nodeType: 'serviceTitan', method: 'searchCustomers', credentials: credentials(), filter: String(customer.name) });
		expect(byName.results).toContainEqual({
			name: `${String(customer.name)} (#${String(customer.id)})`,
			value: String(customer.id),
			url: `https://go.servicetitan.com/#/Customer/${String(customer.id)}`,
		});
		const byNumber = await listSearch({ nodeType: 'serviceTitan', method: 'searchCustomers', credentials: credentials(), filter: String(customer.id) });
		expect(byNumber.results.map((r) => r.value)).toEqual([String(customer.id)]);
	});

	test.each([
		['searchLocations', 'crm:locations'],
		['searchTechnicians', 'settings:technicians'],
		['searchBusinessUnits', 'settings:business-units'],
	])('%s lists %s', async (method, collection) => {
		const result = await listSearch({ nodeType: 'serviceTitan', method, credentials: credentials() });
		const expected = records(collection)
			.filter((r) => r.active !== false)
			.slice(0, 50);
		expect(result.results.map((r) => r.value)).toEqual(expected.map((r) => String(r.id)));
		expect(result.results.every((r) => r.name.includes(String(expected.find((e) => String(e.id) === r.value)?.name)))).toBe(true);
	});
});

describe('credential test', () => {
	const test_ = (data: IDataObject) =>
		testCredential({ nodeType: 'serviceTitan', method: 'testServiceTitanCredential', data: { ...t.credentialData, ...(data as ICredentialDataDecryptedObject) } });

	test('OK: token issued, app key and tenant accepted', async () => {
		expect(await test_({})).toEqual({ status: 'OK', message: 'Connection successful: token issued, app key and tenant accepted.' });
	});

	test('a wrong client secret', async () => {
		const result = await test_({ clientSecret: 'not-the-secret' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^ServiceTitan rejected the Client ID or Client Secret \(invalid_client\)\. Copy both again/);
		expect(result.message).not.toContain('not-the-secret');
	});

	test('a wrong app key', async () => {
		const result = await test_({ appKey: 'ak1.wrong' });
		expect(result).toEqual({
			status: 'Error',
			message: expect.stringMatching(
				/^Token issued, but the call to tenant \d+ failed: ServiceTitan 401: The application key.* — App Key rejected: the credential needs the app key from the developer portal, not the Client ID/,
			),
		});
	});

	test('a tenant the app is not connected to', async () => {
		const result = await test_({ tenantId: '9999999' });
		expect(result).toEqual({
			status: 'Error',
			message: expect.stringMatching(
				/^Token issued, but the call to tenant 9999999 failed: ServiceTitan 403: .+ — the app has no access to this API area for this tenant: .*a tenant admin connected it/,
			),
		});
	});

	test('ServiceTitan unreachable (nothing listens on the port)', async () => {
		const port = await new Promise<number>((resolve) => {
			const server = createServer().listen(0, '127.0.0.1', () => {
				const address = server.address() as { port: number };
				server.close(() => resolve(address.port));
			});
		});
		const result = await test_({ authUrl: `http://127.0.0.1:${port}/connect/token`, apiBaseUrl: `http://127.0.0.1:${port}` });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Network: /);
	});
});

describe('Custom API Call', () => {
	test('GET with query parameters', async () => {
		const customer = records('crm:customers')[2];
		t.sim.clearLog();
		const run = await t.run({
			resource: 'customApiCall',
			operation: 'call',
			module: 'crm',
			method: 'GET',
			path: '/customers',
			queryParameters: { parameter: [{ name: 'ids', value: String(customer.id) }] },
		});
		expect(run.error?.message).toBeUndefined();
		const [request] = t.apiRequests();
		expect([request.method, request.path]).toEqual(['GET', `/crm/v2/tenant/${t.sim.credentials.tenantId}/customers`]);
		expect(request.query).toEqual({ ids: String(customer.id) });
		expect(request.headers['st-app-key']).toBe(t.sim.credentials.appKey);
		expect(run.items).toHaveLength(1);
		expect(run.items[0].json).toMatchObject({ page: 1, hasMore: false, data: [expect.objectContaining({ id: customer.id })] });
		expect(run.items[0].pairedItem).toEqual({ item: 0 });
	});

	test('POST with a JSON body', async () => {
		const customer = records('crm:customers')[0];
		t.sim.clearLog();
		const run = await t.run({
			resource: 'customApiCall',
			operation: 'call',
			module: 'crm',
			method: 'POST',
			path: `customers/${String(customer.id)}/notes`,
			sendBody: true,
			customBody: '{"text": "Dog in the yard", "pinToTop": true}',
		});
		expect(run.error?.message).toBeUndefined();
		const [request] = t.apiRequests();
		expect([request.method, relativePath(request)]).toEqual(['POST', `customers/${String(customer.id)}/notes`]);
		expect(request.body).toEqual({ text: 'Dog in the yard', pinToTop: true });
		expect(run.items[0].json).toMatchObject({ text: 'Dog in the yard' });
	});

	test('Return All Pages: every record as its own item', async () => {
		t.sim.clearLog();
		const run = await t.run({ resource: 'customApiCall', operation: 'call', module: 'settings', method: 'GET', path: 'technicians', returnAllPages: true });
		expect(run.error?.message).toBeUndefined();
		const technicians = records('settings:technicians').filter((r) => r.active !== false);
		expect(run.items.map((item) => item.json.id)).toEqual(technicians.map((r) => r.id));
		expect(t.apiRequests()[0].query).toEqual({ page: '1', pageSize: '5000', includeTotal: 'true' });
	});

	test('a full URL in Path is refused before sending', async () => {
		t.sim.clearLog();
		const run = await t.run({ resource: 'customApiCall', operation: 'call', module: 'crm', method: 'GET', path: `${t.sim.apiBaseUrl}/crm/v2/tenant/1/customers` });
		expect(run.error).toMatchObject({ name: 'NodeOperationError', itemIndex: 0 });
		expect(run.error!.message).toMatch(/^Path: give only the part after \/tenant\/\{tenant\}\//);
		expect(t.apiRequests()).toHaveLength(0);
	});

	test('an API error is reported with its status', async () => {
		const run = await t.run({ resource: 'customApiCall', operation: 'call', module: 'jpm', method: 'GET', path: 'jobs/1' });
		expect(run.error).toMatchObject({ name: 'NodeApiError', httpCode: '404', itemIndex: 0 });
		expect(run.error!.message).toBe('ServiceTitan 404: Job with id 1 was not found. — no record with that ID in this tenant');
	});
});
