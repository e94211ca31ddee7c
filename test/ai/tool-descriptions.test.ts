/**
 * The description an AI agent reads for each operation of the node used as a tool, built by n8n's own function
 * (n8n-workflow NodeHelpers.getToolDescriptionForNode, as n8n-core's createNodeAsTool calls it) from the live node
 * type, and the names n8n's editor gives new nodes from the description it downloads as JSON.
 */
import { NodeHelpers, type INode, type INodePropertyOptions, type INodeTypeDescription } from 'n8n-workflow';
import { ServiceTitan } from '../../nodes/ServiceTitan/ServiceTitan.node';
import { CATALOG } from '../../nodes/ServiceTitan/catalog';
import { findableOf, FIND_OPERATIONS } from '../../nodes/ServiceTitan/catalog/find';
import { findTaskOperation, taskOperationsOf } from '../../nodes/ServiceTitan/catalog/tasks';
import { TOOL_DESCRIPTIONS } from '../../nodes/ServiceTitan/catalog/curated/toolDescriptions';
import { createNodeAsTool } from 'n8n-core/dist/execution-engine/node-execution-context/utils/create-node-as-tool';

const nodeType = new ServiceTitan();
const editorView = JSON.parse(JSON.stringify(nodeType.description)) as INodeTypeDescription;

function toolNode(resource: string, operation: string): INode {
	return {
		id: 'tool',
		name: 'ServiceTitan Tool',
		type: 'n8n-nodes-servicetitan.serviceTitanTool',
		typeVersion: 4,
		position: [0, 0],
		parameters: { resource, operation, descriptionType: 'auto' },
	};
}

const operations = CATALOG.flatMap(({ resource }) => [
	...resource.operations.map((op) => ({ resource: resource.value, operation: op.value, plural: resource.plural, name: resource.name })),
	...(findableOf(resource)
		? [FIND_OPERATIONS.find, FIND_OPERATIONS.findOrCreate].map((operation) => ({ resource: resource.value, operation, plural: resource.plural, name: resource.name }))
		: []),
	...taskOperationsOf(resource.value).map((task) => ({ resource: resource.value, operation: task.value, plural: resource.plural, name: resource.name })),
]);

describe('tool descriptions an agent reads', () => {
	const described = operations.map((op) => ({ ...op, text: NodeHelpers.getToolDescriptionForNode(toolNode(op.resource, op.operation), nodeType) }));

	it('covers every catalog operation (563), Find / Find or Create and the task operations', () => {
		const catalogOperations = operations.filter((op) => op.operation !== FIND_OPERATIONS.find && op.operation !== FIND_OPERATIONS.findOrCreate);
		expect(catalogOperations.filter((op) => !findTaskOperation(op.resource, op.operation))).toHaveLength(563);
		// The task operations (Customer > Get Card, Job > Get Detail, Technician > Get Availability) are described too.
		expect(catalogOperations.filter((op) => findTaskOperation(op.resource, op.operation))).toHaveLength(3);
	});

	it('gives every operation a sentence of its own', () => {
		const byText = new Map<string, string[]>();
		for (const { resource, operation, text } of described) byText.set(text, [...(byText.get(text) ?? []), `${resource}:${operation}`]);
		const shared = [...byText.entries()].filter(([, ops]) => ops.length > 1);
		expect(shared).toEqual([]);
		// n8n's fallback ("<operation> <resource> in ServiceTitan" or the node's description) means no action was found.
		for (const { resource, operation, text } of described) {
			expect(text).not.toBe(nodeType.description.description);
			expect(text).not.toBe(`${operation} ${resource} in ServiceTitan`);
			expect(text.endsWith(' in ServiceTitan')).toBe(true);
		}
	});

	it('says what each operation needs and returns', () => {
		const withoutReturns = described.filter(({ text }) => !/\breturns\b/.test(text)).map(({ resource, operation }) => `${resource}:${operation}`);
		expect(withoutReturns).toEqual([]);
		const tooShort = described.filter(({ text }) => text.split(' ').length < 8).map(({ resource, operation }) => `${resource}:${operation}`);
		expect(tooShort).toEqual([]);
	});

	it('reads the hand-written sentence for the first-class operations, and every one of those names a real operation', () => {
		for (const key of Object.keys(TOOL_DESCRIPTIONS)) {
			const [resource, operation] = key.split(':');
			expect(operations.some((op) => op.resource === resource && op.operation === operation)).toBe(true);
			expect(NodeHelpers.getToolDescriptionForNode(toolNode(resource, operation), nodeType)).toBe(`${TOOL_DESCRIPTIONS[key]} in ServiceTitan`);
		}
		expect(NodeHelpers.getToolDescriptionForNode(toolNode('customer', 'getAll'), nodeType)).toMatch(/^List customers, optionally filtered by name, phone/);
	});

	it('names a required input of a generated sentence', () => {
		expect(NodeHelpers.getToolDescriptionForNode(toolNode('customer', 'deleteContact'), nodeType)).toBe(
			'Delete a contact of a customer; needs id, contactId; returns { success: true } once ServiceTitan confirms it in ServiceTitan',
		);
	});

	it("keeps the user's own description when the tool's description is set manually", () => {
		const node = toolNode('customer', 'getAll');
		node.parameters = { ...node.parameters, descriptionType: 'manual', toolDescription: 'Find our clients' };
		expect(NodeHelpers.getToolDescriptionForNode(node, nodeType)).toBe('Find our clients');
	});
});

describe('what the editor downloads', () => {
	it('names new nodes after the short action, not the tool sentence', () => {
		expect(NodeHelpers.makeNodeName({ resource: 'customer', operation: 'getAll' }, editorView)).toBe('Get many customers');
		expect(NodeHelpers.makeNodeName({ resource: 'customer', operation: 'findOrCreate' }, editorView)).toBe('Find or create a customer');
		const actions = editorView.properties
			.filter((property) => property.name === 'operation')
			.flatMap((property) => (property.options ?? []) as INodePropertyOptions[])
			.map((option) => option.action ?? '');
		expect(actions.filter((action) => action.length > 60)).toEqual([]);
		expect(actions.filter((action) => action.includes('; returns'))).toEqual([]);
	});
});

describe('the tool n8n-core makes of the node', () => {
	// As n8n's NodeTypes.getByNameAndVersion makes the synthetic "…Tool" type: objects whose prototype is ours.
	const toolType = Object.create(nodeType, { description: { value: Object.create(nodeType.description) } }) as typeof nodeType;

	it('gives the agent the sentence, the node name as the tool name and the $fromAI arguments', () => {
		const node: INode = {
			...toolNode('job', 'create'),
			name: 'Book a job',
			parameters: {
				resource: 'job',
				operation: 'create',
				jobTypeId: "={{ $fromAI('jobType', 'The job type, by name or ID', 'string') }}",
			},
		};
		const { response } = createNodeAsTool({ node, nodeType: toolType, handleToolInvocation: async () => [] });
		// n8n-core 2.40's createNodeAsTool is not exported from its index; this is the module its supplyData path calls.
		expect(response.description).toBe(`${TOOL_DESCRIPTIONS['job:create']} in ServiceTitan`);
		expect(response.name).toBe('Book_a_job');
		expect(Object.keys((response.schema as unknown as { shape: Record<string, unknown> }).shape)).toEqual(['jobType']);
	});
});
