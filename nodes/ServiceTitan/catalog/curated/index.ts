import type { ResourceCuration } from '../curation';
import { BILLING_CURATION } from './billing';
import { CRM_CURATION } from './crm';
import { DISPATCH_CURATION } from './dispatch';
import { JOB_CURATION } from './jobs';
import { PEOPLE_AND_MARKETING_CURATION } from './peopleAndMarketing';
import { PRICEBOOK_AND_PURCHASING_CURATION } from './pricebookAndPurchasing';
import { REPORT_CURATION } from './reports';

/** First-class resources: resource value → curation. What each knob does is documented on ResourceCuration. */
export const CURATED_RESOURCES: Record<string, ResourceCuration> = {
	...CRM_CURATION,
	...JOB_CURATION,
	...DISPATCH_CURATION,
	...BILLING_CURATION,
	...PRICEBOOK_AND_PURCHASING_CURATION,
	...PEOPLE_AND_MARKETING_CURATION,
	...REPORT_CURATION,
};

/**
 * The order the Resource dropdown (and with it n8n's node creator, which lists actions grouped by resource in
 * this order) offers the first-class resources in: the records a contractor's office works with most, first.
 * Every other resource follows alphabetically.
 */
export const FIRST_CLASS_ORDER: string[] = [
	'customer',
	'location',
	'job',
	'appointment',
	'invoice',
	'payment',
	'estimate',
	'technician',
	'lead',
	'booking',
	'membership',
	'project',
	'appointmentAssignment',
	'technicianShift',
	'capacity',
	'availability',
	'task',
	'pricebookService',
	'pricebookMaterial',
	'pricebookEquipment',
	'installedEquipment',
	'purchaseOrder',
	'vendor',
	'receipt',
	'employee',
	'businessUnit',
	'jobType',
	'campaign',
	'timesheet',
	'inventoryBill',
	'apBill',
	'taxZone',
	'report',
];
