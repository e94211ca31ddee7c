import type { ModuleKey } from '../api';
import { findEntry, findOperation } from './index';

/** How one record of a resource is read: its Get by ID, or its Get Many filtered by `ids` where it has no Get. */
export interface RecordRead {
	module: ModuleKey;
	/** Relative to `/tenant/{tenant}/`; with `byIds` the list's path, else the Get's, whose one `{…}` takes the ID. */
	path: string;
	byIds: boolean;
	/** The resource's name in messages ("job", "invoice"). */
	noun: string;
}

/** The catalog's read of one `resourceValue` record; throws (at load time, for the callers' tables) when it has none. */
export function recordReadOf(resourceValue: string): RecordRead {
	const entry = findEntry(resourceValue);
	if (!entry) throw new Error(`The catalog has no resource "${resourceValue}"`);
	const { module, name, operations } = entry.resource;
	const noun = name.toLowerCase();
	const get = operations.find((op) => op.value === 'get' && op.method === 'GET' && op.pathParams.length === 1);
	if (get) return { module, path: get.path, byIds: false, noun };
	const list = operations.find((op) => op.value === 'getAll' && op.query.some((parameter) => parameter.name === 'ids'));
	if (list) return { module, path: list.path, byIds: true, noun };
	throw new Error(`The catalog's ${resourceValue} has neither a Get by ID nor a Get Many filtered by ids`);
}

/** The path of a read by ID, the ID in its one placeholder. */
export function recordPath(read: RecordRead, id: string): string {
	return read.byIds ? read.path : read.path.replace(/\{[^}]+\}/, encodeURIComponent(id));
}

/** The cheapest tenant-scoped read (one business unit): the credential test's call. */
export function credentialTestRead(): { module: ModuleKey; path: string } {
	const found = findOperation('businessUnit', 'getAll');
	if (!found) throw new Error('The catalog has no businessUnit getAll');
	return { module: found.entry.resource.module, path: found.operation.path };
}
