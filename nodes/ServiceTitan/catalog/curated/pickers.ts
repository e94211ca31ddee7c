import type { ApiRecord, RecordDropdown, RecordPicker } from '../curation';

/**
 * Which resources' records are picked with a resource locator and which fill dropdowns, and how: by resource
 * value. Where they are listed (the resource's own Get Many by default), their labels, the fields that get
 * them everywhere (`<resource>Id` for a picker) and the editor's method names follow from the catalog.
 */

/** `Home — 1 Main St, Austin (#7)`: the street tells apart the locations of one customer. */
function locationTitle(record: ApiRecord): string {
	const address = (record.address ?? {}) as ApiRecord;
	return `${record.name}${address.street ? ` — ${address.street}, ${address.city ?? ''}` : ''} (#${record.id})`;
}

/** `Job 1042 — Scheduled (#7)`: the office knows jobs by number and status; they have no name. */
const jobTitle = (record: ApiRecord): string => `Job ${record.jobNumber ?? record.number ?? record.id} — ${record.jobStatus ?? ''} (#${record.id})`;

/** `08:00 for 02:00 (#7)`: an arrival window is its start and length. */
const arrivalWindowTitle = (record: ApiRecord): string => `${record.start} for ${record.duration} (#${record.id})`;

/** Pickers added in node version 4; earlier versions keep the plain IDs their workflows saved. */
const V4 = { since: 4 } as const;

/** Records with a name: a typed number is their ID, typed text a name. */
const BY_NAME = { byNumber: 'ids', byText: 'name' } as const;

export const RECORD_PICKERS_CURATION: Record<string, RecordPicker> = {
	customer: { ...BY_NAME, webPage: 'Customer' },
	location: { ...BY_NAME, title: locationTitle, webPage: 'Location' },
	// A typed number is the job number; text cannot be searched, so the list shows the newest jobs first.
	job: { byNumber: 'number', sort: '-Id', title: jobTitle, webPage: 'Job', webPageIndex: true },
	technician: { ...BY_NAME, webPage: 'Technician' },
	businessUnit: BY_NAME,
	// Report lists have no search: read whole, filtered by the typed text. Node version 3 on (curated/reports.ts).
	reportCategory: { searchHere: true, textIds: { placeholder: 'e.g. operations' }, fields: ['report_category'], title: (record) => String(record.name ?? record.id) },
	report: { searchHere: true, fields: ['reportId'], list: { path: 'report-category/{report_category}/reports' } },
	// A booking provider is one of the tenant's booking provider tags (Settings > Integrations): its ID is the `booking_provider` of every booking operation.
	bookingProviderTag: { ...BY_NAME, fields: ['booking_provider'], title: (record) => `${record.tagName ?? record.name} (#${record.id})`, ...V4 },
	// Short lists without a name search: read whole, filtered by the typed text.
	warehouse: { searchHere: true, ...V4 },
	truck: { searchHere: true, ...V4 },
	zone: { searchHere: true, ...V4 },
	arrivalWindow: { searchHere: true, title: arrivalWindowTitle, ...V4 },
};

export const RECORD_DROPDOWNS_CURATION: Record<string, RecordDropdown> = {
	businessUnit: {},
	callReason: {},
	campaign: { fields: ['campaignId'] },
	campaignCategory: {},
	employee: {},
	equipmentType: {},
	jobCancelReason: {},
	jobHoldReason: {},
	jobType: { fields: ['jobTypeId'] },
	membershipType: { fields: ['membershipTypeId'] },
	paymentTerm: {},
	paymentType: {},
	projectStatus: {},
	projectType: {},
	purchaseOrderType: {},
	tagType: { fields: ['tagTypeId'], multiFields: ['tagTypeIds'] },
	taxZone: { fields: ['taxZoneId'] },
	technician: { multiFields: ['technicianIds'] },
	userRole: {},
	vendor: {},
};
