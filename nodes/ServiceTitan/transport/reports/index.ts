/** The Reporting API: a report's description, its runs (synchronous or a data query), and its rows as records. */
export {
	fetchAllowedValues,
	fetchReportDescription,
	describeOnce,
	type AllowedValue,
	type ReportDataType,
	type ReportDescription,
	type ReportParameterDescription,
} from './describe';
export { reportColumnKeys, reportRecords } from './records';
export { reportKey, reportPath, type ReportField, type ReportParameter, type ReportRef } from './ref';
export { DEFAULT_POLL_POLICY, REPORT_MAX_PAGE_SIZE, ServiceTitanReportError, type PollPolicy, type ReportPage, type ReportRun } from './run';
