/**
 * A report as the Reporting API names it: its category and its ID. This is the one place a report becomes a path
 * (its segments URL-encoded) or a key (the lane its runs share, the label its messages name).
 */

export interface ReportRef {
	/** Report category ID (`operations`, `accounting` …). */
	category: string;
	reportId: string | number;
}

/** `report-category/{category}/reports/{reportId}`: the report's description; its runs append `/data`. */
export function reportPath({ category, reportId }: ReportRef): string {
	return `report-category/${encodeURIComponent(category)}/reports/${encodeURIComponent(String(reportId))}`;
}

/** `category/reportId`: the report's lane (its runs take turns and share its per-minute limit) and its name in messages. */
export function reportKey({ category, reportId }: ReportRef): string {
	return `${category}/${reportId}`;
}

/** A report column: `name` is stable, `label` is what ServiceTitan's UI shows. */
export interface ReportField {
	name: string;
	label?: string;
	dataType?: string;
}

export interface ReportParameter {
	name: string;
	value: unknown;
}
