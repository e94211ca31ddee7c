import type { ResourceCuration } from '../curation';

/**
 * Reports: the category and the report are picked from the tenant, and a run's parameters are entered in a form
 * built from the report's own description. Node version 3 brings these; versions 1 and 2 keep the plain IDs and the
 * JSON parameter list their saved workflows hold.
 */
export const REPORTS_SINCE_VERSION = 3;

/** The path parameters that name a report (`report-category/{report_category}/reports/{reportId}`). */
export const REPORT_PATH_PARAMETERS = { category: 'report_category', reportId: 'reportId' } as const;

const CATEGORY = { displayName: 'Category', locator: 'reportCategory', since: REPORTS_SINCE_VERSION } as const;
const REPORT = { displayName: 'Report', locator: 'report', since: REPORTS_SINCE_VERSION } as const;

export const REPORT_CURATION: Record<string, ResourceCuration> = {
	report: {
		notice:
			'Reports are built and changed in ServiceTitan; the API lists, describes and runs them. Runs of one report are limited per minute (the credential’s Report Runs per Minute): the node waits its turn.',
		noticeOperations: ['getData'],
		fields: {
			[REPORT_PATH_PARAMETERS.category]: CATEGORY,
			[REPORT_PATH_PARAMETERS.reportId]: REPORT,
		},
		operations: {
			get: { name: 'Get', action: 'Get the description of a report', description: 'The report’s parameters and output fields' },
			getData: {
				name: 'Get Data',
				action: 'Run a report',
				description: 'Run a report with its parameters and get its rows',
				fields: {
					parameters: { displayName: 'Parameters', shape: 'reportParameters', since: REPORTS_SINCE_VERSION },
				},
			},
		},
	},
};
