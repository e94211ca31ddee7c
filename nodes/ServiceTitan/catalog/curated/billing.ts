import type { LineItemField, ResourceCuration } from '../curation';

/** Estimates, invoices, payments, bills, tax zones and memberships: the money side. */

const SKU_ID: LineItemField = { name: 'skuId', type: 'number', label: 'SKU ID', description: 'Pricebook service, material or equipment ID' };

const INVOICE_ITEM_FIELDS: LineItemField[] = [
	SKU_ID,
	{ name: 'description', type: 'string', required: true },
	{ name: 'quantity', type: 'number', required: true },
	{ name: 'unitPrice', type: 'number', description: '0 uses the pricebook price' },
	{ name: 'cost', type: 'number' },
	{ name: 'technicianId', type: 'number', label: 'Technician ID' },
	{ name: 'isAddOn', type: 'boolean', label: 'Add-On' },
	{ name: 'id', type: 'number', label: 'Existing Item ID', description: 'Set to change an existing item instead of adding one' },
];

const ESTIMATE_ITEM_FIELDS: LineItemField[] = [
	SKU_ID,
	{ name: 'description', type: 'string' },
	{ name: 'quantity', type: 'number', required: true },
	{ name: 'unitPrice', type: 'number', description: '0 uses the pricebook price' },
	{ name: 'unitCost', type: 'number' },
	{ name: 'isAddOn', type: 'boolean', label: 'Add-On' },
	{ name: 'itemGroupName', type: 'string' },
];

export const BILLING_CURATION: Record<string, ResourceCuration> = {
	estimate: {
		notice: 'ServiceTitan has no Delete for estimates: use Dismiss instead (Unsell reverts a sale).',
		noticeOperations: ['dismiss', 'unsell'],
		simplify: ['id', 'name', 'jobNumber', 'status', 'jobId', 'customerId', 'subtotal', 'tax', 'soldOn', 'soldBy'],
		fields: {
			items: { displayName: 'Items', shape: 'lineItems', lineItemFields: ESTIMATE_ITEM_FIELDS },
			soldBy: { displayName: 'Sold By Name or ID', optionsSource: 'technician' },
			itemId: { displayName: 'Item ID' },
		},
		operations: {
			putItem: { name: 'Add or Update Item', action: 'Add or update an estimate item' },
			deleteItem: { name: 'Remove Item', action: 'Remove an item from an estimate' },
			exportLegacy: { name: 'Export From Legacy Feed', action: 'Export estimates from the legacy feed', description: 'The same feed as Export at an older URL; prefer Export' },
		},
	},
	invoice: {
		notice: 'ServiceTitan has no Delete for invoices: correct one with Create (an adjustment invoice) or Remove Item.',
		noticeOperations: ['update', 'deleteInvoiceItem'],
		simplify: ['id', 'referenceNumber', 'invoiceDate', 'dueDate', 'total', 'balance', 'customer', 'job', 'businessUnit', 'reviewStatus'],
		fields: {
			items: { displayName: 'Items', shape: 'lineItems', lineItemFields: INVOICE_ITEM_FIELDS },
			adjustmentToId: { displayName: 'Adjusted Invoice ID', description: 'The invoice this adjustment invoice corrects' },
			invoiceId: { displayName: 'Invoice ID' },
			itemId: { displayName: 'Item ID' },
			assignedToId: { displayName: 'Assigned To Name or ID', optionsSource: 'employee' },
		},
		operations: {
			create: { name: 'Create Adjustment', action: 'Create an adjustment invoice' },
			updateInvoiceItems: { name: 'Add or Update Item', action: 'Add or update an invoice item' },
			deleteInvoiceItem: { name: 'Remove Item', action: 'Remove an item from an invoice' },
			createInvoiceTask: { name: 'Add Task', action: 'Add a task to an invoice' },
			getInvoiceTasks: { name: 'Get Tasks', action: 'Get tasks of an invoice' },
			updateInvoiceTask: { name: 'Update Task', action: 'Update an invoice task' },
		},
	},
	payment: {
		notice: 'ServiceTitan has no Delete for payments: use Update with Active set to false, or Update Payment Status.',
		noticeOperations: ['update', 'updateStatus'],
		simplify: ['id', 'referenceNumber', 'date', 'total', 'type', 'customer', 'appliedTo', 'unappliedAmount', 'memo', 'active'],
		fields: {
			typeId: { displayName: 'Payment Type Name or ID', optionsSource: 'paymentType' },
			splits: {
				displayName: 'Applied to Invoices',
				shape: 'lineItems',
				lineItemFields: [
					{ name: 'invoiceId', type: 'number', label: 'Invoice ID', required: true },
					{ name: 'amount', type: 'number', required: true },
				],
			},
			paymentIds: { displayName: 'Payment IDs' },
		},
		operations: {
			updateStatus: { name: 'Update Payment Status', action: 'Update the status of payments' },
		},
	},
	inventoryBill: {
		notice: 'Inventory bills are read-only in the API apart from custom fields and Mark as Exported.',
		noticeOperations: ['markAsExported', 'updateCustomFields'],
		simplify: ['id', 'referenceNumber', 'vendor', 'billDate', 'dueDate', 'billAmount', 'purchaseOrderId', 'jobNumber', 'syncStatus', 'businessUnit'],
		simplifyOperations: ['getAll', 'getManyPaginated', 'export'],
		fields: { inventoryBillIds: { displayName: 'Inventory Bill IDs' } },
	},
	apBill: {
		notice: 'AP bills are read-only in the API apart from custom fields and Mark as Exported.',
		noticeOperations: ['markAsExported', 'updateCustomFields'],
		simplify: ['id', 'referenceNumber', 'vendor', 'status', 'billDate', 'dueDate', 'billAmount', 'purchaseOrderId', 'jobNumber', 'syncStatus'],
		fields: { billId: { displayName: 'AP Bill ID' }, billIds: { displayName: 'AP Bill IDs' } },
	},
	taxZone: {
		notice: 'Tax zones are read-only in the API: manage them in ServiceTitan accounting settings.',
		noticeOperations: ['getAll'],
	},
	membership: {
		notice: 'ServiceTitan has no Delete for memberships: use Update with Status set to Canceled.',
		noticeOperations: ['update'],
		simplify: ['id', 'status', 'customerId', 'locationId', 'membershipTypeId', 'businessUnitId', 'from', 'to', 'billingFrequency', 'nextScheduledBillDate'],
		fields: {
			paymentTypeId: { displayName: 'Payment Type Name or ID', optionsSource: 'paymentType' },
			soldById: { displayName: 'Sold By Name or ID', optionsSource: 'technician' },
			saleTaskId: { displayName: 'Sale Task ID', description: 'The pricebook service that sells the membership type' },
			durationBillingId: { displayName: 'Duration Billing ID', description: 'The duration and billing option of the membership type' },
		},
		operations: {
			create: { name: 'Sell', action: 'Sell a membership' },
			getCustomFields: { name: 'Get Custom Field Types', action: 'Get membership custom field types' },
		},
	},
};
