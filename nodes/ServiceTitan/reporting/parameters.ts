import { CALENDAR_DAY_HINT, notADate, type ValueConverter } from '../model/converter';
import type { ReportDescription, ReportParameter, ReportParameterDescription } from '../transport';

/** A report run's parameter as ServiceTitan takes it in the data request body. */
export type ReportParameterValue = ReportParameter;

/** What the parameter form saves (n8n's resource mapper value): the entered values and the fields it was built from. */
export interface ReportParametersForm {
	value?: Record<string, unknown> | null;
	schema?: Array<{ id: string; displayName?: string; required?: boolean; removed?: boolean }>;
}

const isSet = (value: unknown): boolean =>
	value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '') && !(Array.isArray(value) && value.length === 0);

/**
 * The form's values as ServiceTitan's parameter list `[{ name, value }]`, in the report's order, each converted to the
 * parameter's data type. Refuses, naming the parameter (the item is named by `convert`):
 * - a required parameter left empty, from the form alone, before any request;
 * - then, against the report's current description (`describe`), a value for a parameter the report no longer has (its
 *   owner edited the report since the form was built), and a parameter that has become required.
 */
export async function reportParametersFromForm(
	form: ReportParametersForm | null | undefined,
	describe: () => Promise<ReportDescription>,
	convert: ValueConverter,
	label: string,
): Promise<ReportParameterValue[]> {
	const values = form?.value ?? {};
	const schema = form?.schema ?? [];
	for (const field of schema) {
		if (field.required && !field.removed && !isSet(values[field.id])) {
			convert.fail(`${label} › ${field.displayName ?? field.id}`, `the report parameter ${field.id} is required`);
		}
	}
	const removed = new Set(schema.filter((field) => field.removed).map((field) => field.id));
	const entered = Object.keys(values).filter((name) => !removed.has(name) && isSet(values[name]));

	const description = await describe();
	const byName = new Map(description.parameters.map((parameter) => [parameter.name, parameter]));
	for (const name of entered) {
		if (!byName.has(name)) {
			const known = description.parameters.map((parameter) => parameter.name).join(', ') || 'none';
			convert.fail(
				`${label} › ${name}`,
				`the report "${description.name}" no longer has a parameter ${name} (its owner changed the report; its parameters now: ${known}). ` +
					'Open the node, choose Refresh Parameter List in the parameters’ menu, and remove or re-map it',
			);
		}
	}
	const result: ReportParameterValue[] = [];
	for (const parameter of description.parameters) {
		const at = `${label} › ${parameter.label || parameter.name}`;
		const value = values[parameter.name];
		if (!isSet(value) || removed.has(parameter.name)) {
			if (parameter.isRequired)
				convert.fail(at, `the report parameter ${parameter.name} is required (the report’s owner may have made it so: refresh the parameter list)`);
			continue;
		}
		result.push({ name: parameter.name, value: parameterValue(parameter, value, convert, at) });
	}
	return result;
}

function parameterValue(parameter: ReportParameterDescription, value: unknown, convert: ValueConverter, label: string): unknown {
	if (!parameter.isArray) return scalarValue(parameter, value, convert, label);
	return listOf(value, convert, label).map((element) => scalarValue(parameter, element, convert, label));
}

/** An array parameter: a list (multi-select), a JSON array, or comma-separated text. */
function listOf(value: unknown, convert: ValueConverter, label: string): unknown[] {
	if (Array.isArray(value)) return value;
	if (typeof value === 'string') {
		const text = value.trim();
		if (text.startsWith('[')) {
			const parsed = convert.json(label, text);
			if (!Array.isArray(parsed)) convert.fail(label, 'must be a list like [1, 2] or 1, 2');
			return parsed;
		}
		return text
			.split(',')
			.map((part) => part.trim())
			.filter(Boolean);
	}
	return [value];
}

function scalarValue(parameter: ReportParameterDescription, value: unknown, convert: ValueConverter, label: string): unknown {
	switch (parameter.dataType) {
		case 'Number':
			return convert.number(label, value);
		case 'Boolean':
			return typeof value === 'boolean' ? value : convert.boolean(label, value);
		case 'Date':
			return reportDate(value, convert, label);
		case 'Time':
			return reportTime(value, convert, label);
		default:
			return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
	}
}

/**
 * Report dates are calendar days (`2026-01-31`; a To date includes its whole day). The date picker gives
 * `2026-01-31T00:00:00`, an expression may give a DateTime: the day as written is kept, never shifted by a timezone.
 */
function reportDate(value: unknown, convert: ValueConverter, label: string): string {
	const luxon = value as { toISODate?: () => string | null; isValid?: boolean };
	if (value && typeof luxon.toISODate === 'function') {
		const day = luxon.isValid === false ? null : luxon.toISODate();
		if (!day) convert.fail(label, notADate(value, CALENDAR_DAY_HINT));
		return day;
	}
	if (value instanceof Date) {
		if (Number.isNaN(value.getTime())) convert.fail(label, notADate(value, CALENDAR_DAY_HINT));
		return value.toISOString().slice(0, 10);
	}
	const text = String(value).trim();
	const match = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(text);
	if (!match) convert.fail(label, notADate(text, CALENDAR_DAY_HINT));
	const [, year, month, day] = match.map(Number);
	const check = new Date(Date.UTC(year, month - 1, day));
	if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
		convert.fail(label, `"${text}" is not a real date`);
	}
	return text.slice(0, 10);
}

function reportTime(value: unknown, convert: ValueConverter, label: string): string {
	const text = String(value).trim();
	const match = /^([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/.exec(text);
	if (!match) convert.fail(label, `"${text}" is not a time of day (use e.g. 08:30 or 17:45:00)`);
	return `${match[1].padStart(2, '0')}:${match[2]}:${match[3] ?? '00'}`;
}
