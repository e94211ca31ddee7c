import type { ListRequest } from '../catalog/pickers';
import type { ServiceTitanClient } from '../transport';

/** A record of a dropdown's list: its ID, the name it is shown and picked by, whether it is active. */
export interface NamedRecord {
	id: number | string;
	name?: string;
	active?: boolean;
}

/**
 * The active records of a dropdown's list, as the dropdown shows them and as a name typed instead of an ID is
 * matched against: one paged read through the client (its limiter and retries), up to 5,000 records.
 */
export async function activeRecords(client: ServiceTitanClient, list: ListRequest, path: string): Promise<NamedRecord[]> {
	const records = await client.getAll<NamedRecord>({ module: list.module, path, query: list.query, limit: 5000 });
	return records.filter((record) => record.active !== false);
}
