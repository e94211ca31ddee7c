import type { ResourceCuration } from '../curation';

/** Purchasing, vendors, the pricebook and installed equipment. */

const PRICEBOOK_FIELDS: ResourceCuration['fields'] = {
	code: { description: 'The SKU code, unique in the pricebook' },
	categories: { displayName: 'Category IDs' },
};

export const PRICEBOOK_AND_PURCHASING_CURATION: Record<string, ResourceCuration> = {
	purchaseOrder: {
		missing: { delete: 'use Cancel instead' },
		simplify: ['id', 'number', 'status', 'vendorId', 'typeId', 'jobId', 'date', 'requiredOn', 'total', 'summary'],
		fields: {
			vendorId: { displayName: 'Vendor Name or ID', optionsSource: 'vendor' },
			typeId: { displayName: 'Purchase Order Type Name or ID', optionsSource: 'purchaseOrderType' },
			inventoryLocationId: { displayName: 'Inventory Location ID', description: 'The warehouse or truck receiving the goods' },
			shipTo: {
				displayName: 'Ship To',
				description:
					'Where the vendor ships: {"description": "Main warehouse", "address": {"street": "1 Main St", "city": "Austin", "state": "TX", "zip": "78701", "country": "USA"}}',
			},
			items: {
				displayName: 'Items',
				shape: 'lineItems',
				lineItemFields: [
					{ name: 'skuId', type: 'number', label: 'SKU ID', required: true },
					{ name: 'description', type: 'string', required: true },
					{ name: 'vendorPartNumber', type: 'string', required: true },
					{ name: 'quantity', type: 'number', required: true },
					{ name: 'cost', type: 'number', required: true, description: 'Unit cost' },
				],
			},
		},
		operations: {
			cancel: { fields: { canceledReason: { displayName: 'Cancel Reason' } } },
			getRequests: { name: 'Get Requests', action: 'Get purchase order requests' },
			// An update names each line it changes (UpdatePurchaseOrderItemRequest requires its id).
			update: {
				fields: {
					items: {
						displayName: 'Items',
						shape: 'lineItems',
						lineItemFields: [
							{ name: 'id', type: 'number', label: 'Item ID', required: true, description: 'The purchase order line to change' },
							{ name: 'skuId', type: 'number', label: 'SKU ID', required: true },
							{ name: 'description', type: 'string', required: true },
							{ name: 'vendorPartNumber', type: 'string', required: true },
							{ name: 'quantity', type: 'number', required: true },
							{ name: 'cost', type: 'number', required: true, description: 'Unit cost' },
						],
					},
				},
			},
		},
	},
	receipt: {
		missing: { update: 'only Update Custom Fields and Cancel change one', delete: 'use Cancel instead' },
		simplify: ['id', 'number', 'purchaseOrderId', 'vendorId', 'vendorInvoiceNumber', 'receivedOn', 'receiptAmount', 'taxAmount', 'syncStatus', 'active'],
		fields: {
			purchaseOrderId: { displayName: 'Purchase Order ID' },
			items: {
				displayName: 'Items',
				shape: 'lineItems',
				lineItemFields: [
					{ name: 'skuId', type: 'number', label: 'SKU ID', required: true },
					{ name: 'quantity', type: 'number', required: true },
					{ name: 'cost', type: 'number', required: true, description: 'Unit cost' },
					{ name: 'purchaseOrderItemId', type: 'number', label: 'Purchase Order Item ID' },
					{ name: 'description', type: 'string' },
					{ name: 'vendorPartNumber', type: 'string' },
				],
			},
		},
		operations: {
			cancelReceipts: { name: 'Cancel', action: 'Cancel a receipt', fields: { canceledReason: { displayName: 'Cancel Reason' } } },
			create: { name: 'Create', action: 'Receive items of a purchase order' },
		},
	},
	vendor: {
		simplify: ['id', 'name', 'active', 'contactInfo', 'address', 'memo', 'deliveryOption', 'defaultTaxRate', 'isTruckReplenishment', 'modifiedOn'],
		fields: {
			paymentTermId: { displayName: 'Payment Term Name or ID', optionsSource: 'paymentTerm' },
			restrictedMobileCreation: { displayName: 'Restrict Mobile Creation' },
		},
	},
	pricebookService: {
		simplify: ['id', 'code', 'displayName', 'description', 'price', 'memberPrice', 'hours', 'active', 'categories', 'modifiedOn'],
		fields: PRICEBOOK_FIELDS,
	},
	pricebookMaterial: {
		simplify: ['id', 'code', 'displayName', 'description', 'cost', 'price', 'memberPrice', 'unitOfMeasure', 'active', 'modifiedOn'],
		fields: PRICEBOOK_FIELDS,
	},
	pricebookEquipment: {
		simplify: ['id', 'code', 'displayName', 'description', 'manufacturer', 'model', 'cost', 'price', 'active', 'modifiedOn'],
		fields: PRICEBOOK_FIELDS,
	},
	installedEquipment: {
		missing: { delete: 'use Update with Status set to Replaced' },
		simplify: ['id', 'name', 'type', 'status', 'locationId', 'customerId', 'manufacturer', 'model', 'serialNumber', 'installedOn'],
		customFieldTypesPath: 'installed-equipment/custom-field-types',
		customFieldTypesQuery: { descending: false },
		fields: {
			equipmentTypeId: { displayName: 'Equipment Type Name or ID', optionsSource: 'equipmentType' },
		},
	},
};
