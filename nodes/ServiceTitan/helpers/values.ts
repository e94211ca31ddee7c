import { NodeOperationError, type IDataObject, type INode } from 'n8n-workflow';
import type { FieldSpec } from '../catalog/types';
import type { FieldCuration } from '../catalog/curation';

/**
 * Converts what the user entered into what ServiceTitan expects, and rejects what would reach the
 * API as garbage, naming the parameter and the item.
 */
export class ValueConverter {
	constructor(
		private readonly node: INode,
		private readonly itemIndex: number,
	) {}

	fail(label: string, problem: string): never {
		throw new NodeOperationError(this.node, `${label}: ${problem}`, {
			itemIndex: this.itemIndex,
			description: `Check the parameter "${label}" of item ${this.itemIndex}.`,
		});
	}

	/** A record ID: digits only (ServiceTitan IDs are 64-bit integers). */
	id(label: string, value: unknown): string {
		const text = String(value ?? '').trim();
		if (!text) this.fail(label, 'an ID is required');
		if (!/^\d+$/.test(text)) this.fail(label, `"${text}" is not a ServiceTitan ID (IDs are whole numbers)`);
		return text;
	}

	pathSegment(label: string, field: FieldSpec, value: unknown): string {
		if (field.type === 'number' || /id$/i.test(field.name)) {
			if (field.type === 'number' || field.integer) return this.id(label, value);
		}
		const text = String(value ?? '').trim();
		if (!text) this.fail(label, 'a value is required');
		return encodeURIComponent(text);
	}

	/** Returns undefined for "not set" so the field is left out of the request. */
	convert(label: string, field: FieldSpec, curation: FieldCuration, value: unknown): unknown {
		if (value === undefined || value === null) return undefined;
		if (curation.shape) return value; // shapes are converted by the caller
		if (curation.multiOptionsSource) return this.numberList(label, value);
		if (curation.optionsSource) return value === '' ? undefined : this.numberOrId(label, value);
		switch (field.type) {
			case 'number':
				return this.number(label, value, field.integer);
			case 'boolean':
				return typeof value === 'boolean' ? value : this.boolean(label, value);
			case 'dateTime':
				return this.dateTime(label, value);
			case 'idList':
				return this.idList(label, value, field.name === 'ids' ? 50 : undefined);
			case 'numberList':
				return this.numberList(label, value);
			case 'stringList':
				return this.stringList(value);
			case 'json':
				return this.json(label, value);
			case 'options':
				return value === '' ? undefined : value;
			default:
				return value === '' ? undefined : value;
		}
	}

	number(label: string, value: unknown, integer?: boolean): number | undefined {
		if (value === '') return undefined;
		const n = typeof value === 'number' ? value : Number(String(value).trim());
		if (!Number.isFinite(n)) this.fail(label, `"${String(value)}" is not a number`);
		if (integer && !Number.isInteger(n)) this.fail(label, `"${String(value)}" is not a whole number`);
		return n;
	}

	numberOrId(label: string, value: unknown): number | string {
		const text = String(value).trim();
		if (/^\d+$/.test(text)) return Number(text);
		this.fail(label, `"${text}" is not an ID`);
	}

	boolean(label: string, value: unknown): boolean | undefined {
		if (value === '') return undefined;
		const text = String(value).trim().toLowerCase();
		if (text === 'true') return true;
		if (text === 'false') return false;
		this.fail(label, `"${String(value)}" is not true or false`);
	}

	dateTime(label: string, value: unknown): string | undefined {
		if (value === '') return undefined;
		const text = value instanceof Date ? value.toISOString() : String((value as { toISO?: () => string }).toISO?.() ?? value).trim();
		const time = Date.parse(text);
		if (Number.isNaN(time)) this.fail(label, `"${text}" is not a date (use ISO 8601, e.g. 2026-11-23T08:00:00Z)`);
		return new Date(time).toISOString();
	}

	idList(label: string, value: unknown, max?: number): string | undefined {
		const ids = this.listOf(value).map((part) => this.id(label, part));
		if (ids.length === 0) return undefined;
		if (max && ids.length > max) this.fail(label, `ServiceTitan accepts at most ${max} IDs here, got ${ids.length}`);
		return ids.join(',');
	}

	numberList(label: string, value: unknown): number[] | undefined {
		const parts = this.listOf(value);
		if (parts.length === 0) return undefined;
		return parts.map((part) => {
			const n = Number(part);
			if (!Number.isFinite(n)) this.fail(label, `"${part}" is not a number`);
			return n;
		});
	}

	stringList(value: unknown): string[] | undefined {
		const parts = this.listOf(value);
		return parts.length ? parts : undefined;
	}

	json(label: string, value: unknown): unknown {
		if (typeof value !== 'string') return value;
		const text = value.trim();
		if (!text) return undefined;
		try {
			return JSON.parse(text);
		} catch (error) {
			this.fail(label, `invalid JSON (${(error as Error).message})`);
		}
	}

	jsonObject(label: string, value: unknown): IDataObject {
		const parsed = this.json(label, value);
		if (parsed === undefined) return {};
		if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) this.fail(label, 'must be a JSON object like {"name": "…"}');
		return parsed as IDataObject;
	}

	private listOf(value: unknown): string[] {
		const raw = Array.isArray(value) ? value : String(value).split(',');
		return raw.map((part) => String(part).trim()).filter(Boolean);
	}
}

/** Keep the named fields, in that order, when present. */
export function simplifyRecord(record: IDataObject, fields: string[]): IDataObject {
	const result: IDataObject = {};
	for (const field of fields) if (record[field] !== undefined) result[field] = record[field];
	return result;
}

/**
 * An API answer as records: arrays as they are, an object as one record, an empty answer (204, a
 * DELETE) as `{ deleted: true }` or `{ success: true }`, a bare value wrapped.
 */
export function responseRecords(response: unknown, deleted: boolean): IDataObject[] {
	if (response === undefined || response === null || response === '') return [deleted ? { deleted: true } : { success: true }];
	if (Array.isArray(response)) return response as IDataObject[];
	if (typeof response !== 'object') return [{ value: response as string | number | boolean }];
	return [response as IDataObject];
}
