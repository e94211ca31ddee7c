import type { IBuilderHint } from 'n8n-workflow';

/**
 * What n8n's AI workflow builder reads when it searches nodes (`builderHint.searchHint`, beside the codex aliases of
 * the .node.json files): the trades and tasks a ServiceTitan user names, so a prompt such as "when an HVAC job is
 * completed, send the invoice" finds these nodes rather than the HTTP Request node.
 */
const TRADES =
	'ServiceTitan is the field service management software of HVAC, plumbing, electrical, roofing, garage door and other home and commercial service contractors';

export const ACTION_BUILDER_HINT: IBuilderHint = {
	searchHint:
		`${TRADES}. Use this node to read or change ServiceTitan records: customers and their service locations, jobs (work orders), ` +
		'appointments and dispatch (technicians, assignments, capacity), leads and bookings, estimates, invoices and payments, ' +
		'memberships, pricebook, purchasing and inventory, payroll and timesheets, reports. Find or Create looks a caller up ' +
		'by phone, email or address before creating. Usable as an AI Agent tool.',
	relatedNodes: [
		{ nodeType: 'n8n-nodes-servicetitan.serviceTitanTrigger', relationHint: 'Starts a workflow when ServiceTitan records are created or change (polled)' },
		{ nodeType: 'n8n-nodes-servicetitan.serviceTitanWebhookTrigger', relationHint: 'Starts a workflow the moment ServiceTitan sends a webhook event' },
	],
};

export const TRIGGER_BUILDER_HINT: IBuilderHint = {
	searchHint:
		`${TRADES}. Use this trigger to start a workflow when ServiceTitan records are created or change: a job booked, ` +
		'completed or canceled, a new customer or lead, an invoice or payment, an estimate sold, an appointment scheduled. It polls, ' +
		'so it needs no webhook set up in ServiceTitan.',
	relatedNodes: [{ nodeType: 'n8n-nodes-servicetitan.serviceTitan', relationHint: 'Reads or changes the records the trigger reports' }],
};

export const WEBHOOK_TRIGGER_BUILDER_HINT: IBuilderHint = {
	searchHint:
		`${TRADES}. Use this trigger to start a workflow the moment ServiceTitan sends a V2 webhook event (job completed, ` +
		'lead created, invoice posted, call completed …); it checks the signature and can fetch the full record.',
	relatedNodes: [{ nodeType: 'n8n-nodes-servicetitan.serviceTitan', relationHint: 'Reads or changes the records the event is about' }],
};
