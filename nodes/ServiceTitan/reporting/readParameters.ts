import type { IExecuteFunctions } from 'n8n-workflow';
import type { ValueConverter } from '../model/converter';
import type { ParamPlan } from '../model/plan';
import { describeOnce, type ServiceTitanClient } from '../transport';
import { reportParametersFromForm, type ReportParametersForm, type ReportParameterValue } from './parameters';
import { reportParametersNames } from './properties';
import { reportOf } from './run';

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
	return reportParametersFromForm(form, () => describeOnce(client, reportOf(pathValues)), convert, label);
}
