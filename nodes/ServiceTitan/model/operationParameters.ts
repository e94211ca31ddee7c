import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/**
 * The parameters the node adds to catalog operations (the body's input mode and JSON, binary fields, paging, the
 * export cursor, Simplify): the property the editor shows and how an item's value is read, side by side, as
 * shapes.ts does for field shapes. A read falls back to the property's own default, so an item that has no value
 * (a workflow saved before the parameter existed) gets what the editor would have shown.
 */
export interface OperationParameter<T> {
	name: string;
	property: INodeProperties;
	read(ctx: Pick<IExecuteFunctions, 'getNodeParameter'>, itemIndex: number): T;
}

/** A parameter read by name elsewhere: the binary fields, which actions/files.ts reads for Custom API Call too. */
export type NamedParameter = Omit<OperationParameter<never>, 'read'>;

const named = (property: INodeProperties): NamedParameter => ({ name: property.name, property });

function parameter<T>(property: INodeProperties, value: (raw: unknown) => T): OperationParameter<T> {
	return { name: property.name, property, read: (ctx, itemIndex) => value(ctx.getNodeParameter(property.name, itemIndex, property.default)) };
}

const asBoolean = (raw: unknown) => Boolean(raw);
const asRaw = (raw: unknown) => raw;

const specifyBody = parameter(
	{
		displayName: 'Specify Body',
		name: 'specifyBody',
		type: 'options',
		options: [
			{ name: 'Using Fields Below', value: 'fields' },
			{ name: 'Using JSON', value: 'json' },
		],
		default: 'fields',
		description: 'Fill the request body field by field, or send a JSON object as ServiceTitan documents it',
	},
	(raw) => (raw === 'json' ? 'json' : 'fields'),
);

/** Shown on body fields and collections: they are entered only while Specify Body is Using Fields Below. */
export const WHEN_BODY_BY_FIELDS = { [specifyBody.name]: ['fields'] };

const returnAll = parameter(
	{ displayName: 'Return All', name: 'returnAll', type: 'boolean', default: false, description: 'Whether to return all results or only up to a given limit' },
	asBoolean,
);

export const OPERATION_PARAMETERS = {
	specifyBody,
	/** A body entered as one JSON object (while Specify Body is Using JSON). */
	jsonObjectBody: parameter(
		{
			displayName: 'JSON Body',
			name: 'jsonBody',
			type: 'json',
			default: '{}',
			required: true,
			displayOptions: { show: { [specifyBody.name]: ['json'] } },
			description: 'The request body as a JSON object, with the field names ServiceTitan documents',
		},
		asRaw,
	),
	/** A body ServiceTitan takes as a JSON array (there are no fields to fill). */
	jsonArrayBody: parameter(
		{ displayName: 'JSON Body', name: 'jsonBody', type: 'json', default: '[]', required: true, description: 'The request body: a JSON array' },
		asRaw,
	),
	inputBinaryField: named({
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field containing the file to upload',
	}),
	outputBinaryField: named({
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the file in',
	}),
	returnAll,
	limit: parameter(
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { [returnAll.name]: [false] } },
		},
		asRaw,
	),
	from: parameter(
		{
			displayName: 'From',
			name: 'from',
			type: 'string',
			default: '',
			placeholder: 'e.g. 2026-01-01 or a continueFrom token',
			description:
				'Where the export starts: the continueFrom of an earlier export (see Add Cursor Item), or a date (records modified since). Empty starts from the beginning.',
		},
		(raw) => String(raw ?? '').trim() || undefined,
	),
	includeRecentChanges: parameter(
		{
			displayName: 'Include Recent Changes',
			name: 'includeRecentChanges',
			type: 'boolean',
			default: false,
			description: 'Whether to include changes of the last few minutes, at the cost of possibly receiving a record again later',
		},
		asBoolean,
	),
	includeCursor: parameter(
		{
			displayName: 'Add Cursor Item',
			name: 'includeCursor',
			type: 'boolean',
			default: false,
			description:
				'Whether to add a last item { continueFrom, hasMore }: pass its continueFrom as From next time to get only what changed since. With a limit, whole export pages are returned so nothing is skipped.',
		},
		asBoolean,
	),
	simplify: parameter(
		{
			displayName: 'Simplify',
			name: 'simplify',
			type: 'boolean',
			default: true,
			description: 'Whether to return a simplified version of the response instead of the raw data',
		},
		asBoolean,
	),
};

/** The names these parameters take; catalog fields with one of them get a prefix (plan.ts). */
export const OPERATION_PARAMETER_NAMES = [...new Set(Object.values(OPERATION_PARAMETERS).map((entry) => entry.name))];
