/**
 * Return All on ServiceTitan's calls lists asks for one page at a time. Other integrators report that the calls
 * endpoints rate-limit and inflate their results with as few as two concurrent requests; the documents say nothing,
 * so the catalog marks them (`sequentialPages`) and the engine never sends their pages side by side.
 */
import { CATALOG } from '../../nodes/ServiceTitan/catalog';
import { MAX_PAGE_SIZE } from '../../nodes/ServiceTitan/transport/paging';
import { relativePath, startNodeSimulator, type NodeTestContext } from './support';

const CALLS = 2 * MAX_PAGE_SIZE + 1;
let t: NodeTestContext;

beforeAll(async () => {
	t = await startNodeSimulator({ size: { 'telecom:calls': CALLS }, latencyMs: 40 });
});
afterAll(async () => {
	await t.sim.close();
});
beforeEach(() => t.sim.clearLog());

/** Most list requests that were at the simulator at the same moment (arrival to end of response). */
function mostInFlight(path: string): number {
	const spans = t
		.apiRequests()
		.filter((entry) => relativePath(entry) === path)
		.map((entry) => [entry.time, entry.time + entry.ms]);
	return Math.max(...spans.map(([start]) => spans.filter(([from, to]) => from <= start && start < to).length));
}

test('the catalog marks exactly the calls lists (telecom v2 and v3) as paged one at a time', () => {
	const marked = CATALOG.flatMap(({ resource }) => resource.operations.filter((op) => op.sequentialPages).map((op) => `${resource.module}:${op.path}`));
	expect(marked.sort()).toEqual(['telecom:calls', 'telecomV3:calls']);
});

test('Call > Get Many with Return All reads every page, one request at a time, without asking for a total', async () => {
	const run = await t.run({ resource: 'call', operation: 'getAll', returnAll: true });
	expect(run.error).toBeUndefined();
	expect(run.items).toHaveLength(CALLS);
	const pages = t.apiRequests().filter((entry) => relativePath(entry) === 'calls');
	expect(pages.map((entry) => entry.query.page)).toEqual(['1', '2', '3']);
	expect(pages.every((entry) => entry.query.includeTotal === undefined)).toBe(true);
	expect(mostInFlight('calls')).toBe(1);
});
