/**
 * Keyed creates across executions (docs/no-duplicates.md): 1,000 Create Customer items with an External Key under a
 * random fault mix that loses replies (resets after apply, 502/503, unreadable 200s) and fails lookups, run in full
 * three times: once (stopping at a lead ServiceTitan refuses), again (the re-run after that failure), and again with
 * Retry On Fail. Every lead must end as
 * exactly one customer, and no keyed write may end in "may have been applied". Figures:
 * .test-reports/faults/keyed-creates.json.
 */
import type { IDataObject } from 'n8n-workflow';
import { DEFAULT_EXTERNAL_DATA_APPLICATION_GUID } from '../../nodes/ServiceTitan/api';
import { runWorkflow } from '../harness';
import { createCustomerParameters, CREDENTIAL_TYPE, startNodeSimulator, type NodeTestContext } from '../nodes/support';
import { Random } from '../simulator/random';
import { writeFaultReport } from './report';
import { countSecrets } from './secrets';

const LEADS = 1_000;

let t: NodeTestContext;
afterAll(async () => t?.sim.close());

test(`${LEADS} keyed Create Customer items under lost replies, run three times (plain, re-run, Retry On Fail): ${LEADS} customers, no duplicate`, async () => {
	t = await startNodeSimulator({ latencyMs: 0 });
	const random = new Random(212121);
	const injected: Record<string, number> = {};
	const count = (kind: string) => void (injected[kind] = (injected[kind] ?? 0) + 1);
	// The first run stops at a lead ServiceTitan refuses (as a web-lead workflow that failed at item 400 would).
	let refusedLead: string | undefined = 'Lead 400';
	t.sim.setFaultPolicy((method, path, _headers, body) => {
		if (!/\/customers$/.test(path)) return undefined;
		if (method === 'POST' && (body as { name?: string } | undefined)?.name === refusedLead) {
			return (
				count('create: 400 for the refused lead (first run)'),
				{ type: 'status', status: 400, body: { title: 'One or more validation errors occurred.', status: 400, errors: { Name: ['Refused'] } } }
			);
		}
		const r = random.next();
		if (method === 'GET') {
			// Lookups: repeatable, so the transport retries them.
			if (r < 0.03) return (count('lookup: 503'), { type: 'status', status: 503 });
			if (r < 0.05) return (count('lookup: reset'), { type: 'reset' });
			return undefined;
		}
		if (r < 0.05) return (count('create: reset after apply (reply lost)'), { type: 'resetAfterApply' });
		if (r < 0.08) return (count('create: reset before apply'), { type: 'reset' });
		if (r < 0.1) return (count('create: 503'), { type: 'status', status: 503 });
		if (r < 0.11) return (count('create: 502'), { type: 'status', status: 502 });
		if (r < 0.13) return (count('create: malformed JSON (200, applied)'), { type: 'malformedJson' });
		if (r < 0.16) return (count('create: 429'), { type: 'status', status: 429, retryAfter: '0' });
		return undefined;
	});

	const inputItems: IDataObject[] = Array.from({ length: LEADS }, (_, i) => ({ name: `Lead ${i}`, leadId: `WEB-${i}` }));
	const parameters = { ...createCustomerParameters('={{ $json.name }}'), externalKeyName: 'leadId', externalKeyValue: '={{ $json.leadId }}' };
	const texts: string[] = [];
	const runs: Array<{ label: string; failed: boolean; error?: string; created: number; found: number; recovered: number }> = [];
	for (const [label, retryOnFail] of [
		['first run', false],
		['re-run in full', false],
		['re-run with Retry On Fail', true],
	] as const) {
		const workflow = await runWorkflow({
			nodes: [{ name: 'ServiceTitan', type: 'serviceTitan', parameters: parameters as never, retryOnFail, maxTries: 3, waitBetweenTries: 0 }],
			credentials: { [CREDENTIAL_TYPE]: t.credentialData },
			inputItems,
		});
		refusedLead = undefined;
		texts.push(JSON.stringify(workflow.run));
		const run = workflow.nodeRuns.ServiceTitan;
		const items = (run?.outputs[0] ?? []).map((item) => item.json);
		runs.push({
			label,
			failed: Boolean(run?.error ?? workflow.error),
			error: (run?.error ?? workflow.error)?.message,
			created: items.filter((json) => json.created === true).length,
			found: items.filter((json) => json.created === false).length,
			recovered: items.filter((json) => json.recovered === true).length,
		});
	}

	const perLead = new Map<string, number>();
	for (const customer of t.sim.store.list('crm:customers')) {
		const pairs = (customer.externalData as Record<string, Array<{ key: string; value: string }>> | null)?.[DEFAULT_EXTERNAL_DATA_APPLICATION_GUID] ?? [];
		for (const pair of pairs) if (pair.key === 'leadId') perLead.set(pair.value, (perLead.get(pair.value) ?? 0) + 1);
	}
	const duplicates = [...perLead.values()].filter((n) => n > 1).length;
	const joined = texts.join('\n');
	const mayHaveBeenApplied = joined.split(/may have (?:applied|been applied)/).length - 1;
	const secrets = countSecrets(texts, [t.sim.credentials.clientSecret, t.sim.credentials.appKey]);
	const posts = t.sim.log.filter((entry) => entry.method === 'POST' && entry.path.endsWith('/customers')).length;
	const lookups = t.sim.log.filter((entry) => entry.method === 'GET' && entry.path.endsWith('/customers')).length;

	writeFaultReport('keyed-creates', `Node: ${LEADS} keyed Create Customer items × 3 runs (plain, re-run, Retry On Fail 3 tries), faults on creates and lookups`, [
		['leads', LEADS],
		...Object.entries(injected)
			.sort(([a], [b]) => a.localeCompare(b))
			.map(([kind, n]): [string, number] => [`fault: ${kind}`, n]),
		...runs.flatMap((run): Array<[string, string | number]> => [
			[`${run.label}: node failed`, run.error ?? (run.failed ? 'yes' : 'no')],
			[`${run.label}: created / found existing / recovered after a lost reply`, `${run.created} / ${run.found} / ${run.recovered}`],
		]),
		['create requests', posts],
		['lookup requests', lookups],
		['leads with a customer', perLead.size],
		['leads with two or more customers (duplicates)', duplicates],
		['mentions of "may have been applied" in execution data', mayHaveBeenApplied],
		['secrets found in execution data', secrets],
	]);

	expect(perLead.size).toBe(LEADS);
	expect(duplicates).toBe(0);
	expect(mayHaveBeenApplied).toBe(0);
	expect(secrets).toBe(0);
	expect(runs[0].failed).toBe(true);
	expect(runs[2].failed).toBe(false);
	// Replies were lost and recovered by the key, not just never lost.
	expect(runs.reduce((sum, run) => sum + run.recovered, 0)).toBeGreaterThan(0);
});
