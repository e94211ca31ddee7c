import type { IExecuteFunctions } from 'n8n-workflow';
import type { ParamPlan } from '../model/plan';
import { reportParametersNames } from '../descriptions/reportParameters';
import type { ValueConverter } from '../model/converter';
import { describeOnce } from '../reporting/description';
import { reportParametersFromForm, type ReportParametersForm, type ReportParameterValue } from '../reporting/parameters';
import type { ServiceTitanClient } from '../transport';

/**
 * A report run's parameter list when entered in the form (node version 3 on); undefined when the JSON list is used
 * (every earlier version, or Using JSON), which the generic JSON field reading handles as before.
 */
export async function readReportParameters(
	ctx: IExecuteFunctions,
	client: ServiceTitanClient,
	param: ParamPlan,
	pathValues: Record<string, string>,
	convert: ValueConverter,
	label: string,
	itemIndex: number,
): Promise<ReportParameterValue[] | undefined> {
	const names = reportParametersNames(param);
	if (ctx.getNodeParameter(names.input, itemIndex, 'json') !== 'fields') return undefined;
	const form = ctx.getNodeParameter(names.form, itemIndex, null) as ReportParametersForm | null;
	const ref = { category: decodeURIComponent(pathValues.report_category ?? ''), reportId: decodeURIComponent(pathValues.reportId ?? '') };
	return reportParametersFromForm(form, () => describeOnce(client, ref), convert, label);
}
