import { recordReadOf, type RecordRead } from '../catalog/records';

/**
 * ServiceTitan's V2 webhook event types (CloudEvents `type`), as the API specs list them, with the
 * record each one names in its `data` and how to read that record through the API.
 */

/**
 * How to load the record an event names: the catalog's read of its resource (a GET by id, or a list filtered by
 * `ids` where no GET exists), and where the id sits in the event's `data` (dotted path).
 */
export interface RecordLookup {
	read: RecordRead;
	idPath: string;
}

const lookup = (resource: string, idPath: string): RecordLookup => ({ read: recordReadOf(resource), idPath });

export interface WebhookEventType {
	/** The CloudEvents `type`; also the saved parameter value. */
	value: string;
	/** Area and readable name, e.g. "Jobs: Job Completed"; sorting by it groups the list by area. */
	name: string;
	/** The record put beside the event as `record` by Fetch Full Record. */
	record?: RecordLookup;
	/** A second record some events also name (the appointment), put beside it as `appointment`. */
	appointment?: RecordLookup;
	/** Why Fetch Full Record leaves this event as sent. */
	noRecordReason?: string;
}

const job = lookup('job', 'job.id');
const invoice = lookup('invoice', 'invoice.id');
const lead = lookup('lead', 'lead.id');
const call = lookup('call', 'call.id');
const appointmentIn = (idPath: string) => lookup('appointment', idPath);

const NO_SESSION_API = 'Scheduling Pro sessions have no read endpoint; the event carries the whole session';

export const WEBHOOK_EVENT_TYPES: readonly WebhookEventType[] = [
	{ value: 'tn.acc.invoice-batched', name: 'Accounting: Invoice Batched', record: invoice },
	{ value: 'tn.acc.invoice-exported', name: 'Accounting: Invoice Exported', record: invoice },
	{ value: 'tn.acc.invoice-posted', name: 'Accounting: Invoice Posted', record: invoice },
	{ value: 'tn.acc.invoice-task-created', name: 'Accounting: Invoice Task Created', record: invoice },
	{ value: 'tn.acc.invoice-task-updated', name: 'Accounting: Invoice Task Updated', record: invoice },
	{ value: 'tn.acc.invoice-updated', name: 'Accounting: Invoice Updated', record: invoice },
	{ value: 'tn.crm.booking-updated', name: 'CRM: Booking Updated', record: lookup('booking', 'booking.id') },
	{ value: 'tn.crm.lead-created', name: 'CRM: Lead Created', record: lead },
	{ value: 'tn.crm.lead-updated', name: 'CRM: Lead Updated', record: lead },
	{ value: 'tn.dis.technician-dispatched', name: 'Dispatch: Technician Dispatched', record: job, appointment: appointmentIn('appointment.id') },
	{ value: 'tn.dis.zone-deleted', name: 'Dispatch: Zone Deleted', noRecordReason: 'the zone no longer exists; the event carries it as it was' },
	{ value: 'tn.dis.zone-updated', name: 'Dispatch: Zone Updated', record: lookup('zone', 'zone.id') },
	{ value: 'tn.jpm.job-appointment-updated', name: 'Jobs: Job Appointment Updated', record: appointmentIn('appointment.id') },
	{ value: 'tn.jpm.job-completed', name: 'Jobs: Job Completed', record: job },
	{ value: 'tn.jpm.job-rescheduled', name: 'Jobs: Job Rescheduled', record: job, appointment: appointmentIn('appointmentId') },
	{ value: 'tn.jpm.job-scheduled', name: 'Jobs: Job Scheduled', record: job },
	{ value: 'tn.jpm.job-updated', name: 'Jobs: Job Updated', record: job },
	{ value: 'tn.sp.session-abandoned-qualified', name: 'Scheduling Pro: Session Abandoned (Qualified)', noRecordReason: NO_SESSION_API },
	{ value: 'tn.sp.session-completed', name: 'Scheduling Pro: Session Completed', noRecordReason: NO_SESSION_API },
	{ value: 'tn.tlc.call-completed', name: 'Telecom: Call Completed', record: call },
	{ value: 'tn.tlc.call-updated', name: 'Telecom: Call Updated', record: call },
];

const BY_VALUE = new Map(WEBHOOK_EVENT_TYPES.map((event) => [event.value, event]));

export function findEventType(type: string): WebhookEventType | undefined {
	return BY_VALUE.get(type);
}
