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
		missing: { delete: 'use Dismiss instead (Unsell reverts a sale)' },
		simplify: ['id', 'name', 'jobNumber', 'status', 'jobId', 'customerId', 'subtotal', 'tax', 'soldOn', 'soldBy'],
		fields: {
			items: { displayName: 'Items', shape: 'lineItems', lineItemFields: ESTIMATE_ITEM_FIELDS },
			soldBy: { displayName: 'Sold By Name or ID', optionsSource: 'technician' },
			itemId: { displayName: 'Item ID' },
		},
		operations: {
			putItem: { name: 'Add or Update Item', action: 'Add or update an estimate item' },
			deleteItem: { name: 'Remove Item', action: 'Remove an item from an estimate' },
			exportLegacy: {
				name: 'Export From Legacy Feed',
				action: 'Export estimates from the legacy feed',
				description: 'The same feed as Export at an older URL; prefer Export',
			},
		},
	},
	invoice: {
		missing: { delete: 'correct one with Create Adjustment or Remove Item' },
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
		missing: { delete: 'use Update with Active set to false, or Update Payment Status' },
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
		missing: { update: 'only Update Custom Fields and Mark as Exported change one', delete: 'manage them in ServiceTitan itself' },
		simplify: ['id', 'referenceNumber', 'vendor', 'billDate', 'dueDate', 'billAmount', 'purchaseOrderId', 'jobNumber', 'syncStatus', 'businessUnit'],
		simplifyOperations: ['getAll', 'getManyPaginated', 'export'],
		fields: { inventoryBillIds: { displayName: 'Inventory Bill IDs' } },
	},
	apBill: {
		missing: { update: 'only Update Custom Fields and Mark as Exported change one', delete: 'manage them in ServiceTitan itself' },
		simplify: ['id', 'referenceNumber', 'vendor', 'status', 'billDate', 'dueDate', 'billAmount', 'purchaseOrderId', 'jobNumber', 'syncStatus'],
		fields: { billId: { displayName: 'AP Bill ID' }, billIds: { displayName: 'AP Bill IDs' } },
	},
	taxZone: {
		missing: { update: 'manage them in ServiceTitan accounting settings', delete: 'manage them in ServiceTitan accounting settings' },
	},
	membership: {
		missing: { delete: 'use Update with Status set to Canceled' },
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
