/**
 * What the editor shows, read from the node description as n8n renders it: notices only where they
 * apply, n8n-style operation names and descriptions, and the order resources are offered in.
 */
import { NodeHelpers, type INodeProperties, type INodeParameters } from 'n8n-workflow';
import { ServiceTitan } from '../../nodes/ServiceTitan/ServiceTitan.node';
import { CATALOG } from '../../nodes/ServiceTitan/catalog';

const description = new ServiceTitan().description;
const node = { id: '1', name: 'ServiceTitan', type: 'n8n-nodes-servicetitan.serviceTitan', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };

/** Whether the editor shows this property for these parameter values. */
function shown(property: INodeProperties, parameters: INodeParameters): boolean {
	return NodeHelpers.displayParameter(parameters, property, { ...node, parameters }, description);
}

describe('notices show only under the operations they are about', () => {
	const notices = description.properties.filter((p) => p.type === 'notice');

	test.each(CATALOG.filter((entry) => entry.curation?.notice).map((entry) => [entry.resource.value, entry] as const))('%s', (_, entry) => {
		const { resource, curation } = entry;
		const about = curation!.noticeOperations ?? [];
		expect(about.length).toBeGreaterThan(0);
		const values = resource.operations.map((op) => op.value);
		expect(values).toEqual(expect.arrayContaining(about));
		const showing = values.filter((operation) => notices.some((p) => p.displayName === curation!.notice && shown(p, { resource: resource.value, operation })));
		expect(showing.sort()).toEqual([...about].sort());
	});

	test('Customer: "no Delete" under Update, not under Create, Get or Get Many', () => {
		const notice = notices.find((p) => /no Delete for customers/.test(p.displayName))!;
		expect(shown(notice, { resource: 'customer', operation: 'update' })).toBe(true);
		for (const operation of ['create', 'get', 'getAll']) expect(shown(notice, { resource: 'customer', operation })).toBe(false);
	});
});
