/**
 * What n8n's AI workflow builder and node search read to find our nodes for a ServiceTitan task: each node's
 * `builderHint` (searchHint, relatedNodes) and its codex file (.node.json: the node it belongs to, aliases, categories).
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import type { INodeType } from 'n8n-workflow';
import { ServiceTitan } from '../../nodes/ServiceTitan/ServiceTitan.node';
import { ServiceTitanTrigger } from '../../nodes/ServiceTitan/ServiceTitanTrigger.node';
import { ServiceTitanWebhookTrigger } from '../../nodes/ServiceTitan/ServiceTitanWebhookTrigger.node';

const PACKAGE = 'n8n-nodes-servicetitan';
const nodes: Array<[string, INodeType]> = [
	['ServiceTitan', new ServiceTitan()],
	['ServiceTitanTrigger', new ServiceTitanTrigger()],
	['ServiceTitanWebhookTrigger', new ServiceTitanWebhookTrigger()],
];
const typeNames = nodes.map(([, node]) => `${PACKAGE}.${node.description.name}`);
const TASK_WORDS = ['HVAC', 'plumbing', 'field service'];

describe.each(nodes)('%s', (file, node) => {
	const codex = JSON.parse(readFileSync(path.join(__dirname, '../../nodes/ServiceTitan', `${file}.node.json`), 'utf8')) as {
		node: string;
		alias: string[];
		categories: string[];
	};

	it('carries a search hint naming the trades and tasks it serves, and related nodes of this package', () => {
		const hint = node.description.builderHint;
		for (const word of TASK_WORDS) expect(hint?.searchHint?.toLowerCase()).toContain(word.toLowerCase());
		expect(hint?.relatedNodes?.length).toBeGreaterThan(0);
		for (const related of hint?.relatedNodes ?? []) {
			expect(typeNames).toContain(related.nodeType);
			expect(related.nodeType).not.toBe(`${PACKAGE}.${node.description.name}`);
		}
	});

	it('has a codex file for this node type with aliases for ServiceTitan tasks', () => {
		expect(codex.node).toBe(`${PACKAGE}.${node.description.name}`);
		const aliases = codex.alias.map((alias) => alias.toLowerCase());
		for (const word of [...TASK_WORDS, 'service titan']) expect(aliases).toContain(word.toLowerCase());
		expect(new Set(aliases).size).toBe(aliases.length);
		expect(codex.categories.length).toBeGreaterThan(0);
	});
});

it('the action node names the records an agent or the workflow builder asks about', () => {
	const hint = new ServiceTitan().description.builderHint?.searchHint ?? '';
	for (const word of ['customers', 'jobs', 'appointments', 'dispatch', 'technicians', 'invoices', 'estimates', 'leads', 'AI Agent tool']) expect(hint).toContain(word);
});
