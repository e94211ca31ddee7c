/** The value kinds: one table gives each kind its editor property and its converter. */
import type { FieldCuration } from '../../nodes/ServiceTitan/catalog/curation';
import type { FieldSpec } from '../../nodes/ServiceTitan/catalog/types';
import { VALUE_KINDS, convertValue, valueKind } from '../../nodes/ServiceTitan/model/values';
import { converter, field } from './fixtures';

const c = converter();
const send = (f: FieldSpec, value: unknown, curation: FieldCuration = {}) => convertValue(c, 'Label', f, curation, value);

describe('which kind a value is', () => {
	test('the curation wins over the wire type: dropdown, multi-select, fixed choices', () => {
		const id = field('typeId', 'number');
		expect(valueKind(id, { optionsSource: 'jobType' })).toBe('dropdown');
		expect(valueKind(field('typeIds', 'numberList'), { multiOptionsSource: 'tagType' })).toBe('multiDropdown');
		expect(valueKind(field('priority', 'string'), { options: ['Normal', 'High'] })).toBe('choice');
		expect(valueKind(id, {})).toBe('number');
	});
});

describe('editor properties', () => {
	test('dropdowns name the loader derived from the catalog', () => {
		expect(VALUE_KINDS.dropdown.property(field('jobTypeId', 'number'), { optionsSource: 'jobType' })).toMatchObject({
			type: 'options',
			typeOptions: { loadOptionsMethod: 'jobTypes' },
			default: '',
		});
		expect(VALUE_KINDS.multiDropdown.property(field('ids', 'numberList'), { multiOptionsSource: 'projectStatus' })).toMatchObject({
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'projectStatuses' },
			default: [],
		});
	});

	test('fixed choices default to the first and are shown sorted', () => {
		expect(VALUE_KINDS.choice.property(field('priority', 'string'), { options: ['Normal', 'Low', 'High'] })).toMatchObject({
			type: 'options',
			default: 'Normal',
			options: [
				{ name: 'High', value: 'High' },
				{ name: 'Low', value: 'Low' },
				{ name: 'Normal', value: 'Normal' },
			],
		});
	});

	test('passwords are masked, lists are text with an example, JSON defaults to its shape', () => {
		expect(VALUE_KINDS.string.property(field('password', 'string'), {})).toMatchObject({ typeOptions: { password: true } });
		expect(VALUE_KINDS.string.property(field('memo', 'string'), {}).typeOptions).toBeUndefined();
		expect(VALUE_KINDS.idList.property(field('ids', 'idList'), {})).toMatchObject({ type: 'string', placeholder: 'e.g. 101, 102' });
		expect(VALUE_KINDS.json.property(field('items', 'json', { jsonShape: 'array' }), {}).default).toBe('[]');
		expect(VALUE_KINDS.json.property(field('data', 'json'), {}).default).toBe('{}');
	});
});

describe('converters', () => {
	test('not set is left out: undefined, null, blank text, blank numbers', () => {
		expect(send(field('memo', 'string'), undefined)).toBeUndefined();
		expect(send(field('memo', 'string'), null)).toBeUndefined();
		expect(send(field('memo', 'string'), '')).toBeUndefined();
		expect(send(field('total', 'number'), '  ')).toBeUndefined();
		expect(send(field('typeId', 'number'), '', { optionsSource: 'jobType' })).toBeUndefined();
	});

	test('numbers, whole numbers and booleans from text', () => {
		expect(send(field('total', 'number'), '12.5')).toBe(12.5);
		expect(() => send(field('count', 'number', { integer: true }), '1.5')).toThrow('Label: "1.5" is not a whole number');
		expect(send(field('active', 'boolean'), 'TRUE')).toBe(true);
		expect(() => send(field('active', 'boolean'), 'yes')).toThrow('Label: "yes" is not true or false');
	});

	test('ID lists: digits only, at most 50 in an `ids` filter', () => {
		expect(send(field('ids', 'idList'), '1, 2,3')).toBe('1,2,3');
		expect(() => send(field('ids', 'idList'), '1,x')).toThrow('"x" is not a ServiceTitan ID');
		const many = Array.from({ length: 51 }, (_, i) => i + 1).join(',');
		expect(() => send(field('ids', 'idList'), many)).toThrow('at most 50 IDs here, got 51');
		expect(send(field('jobIds', 'idList'), many)).toBe(many);
	});

	test('number and text lists become JSON arrays; a multi-select sends numbers', () => {
		expect(send(field('skus', 'numberList'), '4, 5')).toEqual([4, 5]);
		expect(send(field('tags', 'stringList'), 'a, b')).toEqual(['a', 'b']);
		expect(send(field('tagTypeIds', 'numberList'), ['7', '8'], { multiOptionsSource: 'tagType' })).toEqual([7, 8]);
	});

	test('a dropdown sends the ID as a number and refuses a name', () => {
		expect(send(field('jobTypeId', 'number'), '42', { optionsSource: 'jobType' })).toBe(42);
		expect(() => send(field('jobTypeId', 'number'), 'Plumbing', { optionsSource: 'jobType' })).toThrow(
			'Label: "Plumbing" is not a ServiceTitan ID (IDs are whole numbers)',
		);
	});

	test('dates to ISO 8601 in UTC, read in the workflow timezone when they carry none', () => {
		expect(send(field('start', 'dateTime'), '2026-11-23T08:00:00Z')).toBe('2026-11-23T08:00:00.000Z');
		expect(convertValue(converter('America/Chicago'), 'Start', field('start', 'dateTime'), {}, '2026-11-23 08:00')).toBe('2026-11-23T14:00:00.000Z');
		expect(() => send(field('start', 'dateTime'), '2026-02-30')).toThrow('is not a real date or time');
	});

	test('JSON text is parsed, and bad JSON is an error naming the field', () => {
		expect(send(field('data', 'json'), '{"a": 1}')).toEqual({ a: 1 });
		expect(() => send(field('data', 'json'), '{a')).toThrow(/^Label: invalid JSON/);
	});

	test('fixed choices are sent as the field’s type sends them', () => {
		expect(send(field('priority', 'string'), 'High', { options: ['Normal', 'High'] })).toBe('High');
		expect(send(field('level', 'number'), '2', { options: ['1', '2'] })).toBe(2);
	});
});
