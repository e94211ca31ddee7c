import type { FieldCuration, ResourceCuration } from '../curation';

/** Customers, locations, leads and bookings (CRM). */

const CONTACTS: FieldCuration = { shape: 'contacts', displayName: 'Contacts' };

export const CRM_CURATION: Record<string, ResourceCuration> = {
	customer: {
		simplify: ['id', 'name', 'type', 'active', 'balance', 'address', 'customFields', 'createdOn', 'modifiedOn', 'mergedToId'],
		customFieldTypesPath: 'customers/custom-fields',
		fields: {
			contacts: CONTACTS,
			locations: {
				displayName: 'Locations',
				shape: 'locations',
				description:
					'The service locations of the new customer, at least one: [{"name": "Home", "address": {"street": "1 Main St", "city": "Austin", "state": "TX", "zip": "78701", "country": "USA"}}]',
			},
			paymentTermId: { displayName: 'Payment Term Name or ID', optionsSource: 'paymentTerm' },
			noteId: { displayName: 'Note ID' },
			contactId: { displayName: 'Contact ID' },
		},
		operations: {
			getModifiedContactsList: { name: 'Get Changed Contacts', action: 'Get customer contacts changed in a period' },
		},
	},
	location: {
		simplify: ['id', 'name', 'customerId', 'active', 'address', 'taxZoneId', 'zoneId', 'customFields', 'createdOn', 'modifiedOn'],
		customFieldTypesPath: 'locations/custom-fields',
		fields: {
			contacts: CONTACTS,
			noteId: { displayName: 'Note ID' },
			contactId: { displayName: 'Contact ID' },
			preferredTechnicianId: { displayName: 'Preferred Technician', locator: 'technician' },
		},
		operations: {
			getLocationsContactsList: { name: 'Get Changed Contacts', action: 'Get location contacts changed in a period' },
			updatePreferredTechnician: { name: 'Set Preferred Technician', action: 'Set the preferred technician of a location' },
		},
	},
	lead: {
		missing: { delete: 'use Dismiss to close one without booking a job' },
		simplify: ['id', 'status', 'priority', 'summary', 'customerId', 'locationId', 'campaignId', 'jobTypeId', 'followUpDate', 'createdOn'],
		fields: {
			callReasonId: { displayName: 'Call Reason Name or ID', optionsSource: 'callReason' },
			dismissingReasonId: { displayName: 'Dismiss Reason Name or ID', optionsSource: 'callReason', description: 'The call reason recorded for dismissing the lead' },
			followUpDate: { displayName: 'Follow-Up Date' },
		},
		operations: {
			createFollowUp: { name: 'Follow Up', action: 'Schedule a follow-up for a lead' },
			submitLeadForm: { name: 'Submit Web Form', action: 'Submit a lead web form' },
		},
	},
	booking: {
		missing: { delete: 'use Dismiss to close one without booking a job' },
		simplify: ['id', 'name', 'status', 'summary', 'start', 'address', 'source', 'externalId', 'jobId', 'createdOn'],
		fields: {
			booking_provider: {
				displayName: 'Booking Provider',
				description: 'Your booking provider: one of the tenant’s booking provider tags (Settings > Integrations > Booking Provider Tags)',
			},
			contacts: CONTACTS,
			contactId: { displayName: 'Contact ID' },
			callReasonId: { displayName: 'Call Reason Name or ID', optionsSource: 'callReason' },
			customerType: { options: ['Residential', 'Commercial'] },
		},
		operations: {
			dismissBooking: { name: 'Dismiss', action: 'Dismiss a booking' },
			getContactsForProvider: { name: 'Get Contacts for Provider', action: 'Get contacts of a provider booking' },
			updateBookingContact: { name: 'Update Contact', action: 'Update a booking contact' },
		},
	},
};
