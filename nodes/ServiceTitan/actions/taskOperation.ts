import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INode } from 'n8n-workflow';
import { findEntry, findOperation } from '../catalog';
import { findableOf, MATCH_RULE_NAMES, type MatchRule } from '../catalog/find';
import { IDS_PER_REQUEST, LOOKUP_BY, TASK_IF_SEVERAL_FOUND, type TaskOperation, type TaskRead, type TaskValue } from '../catalog/tasks';
import { toNodeError } from '../helpers/errors';
import { ValueConverter } from '../model/converter';
import { ServiceTitanApiError, type Query, type ServiceTitanClient } from '../transport';
import type { PreparedItem } from './catalogOperation';
import { collapse, lookup, phoneDigits, type MatchValues } from './find';
import { simplifyRecord } from './responses';

/** What one read got: a Get's record (none when skipped or not found) or a list's, and notes on what it left unread. */
interface ReadResult {
	single: boolean;
	records: IDataObject[];
	/** Records ServiceTitan answered, before `keep`. */
	fetched: number;
	notes: string[];
}

type Inputs = Record<string, string | undefined>;

/**
 * The one engine of the task-shaped operations (catalog/tasks.ts): reads the inputs, looks the primary record up or
 * reads it, runs the other reads in waves (every read whose values are known goes side by side with the others of its
 * wave, all through the client and so its limiter), then assembles the answer the data describes.
 */
export async function prepareTaskOperation(ctx: IExecuteFunctions, client: ServiceTitanClient, task: TaskOperation, itemIndex: number): Promise<PreparedItem> {
	const node = ctx.getNode();
	const convert = new ValueConverter(node, itemIndex, ctx.getTimezone());
	const options = (ctx.getNodeParameter('options', itemIndex, {}) ?? {}) as IDataObject;
	const full = ctx.getNodeParameter('simplify', itemIndex, true) === false;
	const lookupBy = task.lookup ? String(ctx.getNodeParameter('lookupBy', itemIndex, LOOKUP_BY.id)) : LOOKUP_BY.id;
	const inputs: Inputs = {};
	for (const input of task.inputs) {
		// Looked up by phone, name or address, the record's ID is not asked for (nor shown).
		if (input.name === 'id' && lookupBy !== LOOKUP_BY.id) continue;
		const raw = ctx.getNodeParameter(input.name, itemIndex, '', { extractValue: true });
		const empty = raw === undefined || raw === null || String(raw).trim() === '';
		if (input.kind === 'day') Object.assign(inputs, dayOf(convert, input.displayName, raw, ctx.getTimezone(), input.name));
		else if (input.required || !empty) inputs[input.name] = convert.id(input.displayName, raw);
	}
	const match = lookupBy === LOOKUP_BY.id ? undefined : matchValues(ctx, convert, lookupBy as Exclude<MatchRule, 'externalKey'>, itemIndex);
	const entry = findEntry(task.resource)!;
	const noun = entry.resource.name.toLowerCase();
	return {
		writes: false,
		fingerprint: JSON.stringify(['task', task.resource, task.value, inputs, match, full]),
		run: async () => {
			const results = new Map<string, ReadResult>();
			if (match) {
				const findable = findableOf(entry.resource)!;
				const found = await lookup(client, entry, findable, match.rule, match.values);
				const label = MATCH_RULE_NAMES[match.rule];
				if (found.length === 0)
					throw new NodeOperationError(node, `${label}: no ${noun} matches "${match.text}"`, {
						itemIndex,
						description: `Nothing was read beyond the lookup (1 request). Check the value of "${label}" of item ${itemIndex}.`,
					});
				if (found.length > 1) {
					const several = String(options.ifSeveralFound ?? TASK_IF_SEVERAL_FOUND.candidates);
					if (several === TASK_IF_SEVERAL_FOUND.candidates) {
						const note = `${found.length} ${entry.resource.plural.toLowerCase()} match ${label} "${match.text}": ask again by ID with one of the candidates`;
						return [{ json: { found: found.length, note, candidates: found.map((record) => shape(task.primary, record, full)) } }];
					}
					if (several === TASK_IF_SEVERAL_FOUND.error) {
						throw new NodeOperationError(
							node,
							`${label}: ${found.length} ${entry.resource.plural.toLowerCase()} match "${match.text}": IDs ${found.map((record) => String(record.id)).join(', ')}`,
							{
								itemIndex,
								description: `Look the ${noun} up by ID, or choose "If Several Found: Use the Oldest" or "Return the Candidates".`,
							},
						);
					}
				}
				results.set(task.primary.as, { single: true, records: [found[0]], fetched: 1, notes: [] });
			}
			await readAll(client, task, inputs, results, node, itemIndex);
			return assemble(task, results, full).map((json) => ({ json }));
		},
	};
}

/** Looking up by phone, name or address: the value of that rule's parameter (Find's parameter names). */
function matchValues(
	ctx: IExecuteFunctions,
	convert: ValueConverter,
	rule: Exclude<MatchRule, 'externalKey'>,
	itemIndex: number,
): { rule: typeof rule; values: MatchValues; text: string } {
	const text = (name: string) => collapse(String(ctx.getNodeParameter(name, itemIndex, '') ?? ''));
	if (rule === 'phone') {
		const phone = phoneDigits(text('matchPhone'));
		if (!phone) convert.fail('Phone', 'give a phone number to look the customer up by');
		return { rule, values: { phone }, text: text('matchPhone') };
	}
	if (rule === 'name') {
		const name = text('matchName');
		if (!name) convert.fail('Name', 'give a name to look the customer up by');
		return { rule, values: { name }, text: name };
	}
	const street = text('matchStreet');
	const zip = text('matchZip');
	if (!street) convert.fail('Street', 'give the street with the zip (the address lookup matches both)');
	if (!zip) convert.fail('Zip', 'give the zip with the street (the address lookup matches both)');
	return { rule, values: { address: { street, zip } }, text: `${street}, ${zip}` };
}

/** A day in the workflow's timezone: `<name>.start` its midnight, `<name>.end` the next midnight, both in UTC. */
function dayOf(convert: ValueConverter, label: string, raw: unknown, timezone: string, name: string): Inputs {
	const instant = convert.dateTime(label, raw);
	if (!instant) convert.fail(label, 'a day is required, e.g. 2026-11-23');
	const day = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(instant));
	const [year, month, date] = day.split('-').map(Number);
	const next = new Date(Date.UTC(year, month - 1, date + 1)).toISOString().slice(0, 10);
	return { [`${name}.start`]: convert.dateTime(label, day), [`${name}.end`]: convert.dateTime(label, next) };
}

/**
 * The primary read (unless a lookup found the record) and every other read. A primary read that finds nothing names
 * the parameter that asked for it: an unknown ID, or a record another parameter's filter leaves out.
 */
async function readAll(client: ServiceTitanClient, task: TaskOperation, inputs: Inputs, results: Map<string, ReadResult>, node: INode, itemIndex: number): Promise<void> {
	try {
		await runReads(client, results.has(task.primary.as) ? task.reads : [task.primary, ...task.reads], inputs, results);
	} catch (error) {
		// The primary read failed (its wave never completed): a Get by ID of a record that does not exist.
		const input = task.inputs.find((candidate) => candidate.name === 'id');
		if (error instanceof ServiceTitanApiError && error.status === 404 && input && !results.has(task.primary.as))
			throw notFound(node, input.displayName, inputs.id!, itemIndex, error.message);
		throw toNodeError(node, error, itemIndex);
	}
	const primary = results.get(task.primary.as)!;
	const asked = task.inputs.find(
		(input) => input.kind === 'record' && inputs[input.name] && Object.values(task.primary.send).some((value) => 'input' in value && value.input === input.name),
	);
	if (!asked || primary.records.length > 0) return;
	const keep = task.primary.keep?.input ? task.inputs.find((input) => input.name === task.primary.keep!.input && inputs[input.name]) : undefined;
	if (keep && primary.fetched > 0) {
		throw new NodeOperationError(
			node,
			`${asked.displayName}: ${asked.displayName.toLowerCase()} ${inputs[asked.name]} is not in ${keep.displayName} ${inputs[keep.name]}`,
			{
				itemIndex,
				description: `Give one of the two, or both that go together (item ${itemIndex}).`,
			},
		);
	}
	throw notFound(node, asked.displayName, inputs[asked.name]!, itemIndex);
}

function notFound(node: INode, label: string, id: string, itemIndex: number, answer?: string): NodeOperationError {
	return new NodeOperationError(node, `${label}: no ${label.toLowerCase()} with ID ${id}`, {
		itemIndex,
		description: [answer, `Check the parameter "${label}" of item ${itemIndex}.`].filter(Boolean).join('\n'),
	});
}

/** Every read whose values are known runs in this wave, side by side; the next wave reads their answers. */
async function runReads(client: ServiceTitanClient, reads: TaskRead[], inputs: Inputs, results: Map<string, ReadResult>): Promise<void> {
	let pending = [...reads];
	while (pending.length) {
		const ready = pending.filter((read) => Object.values(read.send).every((value) => !('from' in value) || results.has(value.from)));
		if (ready.length === 0) throw new Error(`Task reads wait on reads that never run: ${pending.map((read) => read.as).join(', ')}`);
		const answers = await Promise.all(ready.map((read) => runRead(client, read, inputs, results)));
		ready.forEach((read, index) => results.set(read.as, answers[index]));
		pending = pending.filter((read) => !ready.includes(read));
	}
}

function valueOf(value: TaskValue, inputs: Inputs, results: Map<string, ReadResult>): string[] | undefined {
	if ('text' in value) return [value.text];
	if ('input' in value) return inputs[value.input] ? [inputs[value.input]!] : undefined;
	const values = [
		...new Set(
			results
				.get(value.from)!
				.records.map((record) => record[value.field])
				.filter((v) => v !== undefined && v !== null && v !== '')
				.map(String),
		),
	];
	return values.length ? values : undefined;
}

/** One read: a Get, or one page of a list (in batches of 50 IDs when a value lists records' IDs). Skipped when a value it takes from another read is empty. */
async function runRead(client: ServiceTitanClient, read: TaskRead, inputs: Inputs, results: Map<string, ReadResult>): Promise<ReadResult> {
	const { entry, operation } = findOperation(read.resource, read.operation)!;
	const single = !operation.paged;
	const query: Query = {};
	const pathValues: Record<string, string> = {};
	let listed: { name: string; values: string[] } | undefined;
	for (const [name, value] of Object.entries(read.send)) {
		const values = valueOf(value, inputs, results);
		const inPath = operation.pathParams.some((param) => param.name === name);
		if (!values) {
			if (inPath || 'from' in value) return { single, records: [], fetched: 0, notes: [] };
			continue;
		}
		if (inPath) pathValues[name] = encodeURIComponent(values[0]);
		else if (values.length > 1) listed = { name, values };
		else query[name] = values[0];
	}
	const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => pathValues[name]);
	const module = entry.resource.module;
	const notes: string[] = [];
	if (single) {
		const record = await client.request<IDataObject>({ module, method: 'GET', path, query });
		const records = record && typeof record === 'object' ? [record] : [];
		return { single, records, fetched: records.length, notes };
	}
	const groups: Query[] = [];
	if (listed) {
		const batches = read.batches ?? 1;
		for (let start = 0; start < listed.values.length && groups.length < batches; start += IDS_PER_REQUEST) {
			groups.push({ ...query, [listed.name]: listed.values.slice(start, start + IDS_PER_REQUEST).join(',') });
		}
		const left = listed.values.length - batches * IDS_PER_REQUEST;
		if (left > 0) notes.push(`${read.as}: read for the first ${batches * IDS_PER_REQUEST} of ${listed.values.length} records; ${left} not read`);
	} else groups.push(query);
	const pages = await Promise.all(
		groups.map((group) =>
			client.request<{ data?: IDataObject[]; hasMore?: boolean }>({ module, method: 'GET', path, query: { ...group, pageSize: read.pageSize ?? 50 } }),
		),
	);
	if (pages.some((page) => page?.hasMore)) notes.push(`${read.as}: more than ${read.pageSize ?? 50} records; only the first ${read.pageSize ?? 50} were read`);
	const fetched = pages.flatMap((page) => (Array.isArray(page?.data) ? page.data : []));
	let records = fetched;
	const keep = read.keep;
	const wanted = keep && (keep.in ?? (keep.input && inputs[keep.input] ? [inputs[keep.input]!] : undefined));
	if (keep && wanted) records = records.filter((record) => wanted.includes(String(record[keep.field])));
	return { single, records, fetched: fetched.length, notes };
}

function shape(read: TaskRead, record: IDataObject, full: boolean): IDataObject {
	return full ? { ...record } : simplifyRecord(record, read.simplify);
}

/** The answer the data describes: joins, records put into others, the rest attached to the primary record(s), free windows. */
function assemble(task: TaskOperation, results: Map<string, ReadResult>, full: boolean): IDataObject[] {
	const reads = [task.primary, ...task.reads];
	const outputs = new Map<string, IDataObject[]>();
	for (const read of reads)
		outputs.set(
			read.as,
			results.get(read.as)!.records.map((record) => shape(read, record, full)),
		);
	const byId = (as: string) => {
		const index = new Map<string, number>();
		results.get(as)!.records.forEach((record, position) => index.set(String(record.id), position));
		return index;
	};
	for (const read of task.reads) {
		const raw = results.get(read.as)!.records;
		const out = outputs.get(read.as)!;
		if (read.join) {
			const { read: other, on, fields } = read.join;
			const index = byId(other);
			raw.forEach((record, position) => {
				const source = results.get(other)!.records[index.get(String(record[on])) ?? -1];
				if (source) for (const field of fields) out[position][field] = source[field];
			});
		}
		if (read.into) {
			const { read: target, on } = read.into;
			const index = byId(target);
			const targets = outputs.get(target)!;
			for (const record of targets) record[read.as] = [];
			raw.forEach((record, position) => {
				const holder = targets[index.get(String(record[on])) ?? -1];
				if (holder) (holder[read.as] as IDataObject[]).push(out[position]);
			});
			if (read.span) for (const record of targets) (record[read.as] as IDataObject[]).sort((a, b) => spanOf(read, a)[0] - spanOf(read, b)[0]);
		}
	}
	const primaries = outputs.get(task.primary.as)!;
	if (results.get(task.primary.as)!.single) {
		for (const read of task.reads) {
			if (read.into || read.hidden) continue;
			const result = results.get(read.as)!;
			primaries[0][read.as] = result.single ? (outputs.get(read.as)![0] ?? null) : outputs.get(read.as)!;
		}
	}
	if (task.freeWindows) for (const record of primaries) record.freeWindows = freeWindows(task, record);
	const notes = reads.flatMap((read) => results.get(read.as)!.notes);
	if (notes.length) for (const record of primaries) record.incomplete = notes;
	return primaries;
}

/** A record's span in milliseconds: start to end, or start plus a TimeSpan duration (`hh:mm:ss`, `d.hh:mm:ss`). */
function spanOf(read: TaskRead, record: IDataObject): [number, number] {
	const span = read.span!;
	const start = Date.parse(String(record[span.start]));
	if (span.end) return [start, Date.parse(String(record[span.end]))];
	const match = /^(?:(\d+)\.)?(\d+):(\d+)(?::(\d+))?/.exec(String(record[span.duration!] ?? ''));
	const ms = match ? ((Number(match[1] ?? 0) * 24 + Number(match[2])) * 60 + Number(match[3])) * 60000 + Number(match[4] ?? 0) * 1000 : 0;
	return [start, start + ms];
}

/** Working shifts less busy spans and time off: the free windows, with their length in minutes. */
function freeWindows(task: TaskOperation, record: IDataObject): IDataObject[] {
	const { shifts, busy, timeOff } = task.freeWindows!;
	const shiftRead = task.reads.find((read) => read.as === shifts)!;
	const own = (record[shifts] as IDataObject[] | undefined) ?? [];
	const working = own.filter((shift) => shift[timeOff.field] !== timeOff.value).map((shift) => spanOf(shiftRead, shift));
	const blocked = own.filter((shift) => shift[timeOff.field] === timeOff.value).map((shift) => spanOf(shiftRead, shift));
	for (const as of busy) {
		const read = task.reads.find((candidate) => candidate.as === as)!;
		for (const item of (record[as] as IDataObject[] | undefined) ?? []) blocked.push(spanOf(read, item));
	}
	let free = working.filter(([start, end]) => end > start);
	for (const [busyStart, busyEnd] of blocked) {
		if (!(busyEnd > busyStart)) continue;
		free = free.flatMap(([start, end]): Array<[number, number]> => {
			if (busyEnd <= start || busyStart >= end) return [[start, end]];
			return [
				[start, Math.min(busyStart, end)],
				[Math.max(busyEnd, start), end],
			].filter(([from, to]) => to > from) as Array<[number, number]>;
		});
	}
	return free
		.sort((a, b) => a[0] - b[0])
		.map(([start, end]) => ({ start: new Date(start).toISOString(), end: new Date(end).toISOString(), minutes: Math.round((end - start) / 60000) }));
}
