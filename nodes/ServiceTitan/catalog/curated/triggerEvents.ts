/**
 * What the ServiceTitan Trigger needs beyond the generated catalog: the status events it offers per
 * resource, and the list endpoints whose change filter is not named `modifiedOnOrAfter` /
 * `createdOnOrAfter`. One engine (trigger/) reads both; adding an event is one row here.
 */

/** An event that fires when one field of a record takes a value (or changes), not on every later update. */
export interface StatusEventSpec {
	/** The resource value the event belongs to. */
	resource: string;
	/** Stored in workflows as the trigger's Event: never rename. */
	value: string;
	name: string;
	description: string;
	/** The record field watched (a dotted path for nested fields). */
	field: string;
	/**
	 * The value the event is about: it fires when the field takes such a value from one that was not.
	 * Absent: it fires on every change of the field's value.
	 */
	to?: (value: unknown) => boolean;
}

/** A status field holds a string (`jobStatus: 'Canceled'`) or a `{ value, name }` object (an estimate's `status`). */
function named(...names: string[]): (value: unknown) => boolean {
	const wanted = names.map((name) => name.toLowerCase());
	return (value) => {
		const text = value !== null && typeof value === 'object' ? (value as { name?: unknown }).name : value;
		return typeof text === 'string' && wanted.includes(text.toLowerCase());
	};
}

/** An invoice's `balance` is a decimal string ('0.00') in ServiceTitan's answers, sometimes a number. */
function isZeroAmount(value: unknown): boolean {
	if (value === null || value === undefined || value === '') return false;
	const amount = Number(value);
	return !Number.isNaN(amount) && Math.abs(amount) < 0.005;
}

export const STATUS_EVENTS: readonly StatusEventSpec[] = [
	{ resource: 'job', value: 'jobCompleted', name: 'Job Completed', description: 'A job’s status becomes Completed', field: 'jobStatus', to: named('Completed') },
	{ resource: 'job', value: 'jobCanceled', name: 'Job Canceled', description: 'A job’s status becomes Canceled', field: 'jobStatus', to: named('Canceled') },
	{
		resource: 'appointment',
		value: 'appointmentScheduledOrRescheduled',
		name: 'Appointment Scheduled or Rescheduled',
		description: 'An appointment is booked, or its start time changes',
		field: 'start',
	},
	{ resource: 'estimate', value: 'estimateSold', name: 'Estimate Sold', description: 'An estimate’s status becomes Sold', field: 'status', to: named('Sold') },
	{
		resource: 'estimate',
		value: 'estimateDismissed',
		name: 'Estimate Dismissed',
		description: 'An estimate’s status becomes Dismissed',
		field: 'status',
		to: named('Dismissed'),
	},
	{ resource: 'invoice', value: 'invoicePaid', name: 'Invoice Paid', description: 'An invoice’s balance reaches 0', field: 'balance', to: isZeroAmount },
	{
		resource: 'purchaseOrder',
		value: 'purchaseOrderCanceled',
		name: 'Purchase Order Canceled',
		description: 'A purchase order’s status becomes Canceled',
		field: 'status',
		to: named('Canceled'),
	},
	{
		resource: 'membership',
		value: 'membershipStatusChanged',
		name: 'Membership Status Changed',
		description: 'A membership’s status changes (Active, Suspended, Expired, Canceled …)',
		field: 'status',
	},
];

/** How a list endpoint is polled for changes: its filter, the record field that filter reads, and how to sort by it. */
export interface ListChangeFilter {
	/** Query parameter, inclusive: `modifiedOnOrAfter`. */
	query: string;
	/** The record field it compares: `modifiedOn`. */
	field: string;
	/** The `sort` field name, when the list sorts by it. */
	sort?: string;
	/** The records are never changed after they appear (only creations are visible): every one counts as created. */
	createOnly?: boolean;
}

/**
 * Lists whose change filter has another name. Form submissions: `submittedOnOrAfter` ("Submission
 * modified date on or after", forms-v2), sortable by SubmittedOn; a submission carries no createdOn,
 * so each one counts as created when submitted.
 */
export const LIST_CHANGE_FILTERS: Record<string, ListChangeFilter> = {
	formSubmission: { query: 'submittedOnOrAfter', field: 'submittedOn', sort: 'SubmittedOn', createOnly: true },
};
