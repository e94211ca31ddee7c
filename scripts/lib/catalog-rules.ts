/**
 * The human part of the catalog: which ServiceTitan controllers (operationId prefixes) form which n8n
 * resource, what a contractor's admin calls it, and where each export feed belongs. The generator
 * fails on any operation these rules do not place, so a new controller in the specs gets a conscious name.
 */
import type { ModuleKey } from '../../nodes/ServiceTitan/api';

export interface ResourceRule {
	/** Unique across the catalog, camelCase, singular. */
	value: string;
	/** Singular Title Case display name. */
	name: string;
	/** Plural for "Get many …" actions when adding "s" is wrong. */
	plural?: string;
	/** operationId prefixes (before `_`) whose operations belong here. */
	controllers?: string[];
	/** Export operationIds whose feed exports this resource. */
	exports?: string[];
}

export const RESOURCE_RULES: Record<ModuleKey, ResourceRule[]> = {
	accounting: [
		{ value: 'apBill', name: 'AP Bill', controllers: ['ApBills'] },
		{ value: 'apCredit', name: 'AP Credit', controllers: ['ApCredits'] },
		{ value: 'apPayment', name: 'AP Payment', controllers: ['ApPayments'] },
		{ value: 'bankDeposit', name: 'Bank Deposit', controllers: ['Deposits'] },
		{ value: 'creditMemo', name: 'Credit Memo', controllers: ['CreditMemos'] },
		{ value: 'glAccount', name: 'GL Account', controllers: ['GlAccounts'] },
		{ value: 'inventoryBill', name: 'Inventory Bill', controllers: ['InventoryBills'], exports: ['Export_InventoryBills'] },
		{ value: 'invoice', name: 'Invoice', controllers: ['Invoices'], exports: ['Export_Invoices'] },
		{ value: 'invoiceItem', name: 'Invoice Item', exports: ['Export_InvoiceItems'] },
		{ value: 'journalEntry', name: 'Journal Entry', plural: 'journal entries', controllers: ['JournalEntries'] },
		{ value: 'payment', name: 'Payment', controllers: ['Payments'], exports: ['Export_Payments'] },
		{ value: 'paymentTerm', name: 'Payment Term', controllers: ['PaymentTerms'] },
		{ value: 'paymentType', name: 'Payment Type', controllers: ['PaymentTypes'] },
		{ value: 'remittanceVendor', name: 'Remittance Vendor', controllers: ['RemittanceVendors'] },
		{ value: 'taxZone', name: 'Tax Zone', controllers: ['TaxZones'] },
	],
	crm: [
		{ value: 'booking', name: 'Booking', controllers: ['Bookings'], exports: ['ExportBookings_Get'] },
		{ value: 'bookingProviderTag', name: 'Booking Provider Tag', controllers: ['BookingProviderTags'] },
		{ value: 'bulkTag', name: 'Bulk Customer Tag', controllers: ['BulkTags'] },
		{ value: 'contact', name: 'Contact', controllers: ['Contacts'] },
		{ value: 'contactMethod', name: 'Contact Method', controllers: ['ContactMethods'] },
		{ value: 'contactPreference', name: 'Contact Preference', controllers: ['ContactPreferences'] },
		{ value: 'customer', name: 'Customer', controllers: ['Customers'], exports: ['ExportCustomers_GetCustomers'] },
		{ value: 'customerContact', name: 'Customer Contact', exports: ['ExportContacts_CustomersContacts'] },
		{ value: 'lead', name: 'Lead', controllers: ['Leads'], exports: ['ExportLeads_Leads'] },
		{ value: 'location', name: 'Location', controllers: ['Locations'], exports: ['ExportLocations_Locations'] },
		{ value: 'locationContact', name: 'Location Contact', exports: ['ExportContacts_LocationsContacts'] },
	],
	customerInteractions: [
		{
			value: 'technicianRating',
			name: 'Technician Rating',
			controllers: ['TechnicianRating', 'TechnicianRatings'],
			exports: ['Export_TechnicianRatings'],
		},
	],
	dispatch: [
		{ value: 'appointmentAssignment', name: 'Appointment Assignment', controllers: ['AppointmentAssignments'], exports: ['Export_AppointmentAssignments'] },
		{ value: 'arrivalWindow', name: 'Arrival Window', controllers: ['ArrivalWindows'] },
		{ value: 'availability', name: 'Availability', controllers: ['Availability'] },
		{ value: 'businessHour', name: 'Business Hour', controllers: ['BusinessHour'] },
		{ value: 'capacity', name: 'Capacity', controllers: ['Capacity'] },
		{ value: 'gpsPing', name: 'GPS Ping', controllers: ['Gps'] },
		{ value: 'nonJobAppointment', name: 'Non-Job Appointment', controllers: ['NonJobAppointments'] },
		{ value: 'team', name: 'Team', controllers: ['Team'] },
		{ value: 'technicianShift', name: 'Technician Shift', controllers: ['TechnicianShifts'] },
		{ value: 'technicianSkill', name: 'Technician Skill', controllers: ['TechnicianSkills'] },
		{ value: 'technicianTracking', name: 'Technician Tracking', controllers: ['TechnicianTracking'] },
		{ value: 'zone', name: 'Zone', controllers: ['Zone'] },
	],
	equipmentSystems: [
		{ value: 'equipmentType', name: 'Equipment Type', controllers: ['EquipmentTypes'] },
		{ value: 'installedEquipment', name: 'Installed Equipment', controllers: ['InstalledEquipment'], exports: ['Export_ExportInstalledEquipment'] },
	],
	findings: [
		{ value: 'finding', name: 'Finding', controllers: ['Findings'] },
		{ value: 'findingAsset', name: 'Finding Asset', controllers: ['FindingAssets'] },
	],
	forms: [
		{ value: 'form', name: 'Form', controllers: ['Form'] },
		{ value: 'formSubmission', name: 'Form Submission', controllers: ['FormSubmission'] },
		// The forms module's "Jobs" controller only handles job attachments.
		{ value: 'jobAttachment', name: 'Job Attachment', controllers: ['Jobs'] },
	],
	inventory: [
		{ value: 'inventoryAdjustment', name: 'Inventory Adjustment', controllers: ['Adjustments'], exports: ['Export_Adjustments'] },
		{ value: 'inventoryReturn', name: 'Inventory Return', controllers: ['Returns'], exports: ['Export_Returns'] },
		{ value: 'inventoryTemplate', name: 'Inventory Template', controllers: ['InventoryTemplates'] },
		{ value: 'inventoryTransfer', name: 'Inventory Transfer', controllers: ['Transfers'], exports: ['Export_Transfers'] },
		{ value: 'purchaseOrder', name: 'Purchase Order', controllers: ['PurchaseOrders'], exports: ['Export_PurchaseOrders'] },
		{ value: 'purchaseOrderMarkup', name: 'Purchase Order Markup', controllers: ['PurchaseOrdersMarkup'] },
		{ value: 'purchaseOrderType', name: 'Purchase Order Type', controllers: ['PurchaseOrderTypes'] },
		{ value: 'receipt', name: 'Receipt', controllers: ['Receipts'] },
		{ value: 'returnType', name: 'Return Type', controllers: ['ReturnTypes'] },
		{ value: 'truck', name: 'Truck', controllers: ['Trucks'] },
		{ value: 'vendor', name: 'Vendor', controllers: ['Vendors'] },
		{ value: 'warehouse', name: 'Warehouse', controllers: ['Warehouses'] },
	],
	jbce: [{ value: 'callReason', name: 'Call Reason', controllers: ['CallReasons'] }],
	jpm: [
		{ value: 'appointment', name: 'Appointment', controllers: ['Appointments'], exports: ['Export_Appointments'] },
		{ value: 'budgetCode', name: 'Budget Code', controllers: ['BudgetCodes'] },
		{ value: 'job', name: 'Job', controllers: ['Jobs'], exports: ['Export_Jobs'] },
		{ value: 'jobCancelReason', name: 'Job Cancel Reason', controllers: ['JobCancelReasons'] },
		{ value: 'jobCanceledLog', name: 'Job Canceled Log', exports: ['Export_JobCancelReasons'] },
		{ value: 'jobHistory', name: 'Job History', exports: ['Export_JobHistory'] },
		{ value: 'jobHoldReason', name: 'Job Hold Reason', controllers: ['JobHoldReasons'] },
		{ value: 'jobNote', name: 'Job Note', exports: ['Export_JobNotes'] },
		{ value: 'jobType', name: 'Job Type', controllers: ['JobTypes'] },
		{ value: 'project', name: 'Project', controllers: ['Projects'], exports: ['Export_Projects'] },
		{ value: 'projectNote', name: 'Project Note', exports: ['Export_ProjectNotes'] },
		{ value: 'projectStatus', name: 'Project Status', controllers: ['ProjectStatuses'] },
		{ value: 'projectSubStatus', name: 'Project Substatus', controllers: ['ProjectSubStatuses'] },
		{ value: 'projectType', name: 'Project Type', controllers: ['ProjectTypes'] },
	],
	marketing: [
		{ value: 'campaign', name: 'Campaign', controllers: ['Campaigns'] },
		{ value: 'campaignCategory', name: 'Campaign Category', plural: 'campaign categories', controllers: ['CampaignCategories'] },
		{ value: 'campaignCost', name: 'Campaign Cost', controllers: ['CampaignCosts'] },
		{ value: 'campaignCostSummary', name: 'Campaign Cost Summary', plural: 'campaign cost summaries', controllers: ['CampaignCostSummary'] },
		{ value: 'emailChannelCost', name: 'Email Channel Cost', controllers: ['EmailChannelCost'] },
		{ value: 'emailSuppression', name: 'Email Suppression', controllers: ['Suppressions'] },
	],
	marketingAds: [
		{ value: 'adPerformance', name: 'Ad Performance', controllers: ['Performance'] },
		{ value: 'attributedLead', name: 'Attributed Lead', controllers: ['AttributedLeads'] },
		{ value: 'capacityWarning', name: 'Capacity Warning', controllers: ['CapacityAwarenessWarning'] },
		{ value: 'externalCallAttribution', name: 'External Call Attribution', controllers: ['ExternalCallAttributions'] },
		{ value: 'scheduledJobAttribution', name: 'Scheduled Job Attribution', controllers: ['ScheduledJobAttributions'] },
		{ value: 'webBookingAttribution', name: 'Web Booking Attribution', controllers: ['WebBookingAttributions'] },
		{ value: 'webLeadFormAttribution', name: 'Web Lead Form Attribution', controllers: ['WebLeadFormAttributions'] },
	],
	// The reputation document's single operation is named plain `reviews`.
	marketingReputation: [{ value: 'review', name: 'Review', controllers: ['reviews'] }],
	memberships: [
		{ value: 'invoiceTemplate', name: 'Invoice Template', controllers: ['InvoiceTemplates'], exports: ['Export_InvoiceTemplates'] },
		{ value: 'membership', name: 'Membership', controllers: ['CustomerMemberships'], exports: ['Export_Memberships'] },
		{ value: 'membershipStatusChange', name: 'Membership Status Change', exports: ['Export_MembershipStatusChanges'] },
		{ value: 'membershipType', name: 'Membership Type', controllers: ['MembershipTypes'], exports: ['Export_MembershipTypes'] },
		{
			value: 'recurringService',
			name: 'Recurring Service',
			controllers: ['LocationRecurringServices'],
			exports: ['Export_LocationRecurringServices'],
		},
		{
			value: 'recurringServiceEvent',
			name: 'Recurring Service Event',
			controllers: ['LocationRecurringServiceEvents'],
			exports: ['Export_LocationRecurringServiceEvents'],
		},
		{ value: 'recurringServiceType', name: 'Recurring Service Type', controllers: ['RecurringServiceTypes'], exports: ['Export_RecurringServiceTypes'] },
	],
	payroll: [
		{ value: 'activityCode', name: 'Activity Code', controllers: ['ActivityCodes'], exports: ['Export_ActivityCodes'] },
		{ value: 'grossPayItem', name: 'Gross Pay Item', controllers: ['GrossPayItems'], exports: ['Export_GrossPayItems'] },
		{ value: 'jobSplit', name: 'Job Split', controllers: ['JobSplits'], exports: ['Export_JobSplits'] },
		{ value: 'locationLaborType', name: 'Location Labor Rate', controllers: ['LocationLaborType'] },
		{ value: 'payroll', name: 'Payroll', controllers: ['Payrolls'] },
		{ value: 'payrollAdjustment', name: 'Payroll Adjustment', controllers: ['PayrollAdjustments'], exports: ['Export_PayrollAdjustments'] },
		{ value: 'payrollSetting', name: 'Payroll Setting', controllers: ['PayrollSettings'], exports: ['Export_PayrollSettings'] },
		{ value: 'timesheet', name: 'Timesheet', controllers: ['Timesheets'], exports: ['Export_Timesheets'] },
		{ value: 'timesheetCode', name: 'Timesheet Code', controllers: ['TimesheetCodes'], exports: ['Export_TimesheetCodes'] },
	],
	pricebook: [
		{ value: 'clientSpecificPricing', name: 'Client-Specific Pricing', controllers: ['ClientSpecificPricing'] },
		{ value: 'materialMarkup', name: 'Material Markup', controllers: ['MaterialsMarkup'] },
		{ value: 'pricebookBulk', name: 'Pricebook Bulk Edit', controllers: ['PricebookBulk'] },
		{ value: 'pricebookCategory', name: 'Pricebook Category', plural: 'pricebook categories', controllers: ['Categories'], exports: ['Export_Categories'] },
		{ value: 'pricebookDiscountAndFee', name: 'Pricebook Discount and Fee', plural: 'pricebook discounts and fees', controllers: ['DiscountAndFees'] },
		{ value: 'pricebookEquipment', name: 'Pricebook Equipment', controllers: ['Equipment'], exports: ['Export_Equipment'] },
		{ value: 'pricebookImage', name: 'Pricebook Image', controllers: ['Images'] },
		{ value: 'pricebookMaterial', name: 'Pricebook Material', controllers: ['Materials'], exports: ['Export_Materials'] },
		{ value: 'pricebookService', name: 'Pricebook Service', controllers: ['Services'], exports: ['Export_Services'] },
	],
	reporting: [
		{ value: 'dynamicValueSet', name: 'Dynamic Value Set', controllers: ['DynamicValueSets'] },
		{ value: 'report', name: 'Report', controllers: ['ReportCategoryReports'] },
		{ value: 'reportCategory', name: 'Report Category', plural: 'report categories', controllers: ['ReportCategories'] },
	],
	sales: [
		{
			value: 'estimate',
			name: 'Estimate',
			controllers: ['Estimates', 'EstimatesStatus'],
			exports: ['EstimatesExport_Estimates', 'EstimatesExport_EstimatesAsyncLegacy'],
		},
		{ value: 'opportunity', name: 'Opportunity', controllers: ['Opportunities'], exports: ['OpportunitiesExport_Export'] },
		{
			value: 'opportunityFollowUp',
			name: 'Opportunity Follow-Up',
			controllers: ['OpportunitiesFollowUps'],
			exports: ['OpportunitiesFollowUpsExport_Export'],
		},
	],
	schedulingPro: [
		{ value: 'schedulingProRouter', name: 'Scheduling Pro Router', controllers: ['Router'] },
		{ value: 'schedulingProScheduler', name: 'Scheduling Pro Scheduler', controllers: ['Scheduler'] },
	],
	serviceAgreements: [{ value: 'serviceAgreement', name: 'Service Agreement', controllers: ['ServiceAgreements'], exports: ['Export_ServiceAgreements'] }],
	settings: [
		{ value: 'businessUnit', name: 'Business Unit', controllers: ['BusinessUnits'], exports: ['Export_BusinessUnits'] },
		{ value: 'employee', name: 'Employee', controllers: ['Employees'], exports: ['Export_Employees'] },
		{ value: 'tagType', name: 'Tag Type', controllers: ['TagTypes'], exports: ['Export_TagTypes'] },
		{ value: 'technician', name: 'Technician', controllers: ['Technicians'], exports: ['Export_Technicians'] },
		{ value: 'userRole', name: 'User Role', controllers: ['UserRoles'] },
	],
	taskManagement: [
		{ value: 'task', name: 'Task', controllers: ['Tasks'] },
		{ value: 'taskLookupData', name: 'Task Lookup Data', controllers: ['ClientSideData'] },
	],
	telecom: [{ value: 'call', name: 'Call', controllers: ['Calls'], exports: ['Export_Calls'] }],
	// Telecom v3 lives under its own prefix, so its calls list cannot share the v2 "call" resource.
	telecomV3: [
		// The v3 calls API: a call log with agent, campaign, phone number and tag filters.
		{ value: 'callV3', name: 'Call Log Entry', plural: 'call log entries', controllers: ['Calls'] },
		{ value: 'optOut', name: 'Opt-Out', controllers: ['OptInOut'] },
	],
	timesheets: [
		{ value: 'activity', name: 'Activity', plural: 'activities', controllers: ['ActivitiesControllers'], exports: ['Export_Activities'] },
		{ value: 'activityCategory', name: 'Activity Category', plural: 'activity categories', controllers: ['ActivityCategories'], exports: ['Export_ActivityCategories'] },
		{ value: 'activityType', name: 'Activity Type', controllers: ['ActivityTypes'], exports: ['Export_ActivityTypes'] },
	],
};

export interface OperationNaming {
	value: string;
	name: string;
	/** Defaults to one derived from `name` and the resource. */
	action?: string;
}

/**
 * Operations whose operationId does not read as "Verb Object" or would collide, keyed by
 * `<module>:<operationId>` (operationIds repeat across modules, e.g. `Jobs_Get` in jpm and forms).
 */
export const OPERATION_OVERRIDES: Record<string, OperationNaming> = {
	// The newer, paged list is the Get Many; the older one returns one page per request (Get Page).
	'accounting:InventoryBills_GetListPaginated': { value: 'getManyPaginated', name: 'Get Many', action: 'Get many inventory bills' },
	'accounting:InventoryBills_GetList': { value: 'getAll', name: 'Get Page', action: 'Get one page of inventory bills' },
	'accounting:CreditMemos_GetCreditMemoItemsList': { value: 'getCreditMemoItemsList', name: 'Get Items', action: 'Get the items of a credit memo' },
	'accounting:CreditMemos_GetCreditMemosItemsList': { value: 'getCreditMemosItemsList', name: 'Get Many Items', action: 'Get many credit memo items' },
	'jpm:BudgetCodes_ListCompanySegmentItemChildren': {
		value: 'listCompanySegmentItemChildren',
		name: 'Get Many Company Segment Subitems',
		action: 'Get many company segment subitems',
	},
	'jpm:BudgetCodes_ListProjectSegmentItemChildren': {
		value: 'listProjectSegmentItemChildren',
		name: 'Get Many Project Segment Subitems',
		action: 'Get many project segment subitems',
	},
	'accounting:JournalEntries_FullUpdate': { value: 'replace', name: 'Replace', action: 'Replace a journal entry' },
	'accounting:JournalEntries_SyncUpdate': { value: 'updateSync', name: 'Update Sync', action: 'Update the sync status of a journal entry' },
	'crm:BulkTags_AddTags': { value: 'addTags', name: 'Add Tags', action: 'Add tags to customers in bulk' },
	'crm:BulkTags_RemoveTags': { value: 'removeTags', name: 'Remove Tags', action: 'Remove tags from customers in bulk' },
	'crm:ContactMethods_UpsertContactMethod': { value: 'upsert', name: 'Create or Update', action: 'Create or update a contact method' },
	'crm:Bookings_GetList2': { value: 'getManyForProvider', name: 'Get Many for Provider', action: 'Get many bookings for a booking provider' },
	'crm:Bookings_GetContactList2': { value: 'getContactsForProvider', name: 'Get Contacts for Provider', action: 'Get booking contacts for a booking provider' },
	'customerInteractions:TechnicianRatings_Update': { value: 'upsert', name: 'Create or Update', action: 'Create or update a technician rating' },
	'customerInteractions:TechnicianRating_Update': {
		value: 'upsertForJob',
		name: 'Create or Update for Job',
		action: 'Create or update a technician rating for a job',
	},
	'dispatch:AppointmentAssignments_AssignTechnicians': { value: 'assignTechnicians', name: 'Assign Technicians', action: 'Assign technicians to an appointment' },
	'dispatch:AppointmentAssignments_UnassignTechnicians': {
		value: 'unassignTechnicians',
		name: 'Unassign Technicians',
		action: 'Unassign technicians from an appointment',
	},
	'dispatch:TechnicianShifts_BulkDelete': { value: 'bulkDelete', name: 'Bulk Delete', action: 'Delete technician shifts in bulk' },
	'dispatch:TechnicianTracking_Get': { value: 'get', name: 'Get', action: 'Get technician tracking' },
	'jpm:Projects_AttachJob': { value: 'attachJob', name: 'Attach Job', action: 'Attach a job to a project' },
	'jpm:Projects_DetachJob': { value: 'detachJob', name: 'Detach Job', action: 'Detach a job from its project' },
	'payroll:JobSplits_GetListByJobs': { value: 'getByJobs', name: 'Get by Jobs', action: 'Get job splits of several jobs' },
	'pricebook:PricebookBulk_Create': { value: 'create', name: 'Create', action: 'Create pricebook items in bulk' },
	'pricebook:PricebookBulk_Update': { value: 'update', name: 'Update', action: 'Update pricebook items in bulk' },
	'sales:Estimates_PutItem': { value: 'putItem', name: 'Create or Update Item', action: 'Create or update an estimate item' },
	'sales:OpportunitiesFollowUps_GetFollowUps': { value: 'getForOpportunity', name: 'Get for Opportunity', action: 'Get the follow-ups of an opportunity' },
	'taskManagement:ClientSideData_Get': { value: 'get', name: 'Get', action: 'Get task lookup data' },
	'dispatch:ArrivalWindows_Activated': { value: 'setActive', name: 'Set Active', action: 'Activate or deactivate an arrival window' },
	'dispatch:ArrivalWindows_UpdatedConfiguration': { value: 'updateConfiguration', name: 'Update Configuration', action: 'Update the arrival window configuration' },
	'dispatch:ArrivalWindows_GetConfiguration': { value: 'getConfiguration', name: 'Get Configuration', action: 'Get the arrival window configuration' },
	'dispatch:Availability_GetList': { value: 'getAll', name: 'Get Many', action: 'Get many availability windows' },
	'dispatch:Availability_GetSlots': { value: 'getSlots', name: 'Get Slots', action: 'Get availability slots' },
	'dispatch:Capacity_GetList': { value: 'get', name: 'Get', action: 'Get capacity' },
	'equipmentSystems:InstalledEquipment_PostAttachment': { value: 'uploadAttachment', name: 'Upload Attachment', action: 'Upload an installed equipment attachment' },
	'equipmentSystems:InstalledEquipment_Get2': { value: 'downloadAttachment', name: 'Download Attachment', action: 'Download an installed equipment attachment' },
	'findings:FindingAssets_PostAttachment': { value: 'upload', name: 'Upload', action: 'Upload a finding asset' },
	'findings:FindingAssets_Get': { value: 'download', name: 'Download', action: 'Download a finding asset' },
	'forms:Jobs_CreateAttachment': { value: 'upload', name: 'Upload', action: 'Upload a job attachment' },
	'forms:Jobs_Get': { value: 'download', name: 'Download', action: 'Download a job attachment' },
	'pricebook:Images_Get': { value: 'download', name: 'Download', action: 'Download a pricebook image' },
	'pricebook:Images_Post': { value: 'upload', name: 'Upload', action: 'Upload a pricebook image' },
	'sales:EstimatesExport_EstimatesAsyncLegacy': { value: 'exportLegacy', name: 'Export From Legacy Feed', action: 'Export estimates from the legacy feed' },
	'sales:EstimatesStatus_GetEstimateStatusChanges': { value: 'getStatusChanges', name: 'Get Status Changes', action: 'Get estimate status changes' },
	'schedulingPro:Router_RouterSessions': { value: 'getSessions', name: 'Get Sessions', action: 'Get scheduling pro router sessions' },
	'schedulingPro:Router_RouterPerformance': { value: 'getPerformance', name: 'Get Performance', action: 'Get scheduling pro router performance' },
	'schedulingPro:Scheduler_SchedulerSessions': { value: 'getSessions', name: 'Get Sessions', action: 'Get scheduling pro scheduler sessions' },
	'schedulingPro:Scheduler_SchedulerPerformance': { value: 'getPerformance', name: 'Get Performance', action: 'Get scheduling pro scheduler performance' },
	'settings:Employees_AccountActions': { value: 'accountAction', name: 'Account Action', action: 'Run an account action on an employee' },
	'settings:Technicians_AccountActions': { value: 'accountAction', name: 'Account Action', action: 'Run an account action on a technician' },
	'telecomV3:OptInOut_GetOptOutList': { value: 'getByContacts', name: 'Get by Contacts', action: 'Get opt-outs for given contacts' },
};

/**
 * Whether a write may be sent again after its reply was lost (reset, timeout, 502/503/504) with
 * the same effect as sending it once. By rule: a PUT or DELETE addressed to one record
 * (`x/{id}`, `x/{id}/items/{itemId}`) replaces or removes it, so repeating it is harmless; a PUT or
 * DELETE on anything else is an action (`jobs/{id}/cancel`, `estimates/{id}/sell`,
 * `estimates/{id}/items` which adds a line item when the body has no id) and is not repeated; POST
 * and PATCH are never repeated, except report runs, which only read.
 */
export function idempotentByRule(module: ModuleKey, method: string, path: string): boolean {
	if (method === 'GET') return true;
	if (method === 'POST') return module === 'reporting' && /\/data$/.test(path);
	if (method === 'PUT' || method === 'DELETE') return /\}$/.test(path);
	return false;
}

/** Curated exceptions to idempotentByRule, keyed `module:operationId`. */
export const IDEMPOTENCY_OVERRIDES: Record<string, boolean> = {
	// These PUTs set a value on a record (not an action that happens once): repeating sets it again.
	'dispatch:ArrivalWindows_Activated': true,
	'jpm:Appointments_UpdateSpecialInstructions': true,
	'payroll:PayrollSettings_UpdateEmployeePayrollSettings': true,
	'payroll:PayrollSettings_UpdateTechnicianPayrollSettings': true,
};

/**
 * Lists whose pages are fetched one at a time even for Return All, keyed `module:operationId`. Other integrators
 * report that ServiceTitan's calls lists rate-limit and return inflated results with as few as two concurrent
 * requests ("sequential is the only reliable approach"); the documents say nothing, so the node takes the safe side.
 */
export const SEQUENTIAL_PAGES: ReadonlySet<string> = new Set(['telecom:Calls_GetCalls', 'telecomV3:Calls_Calls']);

/**
 * Export feeds whose records have no `id`: the fields that identify a record within the feed, keyed
 * `module:operationId` (read from their response schemas: Jpm.V2.ExportJobHistoryResponse, the technician-ratings
 * and payroll-settings export responses). The polling trigger tells records of these feeds apart by them.
 */
export const EXPORT_IDENTITIES: Readonly<Record<string, readonly string[]>> = {
	'jpm:Export_JobHistory': ['jobId'],
	'customerInteractions:Export_TechnicianRatings': ['technicianId', 'jobId'],
	'payroll:Export_PayrollSettings': ['employeeId'],
};
