import type { INode } from 'n8n-workflow';
import type { FieldSpec, OperationSpec, ResourceSpec } from '../../nodes/ServiceTitan/catalog/types';
import { ValueConverter } from '../../nodes/ServiceTitan/model/converter';

/** A converter for item 0 of a node, reading dates in UTC. */
export const converter = (timezone = 'UTC') => new ValueConverter({ name: 'ServiceTitan' } as INode, 0, timezone);

export const field = (name: string, type: FieldSpec['type'], extra: Partial<FieldSpec> = {}): FieldSpec => ({ name, type, ...extra });

export function operation(value: string, method: OperationSpec['method'], path: string, extra: Partial<OperationSpec> = {}): OperationSpec {
	const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((m) => field(m[1], 'number', { required: true, integer: true }));
	return { operationId: `Test_${value}`, value, name: value, action: value, method, path, pathParams, query: [], ...extra };
}

export const resource = (value: string, name: string, operations: OperationSpec[]): ResourceSpec => ({ value, name, plural: `${name}s`, module: 'crm', operations });
