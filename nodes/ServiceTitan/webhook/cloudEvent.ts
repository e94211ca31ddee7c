import type { IDataObject } from 'n8n-workflow';

/** The CloudEvents 1.0 attributes ServiceTitan sends, as the node outputs them. */
export interface ServiceTitanEvent extends IDataObject {
	type: string;
	time: string | null;
	id: string | null;
	userassignedid: string | null;
	source: string | null;
	data: IDataObject;
}

export type ParsedDelivery = { ok: true; events: ServiceTitanEvent[] } | { ok: false; reason: string };

/**
 * A delivery is one CloudEvent (structured JSON) or a batch (a JSON array of them). Anything that
 * is not JSON, or an event without a `type` or an object `data`, is refused with the reason.
 */
export function parseDelivery(rawBody: Buffer): ParsedDelivery {
	const text = rawBody.toString('utf8').replace(/^\uFEFF/, '');
	if (text.trim() === '') return { ok: false, reason: 'The body is empty; a CloudEvent (JSON) was expected' };
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		return { ok: false, reason: 'The body is not JSON; a CloudEvent was expected' };
	}
	const batch = Array.isArray(parsed);
	const candidates = batch ? (parsed as unknown[]) : [parsed];
	if (candidates.length === 0) return { ok: false, reason: 'The batch is empty' };
	const events: ServiceTitanEvent[] = [];
	for (let index = 0; index < candidates.length; index++) {
		const where = batch ? `Event [${index}]` : 'The event';
		const result = toEvent(candidates[index]);
		if (typeof result === 'string') return { ok: false, reason: `${where} is not a CloudEvent: ${result}` };
		events.push(result);
	}
	return { ok: true, events };
}

function toEvent(value: unknown): ServiceTitanEvent | string {
	if (!isObject(value)) return 'it is not a JSON object';
	if (typeof value.type !== 'string' || value.type.trim() === '') return 'no "type"';
	if (!isObject(value.data)) return 'no "data" object';
	return {
		type: value.type,
		time: optionalString(value.time),
		id: optionalString(value.id),
		userassignedid: optionalString(value.userassignedid),
		source: optionalString(value.source),
		data: value.data,
	};
}

/** The key that identifies an event across deliveries: ServiceTitan's `userassignedid`, else the delivery `id`. */
export function duplicateKey(event: ServiceTitanEvent): string | undefined {
	return event.userassignedid ?? event.id ?? undefined;
}

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown): string | null {
	if (typeof value === 'string') return value;
	if (typeof value === 'number') return String(value);
	return null;
}
