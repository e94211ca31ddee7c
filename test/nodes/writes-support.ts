import { findOperation } from '../../nodes/ServiceTitan/catalog';
import type { OperationSpec } from '../../nodes/ServiceTitan/catalog/types';

export function getCatalogEntry(resource: string, operation: string): OperationSpec {
	const found = findOperation(resource, operation);
	if (!found) throw new Error(`no operation ${resource}/${operation}`);
	return found.operation;
}
