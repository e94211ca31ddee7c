/**
 * Task-shaped operations (Customer > Get Card, Job > Get Detail, Technician > Get Availability): one answer assembled
 * from a few catalog reads, each read described as data (which catalog operation, what it sends and where those values
 * come from). One engine (actions/taskOperation.ts) runs them all; the request bound of each is derived from its data.
 */
import { TASK_OPERATIONS } from './curated/tasks';

import type { TaskOperation } from './taskTypes';

export type { TaskValue, TaskRead, TaskInput, FreeWindows, TaskOperation } from './taskTypes';

/** How Get Card finds its customer (ID, or a Find match rule); what it answers when several match. */
export const LOOKUP_BY = { id: 'id' } as const;
export const TASK_IF_SEVERAL_FOUND = { candidates: 'candidates', useOldest: 'useOldest', error: 'error' } as const;

/** ServiceTitan's `ids`-style filters take at most 50 IDs. */
export const IDS_PER_REQUEST = 50;

/** The most requests one item can cost: the primary read (or the lookup that replaces it) and every read's batches. */
export function requestBound(task: TaskOperation): number {
	return 1 + task.reads.reduce((sum, read) => sum + (read.batches ?? 1), 0);
}

/** The sentence an AI agent reads (n8n's automatic tool description): what it does, needs, returns, and costs. */
export function taskToolDescription(task: TaskOperation): string {
	const needs = task.inputs.filter((input) => input.required).map((input) => input.displayName.toLowerCase());
	return `${task.description}; needs ${needs.join(', ') || 'no input'}; returns ${task.returns}; at most ${requestBound(task)} requests`;
}

export function taskDescription(task: TaskOperation): string {
	return `${task.description}. At most ${requestBound(task)} requests, side by side where independent.`;
}

export function taskOperationsOf(resource: string): TaskOperation[] {
	return TASK_OPERATIONS.filter((task) => task.resource === resource);
}

export function findTaskOperation(resource: string, operation: string): TaskOperation | undefined {
	return TASK_OPERATIONS.find((task) => task.resource === resource && task.value === operation);
}

export { TASK_OPERATIONS };
