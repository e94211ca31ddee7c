/**
 * What the editor shows, read from the node description as n8n renders it: notices only where they
 * apply, n8n-style operation names and descriptions, and the order resources are offered in.
 */
import { NodeHelpers, type INodeProperties, type INodeParameters, type INodeTypeDescription } from 'n8n-workflow';
import { ServiceTitan } from '../../nodes/ServiceTitan/ServiceTitan.node';
import { CATALOG } from '../../nodes/ServiceTitan/catalog';
import { missingOperations } from '../../nodes/ServiceTitan/catalog/missingOperations';

// What the editor downloads: the description as JSON (an operation's action there is the short one it names nodes after).
const description = JSON.parse(JSON.stringify(new ServiceTitan().description)) as INodeTypeDescription;
const node = { typeVersion: 2 };

/** Whether the editor shows this property for these parameter values. */
function shown(property: INodeProperties, parameters: INodeParameters): boolean {
	return NodeHelpers.displayParameter(parameters, property, node, description);
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
});

describe('operations ServiceTitan lacks are explained under every operation of the resource', () => {
	const missingNotices = description.properties.filter((p) => p.type === 'notice' && p.name === 'missingOperationsNotice');
	/** The missing-operation notice the editor shows on this resource and operation, if any. */
	const noticeOn = (resource: string, operation: string) => missingNotices.filter((p) => shown(p, { resource, operation })).map((p) => p.displayName);

	test('every resource that lists records and lacks Get by ID, Update or Delete has one, under each of its operations and not under Custom API Call', () => {
		const expected = CATALOG.filter(({ resource }) => missingOperations(resource).length > 0);
		expect(expected.length).toBe(102); // docs/action-node.md: "every such resource (102 of them)"
		for (const { resource } of expected) {
			const selector = description.properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource.value))!;
			const offered = (selector.options as Array<{ value: string }>).map((option) => option.value);
			expect(offered.length).toBeGreaterThanOrEqual(resource.operations.length);
			for (const operation of offered)
				expect([resource.value, operation, noticeOn(resource.value, operation)]).toEqual([resource.value, operation, [expect.any(String)]]);
			expect(noticeOn(resource.value, '__CUSTOM_API_CALL__')).toEqual([]);
		}
		const complete = CATALOG.filter(({ resource }) => missingOperations(resource).length === 0);
		for (const { resource } of complete) for (const op of resource.operations) expect(noticeOn(resource.value, op.value)).toEqual([]);
	});

	test.each([
		[
			'invoice',
			'getAll',
			'ServiceTitan has no Get by ID for these records: use Get Many with the IDs filter (up to 50 IDs). ServiceTitan has no Delete for these records: correct one with Create Adjustment or Remove Item.',
		],
		[
			'payment',
			'getAll',
			'ServiceTitan has no Get by ID for these records: use Get Many with the IDs filter (up to 50 IDs). ServiceTitan has no Delete for these records: use Update with Active set to false, or Update Payment Status.',
		],
		[
			'inventoryBill',
			'getAll',
			'ServiceTitan has no Get by ID for these records: use Get Many with the IDs filter (up to 50 IDs). ServiceTitan has no Update for these records: only Update Custom Fields and Mark as Exported change one. ServiceTitan has no Delete for these records: manage them in ServiceTitan itself.',
		],
		[
			'receipt',
			'getAll',
			'ServiceTitan has no Get by ID for these records: use Get Many with the IDs filter (up to 50 IDs). ServiceTitan has no Update for these records: only Update Custom Fields and Cancel change one. ServiceTitan has no Delete for these records: use Cancel instead.',
		],
		[
			'timesheet',
			'getJobTimesheets',
			'ServiceTitan has no Get by ID for these records: use Get Many for Job (or for Jobs) and pick the timesheet by its ID. ServiceTitan has no Delete for these records: set Canceled On with Update instead.',
		],
		[
			'appointment',
			'get',
			'ServiceTitan has no Update for these records: use Reschedule to move one; Hold, Remove Hold, Confirm and Remove Confirmation to change its state; Update Special Instructions for its notes.',
		],
		['customer', 'create', 'ServiceTitan has no Delete for these records: use Update with Active set to false to deactivate one.'],
		[
			'callReason',
			'getAll',
			'ServiceTitan has no Get by ID for these records: use Get Many with its filters. ServiceTitan has no Update or Delete for these records: manage them in ServiceTitan itself.',
		],
	])('%s > %s', (resource, operation, text) => {
		expect(noticeOn(resource, operation)).toEqual([text]);
	});

	test('advice that names an operation names one the resource has', () => {
		for (const { resource, curation } of CATALOG) {
			const names = new Set(resource.operations.map((op) => curation?.operations?.[op.value]?.name ?? op.name));
			for (const advice of Object.values(curation?.missing ?? {})) {
				const named = [
					...advice.matchAll(
						/\b(Update Custom Fields|Update Payment Status|Update Special Instructions|Mark as Exported|Create Adjustment|Remove Confirmation|Remove Hold|Remove Item|Remove Cancellation|Get Many for Job|Assign Technicians|Unassign Technicians|Account Action|Detach Job|Reschedule|Dismiss|Cancel|Confirm|Hold|Create|Unsell)\b/g,
					),
				].map(([name]) => name);
				for (const name of named) expect([resource.value, name, names.has(name)]).toEqual([resource.value, name, true]);
			}
		}
	});
});

describe('names and descriptions read like n8n’s own nodes', () => {
	const operationOptions = description.properties
		.filter((p) => p.name === 'operation')
		.flatMap((p) =>
			(p.options as Array<{ name: string; value: string; action?: string; description?: string }>).map((o) => ({
				...o,
				resource: p.displayOptions?.show?.resource?.[0],
			})),
		);
	const resourceOptions = description.properties.find((p) => p.name === 'resource')!.options as Array<{ name: string; value: string }>;
	/** Generated leftovers: versions, paths, paging mechanics, "List" instead of Get Many. */
	const LEFTOVER = /[()]|\bV\d\b|\bList\b|Paginated|Legacy Path|\bChildren\b/i;
	const VERBS =
		/^(Get|Create|Update|Delete|Export|Add|Approve|Assign|Attach|Bulk|Call|Cancel|Complete|Confirm|Detach|Dismiss|Download|Find|Follow|Hold|Mark|Match|Reject|Remove|Replace|Reschedule|Search|Sell|Send|Set|Submit|Unassign|Unsell|Upload|Account)\b/;
	/** Where a cut sentence stops; a stranded preposition as ServiceTitan writes it ("IDs to filter by") is fine. */
	const DANGLING = /\b(a|an|the|and|or|but|nor|of|with|from|into|that|which|if|is|are|was|be|can|will|must|should|no|not|this|these|their|its)[.,;:]?$/i;

	test('every one of the catalog’s 563 operations (and the Custom API Call, and Find and Find or Create of customers and locations, and the three task operations) has an n8n-style name and action', () => {
		expect(operationOptions.length).toBe(571);
		const bad = operationOptions.filter((o) => LEFTOVER.test(o.name) || !VERBS.test(o.name) || !o.action || LEFTOVER.test(o.action) || !/^[A-Z][a-z]/.test(o.action));
		expect(bad.map((o) => `${String(o.resource)}: ${o.name} / ${String(o.action)}`)).toEqual([]);
	});

	test('resource names have no generated leftovers', () => {
		expect(resourceOptions.filter((o) => LEFTOVER.test(o.name)).map((o) => o.name)).toEqual([]);
	});

	test('no description is cut mid-sentence (ends on an article, preposition or conjunction)', () => {
		const descriptions: string[] = [];
		const collect = (properties: INodeProperties[]) => {
			for (const property of properties) {
				if (property.description) descriptions.push(property.description);
				for (const option of (property.options ?? []) as Array<{ description?: string; values?: INodeProperties[]; name?: string; type?: string }>) {
					if (option.description) descriptions.push(option.description);
					if (Array.isArray(option.values)) collect(option.values);
					else if ('type' in option && option.type) collect([option as INodeProperties]);
				}
			}
		};
		collect(description.properties);
		expect(descriptions.length).toBeGreaterThan(1000);
		expect([...new Set(descriptions.filter((text) => DANGLING.test(text.trim())))]).toEqual([]);
	});
});

describe('the order n8n’s node creator lists the actions in', () => {
	/**
	 * n8n's editor (useActionsGeneration resourceCategories) walks the Resource options in their order and
	 * lists each resource's operations under "<Resource> Actions"; the labels go in at each group's first action.
	 */
	function creatorGroups(): string[] {
		const resources = (description.properties.find((p) => p.name === 'resource')!.options as Array<{ name: string; value: string }>).filter(
			(o) => o.value !== '__CUSTOM_API_CALL__',
		);
		return resources
			.filter((r) => description.properties.some((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(r.value)))
			.map((r) => `${r.name} Actions`);
	}

	test('the records contractors use come first, then the long tail alphabetically, the Custom API Call last', () => {
		const groups = creatorGroups();
		expect(groups.slice(0, 10)).toEqual(
			['Customer', 'Location', 'Job', 'Appointment', 'Invoice', 'Payment', 'Estimate', 'Technician', 'Lead', 'Booking'].map((name) => `${name} Actions`),
		);
		const curated = CATALOG.filter((entry) => entry.curation).length;
		expect(groups.slice(0, curated).sort()).toEqual(
			CATALOG.filter((entry) => entry.curation)
				.map((entry) => `${entry.resource.name} Actions`)
				.sort(),
		);
		const tail = groups.slice(curated, -1);
		expect(tail.length).toBe(CATALOG.length - curated);
		expect(tail).toEqual([...tail].sort((a, b) => a.localeCompare(b)));
		expect(groups.at(-1)).toBe('Custom API Call Actions');
	});
});
