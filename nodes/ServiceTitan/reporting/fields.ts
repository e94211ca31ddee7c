import type { FieldType, ResourceMapperField } from 'n8n-workflow';
import type { AllowedValue, ReportDataType, ReportParameterDescription } from '../transport';

/**
 * A parameter with allowed values is a dropdown of them, lists too: n8n's resource mapper keeps only single values
 * (its editor drops a list a multi-select would give), so a list parameter takes one value picked from the dropdown,
 * or several from an expression (`{{ [101, 102] }}` or `101, 102`).
 */
const SCALAR_TYPES: Record<ReportDataType, FieldType> = {
	String: 'string',
	Number: 'number',
	Boolean: 'boolean',
	Date: 'dateTime',
	Time: 'time',
};

/** How a parameter is entered: a dropdown of its allowed values, a list (JSON or comma-separated), or its own type. */
export function parameterFieldType(parameter: ReportParameterDescription, allowed: AllowedValue[] | undefined): FieldType {
	if (allowed) return 'options';
	if (parameter.isArray) return 'array';
	return SCALAR_TYPES[parameter.dataType] ?? 'string';
}

/** The mapper's fields for a report's parameters, in the report's order, every one shown (optional ones can be removed). */
export function reportParameterFields(parameters: ReportParameterDescription[], allowedValues: ReadonlyMap<string, AllowedValue[] | undefined>): ResourceMapperField[] {
	return parameters.map((parameter) => {
		const allowed = allowedValues.get(parameter.name);
		return {
			id: parameter.name,
			displayName: parameter.label || parameter.name,
			required: parameter.isRequired,
			defaultMatch: false,
			canBeUsedToMatch: false,
			display: true,
			type: parameterFieldType(parameter, allowed),
			...(allowed ? { options: allowed.map(({ name, value }) => ({ name, value })) } : {}),
		};
	});
}
