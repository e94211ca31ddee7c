/**
 * Batches of writes through the ServiceTitan node in n8n's engine with Retry On Fail on, against a
 * simulator injecting faults at random (429 with and without Retry-After, 503, resets before and
 * after apply, malformed JSON) plus items ServiceTitan rejects. Counts every write ServiceTitan
 * applied: no item may be applied twice, none may fail silently after being applied, and the
 * error must list what was written. Figures: .test-reports/faults/node-writes.json.
 */
import type { IDataObject } from 'n8n-workflow';
import { runWorkflow } from '../harness';
import { Random } from '../simulator/random';
import { byId, CREDENTIAL_TYPE, startNodeSimulator, type NodeTestContext } from '../nodes/support';
import { countSecrets } from './secrets';
import { writeFaultReport } from './report';

const BATCHES = 20;
const ITEMS_PER_BATCH = 50;

let t: NodeTestContext;
afterAll(async () => t?.sim.close());

test(`${BATCHES} batches of ${ITEMS_PER_BATCH} Create Note items with Retry On Fail (3 tries) and random faults: every note at most once, none silently`, async () => {
	t = await startNodeSimulator({ latencyMs: 0 });
	const random = new Random(424242);
	const injected: Record<string, number> = {};
	const count = (kind: string) => void (injected[kind] = (injected[kind] ?? 0) + 1);
	t.sim.setFaultPolicy((method, path, _headers, body) => {
		if (method !== 'POST' || !path.endsWith('/notes')) return undefined;
		if (String((body as { text?: string })?.text).endsWith('-rejected'))
			return (
				count('400 for a rejected item'),
				{ type: 'status', status: 400, body: { title: 'One or more validation errors occurred.', status: 400, errors: { Text: ['Not allowed'] } } }
			);
		const r = random.next();
		if (r < 0.05) return (count('429 with Retry-After'), { type: 'status', status: 429, retryAfter: '0' });
		if (r < 0.1) return (count('429 without Retry-After'), { type: 'status', status: 429, retryAfter: '', body: { title: 'Too many requests', status: 429 } });
		if (r < 0.115) return (count('503'), { type: 'status', status: 503 });
		if (r < 0.12) return (count('reset before apply'), { type: 'reset' });
		if (r < 0.125) return (count('reset after apply'), { type: 'resetAfterApply' });
		if (r < 0.128) return (count('malformed JSON (200)'), { type: 'malformedJson' });
		return undefined;
	});

	const customerId = String(t.sim.store.list('crm:customers')[0].id);
	let intended = 0;
	let nodeFailures = 0;
	let failuresListingWrites = 0;
	let continueOnFailErrors = 0;
	const texts: string[] = [];
	for (let batch = 0; batch < BATCHES; batch++) {
		// Every fourth batch continues on fail; one item in five batches is always rejected.
		const continueOnFail = batch % 4 === 3;
		const rejected = batch % 5 === 0 ? 20 : -1;
		const inputItems: IDataObject[] = Array.from({ length: ITEMS_PER_BATCH }, (_, i) => ({ text: `b${batch}-i${i}${i === rejected ? '-rejected' : ''}` }));
		intended += inputItems.length;
		const workflow = await runWorkflow({
			nodes: [
				{
					name: 'ServiceTitan',
					type: 'serviceTitan',
					parameters: { resource: 'customer', operation: 'createNote', id: byId(customerId), text: '={{ $json.text }}' } as never,
					retryOnFail: true,
					maxTries: 3,
					waitBetweenTries: 0,
					onError: continueOnFail ? 'continueRegularOutput' : undefined,
				},
			],
			credentials: { [CREDENTIAL_TYPE]: t.credentialData },
			inputItems,
		});
		texts.push(JSON.stringify(workflow.run));
		const run = workflow.nodeRuns.ServiceTitan;
		if (run?.error) {
			nodeFailures++;
			if (/Written to ServiceTitan in this execution \(\d+\): item \d+ \(ID \d+\)/.test(String(run.error.description))) failuresListingWrites++;
		}
		continueOnFailErrors += (run?.outputs[0] ?? []).filter((item) => item.json.error).length;
	}

	// Applied = answered 2xx by the simulator (whether or not the reply got back), per note text.
	const applied = new Map<string, number>();
	for (const entry of t.sim.log) {
		const text = (entry.body as { text?: string } | undefined)?.text;
		if (entry.method === 'POST' && text && entry.status >= 200 && entry.status < 300) applied.set(text, (applied.get(text) ?? 0) + 1);
	}
	const duplicates = [...applied.values()].filter((n) => n > 1).length;
	const stored = t.sim.store.list('crm:customers/notes').filter((n) => /^b\d+-i\d+/.test(String(n.text)));
	const secrets = countSecrets(texts, [t.sim.credentials.clientSecret, t.sim.credentials.appKey]);
	const maybe = texts.join('\n').split('may have applied').length - 1;

	writeFaultReport('node-writes', `Node: ${BATCHES} batches × ${ITEMS_PER_BATCH} Create Note items, Retry On Fail 3 tries, 16 items in flight, no rate limit`, [
		['writes intended', intended],
		...Object.entries(injected)
			.sort(([a], [b]) => a.localeCompare(b))
			.map(([kind, n]): [string, number] => [`fault: ${kind}`, n]),
		['notes applied (distinct)', applied.size],
		['notes applied twice or more (duplicates)', duplicates],
		['notes stored', stored.length],
		['node runs that failed after 3 tries', nodeFailures],
		['  of those listing the written items in the error', failuresListingWrites],
		['continue-on-fail error items', continueOnFailErrors],
		['mentions of "may have applied" in execution data', maybe],
		['secrets found in execution data', secrets],
	]);

	expect(duplicates).toBe(0);
	expect(stored.length).toBe(applied.size);
	expect(secrets).toBe(0);
	expect(failuresListingWrites).toBe(nodeFailures);
	expect(nodeFailures).toBeGreaterThan(0);
});
