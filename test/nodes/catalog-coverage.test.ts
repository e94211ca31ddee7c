/**
 * The generated long tail and the catalog as a whole: one list and one write per API module run
 * through the node, a simulator route for every operation, the curation naming only what exists,
 * and the editor payload staying small.
 */
import type { INodeTypeDescription } from 'n8n-workflow';
import { missingOperations, missingOperationsNotice } from '../../nodes/ServiceTitan/catalog/missingOperations';
import { ServiceTitan } from '../../nodes/ServiceTitan/ServiceTitan.node';
import { CATALOG, type CatalogEntry } from '../../nodes/ServiceTitan/catalog';
import { CURATED_RESOURCES } from '../../nodes/ServiceTitan/catalog/curated';
import type { OperationSpec } from '../../nodes/ServiceTitan/catalog/types';
import { MODULE_PREFIXES, type ModuleKey } from '../../nodes/ServiceTitan/api';
import { planOperation } from '../../nodes/ServiceTitan/model/plan';
import { operationUrlPath, routeFor } from '../simulator';
import { OperationInputs } from './operation-inputs';
import { relativePath, startNodeSimulator, type NodeTestContext } from './support';

const longTail = CATALOG.filter((entry) => !CURATED_RESOURCES[entry.resource.value]);
const byModule = (module: ModuleKey) => longTail.filter((entry) => entry.resource.module === module);
const ops = (entries: CatalogEntry[]) => entries.flatMap((entry) => entry.resource.operations.map((op) => ({ entry, op })));

/** A top-level paged list: needs no parent record. */
function pickList(module: ModuleKey): { entry: CatalogEntry; op: OperationSpec } | undefined {
	return ops(byModule(module)).find(({ op }) => op.method === 'GET' && op.pathParams.length === 0 && !op.export && op.responseType !== 'binary');
}

/**
 * A write the simulator answers generically: a create at a collection the module lists, else a
 * JSON write without path parameters, else any write (on records the simulator holds).
 */
function pickWrite(module: ModuleKey): { entry: CatalogEntry; op: OperationSpec } | undefined {
	const writes = ops(byModule(module)).filter(({ op }) => op.method !== 'GET' && op.body?.kind !== 'binary');
	const tenant = '1';
	const kind = ({ entry, op }: { entry: CatalogEntry; op: OperationSpec }) => routeFor(op.method, operationUrlPath(entry.resource.module, op.path, tenant))?.route.kind;
	return (
		writes.find((candidate) => candidate.op.pathParams.length === 0 && kind(candidate) === 'create' && !/reports/.test(candidate.op.path)) ??
		writes.find((candidate) => candidate.op.pathParams.length === 0 && !/reports/.test(candidate.op.path)) ??
		writes.find((candidate) => candidate.op.method !== 'DELETE') ??
		writes[0]
	);
}

const MODULES = Object.keys(MODULE_PREFIXES) as ModuleKey[];
/** API areas whose generated (not first-class) resources only read. */
const READ_ONLY_MODULES: ModuleKey[] = ['forms', 'jbce', 'marketingReputation', 'reporting', 'sales', 'schedulingPro', 'serviceAgreements', 'taskManagement'];

describe('generated long tail: one list and one write per module, through the node', () => {
	let t: NodeTestContext;
	let inputs: OperationInputs;
	beforeAll(async () => {
		t = await startNodeSimulator();
		inputs = new OperationInputs(t.sim);
	});
	afterAll(async () => t.sim.close());

	test('every module has a list to run', () => {
		expect(MODULES).toHaveLength(25);
		expect(MODULES.filter((module) => !pickList(module))).toEqual([]);
		// Areas whose long tail has no JSON write without a parent record (read-only or report runs).
		expect(MODULES.filter((module) => !pickWrite(module))).toEqual(READ_ONLY_MODULES);
	});

	test.each(MODULES)('%s', async (module) => {
		const picks = [pickList(module), pickWrite(module)].filter((pick): pick is { entry: CatalogEntry; op: OperationSpec } => Boolean(pick));
		for (const { entry, op } of picks) {
			const { parameters, expected } = inputs.build(entry, op);
			t.sim.clearLog();
			const run = await t.run(parameters);
			const label = `${entry.resource.value}.${op.value}`;
			expect({ label, error: run.error?.message }).toEqual({ label, error: undefined });
			const [request] = t.apiRequests();
			expect(request.path.startsWith(`/${MODULE_PREFIXES[module]}/tenant/${t.sim.credentials.tenantId}/`)).toBe(true);
			expect([request.method, relativePath(request)]).toEqual([expected.method, expected.path]);
			expect(request.query).toMatchObject(expected.query);
			if (expected.body !== undefined) expect(request.body).toEqual(expected.body);
			for (const item of run.items) expect(item.pairedItem).toEqual({ item: 0 });
		}
	});
});

test('every catalog operation has a simulator route with its method', () => {
	const missing: string[] = [];
	let count = 0;
	for (const { resource } of CATALOG) {
		for (const op of resource.operations) {
			count++;
			const match = routeFor(op.method, operationUrlPath(resource.module, op.path, '1000001'));
			if (!match || match.route.operation.operationId !== op.operationId) missing.push(`${op.operationId} ${op.method} ${op.path}`);
		}
	}
	expect(count).toBe(563);
	expect(missing).toEqual([]);
});

test('the curation names only resources, operations and fields the catalog has', () => {
	const problems: string[] = [];
	for (const [value, curation] of Object.entries(CURATED_RESOURCES)) {
		const entry = CATALOG.find((e) => e.resource.value === value);
		if (!entry) {
			problems.push(`unknown resource ${value}`);
			continue;
		}
		const fieldsOf = (op: OperationSpec) => [...op.pathParams, ...op.query, ...(op.body?.fields ?? [])].map((f) => f.name);
		const allFields = new Set(entry.resource.operations.flatMap(fieldsOf));
		for (const field of Object.keys(curation.fields ?? {})) if (!allFields.has(field)) problems.push(`${value}: unknown field ${field}`);
		for (const [opValue, opCuration] of Object.entries(curation.operations ?? {})) {
			const op = entry.resource.operations.find((o) => o.value === opValue);
			if (!op) problems.push(`${value}: unknown operation ${opValue}`);
			else for (const field of Object.keys(opCuration.fields ?? {})) if (!fieldsOf(op).includes(field)) problems.push(`${value}.${opValue}: unknown field ${field}`);
		}
		for (const opValue of curation.simplifyOperations ?? []) {
			if (!entry.resource.operations.some((o) => o.value === opValue)) problems.push(`${value}: Simplify on unknown operation ${opValue}`);
		}
		if ((curation.simplify?.length ?? 0) > 10) problems.push(`${value}: Simplify keeps more than 10 fields`);
	}
	expect(problems).toEqual([]);
});

test('first-class operations read as n8n operations do', () => {
	// As the editor downloads it (JSON): its actions are the short ones it names nodes after; the engine's are the tool descriptions.
	const node = { description: JSON.parse(JSON.stringify(new ServiceTitan().description)) as INodeTypeDescription };
	for (const value of Object.keys(CURATED_RESOURCES)) {
		const selector = node.description.properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(value))!;
		for (const option of selector.options as Array<{ name: string; value: string; action: string }>) {
			expect(option.action).toMatch(/^[A-Z][a-z]/); // sentence case
			expect(option.action).not.toMatch(/\b(the|a|an) (the|a|an)\b/);
			// Inventory bills: the paged list (getManyPaginated) is the Get Many; the older one-page list is Get Page.
			if (option.value === 'getAll' && value !== 'inventoryBill') expect([option.name, option.action]).toEqual(['Get Many', expect.stringMatching(/^Get many /)]);
		}
	}
	// Where ServiceTitan has no Delete for records, the resource says what to do instead.
	for (const entry of CATALOG.filter((e) => e.curation)) {
		const { resource } = entry;
		// Resources without records of their own (capacity, availability) have nothing to delete.
		if (missingOperations(resource).includes('delete')) {
			expect({ resource: resource.value, notice: missingOperationsNotice(entry) }).toEqual({
				resource: resource.value,
				notice: expect.stringMatching(/no (.+ or )?Delete for /),
			});
		}
	}
});

test('Simplify applies to a resource’s own records only', () => {
	const customer = CATALOG.find((e) => e.resource.value === 'customer')!;
	const simplified = customer.resource.operations.filter((op) => planOperation(customer.resource, op, customer.curation).simplify).map((op) => op.value);
	expect(simplified.sort()).toEqual(['export', 'get', 'getAll']);
});

test('usableAsTool is set and the editor payload stays under 800,000 bytes', () => {
	const description = new ServiceTitan().description;
	expect(description.usableAsTool).toBe(true);
	const bytes = Buffer.byteLength(JSON.stringify(description));
	console.log(`ServiceTitan node description: ${bytes} bytes`);
	expect(bytes).toBeLessThan(800_000);
});
