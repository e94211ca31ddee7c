/**
 * Every operation of every first-class resource, run through n8n's engine against the simulator:
 * the request ServiceTitan receives (method, path, query, body, auth headers) and the items out.
 */
import { CATALOG, type CatalogEntry } from '../../nodes/ServiceTitan/catalog';
import { CURATED_RESOURCES } from '../../nodes/ServiceTitan/catalog/curated';
import { keyedCreateOf } from '../../nodes/ServiceTitan/catalog/keys';
import type { OperationSpec } from '../../nodes/ServiceTitan/catalog/types';
import { ACTION_TARGETS, OperationInputs } from './operation-inputs';
import { relativePath, startNodeSimulator, type NodeTestContext } from './support';

let t: NodeTestContext;
let inputs: OperationInputs;
beforeAll(async () => {
	t = await startNodeSimulator();
	inputs = new OperationInputs(t.sim);
});
afterAll(async () => t.sim.close());

/** File transfers need n8n's BinaryDataService, which the in-process harness does not start. */
const isFileTransfer = (op: OperationSpec) => op.responseType === 'binary' || op.body?.kind === 'binary';

const curated = CATALOG.filter((entry) => CURATED_RESOURCES[entry.resource.value]);
const cases: Array<[string, string, CatalogEntry, OperationSpec]> = curated.flatMap((entry) =>
	entry.resource.operations.filter((op) => !isFileTransfer(op)).map((op): [string, string, CatalogEntry, OperationSpec] => [entry.resource.value, op.value, entry, op]),
);

test('the first-class layer covers the 33 curated resources', () => {
	expect(curated.map((e) => e.resource.value).sort()).toEqual(
		[
			'customer',
			'location',
			'lead',
			'booking',
			'job',
			'appointment',
			'project',
			'task',
			'estimate',
			'invoice',
			'payment',
			'inventoryBill',
			'apBill',
			'installedEquipment',
			'employee',
			'technician',
			'businessUnit',
			'jobType',
			'campaign',
			'membership',
			'purchaseOrder',
			'receipt',
			'vendor',
			'taxZone',
			'pricebookService',
			'pricebookMaterial',
			'pricebookEquipment',
			'timesheet',
			'appointmentAssignment',
			'report',
			'capacity',
			'availability',
			'technicianShift',
		].sort(),
	);
	expect(cases.length).toBeGreaterThan(200);
});

describe.each(cases)('%s: %s', (resource, operation, entry, op) => {
	test('sends the documented request and returns paired items', async () => {
		const key = `${resource}.${operation}`;
		const { parameters, expected, simplify, limit } = inputs.build(entry, op, ACTION_TARGETS[key]);
		t.sim.clearLog();
		const run = await t.run(parameters);

		expect(run.error?.message).toBeUndefined();
		let requests = t.apiRequests();
		const keyed = keyedCreateOf(entry.resource, op);
		if (keyed?.kind === 'externalId') {
			// A booking's External ID is always its key: looked up before the create (docs/no-duplicates.md).
			expect(requests[0]).toMatchObject({ method: 'GET', query: expect.objectContaining({ externalId: expect.any(String) }) });
			expect(relativePath(requests[0])).toBe(keyed.list.path);
			requests = requests.slice(1);
		}
		expect(requests).toHaveLength(1); // Limit below one page: no second page is fetched
		const [request] = requests;
		expect(request.method).toBe(expected.method);
		expect(relativePath(request)).toBe(expected.path);
		expect(request.query).toEqual(expected.query);
		if (expected.body !== undefined) expect(request.body).toEqual(expected.body);
		expect(request.headers['st-app-key']).toBe(t.sim.credentials.appKey);
		expect(request.headers.authorization).toBe('Bearer <redacted>');
		expect(request.status).toBeLessThan(300);

		// Lists of sub-records the seed has none of come back empty; anything else answers with a record.
		if (op.method !== 'GET') expect(run.items.length).toBeGreaterThan(0);
		if (limit !== undefined) expect(run.items.length).toBeLessThanOrEqual(limit);
		for (const item of run.items) {
			expect(item.pairedItem).toEqual({ item: 0 });
			if (simplify) for (const field of Object.keys(item.json)) expect(simplify).toContain(field);
		}
	});
});

test('Location > Set Preferred Technician, then Get Preferred Technician answers that technician’s ID', async () => {
	const entry = curated.find((e) => e.resource.value === 'location')!;
	const operation = (value: string) => entry.resource.operations.find((op) => op.value === value)!;
	t.sim.clearLog();
	const set = await t.run(inputs.build(entry, operation('updatePreferredTechnician')).parameters);
	expect(set.error?.message).toBeUndefined();
	const [, locationId, technicianId] = /^locations\/(\d+)\/preferredtechnician\/(\d+)$/.exec(relativePath(t.apiRequests()[0]))!;

	t.sim.clearLog();
	const get = await t.run(inputs.build(entry, operation('getPreferredTechnician')).parameters);
	expect(relativePath(t.apiRequests()[0])).toBe(`locations/${locationId}/preferredtechnician`);
	expect(get.items.map((item) => item.json)).toEqual([{ value: Number(technicianId) }]);
});
