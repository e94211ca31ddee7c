import type { FieldType, ResourceMapperField } from 'n8n-workflow';
import type { AllowedValue, ReportDataType, ReportParameterDescription } from './description';

/**
 * n8n's resource mapper has no multi-select field type, but the editor renders each field with its type as a
 * parameter type, so `multiOptions` gives a multi-select of the allowed values (n8n 1.x and 2.x alike). The run
 * reads the values itself (the whole mapper parameter, not `.value`), so n8n's per-type check never sees it.
 */
const MULTI_SELECT = 'multiOptions' as FieldType;

const SCALAR_TYPES: Record<ReportDataType, FieldType> = {
	String: 'string',
	Number: 'number',
	Boolean: 'boolean',
	Date: 'dateTime',
	Time: 'time',
};

/** How a parameter is entered: its own type, a dropdown or multi-select of its allowed values, or a list. */
export function parameterFieldType(parameter: ReportParameterDescription, allowed: AllowedValue[] | undefined): FieldType {
	if (allowed) return parameter.isArray ? MULTI_SELECT : 'options';
	if (parameter.isArray) return 'array';
	return SCALAR_TYPES[parameter.dataType] ?? 'string';
}

/** The mapper's fields for a report's parameters, in the report's order, every one shown (optional ones can be removed). */
export function reportParameterFields(
	parameters: ReportParameterDescription[],
	allowedValues: ReadonlyMap<string, AllowedValue[] | undefined>,
): ResourceMapperField[] {
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
