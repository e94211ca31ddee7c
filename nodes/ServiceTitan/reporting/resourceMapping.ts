import { NodeOperationError, type ILoadOptionsFunctions, type ResourceMapperFields } from 'n8n-workflow';
import { getClient } from '../helpers/connection';
import { toNodeError } from '../helpers/errors';
import { REPORT_PATH_PARAMETERS } from '../catalog/curated/reports';
import { fetchAllowedValues, fetchReportDescription, type AllowedValue } from '../transport';
import { notAnId } from '../model/converter';
import { reportParameterFields } from './fields';

/** The chosen report's parameters as the form's fields, with the allowed values of each (fixed list or dynamic value set). */
async function getReportParameters(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const category = String(this.getNodeParameter(REPORT_PATH_PARAMETERS.category, undefined, { extractValue: true }) ?? '').trim();
	const reportId = String(this.getNodeParameter(REPORT_PATH_PARAMETERS.reportId, undefined, { extractValue: true }) ?? '').trim();
	if (!category || !reportId) {
		return { fields: [], emptyFieldsNotice: 'Choose a Category and a Report first: the parameters are the report’s own' };
	}
	if (!/^\d+$/.test(reportId)) throw new NodeOperationError(this.getNode(), `Report: ${notAnId(reportId)}`);
	try {
		const client = await getClient(this);
		const description = await fetchReportDescription(client, { category, reportId });
		const allowed = new Map<string, AllowedValue[] | undefined>(
			await Promise.all(description.parameters.map(async (parameter) => [parameter.name, await fetchAllowedValues(client, parameter)] as const)),
		);
		return {
			fields: reportParameterFields(description.parameters, allowed),
			emptyFieldsNotice: `The report "${description.name}" has no parameters`,
		};
	} catch (error) {
		throw toNodeError(this.getNode(), error);
	}
}

export const resourceMapping = { getReportParameters };
