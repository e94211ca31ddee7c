import { findOperation } from '../../nodes/ServiceTitan/catalog';
import { REPORT_PATH_PARAMETERS } from '../../nodes/ServiceTitan/catalog/curated/reports';
import { reportOf } from '../../nodes/ServiceTitan/reporting/run';
import { reportKey, reportPath } from '../../nodes/ServiceTitan/transport';

/** A report is written as a path in one place (transport/reports/ref.ts); it must be the catalog's path. */
describe('a report’s path and key', () => {
	const report = { category: 'a b/c', reportId: 175 };
	const fill = (path: string) =>
		path
			.replace(`{${REPORT_PATH_PARAMETERS.category}}`, encodeURIComponent(report.category))
			.replace(`{${REPORT_PATH_PARAMETERS.reportId}}`, encodeURIComponent(String(report.reportId)));

	test('the description and the run are the catalog’s Get and Get Data paths', () => {
		expect(reportPath(report)).toBe(fill(findOperation('report', 'get')!.operation.path));
		expect(`${reportPath(report)}/data`).toBe(fill(findOperation('report', 'getData')!.operation.path));
	});

	test('path values (encoded, as the request path holds them) decode to the report once', () => {
		const pathValues = { [REPORT_PATH_PARAMETERS.category]: encodeURIComponent('a b/c'), [REPORT_PATH_PARAMETERS.reportId]: '175' };
		const decoded = reportOf(pathValues);
		expect(decoded).toEqual({ category: 'a b/c', reportId: '175' });
		expect(reportPath(decoded)).toBe(reportPath(report));
		expect(reportKey(decoded)).toBe('a b/c/175');
	});
});
