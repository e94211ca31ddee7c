/**
 * Resources with Find and Find or Create (the lead-intake case): which related records "Include Contacts and
 * Locations" adds to a found record. The match rules each offers are read from its Get Many (catalog/find.ts).
 * ServiceTitan's lists of customers and locations have no email filter, so neither matches by email (docs/no-duplicates.md).
 */
export interface RelatedList {
	/** Output field the records are put in. */
	field: string;
	/** List path in the resource's API area; `{id}` is the found record's ID. */
	path: string;
	/** Fixed query; `{id}` is replaced too. */
	query?: Record<string, string>;
}

export interface FindableCuration {
	related: RelatedList[];
	/** A create field that scopes the lookups of Find or Create (a location is looked for among its customer's). */
	scopeField?: string;
}

export const FINDABLE_RESOURCES: Record<string, FindableCuration> = {
	customer: {
		related: [
			{ field: 'contacts', path: 'customers/{id}/contacts' },
			{ field: 'locations', path: 'locations', query: { customerId: '{id}' } },
		],
	},
	location: {
		related: [{ field: 'contacts', path: 'locations/{id}/contacts' }],
		scopeField: 'customerId',
	},
};
