/**
 * The item loop reads parameters through `withParameterMemo`, which leaves out n8n's schema validation and its
 * `extractValue` lookup where the node's description shows they change nothing. Here n8n's own
 * `getNodeParameter` (n8n-core, validation and extraction on) and the leaner read answer the same reads of the
 * same node, item by item: values, extracted locators, and errors.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeParameters, INodeType } from 'n8n-workflow';
import { runNode } from '../harness';
import { ServiceTitan } from '../../nodes/ServiceTitan/ServiceTitan.node';
import { parameterFactsOf, withParameterMemo } from '../../nodes/ServiceTitan/actions/parameterMemo';

interface Read {
	name: string;
	fallback?: unknown;
	options?: IDataObject;
}

const shipped = new ServiceTitan().description;
const facts = parameterFactsOf(shipped.properties);

/** A node with the ServiceTitan node's description whose run answers each read both ways, per item. */
function probe(reads: Read[]): INodeType {
	return {
		description: { ...shipped, name: 'serviceTitanReadProbe', displayName: 'ServiceTitan read probe' },
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			const lean = withParameterMemo(this, facts);
			const answer = (ctx: IExecuteFunctions, read: Read, itemIndex: number) => {
				try {
					return { value: ctx.getNodeParameter(read.name, itemIndex, read.fallback, read.options) as unknown };
				} catch (error) {
					return { error: (error as Error).message };
				}
			};
			return [
				this.getInputData().flatMap((_, itemIndex) =>
					reads.map((read) => ({ json: { read: read.name, n8n: answer(this, read, itemIndex), lean: answer(lean, read, itemIndex) } as IDataObject })),
				),
			];
		},
	};
}

async function bothWays(parameters: IDataObject, reads: Read[], inputItems: IDataObject[] = [{ jobId: 55, i: 1 }], typeVersion = 4) {
	const run = await runNode({ nodeType: probe(reads), parameters: parameters as INodeParameters, inputItems, typeVersion });
	expect(run.error).toBeUndefined();
	expect(run.items).toHaveLength(inputItems.length * reads.length);
	return run.items.map((item) => item.json as { read: string; n8n: { value?: unknown; error?: string }; lean: { value?: unknown; error?: string } });
}

const jobUrl = 'https://go.servicetitan.com/#/Job/Index/777';
const extract = { extractValue: true };

describe('reads without the lookups that change nothing answer as n8n does', () => {
	test('the description has locators with and without a URL rule, and one validated parameter (the report form)', () => {
		expect(facts.extraction.get('id')).toEqual({ kind: 'locator', extractingModes: new Set(['url']) });
		expect(facts.extraction.get('updateFields')).toEqual({ kind: 'plain' });
		expect(facts.unvalidated.has('parametersUi')).toBe(false);
		expect(facts.unvalidated.has('updateFields')).toBe(true);
	});

	test.each([
		['By ID, an expression', { __rl: true, mode: 'id', value: '={{ $json.jobId }}' }, 55],
		['By ID, typed', { __rl: true, mode: 'id', value: '123' }, '123'],
		['From List', { __rl: true, mode: 'list', value: '456', cachedResultName: 'Job 456' }, '456'],
		['By URL, typed', { __rl: true, mode: 'url', value: jobUrl }, '777'],
		['By URL, an expression', { __rl: true, mode: 'url', value: '={{ "https://go.servicetitan.com/#/Job/" + $json.jobId }}' }, '55'],
		['a mode the property does not have', { __rl: true, mode: 'elsewhere', value: '9' }, '9'],
		['a plain number (an old workflow)', 321, 321],
		['the whole locator from an expression', '={{ { "__rl": true, "mode": "url", "value": "https://go.servicetitan.com/#/Job/88" } }}', undefined],
	])('Job > Update, the job %s', async (_, id, expected) => {
		const answers = await bothWays({ resource: 'job', operation: 'update', id, updateFields: { summary: '={{ "Update " + $json.i }}' } }, [
			{ name: 'id', options: extract },
			{ name: 'updateFields', fallback: {} },
			{ name: 'resource' },
		]);
		for (const answer of answers) expect(answer.lean).toEqual(answer.n8n);
		if (expected !== undefined) expect(answers[0].n8n).toEqual({ value: expected });
		expect(answers[1].n8n).toEqual({ value: { summary: 'Update 1' } });
	});

	test('a URL of another record (from an expression: n8n refuses a typed one before the run) fails the same way', async () => {
		const [answer] = await bothWays({ resource: 'job', operation: 'update', id: { __rl: true, mode: 'url', value: '={{ "https://example.com/" + $json.jobId }}' } }, [
			{ name: 'id', options: extract },
		]);
		expect(answer.n8n.error).toBeDefined();
		expect(answer.lean).toEqual(answer.n8n);
	});

	test('a number ID field (Credit Memo > Update), an expression per item', async () => {
		const answers = await bothWays(
			{ resource: 'creditMemo', operation: 'update', id: '={{ $json.jobId + 1 }}' },
			[{ name: 'id', options: extract }],
			[{ jobId: 1 }, { jobId: 2 }],
		);
		expect(answers.map((answer) => answer.lean)).toEqual(answers.map((answer) => answer.n8n));
		expect(answers.map((answer) => answer.n8n.value)).toEqual([2, 3]);
	});

	test('Customer > Create: the name, the address collection, and a parameter that is not set', async () => {
		const answers = await bothWays(
			{ resource: 'customer', operation: 'create', name: '={{ "Customer " + $json.i }}', address: { address: { street: '1 Main St', city: 'Austin' } } },
			[{ name: 'name', options: extract }, { name: 'address.address', fallback: {} }, { name: 'additionalFields', fallback: {} }, { name: 'notThere' }],
			[{ i: 1 }, { i: 2 }],
		);
		expect(answers.map((answer) => answer.lean)).toEqual(answers.map((answer) => answer.n8n));
		expect(answers[0].n8n).toEqual({ value: 'Customer 1' });
		expect(answers[3].n8n.error).toContain('notThere');
	});

	test('a value without an expression is read from n8n once per execution, and each item gets its own copy', async () => {
		let n8nReads = 0;
		const seen: string[] = [];
		const node: INodeType = {
			description: { ...shipped, name: 'serviceTitanMemoProbe', displayName: 'ServiceTitan memo probe' },
			async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
				const read = this.getNodeParameter.bind(this);
				const counted = new Proxy(this, {
					get: (target, property) =>
						property === 'getNodeParameter' ? (...args: Parameters<typeof read>) => (n8nReads++, read(...args)) : Reflect.get(target, property, target),
				});
				const lean = withParameterMemo(counted, facts);
				for (const [itemIndex] of this.getInputData().entries()) {
					const address = lean.getNodeParameter('address', itemIndex, {}) as { address: IDataObject };
					seen.push(JSON.stringify(address));
					// A caller that changes what it got must not change what the next item gets.
					address.address.street = `changed by item ${itemIndex}`;
					delete address.address.city;
				}
				return [[{ json: {} }]];
			},
		};
		const address = { address: { street: '1 Main St', city: 'Austin' } };
		const run = await runNode({
			nodeType: node,
			parameters: { resource: 'customer', operation: 'create', name: 'x', address },
			inputItems: [{}, {}, {}],
			typeVersion: 4,
		});
		expect(run.error).toBeUndefined();
		// n8n adds the collection's defaults (unit, state …); every item sees the same, unchanged value.
		expect(JSON.parse(seen[0])).toMatchObject(address);
		expect(seen).toEqual([seen[0], seen[0], seen[0]]);
		expect(n8nReads).toBe(1);
	});
});
