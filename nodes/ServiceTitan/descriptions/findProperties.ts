import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import type { CatalogEntry } from '../catalog';
import { FIND_OPERATIONS, MATCH_RULE_NAMES, type Findable } from '../catalog/find';
import { externalKeyProperties } from './externalKey';
import { withToolDescription } from './toolDescription';

/** What Find returns when nothing matches; what Find or Create does when several records match. */
export const IF_NONE_FOUND = { noItems: 'noItems', emptyItem: 'emptyItem', error: 'error' } as const;
export const IF_SEVERAL_FOUND = { useOldest: 'useOldest', error: 'error' } as const;

/** The Operation dropdown's entries for Find and Find or Create. */
export function findOperationOptions({ resource }: CatalogEntry): INodePropertyOptions[] {
	const noun = resource.name.toLowerCase();
	const many = resource.plural.toLowerCase();
	return [
		withToolDescription(
			{
				name: 'Find',
				value: FIND_OPERATIONS.find,
				description: `Find ${many} by external key, phone, address or name, in the order of the match rules`,
				action: `Find ${many}`,
			},
			`Find ${many} by the match rules set on the node (external key, phone, email, address or name), the first rule that finds records deciding; returns the matching ${many}, one item each`,
		),
		withToolDescription(
			{
				name: 'Find or Create',
				value: FIND_OPERATIONS.findOrCreate,
				description: `Return the ${noun} matching the rules, or create it when none does`,
				action: `Find or create a ${noun}`,
			},
			`Find the ${noun} matching the node's rules (external key, phone, email, address or name) and create it from the given fields when none does, never twice; returns the ${noun} found or created`,
		),
	];
}

/**
 * Find's and Find or Create's own properties for one resource (Find or Create also shows every property of Create,
 * descriptions/render.ts). The match rules are ordered by the user: the first rule that finds records decides.
 */
export function findProperties(entry: CatalogEntry, findable: Findable): INodeProperties[] {
	const resource = entry.resource.value;
	const both = { resource: [resource], operation: [FIND_OPERATIONS.find, FIND_OPERATIONS.findOrCreate] };
	const findOnly = { resource: [resource], operation: [FIND_OPERATIONS.find] };
	const orCreateOnly = { resource: [resource], operation: [FIND_OPERATIONS.findOrCreate] };
	const noun = entry.resource.name.toLowerCase();
	const properties: INodeProperties[] = [
		{
			displayName: 'Match Rules',
			name: 'matchRules',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true, sortable: true },
			placeholder: 'Add Match Rule',
			default: {},
			displayOptions: { show: both },
			description: `How a ${noun} is recognised, in order: the first rule that finds records decides, and a rule whose value is empty for an item is skipped`,
			options: [
				{
					name: 'rule',
					displayName: 'Rule',
					values: [
						{
							displayName: 'Match On',
							name: 'on',
							type: 'options',
							options: findable.rules.map((rule) => ({ name: MATCH_RULE_NAMES[rule], value: rule })),
							default: 'name',
						},
					],
				},
			],
		},
	];
	const value = (name: string, displayName: string, description: string, placeholder?: string): INodeProperties => ({
		displayName,
		name,
		type: 'string',
		default: '',
		...(placeholder ? { placeholder } : {}),
		displayOptions: { show: findOnly },
		description,
	});
	if (findable.rules.includes('externalKey')) {
		for (const property of externalKeyProperties('externalData', false).filter((p) => p.name !== 'ifExists')) {
			properties.push({ ...property, displayOptions: { show: findOnly }, description: `The ${property.displayName} the External Key rule looks for` });
		}
	}
	if (findable.rules.includes('phone')) {
		properties.push(
			value('matchPhone', 'Phone', `Phone number of one of the ${noun}'s contacts. Formatting and a leading country code 1 are ignored.`, 'e.g. (512) 555-0142'),
		);
	}
	if (findable.rules.includes('address')) {
		properties.push(value('matchStreet', 'Street', 'Street of the address (with Zip)', 'e.g. 12 Elm Street'));
		properties.push(value('matchZip', 'Zip', 'Zip code of the address (with Street)', 'e.g. 78701'));
	}
	if (findable.rules.includes('name')) properties.push(value('matchName', 'Name', `The ${noun}'s name, compared ignoring case and repeated spaces`));
	if (findable.scopeField) {
		properties.push({
			...value('matchScope', 'Customer ID', `Only ${entry.resource.plural.toLowerCase()} of this customer (optional)`),
			type: 'string',
		});
	}
	const includeRelated: INodeProperties = {
		displayName: findable.related.length > 1 ? 'Include Contacts and Locations' : 'Include Contacts',
		name: 'includeRelated',
		type: 'boolean',
		default: false,
		description: `Whether to add the ${noun}'s ${findable.related.map((r) => r.field).join(' and ')} to each record (one request each)`,
	};
	properties.push(
		optionsFor(findOnly, [
			{
				displayName: 'If None Found',
				name: 'ifNoneFound',
				type: 'options',
				options: [
					{ name: 'Return No Items', value: IF_NONE_FOUND.noItems },
					{ name: 'Return an Empty Item', value: IF_NONE_FOUND.emptyItem, description: 'One item { found: false }, so the workflow goes on' },
					{ name: 'Error', value: IF_NONE_FOUND.error },
				],
				default: 'noItems',
			},
			includeRelated,
		]),
	);
	properties.push(
		optionsFor(orCreateOnly, [
			{
				displayName: 'If Several Found',
				name: 'ifSeveralFound',
				type: 'options',
				options: [
					{ name: 'Use the Oldest', value: IF_SEVERAL_FOUND.useOldest },
					{ name: 'Error Naming the IDs', value: IF_SEVERAL_FOUND.error },
				],
				default: 'useOldest',
			},
			includeRelated,
			{
				displayName: 'Update Found Record',
				name: 'updateFound',
				type: 'boolean',
				default: false,
				description: `Whether to update a found ${noun} with the given fields its Update takes (a found record is otherwise returned unchanged)`,
			},
		]),
	);
	return properties;
}

/** An Options collection shown for these resources and operations. */
export function optionsFor(show: Record<string, string[]>, options: INodeProperties[]): INodeProperties {
	return { displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, displayOptions: { show }, options };
}
