/**
 * What an AI agent reads about each operation when the node is used as a tool. n8n builds a tool's automatic
 * description as "<the operation's action> in ServiceTitan" (n8n-workflow NodeHelpers.makeDescription), so each
 * sentence here says what the operation does, what it needs and what it returns, and reads well followed by
 * " in ServiceTitan". Generated from the catalog for every operation; the first-class resources' sentences are
 * written by hand (curated/toolDescriptions.ts).
 */
import type { CatalogEntry } from './index';
import { TOOL_DESCRIPTIONS } from './curated/toolDescriptions';
import type { FieldSpec, OperationSpec } from './types';

/** How many required inputs a sentence names before it says "and more". */
const NAMED_INPUTS = 5;

export function toolDescriptionOf(entry: CatalogEntry, op: OperationSpec): string {
	return TOOL_DESCRIPTIONS[`${entry.resource.value}:${op.value}`] ?? generatedToolDescription(entry, op);
}

function generatedToolDescription(entry: CatalogEntry, op: OperationSpec): string {
	const action = entry.curation?.operations?.[op.value]?.action ?? op.action;
	return `${action}; ${needsOf(op)}; ${returnsOf(entry, op)}`;
}

/** The inputs ServiceTitan refuses the call without, by wire name (the names an agent's arguments carry). */
export function requiredInputsOf(op: OperationSpec): string[] {
	const required = (fields: FieldSpec[] | undefined) => (fields ?? []).filter((field) => field.required).map((field) => field.name);
	const body = op.body?.kind === 'object' ? required(op.body.fields) : [];
	return [...op.pathParams.map((field) => field.name), ...required(op.query), ...body];
}

function needsOf(op: OperationSpec): string {
	const inputs = requiredInputsOf(op);
	const named = inputs.slice(0, NAMED_INPUTS).join(', ') + (inputs.length > NAMED_INPUTS ? ` and ${inputs.length - NAMED_INPUTS} more` : '');
	const parts = inputs.length ? [`needs ${named}`] : [];
	if (op.body?.kind === 'binary') parts.push('needs an input file (binary data), which a tool call cannot carry');
	else if (op.body?.kind === 'array') parts.push('needs a JSON list as the body');
	if (!parts.length) return op.paged || op.export ? 'needs nothing, filters are optional' : 'needs no input';
	return parts.join(' and ');
}

/** "Pricebook Service" → "pricebook service", keeping acronyms ("AP bill"). */
function inSentence(name: string): string {
	return name.replace(/\b([A-Z])(?=[a-z])/g, (letter) => letter.toLowerCase());
}

function returnsOf({ resource, curation }: CatalogEntry, op: OperationSpec): string {
	const one = inSentence(resource.name);
	const action = curation?.operations?.[op.value]?.action ?? op.action;
	// A list's items are what its action reads ("Get bank deposit transactions" → bank deposit transactions).
	const listed = /^Get (many )?/.exec(action) ? action.replace(/^Get (many )?/, '') : inSentence(resource.plural);
	const many = listed;
	if (op.responseType === 'binary') return `returns the file's name, type and size (the file's bytes stay out of a model's reply)`;
	if (op.responseType === 'value') return 'returns { value }: the value ServiceTitan answers';
	if (op.export) return `returns ${many} changed since the last read of the feed, one item each`;
	if (op.paged || op.reportRun) return `returns a list of ${many} (one item each)`;
	switch (op.method) {
		case 'GET':
			return op.path.endsWith('}') ? `returns the ${one} record` : `returns ServiceTitan's answer as one item`;
		case 'DELETE':
			return `returns { success: true } once ServiceTitan confirms it`;
		case 'POST':
			return op.value === 'create' ? `returns the created ${one} (with its new ID)` : `returns ServiceTitan's answer (or { success: true } when it answers nothing)`;
		default:
			return `returns the updated ${one} (or { success: true } when ServiceTitan answers nothing)`;
	}
}
