/**
 * The resource catalog is data: every ServiceTitan operation the nodes can run is described here,
 * and the nodes render n8n properties from it and execute it. Adding a resource means adding an entry.
 */
import type { HttpMethod, ModuleKey } from '../api';

export type { HttpMethod };

/**
 * How a value is typed on the wire and rendered in the editor.
 * - idList: comma-separated ids in a query string (`ids=1,2,3`)
 * - numberList / stringList: JSON arrays in a body, entered comma-separated
 * - json: nested object or array of objects, entered as JSON
 */
export type FieldType = 'string' | 'number' | 'boolean' | 'dateTime' | 'options' | 'idList' | 'numberList' | 'stringList' | 'json';

export interface FieldSpec {
	/** Wire name: the query key, path placeholder or body property. */
	name: string;
	type: FieldType;
	required?: boolean;
	/** Short help text (trimmed from the spec). */
	description?: string;
	/** Allowed values for `options`. */
	options?: string[];
	/** Integer-only numbers (int32/int64 in the spec). */
	integer?: boolean;
	/** For `json` fields: whether the value is an object or an array. */
	jsonShape?: 'object' | 'array';
}

export interface BodySpec {
	/** `object`: a JSON object with `fields`; `array`: a JSON array (entered as JSON); `binary`: file upload. */
	kind: 'object' | 'array' | 'binary';
	fields: FieldSpec[];
	/** For `binary`: the multipart/form-data field the file is sent in (the spec's binary property, `file`). */
	fileField?: string;
}

export interface OperationSpec {
	/** ServiceTitan's operationId, e.g. `Customers_Create`. Unique in the whole catalog. */
	operationId: string;
	/** n8n operation value, unique within its resource: create, get, getAll, update, delete, or camelCase. */
	value: string;
	/** Title Case name without the resource: Create, Get, Get Many, Cancel. */
	name: string;
	/** Sentence-case action with the resource, no articles: "Create a customer" is n8n style. */
	action: string;
	description?: string;
	method: HttpMethod;
	/** Path after `/tenant/{tenant}/`, with `{placeholders}` for path parameters, e.g. `customers/{id}/notes`. */
	path: string;
	/** Path parameters other than `tenant`, in path order. */
	pathParams: FieldSpec[];
	/** Query parameters, without `page`, `pageSize` and `includeTotal` on paged operations and without `from`/`includeRecentChanges` on exports. */
	query: FieldSpec[];
	body?: BodySpec;
	/** Response is `{ page, pageSize, hasMore, data }`. */
	paged?: boolean;
	/** Export feed: `from` + `includeRecentChanges`, response `{ hasMore, continueFrom, data }`. */
	export?: boolean;
	/** Non-JSON responses (recordings, attachments); `value` a documented bare JSON value (an ID, a number, null), returned as `{ value }`. */
	responseType?: 'json' | 'binary' | 'value';
	/**
	 * Whether the request may be sent again after a lost reply (reset, timeout, 502/503/504) with the
	 * effect of sending it once. Set on every non-GET operation by the generator's rule (curated
	 * exceptions in scripts/lib/catalog-rules.ts); GETs are repeatable by their verb.
	 */
	idempotent?: boolean;
	/**
	 * A report's data run: a POST that only reads (rows of a report, paged), counted by ServiceTitan
	 * against a per-report limit rather than as a write.
	 */
	reportRun?: boolean;
	/**
	 * Return All asks for this list's pages one after another, never side by side: other integrators report that the
	 * endpoint misbehaves under concurrent requests (rule in scripts/lib/catalog-rules.ts SEQUENTIAL_PAGES).
	 */
	sequentialPages?: boolean;
	/**
	 * An export feed whose records have no `id`: the fields that identify a record within it (rule in
	 * scripts/lib/catalog-rules.ts EXPORT_IDENTITIES).
	 */
	identity?: string[];
}

export interface ResourceSpec {
	/** Unique across the catalog, camelCase: customer, job, pricebookService. */
	value: string;
	/** Display name, singular, as a contractor's admin says it: Customer, Job, Pricebook Service. */
	name: string;
	/** Plural display name: Customers, Journal Entries, Installed Equipment. */
	plural: string;
	/** API area the resource lives in. */
	module: ModuleKey;
	/** Fields Simplify keeps on the resource's records when no curation names them, derived from the spec's record schema. */
	simplify?: string[];
	operations: OperationSpec[];
}
