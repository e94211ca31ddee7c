/**
 * URL prefixes of ServiceTitan's API areas. They do not always match the area's name
 * (equipmentsystems, taskmanagement, marketingads have no hyphen; service-agreements and
 * customer-interactions keep theirs), and telecom carries the version per operation.
 */
export const MODULE_PREFIXES = {
	accounting: 'accounting/v2',
	crm: 'crm/v2',
	customerInteractions: 'customer-interactions/v2',
	dispatch: 'dispatch/v2',
	equipmentSystems: 'equipmentsystems/v2',
	findings: 'findings/v2',
	forms: 'forms/v2',
	inventory: 'inventory/v2',
	jbce: 'jbce/v2',
	jpm: 'jpm/v2',
	marketing: 'marketing/v2',
	marketingAds: 'marketingads/v2',
	marketingReputation: 'marketingreputation/v2',
	memberships: 'memberships/v2',
	payroll: 'payroll/v2',
	pricebook: 'pricebook/v2',
	reporting: 'reporting/v2',
	sales: 'sales/v2',
	schedulingPro: 'schedulingpro/v2',
	serviceAgreements: 'service-agreements/v2',
	settings: 'settings/v2',
	taskManagement: 'taskmanagement/v2',
	telecom: 'telecom/v2',
	telecomV3: 'telecom/v3',
	timesheets: 'timesheets/v2',
} as const;

export type ModuleKey = keyof typeof MODULE_PREFIXES;

/** Display names of the API areas, as ServiceTitan's developer portal titles them. */
export const MODULE_NAMES: Record<ModuleKey, string> = {
	accounting: 'Accounting',
	crm: 'CRM',
	customerInteractions: 'Customer Interactions',
	dispatch: 'Dispatch',
	equipmentSystems: 'Equipment Systems',
	findings: 'Findings',
	forms: 'Forms',
	inventory: 'Inventory',
	jbce: 'Job Booking',
	jpm: 'Job Planning & Management',
	marketing: 'Marketing',
	marketingAds: 'Marketing Ads',
	marketingReputation: 'Marketing Reputation',
	memberships: 'Memberships',
	payroll: 'Payroll',
	pricebook: 'Pricebook',
	reporting: 'Reporting',
	sales: 'Sales & Estimates',
	schedulingPro: 'Scheduling Pro',
	serviceAgreements: 'Service Agreements',
	settings: 'Settings',
	taskManagement: 'Task Management',
	telecom: 'Telecom',
	telecomV3: 'Telecom',
	timesheets: 'Timesheets',
};
