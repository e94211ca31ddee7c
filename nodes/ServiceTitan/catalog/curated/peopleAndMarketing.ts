import type { ResourceCuration } from '../curation';

/** People (employees and technicians), business units and marketing campaigns. */

const ACCOUNT_HOLDER_FIELDS: ResourceCuration['fields'] = {
	roleId: { displayName: 'Role Name or ID', optionsSource: 'userRole' },
	positions: { description: 'Comma-separated positions, e.g. Technician, Installer' },
};

export const PEOPLE_AND_MARKETING_CURATION: Record<string, ResourceCuration> = {
	employee: {
		missing: { delete: 'use Account Action > Deactivate instead' },
		simplify: ['id', 'name', 'email', 'phoneNumber', 'role', 'businessUnitId', 'active', 'userId', 'loginName', 'modifiedOn'],
		fields: ACCOUNT_HOLDER_FIELDS,
		operations: { accountAction: { name: 'Account Action', action: 'Activate, deactivate or invite an employee' } },
	},
	technician: {
		missing: { delete: 'use Account Action > Deactivate instead' },
		simplify: ['id', 'name', 'email', 'phoneNumber', 'businessUnitId', 'team', 'status', 'licenseType', 'active', 'modifiedOn'],
		fields: { ...ACCOUNT_HOLDER_FIELDS, home: { displayName: 'Home Address', shape: 'address' } },
		operations: { accountAction: { name: 'Account Action', action: 'Activate, deactivate or invite a technician' } },
	},
	businessUnit: {
		missing: { delete: 'business units are created and deactivated in ServiceTitan settings; the API reads them and updates external data' },
		simplify: ['id', 'name', 'officialName', 'active', 'email', 'phoneNumber', 'address', 'trade', 'division', 'modifiedOn'],
	},
	campaign: {
		simplify: ['id', 'name', 'active', 'category', 'source', 'medium', 'businessUnit', 'campaignPhoneNumbers', 'isDefaultCampaign', 'modifiedOn'],
		fields: {
			categoryId: { displayName: 'Category Name or ID', optionsSource: 'campaignCategory' },
			dnis: { displayName: 'Tracking Phone Number (DNIS)' },
		},
		operations: { getCosts: { name: 'Get Costs', action: 'Get the costs of a campaign' } },
	},
};
