import type { ResourceCuration } from '../curation';
import { CRM_CURATION } from './crm';
import { INVENTORY_CURATION } from './inventory';
import { JOB_CURATION } from './jobs';
import { REPORT_CURATION } from './reports';
import { SALES_CURATION } from './sales';
import { SETTINGS_CURATION } from './settings';

/** First-class resources: resource value → curation. See ../curation.ts for what each knob does. */
export const CURATED_RESOURCES: Record<string, ResourceCuration> = {
	...CRM_CURATION,
	...JOB_CURATION,
	...SALES_CURATION,
	...INVENTORY_CURATION,
	...SETTINGS_CURATION,
	...REPORT_CURATION,
};

/**
 * The order the Resource dropdown (and with it n8n's node creator, which lists actions grouped by resource in
 * this order) offers the first-class resources in: the records a contractor's office works with most, first.
 * Every other resource follows alphabetically.
 */
export const FIRST_CLASS_ORDER: string[] = [
	'customer', 'location', 'job', 'appointment', 'invoice', 'payment', 'estimate', 'technician', 'lead', 'booking',
	'membership', 'project', 'appointmentAssignment', 'task', 'pricebookService', 'pricebookMaterial', 'pricebookEquipment',
	'installedEquipment', 'purchaseOrder', 'vendor', 'receipt', 'employee', 'businessUnit', 'jobType', 'campaign',
	'timesheet', 'inventoryBill', 'apBill', 'taxZone', 'report',
];
