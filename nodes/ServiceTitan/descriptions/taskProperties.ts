import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { findEntry, type CatalogEntry } from '../catalog';
import { findableOf, MATCH_RULE_NAMES, type MatchRule } from '../catalog/find';
import { LOOKUP_BY, TASK_IF_SEVERAL_FOUND, taskDescription, taskOperationsOf, taskToolDescription, type TaskOperation } from '../catalog/tasks';
import { optionsFor } from './findProperties';
import { locatorProperty } from './locators';
import { withToolDescription } from './toolDescription';

/** The Operation dropdown's entries for a resource's task operations. */
export function taskOperationOptions({ resource }: CatalogEntry): INodePropertyOptions[] {
	return taskOperationsOf(resource.value).map((task) =>
		withToolDescription({ name: task.name, value: task.value, description: taskDescription(task), action: task.action }, taskToolDescription(task)),
	);
}

/** The properties of the task operations of these resources; Simplify is one property shown for all of them. */
export function taskProperties(entries: CatalogEntry[]): INodeProperties[] {
	const tasks = entries.flatMap(({ resource }) => taskOperationsOf(resource.value));
	if (tasks.length === 0) return [];
	const properties = tasks.flatMap(operationProperties);
	properties.push({
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		displayOptions: { show: { resource: tasks.map((task) => task.resource), operation: tasks.map((task) => task.value) } },
		description: 'Whether to return the compact answer (the fields an agent or a person reads) instead of every field of every record',
	});
	return properties;
}

function operationProperties(task: TaskOperation): INodeProperties[] {
	const show = { resource: [task.resource], operation: [task.value] };
	const entry = findEntry(task.resource);
	const findable = task.lookup && entry ? findableOf(entry.resource) : undefined;
	const rules = (findable?.rules ?? []).filter((rule): rule is Exclude<MatchRule, 'externalKey'> => rule !== 'externalKey');
	const properties: INodeProperties[] = [];
	if (rules.length) {
		properties.push({
			displayName: 'Look Up By',
			name: 'lookupBy',
			type: 'options',
			options: [{ name: 'ID', value: LOOKUP_BY.id }, ...rules.map((rule) => ({ name: MATCH_RULE_NAMES[rule], value: rule }))],
			default: 'id',
			displayOptions: { show },
		});
	}
	// Look Up By may be an expression (an AI tool's $fromAI), and then n8n cannot tell which of the fields it shows:
	// they are not marked required, so its check lets the run start, and the engine refuses an empty one, naming it.
	for (const input of task.inputs) {
		const gated = input.name === 'id' && rules.length > 0;
		const displayOptions = { show: gated ? { ...show, lookupBy: [LOOKUP_BY.id] } : show };
		if (input.kind === 'day') {
			properties.push({
				displayName: input.displayName,
				name: input.name,
				type: 'dateTime',
				required: input.required,
				default: '',
				displayOptions,
				description: input.description,
			});
			continue;
		}
		properties.push(
			locatorProperty(input.resource!, {
				name: input.name,
				displayName: input.displayName,
				required: input.required && !gated,
				description: input.description,
				displayOptions,
			}),
		);
	}
	const value = (rule: MatchRule, name: string, displayName: string, placeholder: string): INodeProperties => ({
		displayName,
		name,
		type: 'string',
		default: '',
		placeholder,
		displayOptions: { show: { ...show, lookupBy: [rule] } },
	});
	if (rules.includes('phone')) properties.push(value('phone', 'matchPhone', 'Phone', 'e.g. (512) 555-0142'));
	if (rules.includes('name')) properties.push(value('name', 'matchName', 'Name', 'e.g. Ann Lee'));
	if (rules.includes('address')) properties.push(value('address', 'matchStreet', 'Street', 'e.g. 12 Elm Street'), value('address', 'matchZip', 'Zip', 'e.g. 78701'));
	if (rules.length) {
		properties.push(
			optionsFor(show, [
				{
					displayName: 'If Several Found',
					name: 'ifSeveralFound',
					type: 'options',
					options: [
						{ name: 'Return the Candidates', value: TASK_IF_SEVERAL_FOUND.candidates, description: 'One item { found, candidates } to choose from; no card is read' },
						{ name: 'Use the Oldest', value: TASK_IF_SEVERAL_FOUND.useOldest },
						{ name: 'Error Naming the IDs', value: TASK_IF_SEVERAL_FOUND.error },
					],
					default: 'candidates',
				},
			]),
		);
	}
	return properties;
}
