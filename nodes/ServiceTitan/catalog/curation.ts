/**
 * First-class UX on top of the generated catalog: pickers instead of raw IDs, fixed collections
 * instead of JSON for addresses, contacts and line items, better names and help, Simplify fields.
 * Everything here is data; the node renders and executes it.
 */

/** A record as ServiceTitan returns it. */
export type ApiRecord = Record<string, unknown>;

/**
 * Where a picker's or dropdown's records are listed. By default the resource's own Get Many (its module and
 * path). A path may hold `{placeholders}`: each is filled from the node parameter of the same name, so a
 * list can depend on another choice (the reports of the chosen category: `report-category/{report_category}/reports`).
 */
export interface ListSource {
	path: string;
	/** Fixed query of every request (filters, sort). */
	query?: Record<string, string | boolean>;
}

/**
 * The resource's records are picked with a resource locator (From List / By ID / By URL) wherever one of
 * `fields` appears, and for its own `{id}`.
 */
export interface RecordPicker {
	/** Query parameter a typed number (the record's ID or number) is searched with: `ids`, `number`. */
	byNumber?: string;
	/** The list has no search (report categories, reports): it is read whole and the typed text filters it here. */
	searchHere?: boolean;
	/** IDs are words, not numbers (report categories: `operations`): By ID takes any text. */
	textIds?: { placeholder: string };
	/** Query parameter typed text is searched with; without one the text is not sent and the list is sorted by `sort`. */
	byText?: string;
	/** ServiceTitan's `sort` of the list, e.g. `-Id` (newest first). */
	sort?: string;
	/** How a record reads in the list; by default `Name (#id)`. */
	title?(record: ApiRecord): string;
	/**
	 * The record's page in ServiceTitan's web app (go.servicetitan.com/#/<webPage>/123), which the By URL mode
	 * reads the ID from; `/Index/` may follow it, and `webPageIndex` says the app's own links have it.
	 */
	webPage?: string;
	webPageIndex?: boolean;
	/** Field names that mean this record in every operation of the API; default `<resource>Id`. */
	fields?: string[];
	list?: ListSource;
	/**
	 * The node version the picker takes effect in. Earlier versions keep the plain ID their workflows saved (a number
	 * stays a number), as FieldCuration `since` does for one field.
	 */
	since?: number;
}

/** The resource's records fill a dropdown (options loaded from the tenant, active ones, by name). */
export interface RecordDropdown {
	/** Field names that get the dropdown in every operation of the API. */
	fields?: string[];
	/** Field names (lists of IDs) that get the multi-select in every operation. */
	multiFields?: string[];
	list?: ListSource;
}

/**
 * Shapes of nested objects entered as fixed collections. `locations` (a new customer's service locations:
 * name, address, contacts) keeps its JSON entry as an alternative; node version 1 keeps JSON as the default.
 * `reportParameters` (a report run's `[{ name, value }]` list) is entered in a form built from the chosen report's own
 * description (n8n's resource mapper), with the JSON list as the alternative.
 */
export type ShapeKind = 'address' | 'contacts' | 'customFields' | 'lineItems' | 'locations' | 'reportParameters';

/** One sub-field of a line item (invoice item, estimate item, appointment of a new job …). */
export interface LineItemField {
	/** Wire name inside the item. */
	name: string;
	/** numberList: entered comma-separated, sent as a JSON array of numbers. */
	type: 'string' | 'number' | 'boolean' | 'dateTime' | 'numberList';
	/** Shown instead of the Title Case wire name (not `displayName`: the n8n lint would take this for a property). */
	label?: string;
	/** Required sub-fields are always sent and must not be empty; optional ones are left out while empty (''/0/false). */
	required?: boolean;
	description?: string;
}

export interface FieldCuration {
	displayName?: string;
	description?: string;
	/** The resource (value) whose record picker this field is (curated/pickers.ts). */
	locator?: string;
	/** The resource (value) whose records fill this field's dropdown (curated/pickers.ts). */
	optionsSource?: string;
	/** Multi-select from the tenant (arrays of ids): the resource whose records fill it. */
	multiOptionsSource?: string;
	shape?: ShapeKind;
	/** Line item sub-fields when `shape` is lineItems. */
	lineItemFields?: LineItemField[];
	/** Fixed choices for a free-text field the API documents values for (e.g. job priority); the first is the default. */
	options?: string[];
	/**
	 * The node version this curation takes effect in. Earlier versions render the field as the generated catalog has it,
	 * so workflows saved before the curation keep the parameter type they hold (a plain ID stays a plain ID).
	 */
	since?: number;
}

export interface OperationCuration {
	name?: string;
	action?: string;
	description?: string;
	/** Field overrides for this operation only (win over the resource's). */
	fields?: Record<string, FieldCuration>;
}

export interface ResourceCuration {
	name?: string;
	/**
	 * What to use instead of the Get by ID, Update or Delete ServiceTitan lacks for this resource ("use Cancel
	 * instead"), a clause after a colon. The gaps themselves come from the catalog (catalog/missingOperations.ts), which
	 * has a default for each; the notice shows under every operation of the resource.
	 */
	missing?: Partial<Record<'get' | 'update' | 'delete', string>>;
	/** Shown under the Operation dropdown, e.g. how to "delete" where the API has no Delete. */
	notice?: string;
	/** The operations the notice is about (where the user looks for what it explains), and the only ones it shows under. */
	noticeOperations?: string[];
	/** Fields kept by Simplify on this resource's records (in this order). */
	simplify?: string[];
	/**
	 * Operations returning this resource's records, where Simplify applies. Default: get, getAll,
	 * export. Notes, contacts and other sub-records have their own fields and are never simplified.
	 */
	simplifyOperations?: string[];
	/** Field overrides for every operation of the resource. */
	fields?: Record<string, FieldCuration>;
	operations?: Record<string, OperationCuration>;
	/** Endpoint (same module) listing this resource's custom field types, enabling custom fields by name. */
	customFieldTypesPath?: string;
	/** Query the custom field types endpoint needs (some require a sort flag). */
	customFieldTypesQuery?: Record<string, string | boolean>;
}

/**
 * Conventions that hold across the whole API: a field with this name is the same thing everywhere. The
 * fields of pickers and dropdowns join them (catalog/pickers.ts).
 */
export const SHAPE_CONVENTIONS: Record<string, FieldCuration> = {
	address: { shape: 'address' },
	customFields: { shape: 'customFields' },
};
