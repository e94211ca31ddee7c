/**
 * Hand-written subset of the catalog covering the core resources, in the catalog's own types.
 * The simulator falls back to it until `catalog/generated` exists, and the simulator's tests use it
 * so they do not depend on the generator's output. Paths, placeholders and required body fields
 * follow the official OpenAPI documents.
 */
import type { BodySpec, FieldSpec, HttpMethod, OperationSpec, ResourceSpec } from '../../nodes/ServiceTitan/catalog/types';
import type { ModuleKey } from '../../nodes/ServiceTitan/api';

const idParam = (name = 'id'): FieldSpec => ({ name, type: 'number', required: true, integer: true });
const stringParam = (name: string): FieldSpec => ({ name, type: 'string', required: true });
const field = (name: string, type: FieldSpec['type'] = 'string', required = false): FieldSpec => ({ name, type, required });
const required = (...names: string[]): FieldSpec[] => names.map((name) => field(name, 'string', true));
const objectBody = (requiredNames: string[], optional: string[] = []): BodySpec => ({
	kind: 'object',
	fields: [...required(...requiredNames), ...optional.map((name) => field(name))],
});

const LIST_QUERY: FieldSpec[] = [
	field('ids', 'idList'),
	field('active', 'options'),
	field('name'),
	field('createdBefore', 'dateTime'),
	field('createdOnOrAfter', 'dateTime'),
	field('modifiedBefore', 'dateTime'),
	field('modifiedOnOrAfter', 'dateTime'),
	field('sort'),
];

const VALUES: Record<string, [string, string]> = {
	GetList: ['getAll', 'Get Many'],
	Get: ['get', 'Get'],
	Create: ['create', 'Create'],
	Update: ['update', 'Update'],
	Delete: ['delete', 'Delete'],
};

function op(
	operationId: string,
	method: HttpMethod,
	path: string,
	extra: Partial<OperationSpec> = {},
): OperationSpec {
	const suffix = operationId.slice(operationId.indexOf('_') + 1);
	const [value, name] = VALUES[suffix] ?? [suffix.charAt(0).toLowerCase() + suffix.slice(1), suffix.replace(/([a-z])([A-Z])/g, '$1 $2')];
	const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((m) => (m[1] === 'id' || /Id$|^job$/.test(m[1]) ? idParam(m[1]) : stringParam(m[1])));
	return { operationId, value, name, action: `${name.toLowerCase()} ${path.split('/')[0]}`, method, path, pathParams, query: [], ...extra };
}

const list = (operationId: string, path: string, query: FieldSpec[] = []): OperationSpec =>
	op(operationId, 'GET', path, { paged: true, query: [...LIST_QUERY, ...query] });
const exportFeed = (operationId: string, path: string): OperationSpec => op(operationId, 'GET', path, { export: true });

function resource(value: string, name: string, module: ModuleKey, operations: OperationSpec[]): ResourceSpec {
	return { value, name, module, operations };
}

export const FIXTURE_RESOURCES: ResourceSpec[] = [
	resource('customer', 'Customer', 'crm', [
		list('Customers_GetList', 'customers'),
		op('Customers_Get', 'GET', 'customers/{id}'),
		op('Customers_Create', 'POST', 'customers', { body: objectBody(['name', 'locations', 'address'], ['type']) }),
		op('Customers_Update', 'PATCH', 'customers/{id}', { body: objectBody([], ['name', 'active', 'address']) }),
		list('Customers_GetNotes', 'customers/{id}/notes'),
		op('Customers_CreateNote', 'POST', 'customers/{id}/notes', { body: objectBody(['text'], ['pinToTop']) }),
		op('Customers_DeleteNote', 'DELETE', 'customers/{id}/notes/{noteId}'),
		list('Customers_GetContactList', 'customers/{id}/contacts'),
		op('Customers_CreateContact', 'POST', 'customers/{id}/contacts', { body: objectBody(['type', 'value'], ['memo']) }),
		op('Customers_UpdateContact', 'PATCH', 'customers/{id}/contacts/{contactId}', { body: objectBody([], ['type', 'value', 'memo']) }),
		op('Customers_DeleteContact', 'DELETE', 'customers/{id}/contacts/{contactId}'),
		list('Customers_GetModifiedContactsList', 'customers/contacts'),
		op('Customers_CreateTag', 'POST', 'customers/{id}/tags/{tagTypeId}'),
		op('Customers_DeleteTag', 'DELETE', 'customers/{id}/tags/{tagTypeId}'),
		exportFeed('ExportCustomers_GetCustomers', 'export/customers'),
		exportFeed('ExportContacts_CustomersContacts', 'export/customers/contacts'),
	]),
	resource('location', 'Location', 'crm', [
		list('Locations_GetList', 'locations', [field('customerId', 'number')]),
		op('Locations_Get', 'GET', 'locations/{id}'),
		op('Locations_Create', 'POST', 'locations', { body: objectBody(['name', 'address', 'customerId']) }),
		op('Locations_Update', 'PATCH', 'locations/{id}', { body: objectBody([], ['name', 'active']) }),
		op('Locations_CreateTag', 'POST', 'locations/{id}/tags/{tagTypeId}'),
		exportFeed('ExportLocations_Locations', 'export/locations'),
	]),
	resource('contact', 'Contact', 'crm', [
		list('Contacts_GetList', 'contacts'),
		op('Contacts_Get', 'GET', 'contacts/{id}'),
		op('Contacts_Create', 'POST', 'contacts', { body: objectBody([], ['name', 'title']) }),
		op('Contacts_Delete', 'DELETE', 'contacts/{id}'),
	]),
	resource('lead', 'Lead', 'crm', [
		list('Leads_GetList', 'leads', [field('status'), field('customerId', 'number')]),
		op('Leads_Get', 'GET', 'leads/{id}'),
		op('Leads_Create', 'POST', 'leads', { body: objectBody(['campaignId', 'summary'], ['customerId', 'locationId']) }),
		op('Leads_Dismiss', 'POST', 'leads/{id}/dismiss', { body: objectBody(['dismissingReasonId']) }),
		op('Leads_SubmitLeadForm', 'POST', 'leads/form', { body: objectBody([], ['name', 'phone']) }),
		exportFeed('ExportLeads_Leads', 'export/leads'),
	]),
	resource('booking', 'Booking', 'crm', [
		list('Bookings_GetList', 'bookings'),
		op('Bookings_Get', 'GET', 'bookings/{id}'),
		op('BookingProviderBookings_GetList', 'GET', 'booking-provider/{booking_provider}/bookings', { paged: true }),
		op('BookingProviderBookings_Create', 'POST', 'booking-provider/{booking_provider}/bookings', {
			body: objectBody(['source', 'name', 'summary', 'isFirstTimeClient', 'externalId']),
		}),
		exportFeed('ExportBookings_Get', 'export/bookings'),
	]),
	resource('job', 'Job', 'jpm', [
		list('Jobs_GetList', 'jobs', [field('jobStatus'), field('customerId', 'number'), field('businessUnitId', 'number')]),
		op('Jobs_Get', 'GET', 'jobs/{id}'),
		op('Jobs_Create', 'POST', 'jobs', {
			body: objectBody(['customerId', 'locationId', 'businessUnitId', 'jobTypeId', 'priority', 'campaignId', 'appointments'], ['summary']),
		}),
		op('Jobs_Update', 'PATCH', 'jobs/{id}', { body: objectBody([], ['summary', 'priority']) }),
		op('Jobs_Cancel', 'PUT', 'jobs/{id}/cancel', { body: objectBody(['reasonId', 'memo']) }),
		op('Jobs_RemoveCancellation', 'PUT', 'jobs/{id}/remove-cancellation'),
		op('Jobs_Hold', 'PUT', 'jobs/{id}/hold', { body: objectBody(['reasonId', 'memo']) }),
		op('Jobs_Complete', 'PUT', 'jobs/{id}/complete', { body: objectBody(['completedOn']) }),
		list('Jobs_GetNotes', 'jobs/{id}/notes'),
		op('Jobs_CreateNote', 'POST', 'jobs/{id}/notes', { body: objectBody(['text'], ['pinToTop']) }),
		op('Jobs_GetHistory', 'GET', 'jobs/{id}/history'),
		exportFeed('Export_Jobs', 'export/jobs'),
	]),
	resource('appointment', 'Appointment', 'jpm', [
		list('Appointments_GetList', 'appointments', [field('jobId', 'number'), field('status')]),
		op('Appointments_Get', 'GET', 'appointments/{id}'),
		op('Appointments_Add', 'POST', 'appointments', { body: objectBody(['jobId', 'start', 'end'], ['technicianIds']) }),
		op('Appointments_Delete', 'DELETE', 'appointments/{id}'),
		op('Appointments_Reschedule', 'PATCH', 'appointments/{id}/reschedule', { body: objectBody([], ['start', 'end']) }),
		op('Appointments_Hold', 'PUT', 'appointments/{id}/hold', { body: objectBody(['reasonId', 'memo']) }),
		op('Appointments_RemoveHold', 'DELETE', 'appointments/{id}/hold'),
		op('Appointments_Confirm', 'PUT', 'appointments/{id}/confirmation'),
		op('Appointments_RemoveConfirmation', 'DELETE', 'appointments/{id}/confirmation'),
		exportFeed('Export_Appointments', 'export/appointments'),
	]),
	resource('jobType', 'Job Type', 'jpm', [
		list('JobTypes_GetList', 'job-types'),
		op('JobTypes_Get', 'GET', 'job-types/{id}'),
		op('JobTypes_Create', 'POST', 'job-types', { body: objectBody(['name']) }),
		list('JobCancelReasons_GetList', 'job-cancel-reasons'),
		list('JobHoldReasons_GetList', 'job-hold-reasons'),
	]),
	resource('project', 'Project', 'jpm', [
		list('Projects_GetList', 'projects'),
		op('Projects_Get', 'GET', 'projects/{id}'),
		op('Projects_Create', 'POST', 'projects', { body: objectBody(['locationId'], ['name']) }),
		op('Projects_AttachJob', 'POST', 'projects/{id}/attach-job/{jobId}'),
		op('Projects_DetachJob', 'POST', 'projects/detach-job/{jobId}'),
		exportFeed('Export_Projects', 'export/projects'),
	]),
	resource('appointmentAssignment', 'Appointment Assignment', 'dispatch', [
		list('AppointmentAssignments_GetList', 'appointment-assignments', [field('appointmentIds', 'idList')]),
		op('AppointmentAssignments_AssignTechnicians', 'POST', 'appointment-assignments/assign-technicians', {
			body: objectBody(['jobAppointmentId', 'technicianIds']),
		}),
		op('AppointmentAssignments_UnassignTechnicians', 'POST', 'appointment-assignments/unassign-technicians', {
			body: objectBody(['jobAppointmentId', 'technicianIds']),
		}),
		exportFeed('Export_AppointmentAssignments', 'export/appointment-assignments'),
	]),
	resource('technician', 'Technician', 'settings', [
		list('Technicians_GetList', 'technicians'),
		op('Technicians_Get', 'GET', 'technicians/{id}'),
		op('Technicians_Create', 'POST', 'technicians', {
			body: objectBody(['name', 'accountCreationMethod', 'roleId', 'positions', 'licenseType']),
		}),
		exportFeed('Export_Technicians', 'export/technicians'),
	]),
	resource('employee', 'Employee', 'settings', [list('Employees_GetList', 'employees'), op('Employees_Get', 'GET', 'employees/{id}')]),
	resource('businessUnit', 'Business Unit', 'settings', [
		list('BusinessUnits_GetList', 'business-units'),
		op('BusinessUnits_Get', 'GET', 'business-units/{id}'),
		op('BusinessUnits_Update', 'PATCH', 'business-units/{id}', { body: objectBody([], ['name']) }),
		exportFeed('Export_BusinessUnits', 'export/business-units'),
	]),
	resource('tagType', 'Tag Type', 'settings', [list('TagTypes_GetList', 'tag-types')]),
	resource('campaign', 'Campaign', 'marketing', [
		list('Campaigns_GetList', 'campaigns'),
		op('Campaigns_Get', 'GET', 'campaigns/{id}'),
		op('Campaigns_Create', 'POST', 'campaigns', { body: objectBody(['name', 'businessUnitId', 'categoryId', 'active']) }),
		list('CampaignCategories_GetList', 'categories'),
	]),
	resource('pricebookService', 'Pricebook Service', 'pricebook', [
		list('Services_GetList', 'services'),
		op('Services_Get', 'GET', 'services/{id}'),
		op('Services_Create', 'POST', 'services', { body: objectBody(['code', 'description'], ['price']) }),
		op('Services_Update', 'PATCH', 'services/{id}', { body: objectBody([], ['price']) }),
		op('Services_Delete', 'DELETE', 'services/{id}'),
		exportFeed('Export_Services', 'export/services'),
	]),
	resource('pricebookMaterial', 'Pricebook Material', 'pricebook', [
		list('Materials_GetList', 'materials'),
		op('Materials_Create', 'POST', 'materials', { body: objectBody(['code', 'description']) }),
	]),
	resource('pricebookEquipment', 'Pricebook Equipment', 'pricebook', [list('Equipment_GetList', 'equipment')]),
	resource('pricebookCategory', 'Pricebook Category', 'pricebook', [list('Categories_GetList', 'categories')]),
	resource('estimate', 'Estimate', 'sales', [
		list('Estimates_GetList', 'estimates', [field('jobId', 'number'), field('status')]),
		op('Estimates_Get', 'GET', 'estimates/{id}'),
		op('Estimates_Create', 'POST', 'estimates', { body: objectBody([], ['jobId', 'name', 'summary']) }),
		op('Estimates_Update', 'PUT', 'estimates/{id}', { body: objectBody([], ['name', 'summary']) }),
		op('Estimates_Sell', 'PUT', 'estimates/{id}/sell', { body: objectBody(['soldBy']) }),
		op('Estimates_Unsell', 'PUT', 'estimates/{id}/unsell'),
		op('Estimates_Dismiss', 'PUT', 'estimates/{id}/dismiss'),
		exportFeed('EstimatesExport_Estimates', 'export/estimates'),
	]),
	resource('invoice', 'Invoice', 'accounting', [
		list('Invoices_GetList', 'invoices', [field('customerId', 'number'), field('jobId', 'number')]),
		op('Invoices_CreateAdjustmentInvoice', 'POST', 'invoices', { body: objectBody([], ['adjustmentToId', 'summary']) }),
		op('Invoices_UpdateInvoice', 'PATCH', 'invoices/{id}', { body: objectBody([], ['summary']) }),
		op('Invoices_MarkAsExported', 'POST', 'invoices/markasexported', { body: { kind: 'array', fields: [] } }),
		exportFeed('Export_Invoices', 'export/invoices'),
	]),
	resource('payment', 'Payment', 'accounting', [
		list('Payments_GetList', 'payments'),
		op('Payments_Create', 'POST', 'payments', { body: objectBody(['typeId'], ['memo', 'splits']) }),
		exportFeed('Export_Payments', 'export/payments'),
	]),
	resource('paymentType', 'Payment Type', 'accounting', [list('PaymentTypes_GetList', 'payment-types')]),
	resource('taxZone', 'Tax Zone', 'accounting', [list('TaxZones_GetList', 'tax-zones')]),
	resource('inventoryBill', 'Inventory Bill', 'accounting', [
		list('InventoryBills_GetList', 'inventory-bills'),
		exportFeed('Export_InventoryBills', 'export/inventory-bills'),
	]),
	resource('apBill', 'AP Bill', 'accounting', [list('ApBills_GetList', 'ap-bills'), op('ApBills_Get', 'GET', 'ap-bills/{billId}')]),
	resource('purchaseOrder', 'Purchase Order', 'inventory', [
		list('PurchaseOrders_GetList', 'purchase-orders', [field('status')]),
		op('PurchaseOrders_GetById', 'GET', 'purchase-orders/{id}'),
		op('PurchaseOrders_Create', 'POST', 'purchase-orders', {
			body: objectBody([
				'vendorId', 'typeId', 'businessUnitId', 'inventoryLocationId', 'shipTo', 'impactsTechnicianPayroll',
				'date', 'requiredOn', 'tax', 'shipping', 'items',
			]),
		}),
		op('PurchaseOrders_Cancel', 'PATCH', 'purchase-orders/{id}/cancellation'),
		exportFeed('Export_PurchaseOrders', 'export/purchase-orders'),
	]),
	resource('receipt', 'Receipt', 'inventory', [
		list('Receipts_GetList', 'receipts'),
		op('Receipts_CancelReceipts', 'PATCH', 'receipts/{id}/cancellation'),
	]),
	resource('vendor', 'Vendor', 'inventory', [
		list('Vendors_GetList', 'vendors'),
		op('Vendors_GetById', 'GET', 'vendors/{id}'),
		op('Vendors_Create', 'POST', 'vendors', {
			body: objectBody(['name', 'active', 'isTruckReplenishment', 'taxRate', 'restrictedMobileCreation', 'address']),
		}),
	]),
	resource('installedEquipment', 'Installed Equipment', 'equipmentSystems', [
		list('InstalledEquipment_GetList', 'installed-equipment', [field('locationIds', 'idList')]),
		op('InstalledEquipment_Get', 'GET', 'installed-equipment/{id}'),
		op('InstalledEquipment_Create', 'POST', 'installed-equipment', { body: objectBody(['locationId'], ['name']) }),
		exportFeed('Export_ExportInstalledEquipment', 'export/installed-equipment'),
	]),
	resource('membership', 'Membership', 'memberships', [
		list('CustomerMemberships_GetList', 'memberships', [field('customerIds', 'idList'), field('status')]),
		op('CustomerMemberships_Get', 'GET', 'memberships/{id}'),
		op('CustomerMemberships_Update', 'PATCH', 'memberships/{id}', { body: objectBody([], ['memo']) }),
		op('CustomerMemberships_Create', 'POST', 'memberships/sale', {
			body: objectBody(['customerId', 'businessUnitId', 'saleTaskId', 'durationBillingId', 'recurringServiceAction']),
		}),
		list('MembershipTypes_GetList', 'membership-types'),
		exportFeed('Export_Memberships', 'export/memberships'),
	]),
	resource('timesheet', 'Timesheet', 'payroll', [
		op('Timesheets_GetJobTimesheets', 'GET', 'jobs/{job}/timesheets', { paged: true }),
		op('Timesheets_CreateJobTimesheet', 'POST', 'jobs/{job}/timesheets', { body: objectBody(['technicianId']) }),
		list('Timesheets_GetJobTimesheetsByJobs', 'jobs/timesheets', [field('jobIds', 'idList')]),
		exportFeed('Export_Timesheets', 'export/jobs/timesheets'),
	]),
	resource('task', 'Task', 'taskManagement', [
		list('Tasks_GetTasks', 'tasks'),
		op('Tasks_GetTask', 'GET', 'tasks/{id}'),
		op('Tasks_Create', 'POST', 'tasks', {
			body: objectBody([
				'reportedById', 'assignedToId', 'isClosed', 'name', 'businessUnitId', 'employeeTaskTypeId',
				'employeeTaskSourceId', 'reportedDate', 'priority',
			]),
		}),
	]),
	resource('report', 'Report', 'reporting', [
		op('ReportCategories_GetCategories', 'GET', 'report-categories', { paged: true }),
		op('ReportCategoryReports_GetReports', 'GET', 'report-category/{report_category}/reports', { paged: true }),
		op('ReportCategoryReports_Get', 'GET', 'report-category/{report_category}/reports/{reportId}'),
		op('ReportCategoryReports_GetData', 'POST', 'report-category/{report_category}/reports/{reportId}/data', {
			paged: true,
			body: { kind: 'object', fields: [field('parameters', 'json')] },
		}),
		op('DynamicValueSets_GetDynamicSet', 'GET', 'dynamic-value-sets/{dynamicSetId}', { paged: true }),
	]),
	resource('call', 'Call', 'telecom', [
		op('Calls_GetCalls', 'GET', 'calls', { paged: true }),
		op('Calls_GetDetails', 'GET', 'calls/{id}'),
		op('Calls_GetRecording', 'GET', 'calls/{id}/recording', { responseType: 'binary' }),
	]),
	resource('callV3', 'Call (V3)', 'telecomV3', [op('Calls_Calls', 'GET', 'calls', { paged: true })]),
];
