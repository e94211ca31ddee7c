/**
 * The data model of task-shaped operations (catalog/tasks.ts runs the rules over it; curated/tasks.ts is the data).
 * Apart from tasks.ts so that the curated data and the rules both import it without importing each other.
 */
/** A value a read sends: fixed text, an input of the operation, or a field of an earlier read's record(s). */
export type TaskValue = { text: string } | { input: string } | { from: string; field: string };

export interface TaskRead {
	/** The output field its records go in (and how later reads name it). `primary` is the operation's main record(s). */
	as: string;
	/** A catalog operation: a Get (answers one record) or a paged Get Many (one page is read). */
	resource: string;
	operation: string;
	/** Path parameters and query values by wire name. A read whose required `from`/`input` value is empty is skipped. */
	send: Record<string, TaskValue>;
	/** Lists: the size of the one page read; a list with more says so in the answer's `incomplete`. */
	pageSize?: number;
	/** A value that lists several records' IDs is sent in groups of 50 (ServiceTitan's `ids` maximum), at most this many. */
	batches?: number;
	/** Lists: keep only records whose field is one of these values, or equals an input (skipped when the input is empty). */
	keep?: { field: string; in?: string[]; input?: string };
	/** Fields the compact answer keeps (Simplify). */
	simplify: string[];
	/** Copy these fields from the record of another read whose `id` equals this record's `on` field. */
	join?: { read: string; on: string; fields: string[] };
	/** Put each record into the record of another read whose `id` equals this record's `on` field, under `as`. */
	into?: { read: string; on: string };
	/** Used by other reads only, not part of the answer. */
	hidden?: boolean;
	/** Where a record's time span is, for free windows: an end field or a TimeSpan duration field. */
	span?: { start: string; end?: string; duration?: string };
}

export interface TaskInput {
	/** Parameter name. */
	name: string;
	displayName: string;
	/** `record`: a resource locator of `resource`; `day`: a date, read as the day from 00:00 to 24:00 in the workflow's timezone. */
	kind: 'record' | 'day';
	resource?: string;
	required: boolean;
	description: string;
}

/** Free windows: each primary record's shifts (of the read named `shifts`) less its busy times and time off. */
export interface FreeWindows {
	shifts: string;
	busy: string[];
	/** Shifts of this type are time off: busy, not working time. */
	timeOff: { field: string; value: string };
}

export interface TaskOperation {
	resource: string;
	value: string;
	name: string;
	action: string;
	/** What it returns; the request bound is appended (taskDescription). */
	description: string;
	/** What the answer holds, for the sentence an AI agent reads as the tool's description (taskToolDescription). */
	returns: string;
	inputs: TaskInput[];
	/** The primary record may also be looked up by Find's match rules (catalog/find.ts) of the resource. */
	lookup?: boolean;
	/** Read first; a Get gives one answer item, a list one item per record. */
	primary: TaskRead;
	reads: TaskRead[];
	freeWindows?: FreeWindows;
}
