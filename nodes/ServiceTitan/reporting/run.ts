import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { REPORT_PATH_PARAMETERS } from '../catalog/curated/reports';
import { toNodeError } from '../helpers/errors';
import { CALENDAR_DAY_HINT, notADate, type ValueConverter } from '../model/converter';
import { reportColumnKeys, reportRecords, type ReportField, type ReportParameter, type ReportRef, type ServiceTitanClient } from '../transport';
import { DEFAULT_WINDOW_FROM, DEFAULT_WINDOW_TO, REPORT_OPTIONS, type ReportOutput, type ReportRunOptions } from './options';
import { dateWindows, MAX_WINDOWS, reportDay, WINDOW_SIZES, type DateWindow } from './windows';

/** What an item's report run needs from the request the catalog operation built. */
export interface ReportRunRequest {
	report: ReportRef;
	body: unknown;
}

/** The report an item names, from its path values (URL-encoded segments, as the request's path holds them). */
export function reportOf(pathValues: Record<string, string>): ReportRef {
	const decoded = (name: string) => decodeURIComponent(pathValues[name] ?? '');
	return { category: decoded(REPORT_PATH_PARAMETERS.category), reportId: decoded(REPORT_PATH_PARAMETERS.reportId) };
}

/** A report run's items, and whether its Limit held rows back (more rows, or date windows not run). */
export interface ReportRunResult {
	items: INodeExecutionData[];
	heldBack: boolean;
}

/** The key rows get when the run is split into date windows. */
const WINDOW_KEY = 'dateWindow';

/**
 * Reads and checks a report run's options for one item (before anything is sent) and returns the run: pages of the
 * report (synchronous or through a data query, see the transport), over one range or consecutive date windows, as
 * items keyed by field name or label, or as raw rows plus the field list.
 */
export function prepareReportRun(
	ctx: IExecuteFunctions,
	client: ServiceTitanClient,
	request: ReportRunRequest,
	convert: ValueConverter,
	itemIndex: number,
	limit: number | undefined,
): () => Promise<ReportRunResult> {
	const options = (ctx.getNodeParameter(REPORT_OPTIONS, itemIndex, {}) ?? {}) as ReportRunOptions;
	const output: ReportOutput = options.output ?? 'name';
	if (!['name', 'label', 'raw'].includes(output))
		convert.fail('Output Rows', `"${String(output)}" is not one of Keyed by Field Name, Keyed by Label, Raw Rows Plus Fields`);
	const parameters = ((request.body as { parameters?: unknown } | undefined)?.parameters ?? []) as ReportParameter[];
	const windows = options.dateWindow ? splitRange(options, parameters, convert) : undefined;

	return async () => {
		const runs = windows ?? [undefined];
		const items: INodeExecutionData[] = [];
		let remaining = limit ?? Number.POSITIVE_INFINITY;
		let heldBack = false;
		for (const [index, window] of runs.entries()) {
			if (remaining <= 0) {
				heldBack = true; // windows left that the Limit keeps from running
				break;
			}
			const run = window ? withWindow(parameters, window.parameters) : parameters;
			let fields: ReportField[] = [];
			const rows: unknown[][] = [];
			try {
				for await (const page of client.reportPages({ ...request.report, parameters: run, limit: Number.isFinite(remaining) ? remaining : undefined })) {
					if (page.fields.length) fields = page.fields;
					rows.push(...page.rows);
					if (rows.length >= remaining && page.more) heldBack = true;
				}
			} catch (error) {
				const nodeError = toNodeError(ctx.getNode(), error, itemIndex);
				// Name the window: the earlier ones ran, this one did not.
				if (window) nodeError.message = `Date window ${window.from} – ${window.to} (${index + 1} of ${runs.length}): ${nodeError.message}`;
				throw nodeError;
			}
			remaining -= rows.length;
			const range = window ? { from: window.from, to: window.to } : undefined;
			if (output === 'raw') {
				items.push({ json: { ...(range ? { [WINDOW_KEY]: range } : {}), fields: fields as unknown as IDataObject[], rows } as IDataObject });
				continue;
			}
			const keys = reportColumnKeys(fields, output);
			for (const record of reportRecords(keys, rows)) {
				if (range && !(WINDOW_KEY in record)) record[WINDOW_KEY] = range;
				items.push({ json: record as IDataObject });
			}
		}
		// Raw rows come as one item per run, where a count of items would mislead; their `rows` show how many there are.
		return { items, heldBack: heldBack && output !== 'raw' };
	};
}

interface Window extends DateWindow {
	parameters: Record<string, string>;
}

/** The windows of the item's From–To range, checked now: a bad range fails the item before any run. */
function splitRange(options: ReportRunOptions, parameters: ReportParameter[], convert: ValueConverter): Window[] {
	const size = options.dateWindow!;
	if (!WINDOW_SIZES.includes(size)) convert.fail('Split Date Range', `"${String(size)}" is not Day, Week or Month`);
	const fromName = options.dateWindowFrom?.trim() || DEFAULT_WINDOW_FROM;
	const toName = options.dateWindowTo?.trim() || DEFAULT_WINDOW_TO;
	const find = (name: string, label: string) => {
		const parameter = parameters.find((p) => String(p?.name ?? '').toLowerCase() === name.toLowerCase());
		if (!parameter) {
			const given = parameters.map((p) => p?.name).filter(Boolean);
			convert.fail(label, `the run has no parameter "${name}" to split (its parameters: ${given.length ? given.join(', ') : 'none'})`);
		}
		const day = reportDay(parameter.value);
		if (!day) convert.fail(label, `parameter "${parameter.name}": ${notADate(parameter.value, CALENDAR_DAY_HINT)}, so the range cannot be split`);
		return { name: parameter.name, day };
	};
	const from = find(fromName, 'Split: Start Parameter');
	const to = find(toName, 'Split: End Parameter');
	if (from.day > to.day) convert.fail('Split Date Range', `the range starts (${from.name} ${from.day}) after it ends (${to.name} ${to.day})`);
	const windows = dateWindows(from.day, to.day, size);
	if (windows.length > MAX_WINDOWS) {
		convert.fail('Split Date Range', `${from.day} – ${to.day} by ${size} would be more than ${MAX_WINDOWS} runs of the report; split by a longer period`);
	}
	return windows.map((window) => ({ ...window, parameters: { [from.name]: window.from, [to.name]: window.to } }));
}

function withWindow(parameters: ReportParameter[], values: Record<string, string>): ReportParameter[] {
	return parameters.map((parameter) => (parameter.name in values ? { name: parameter.name, value: values[parameter.name] } : parameter));
}
