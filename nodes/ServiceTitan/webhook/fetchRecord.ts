import type { IDataObject } from 'n8n-workflow';
import { MODULE_PREFIXES } from '../api';
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

async function load(client: ServiceTitanClient, event: ServiceTitanEvent, lookup: RecordLookup, tenantId: string): Promise<IDataObject | undefined> {
	const rawId = valueAt(event.data, lookup.idPath);
	if (rawId === undefined || rawId === null || rawId === '') return undefined;
	const id = String(rawId);
	if (!lookup.byIds) {
		return await client.request<IDataObject>({ module: lookup.module, method: 'GET', path: lookup.path.replace('{id}', encodeURIComponent(id)) });
	}
	// No GET by id exists (invoices): the list filtered to this one id.
	const page = await client.request<{ data?: IDataObject[] }>({ module: lookup.module, method: 'GET', path: lookup.path, query: { ids: id } });
	const found = page?.data?.find((record) => String(record.id) === id);
	if (!found) {
		const path = `/${MODULE_PREFIXES[lookup.module]}/tenant/${tenantId}/${lookup.path}`;
		throw new ServiceTitanApiError(404, { title: `No ${lookup.noun} with id ${id} was found.` }, { method: 'GET', path, attempts: 1 });
	}
	return found;
}

/**
 * Loads the records an event names (the job, invoice, lead, booking, call, zone; the appointment
 * where the event names one). Events without a readable record come back with nothing added.
 */
export async function fetchFullRecord(client: ServiceTitanClient, event: ServiceTitanEvent, tenantId: string): Promise<FullRecord> {
	const eventType = findEventType(event.type);
	const result: FullRecord = {};
	if (eventType?.record) result.record = await load(client, event, eventType.record, tenantId);
	if (eventType?.appointment) result.appointment = await load(client, event, eventType.appointment, tenantId);
	if (result.record === undefined) delete result.record;
	if (result.appointment === undefined) delete result.appointment;
	return result;
}
