import type { IDataObject } from 'n8n-workflow';
import { STATUS_EVENTS, type StatusEventSpec } from '../catalog/curated/triggerEvents';
import { shortHash } from '../api';

/**
 * Events that fire when a field takes a value or changes (Job Canceled, Invoice Paid, Field Changed),
 * not on every later update of the record: the trigger keeps the last value it saw per record.
 */
export interface ChangeEvent {
	/** Identifies what is tracked: values remembered for another event are not reused. */
	key: string;
	field: string;
	to?: (value: unknown) => boolean;
}

/**
 * How many records' last-seen values are kept (about 20 bytes each in static data, 100 KB at most).
 * Past it, the record whose change is oldest is forgotten: its next change is read as a first sighting.
 */
export const TRACKED_RECORDS_LIMIT = 5000;

/** The state the trigger stores for a change event: `identity=value` pairs, most recently changed last. */
export interface TrackedValues {
	key: string;
	entries: string[];
}

export const FIELD_CHANGED = 'fieldChanged';

const byValue = new Map(STATUS_EVENTS.map((event) => [`${event.resource}:${event.value}`, event]));

export function statusEventsOf(resource: string): StatusEventSpec[] {
	return STATUS_EVENTS.filter((event) => event.resource === resource);
}

/** The change event an Event value stands for on this resource, or undefined for Created, Updated … */
export function changeEventOf(resource: string, event: string, fieldChanged?: { field: string; value?: string }): ChangeEvent | undefined {
	if (event === FIELD_CHANGED && fieldChanged) {
		const wanted = fieldChanged.value?.trim();
		return {
			key: `${FIELD_CHANGED}:${fieldChanged.field}:${wanted ?? ''}`,
			field: fieldChanged.field,
			to: wanted ? (value) => textOf(value).toLowerCase() === wanted.toLowerCase() || nameOf(value)?.toLowerCase() === wanted.toLowerCase() : undefined,
		};
	}
	const spec = byValue.get(`${resource}:${event}`);
	return spec ? { key: spec.value, field: spec.field, to: spec.to } : undefined;
}

export function readPath(record: IDataObject, path: string): unknown {
	let current: unknown = record;
	for (const part of path.split('.')) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as IDataObject)[part];
	}
	return current;
}

export function textOf(value: unknown): string {
	if (value === undefined || value === null) return '';
	return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function nameOf(value: unknown): string | undefined {
	const name = value !== null && typeof value === 'object' ? (value as { name?: unknown }).name : undefined;
	return typeof name === 'string' ? name : undefined;
}

/** One poll's view of the last-seen values: read from the stored state, updated record by record. */
export class ValueTracker {
	private readonly values = new Map<string, string>();

	constructor(
		private readonly event: ChangeEvent,
		stored: TrackedValues | undefined,
	) {
		if (stored?.key !== event.key) return;
		for (const entry of stored.entries) {
			const split = entry.lastIndexOf('=');
			if (split > 0) this.values.set(entry.slice(0, split), entry.slice(split + 1));
		}
	}

	/**
	 * Remembers the record's value and says whether the event fires: the field took the event's value
	 * from one that was not (or, without a value, changed). A record not seen before fires when its
	 * value is the event's, or, for an event on any change, when it is new (created since the trigger
	 * started): a later update that leaves the value alone never fires.
	 */
	observe(identity: string | undefined, record: IDataObject, created: boolean): boolean {
		const value = readPath(record, this.event.field);
		const { to } = this.event;
		// For an event on a value, only whether the value is it matters ('0.00' and 0 are both paid).
		const seen = to ? (to(value) ? '1' : '0') : shortHash(textOf(value)).slice(0, 8);
		const previous = identity === undefined ? undefined : this.values.get(identity);
		if (identity !== undefined) {
			this.values.delete(identity);
			this.values.set(identity, seen);
		}
		if (previous === undefined) return to ? seen === '1' : created;
		return to ? previous === '0' && seen === '1' : previous !== seen;
	}

	toState(): TrackedValues {
		const entries = [...this.values].map(([identity, seen]) => `${identity}=${seen}`);
		return { key: this.event.key, entries: entries.slice(-TRACKED_RECORDS_LIMIT) };
	}
}
