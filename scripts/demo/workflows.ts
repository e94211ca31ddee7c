/**
 * The example workflows `npm start` imports. They use real parameter names of the nodes, and the
 * e2e suite runs them, so they cannot drift from the package.
 */
import { randomUUID } from 'node:crypto';
import type { CredentialFixture, WorkflowFixture } from '../../test/e2e/harness/instance';
import { NODE_TYPES, credentialRef } from '../../test/e2e/harness/workflows';

interface DemoNode {
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
	credentials?: boolean;
	position: [number, number];
}

function workflow(id: string, name: string, credential: CredentialFixture, nodes: DemoNode[], edges: Array<[string, string]>): WorkflowFixture {
	const connections: Record<string, { main: Array<Array<{ node: string; type: 'main'; index: number }>> }> = {};
	for (const [from, to] of edges) {
		connections[from] ??= { main: [[]] };
		connections[from].main[0].push({ node: to, type: 'main', index: 0 });
	}
	return {
		id,
		name,
		nodes: nodes.map(({ credentials, ...node }) => ({
			id: randomUUID(),
			...node,
			...(credentials ? { credentials: credentialRef(credential) } : {}),
		})),
		connections,
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

/** New job booked → a summary the team can read (swap the last node for Slack or email). */
export function newJobSummaryWorkflow(credential: CredentialFixture): WorkflowFixture {
	return workflow(
		'stDemoNewJobSummary',
		'ServiceTitan: new job → team summary',
		credential,
		[
			{
				name: 'New Job Booked',
				type: NODE_TYPES.trigger,
				typeVersion: 1,
				credentials: true,
				position: [0, 0],
				parameters: {
					pollTimes: { item: [{ mode: 'everyMinute' }] },
					resource: 'job',
					event: 'created',
					start: 'now',
					options: { includeRecentChanges: true },
				},
			},
			{
				name: 'Team Summary',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [260, 0],
				parameters: {
					assignments: {
						assignments: [
							{
								id: randomUUID(),
								name: 'message',
								type: 'string',
								value: '=New job {{ $json.jobNumber }} ({{ $json.jobStatus }}) for customer #{{ $json.customerId }}: {{ $json.summary }}',
							},
						],
					},
					options: {},
				},
			},
		],
		[['New Job Booked', 'Team Summary']],
	);
}

/**
 * A web lead arrives → find or create the customer (by the lead's ID as External Key, else by phone), then a booking
 * keyed by the lead's ID for the office to schedule. Run twice with the same lead: one customer, one location, one
 * booking (docs/no-duplicates.md).
 */
export function webLeadToBookingWorkflow(credential: CredentialFixture, bookingProviderId: number): WorkflowFixture {
	return workflow(
		'stDemoWebLeadBooking',
		'ServiceTitan: web lead → customer + booking',
		credential,
		[
			{ name: 'When clicking Execute', type: NODE_TYPES.manualTrigger, typeVersion: 1, position: [0, 0], parameters: {} },
			{
				name: 'Web Lead',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [220, 0],
				parameters: {
					assignments: {
						assignments: [
							{ id: randomUUID(), name: 'leadId', type: 'string', value: 'WEB-LEAD-0142' },
							{ id: randomUUID(), name: 'name', type: 'string', value: 'Jordan Avery' },
							{ id: randomUUID(), name: 'phone', type: 'string', value: '512-555-0142' },
							{ id: randomUUID(), name: 'street', type: 'string', value: '4108 Speedway' },
							{ id: randomUUID(), name: 'city', type: 'string', value: 'Austin' },
							{ id: randomUUID(), name: 'zip', type: 'string', value: '78751' },
							{ id: randomUUID(), name: 'problem', type: 'string', value: 'AC blowing warm air since this morning' },
						],
					},
					options: {},
				},
			},
			{
				name: 'Find or Create Customer',
				type: NODE_TYPES.action,
				typeVersion: 2,
				credentials: true,
				position: [440, 0],
				parameters: {
					resource: 'customer',
					operation: 'findOrCreate',
					matchRules: { rule: [{ on: 'externalKey' }, { on: 'phone' }] },
					externalKeyName: 'leadId',
					externalKeyValue: '={{ $json.leadId }}',
					name: '={{ $json.name }}',
					address: { address: { street: '={{ $json.street }}', city: '={{ $json.city }}', state: 'TX', zip: '={{ $json.zip }}', country: 'USA' } },
					locationsUi: {
						location: [{ name: 'Home', street: '={{ $json.street }}', city: '={{ $json.city }}', state: 'TX', zip: '={{ $json.zip }}', country: 'USA' }],
					},
					additionalFields: { type: 'Residential', contacts: { contact: [{ type: 'MobilePhone', value: '={{ $json.phone }}' }] } },
				},
			},
			{
				name: 'Create Booking',
				type: NODE_TYPES.action,
				typeVersion: 1,
				credentials: true,
				position: [660, 0],
				parameters: {
					resource: 'booking',
					operation: 'create',
					booking_provider: bookingProviderId,
					source: 'Website',
					name: "={{ $('Web Lead').item.json.name }}",
					summary: "={{ $('Web Lead').item.json.problem }}",
					isFirstTimeClient: true,
					// The lead's ID is the booking's key: a re-run returns the booking instead of making another.
					externalId: "={{ 'web-' + $('Web Lead').item.json.leadId }}",
				},
			},
		],
		[
			['When clicking Execute', 'Web Lead'],
			['Web Lead', 'Find or Create Customer'],
			['Find or Create Customer', 'Create Booking'],
		],
	);
}

/** Every night: yesterday's changed invoices as a CSV file (swap the last node for a warehouse or accounting upload). */
export function nightlyInvoiceExportWorkflow(credential: CredentialFixture): WorkflowFixture {
	return workflow(
		'stDemoNightlyInvoices',
		'ServiceTitan: nightly invoice export',
		credential,
		[
			// The Manual Trigger comes first: `n8n execute` starts at the first trigger in the node list.
			{ name: 'When clicking Execute', type: NODE_TYPES.manualTrigger, typeVersion: 1, position: [0, 200], parameters: {} },
			{
				name: 'Every Night at 2:00',
				type: NODE_TYPES.scheduleTrigger,
				typeVersion: 1.2,
				position: [0, 0],
				parameters: { rule: { interval: [{ field: 'days', triggerAtHour: 2 }] } },
			},
			{
				name: 'Invoices Changed Since Yesterday',
				type: NODE_TYPES.action,
				typeVersion: 1,
				credentials: true,
				position: [260, 100],
				parameters: {
					resource: 'invoice',
					operation: 'getAll',
					returnAll: true,
					filters: { modifiedOnOrAfter: '={{ $now.minus({ days: 1 }).toISO() }}' },
					simplify: false,
				},
			},
			{
				name: 'To CSV',
				type: 'n8n-nodes-base.convertToFile',
				typeVersion: 1.1,
				position: [520, 100],
				parameters: { options: { fileName: "=invoices-{{ $now.toFormat('yyyy-MM-dd') }}.csv" } },
			},
		],
		[
			['Every Night at 2:00', 'Invoices Changed Since Yesterday'],
			['When clicking Execute', 'Invoices Changed Since Yesterday'],
			['Invoices Changed Since Yesterday', 'To CSV'],
		],
	);
}
