import type { IDataObject } from 'n8n-workflow';
import { recordPath } from '../catalog/records';
import { ServiceTitanApiError, type ServiceTitanClient } from '../transport';
import { findEventType, type RecordLookup } from './events';
import type { ServiceTitanEvent } from './cloudEvent';

/** What Fetch Full Record adds beside an event. */
export interface FullRecord {
	record?: IDataObject;
	appointment?: IDataObject;
}

function valueAt(data: IDataObject, dottedPath: string): unknown {
	let current: unknown = data;
	for (const part of dottedPath.split('.')) {
		if (typeof current !== 'object' || current === null) return undefined;
		current = (current as IDataObject)[part];
	}
	return current;
}

async function load(client: ServiceTitanClient, event: ServiceTitanEvent, { read, idPath }: RecordLookup): Promise<IDataObject | undefined> {
	const rawId = valueAt(event.data, idPath);
	if (rawId === undefined || rawId === null || rawId === '') return undefined;
	const id = String(rawId);
	const path = recordPath(read, id);
	if (!read.byIds) return await client.request<IDataObject>({ module: read.module, method: 'GET', path });
	// No GET by id exists (invoices): the list filtered to this one id.
	const page = await client.request<{ data?: IDataObject[] }>({ module: read.module, method: 'GET', path, query: { ids: id } });
	const found = page?.data?.find((record) => String(record.id) === id);
	if (!found) {
		// Named like the errors the client raises: the request's path as sent.
		const sent = new URL(client.buildUrl(read.module, path)).pathname;
		throw new ServiceTitanApiError(404, { title: `No ${read.noun} with id ${id} was found.` }, { method: 'GET', path: sent, attempts: 1 });
	}
	return found;
}

/**
 * Loads the records an event names (the job, invoice, lead, booking, call, zone; the appointment
 * where the event names one). Events without a readable record come back with nothing added.
 */
export async function fetchFullRecord(client: ServiceTitanClient, event: ServiceTitanEvent): Promise<FullRecord> {
	const eventType = findEventType(event.type);
	const result: FullRecord = {};
	if (eventType?.record) result.record = await load(client, event, eventType.record);
	if (eventType?.appointment) result.appointment = await load(client, event, eventType.appointment);
	if (result.record === undefined) delete result.record;
	if (result.appointment === undefined) delete result.appointment;
	return result;
}
