/**
 * Simplify on every resource that returns records: curated fields where the curation names them, else
 * at most 10 derived from the spec's record schema, so an agent using the tool does not get 50 raw fields.
 */
import { CATALOG } from '../../nodes/ServiceTitan/catalog';
import { planOperation } from '../../nodes/ServiceTitan/model/plan';
import { startNodeSimulator, type NodeTestContext } from './support';

let t: NodeTestContext;
beforeAll(async () => {
	t = await startNodeSimulator();
});
afterAll(async () => t.sim.close());

test('resources without curation get Simplify from the spec: at most 10 fields, id first where the record has one', () => {
	const derived = CATALOG.filter((entry) => !entry.curation?.simplify && entry.resource.simplify);
	expect(derived.length).toBeGreaterThanOrEqual(30);
	for (const { resource } of derived) {
		const fields = resource.simplify!;
		expect({ resource: resource.value, idFirst: !fields.includes('id') || fields[0] === 'id', count: Math.min(fields.length, 11) }).toEqual({
			resource: resource.value,
			idFirst: true,
			count: expect.any(Number),
		});
		expect(fields.length).toBeLessThanOrEqual(10);
	}
	const withSimplify = CATALOG.filter((entry) => entry.resource.operations.some((op) => planOperation(entry.resource, op, entry.curation).simplify !== undefined));
	expect(withSimplify.length).toBe(CATALOG.filter((entry) => entry.curation?.simplify ?? entry.resource.simplify).length);
});

test('Bank Deposit > Get Many: Simplify (on by default) keeps the derived fields; off returns the whole record', async () => {
	const fields = CATALOG.find((entry) => entry.resource.value === 'bankDeposit')!.resource.simplify!;
	const deposit = t.sim.store.create('accounting:bank-deposits', {
		name: 'Deposit 42',
		number: 'D-42',
		depositStatus: 'Posted',
		syncStatus: 'Pending',
		reviewStatus: 'Reviewed',
		depositDate: '2026-10-30T00:00:00Z',
		memo: 'Friday checks',
		total: 1250.5,
		businessUnitId: 3,
		bankAccount: { id: 9, name: 'Operating' },
		transactions: [{ id: 1 }, { id: 2 }],
		importId: 'X1',
		customFields: [],
		externalData: [],
	});
	const simplified = await t.run({ resource: 'bankDeposit', operation: 'getAll', returnAll: true, filters: { ids: String(deposit.id) } });
	expect(simplified.error?.message).toBeUndefined();
	expect(Object.keys(simplified.items[0].json).length).toBeLessThanOrEqual(10);
	expect(Object.keys(simplified.items[0].json).every((key) => fields.includes(key))).toBe(true);
	expect(simplified.items[0].json).toMatchObject({ id: deposit.id, name: 'Deposit 42' });
	const raw = await t.run({ resource: 'bankDeposit', operation: 'getAll', returnAll: true, filters: { ids: String(deposit.id) }, simplify: false });
	expect(raw.items[0].json).toMatchObject({ memo: 'Friday checks', transactions: [{ id: 1 }, { id: 2 }] });
});
