/**
 * First-class UX on top of the generated catalog: pickers instead of raw IDs, fixed collections
 * instead of JSON for addresses, contacts and line items, better names and help, Simplify fields.
 * Everything here is data; the node renders and executes it.
 */

/** A record the user picks with a resource locator (From List / By ID / By URL). */
export type LocatorKind = 'customer' | 'location' | 'job' | 'technician' | 'businessUnit' | 'reportCategory' | 'report';

/** A dropdown filled from the tenant by `methods.loadOptions`. */
export type OptionsSource =
	| 'jobTypes'
	| 'campaigns'
	| 'campaignCategories'
	| 'businessUnits'
	| 'callReasons'
	| 'tagTypes'
	| 'jobCancelReasons'
	| 'jobHoldReasons'
	| 'paymentTypes'
	| 'paymentTerms'
	| 'membershipTypes'
	| 'taxZones'
	| 'technicians'
	| 'employees'
	| 'userRoles'
	| 'projectTypes'
	| 'projectStatuses'
	| 'purchaseOrderTypes'
	| 'vendors'
	| 'equipmentTypes';

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
	locator?: LocatorKind;
	optionsSource?: OptionsSource;
	/** Multi-select from the tenant (arrays of ids). */
	multiOptionsSource?: OptionsSource;
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
 * Conventions that hold across the whole API: a field with this name is the same thing
 * everywhere, so every operation gets the picker without per-resource curation.
 */
export const GLOBAL_FIELD_CONVENTIONS: Record<string, FieldCuration> = {
	customerId: { displayName: 'Customer', locator: 'customer' },
	locationId: { displayName: 'Location', locator: 'location' },
	jobId: { displayName: 'Job', locator: 'job' },
	technicianId: { displayName: 'Technician', locator: 'technician' },
	businessUnitId: { displayName: 'Business Unit', locator: 'businessUnit' },
	jobTypeId: { displayName: 'Job Type Name or ID', optionsSource: 'jobTypes' },
	campaignId: { displayName: 'Campaign Name or ID', optionsSource: 'campaigns' },
	tagTypeId: { displayName: 'Tag Type Name or ID', optionsSource: 'tagTypes' },
	tagTypeIds: { displayName: 'Tag Type Names or IDs', multiOptionsSource: 'tagTypes' },
	technicianIds: { displayName: 'Technician Names or IDs', multiOptionsSource: 'technicians' },
	membershipTypeId: { displayName: 'Membership Type Name or ID', optionsSource: 'membershipTypes' },
	taxZoneId: { displayName: 'Tax Zone Name or ID', optionsSource: 'taxZones' },
	address: { shape: 'address' },
	customFields: { shape: 'customFields' },
};
