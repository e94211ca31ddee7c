import type { IExecuteFunctions } from 'n8n-workflow';
import { OPERATION_PARAMETERS, type OperationParameter } from '../../nodes/ServiceTitan/model/operationParameters';

/** getNodeParameter over one item's saved parameters: n8n answers the fallback for a parameter the item lacks. */
function itemWith(saved: Record<string, unknown>): Pick<IExecuteFunctions, 'getNodeParameter'> {
	return {
		getNodeParameter: ((name: string, _itemIndex: number, fallback?: unknown) => (name in saved ? saved[name] : fallback)) as IExecuteFunctions['getNodeParameter'],
	};
}

const readers = Object.entries(OPERATION_PARAMETERS).filter((entry): entry is [string, OperationParameter<unknown>] => 'read' in entry[1]);

describe('operation parameters: the property the editor shows and the reader execute uses', () => {
	test.each(readers)('%s reads the value saved under its property’s name', (_key, parameter) => {
		const saved = parameter.property.type === 'boolean' ? !parameter.property.default : parameter.property.type === 'number' ? 7 : 'json';
		expect(parameter.read(itemWith({ [parameter.property.name]: saved }), 0)).toEqual(saved);
	});

	test('an item saved before a parameter existed reads what the editor shows by default', () => {
		const empty = itemWith({});
		expect(OPERATION_PARAMETERS.specifyBody.read(empty, 0)).toBe('fields');
		expect(OPERATION_PARAMETERS.jsonObjectBody.read(empty, 0)).toBe('{}');
		expect(OPERATION_PARAMETERS.jsonArrayBody.read(empty, 0)).toBe('[]');
		expect(OPERATION_PARAMETERS.returnAll.read(empty, 0)).toBe(false);
		expect(OPERATION_PARAMETERS.limit.read(empty, 0)).toBe(50);
		expect(OPERATION_PARAMETERS.from.read(empty, 0)).toBeUndefined();
		expect(OPERATION_PARAMETERS.includeRecentChanges.read(empty, 0)).toBe(false);
		expect(OPERATION_PARAMETERS.includeCursor.read(empty, 0)).toBe(false);
		expect(OPERATION_PARAMETERS.simplify.read(empty, 0)).toBe(true);
	});

	test('From is trimmed, and blank means from the beginning', () => {
		expect(OPERATION_PARAMETERS.from.read(itemWith({ from: '  2026-01-01 ' }), 0)).toBe('2026-01-01');
		expect(OPERATION_PARAMETERS.from.read(itemWith({ from: '   ' }), 0)).toBeUndefined();
	});
});
