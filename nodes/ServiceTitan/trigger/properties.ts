import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { FIELD_CHANGED, statusEventsOf } from './changeEvents';
import { TRIGGER_FEEDS, type TriggerFeed } from './feeds';

/** The value n8n gives the "Custom API Call" it appends to the Resource list. */
export const N8N_CUSTOM_API_CALL = '__CUSTOM_API_CALL__';
export const NO_CUSTOM_API_CALL_TRIGGER =
	'Custom API Call cannot trigger a workflow: choose the records to watch in Resource. To call any ServiceTitan endpoint on a schedule, use a Schedule Trigger and the ServiceTitan node’s Custom API Call.';

/** The record events every resource offers, and Field Changed. */
const RECORD_EVENTS: INodePropertyOptions[] = [
	{ name: 'Any Change', value: 'any', description: 'Every change, including deactivations and deletions' },
	{ name: 'Created', value: 'created', description: 'Records that are new since the last poll' },
	{ name: 'Created or Updated', value: 'createdOrUpdated', description: 'Active records that are new or changed' },
	{ name: 'Deactivated or Deleted', value: 'deactivatedOrDeleted', description: 'Records set inactive or deleted' },
	{ name: 'Field Changed', value: FIELD_CHANGED, description: 'A field you name changes (optionally: to a value you name), not on every update' },
	{ name: 'Updated', value: 'updated', description: 'Existing active records that changed' },
];

/**
 * The events a resource offers: the record events, its status events beside them, or, for a list that
 * shows only new records, the events that can tell anything apart there.
 */
export function eventOptionsOf(feed: TriggerFeed): INodePropertyOptions[] {
	if (feed.kind === 'list' && feed.filter.createOnly) {
		// No update, deactivation or deletion is visible; a field's changes are where the filter reads modifications.
		const changesVisible = feed.filter.field !== 'createdOn';
		return RECORD_EVENTS.filter((option) => option.value === 'created' || option.value === 'any' || (changesVisible && option.value === FIELD_CHANGED));
	}
	const statusEvents = statusEventsOf(feed.value).map((event) => ({ name: event.name, value: event.value, description: event.description }));
	return statusEvents.length ? [...RECORD_EVENTS, ...statusEvents].sort((a, b) => a.name.localeCompare(b.name)) : RECORD_EVENTS;
}

/** Resources whose events differ from the record events: each has an Event parameter of its own. */
const OWN_EVENTS = TRIGGER_FEEDS.filter((feed) => eventOptionsOf(feed) !== RECORD_EVENTS);

/**
 * The Event parameter: one for the resources with events of their own, one for every other resource.
 * Same name, so a saved workflow keeps its value.
 */
function eventProperties(): INodeProperties[] {
	const base: INodeProperties = { displayName: 'Event', name: 'event', type: 'options', noDataExpression: true, options: RECORD_EVENTS, default: 'createdOrUpdated' };
	return [
		{ ...base, displayOptions: { hide: { resource: OWN_EVENTS.map((feed) => feed.value) } } },
		...OWN_EVENTS.map((feed) => {
			const options = eventOptionsOf(feed);
			const offersDefault = options.some((option) => option.value === base.default);
			return { ...base, options, default: offersDefault ? base.default : 'created', displayOptions: { show: { resource: [feed.value] } } };
		}),
	];
}

function resourceOption(feed: TriggerFeed): INodePropertyOptions {
	if (feed.kind === 'export') return { name: feed.name, value: feed.value, description: `Export feed ${feed.operation.path}` };
	const what = feed.filter.createOnly ? 'new records only' : 'changes';
	return { name: feed.name, value: feed.value, description: `Polled list ${feed.operation.path} (${what}, by ${feed.filter.query})` };
}

/** The polling trigger's parameters: the resource (a feed), its event, the start, filters and options. */
export const TRIGGER_PROPERTIES: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: TRIGGER_FEEDS.map(resourceOption),
		default: 'job',
		description:
			'Which records to watch: every ServiceTitan export feed, and every list that filters by modification (or creation) time for records without one (the option says which)',
	},
	{
		// n8n appends its own "Custom API Call" to this Resource list (every node with this credential gets it) and the
		// option cannot be kept out; picking it would fail only at activation, so the editor says so at once.
		displayName: NO_CUSTOM_API_CALL_TRIGGER,
		name: 'customApiCallNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: [N8N_CUSTOM_API_CALL] } },
	},
	...eventProperties(),
	{
		displayName: 'Field',
		name: 'changedField',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. jobStatus or address.city',
		description: 'The record field to watch (a dotted path for nested fields)',
		displayOptions: { show: { event: [FIELD_CHANGED] } },
	},
	{
		displayName: 'Changed To',
		name: 'changedTo',
		type: 'string',
		default: '',
		placeholder: 'e.g. Completed',
		description: 'Only when the field takes this value (case-insensitive; a { name } object matches by name). Empty: any change of the field.',
		displayOptions: { show: { event: [FIELD_CHANGED] } },
	},
	{
		displayName: 'Start',
		name: 'start',
		type: 'options',
		options: [
			{ name: 'From Now', value: 'now', description: 'The first poll only positions the trigger; only changes made after it are emitted' },
			{ name: 'From a Date', value: 'date', description: 'Emit every change since a date, then keep following' },
			{ name: 'Whole History', value: 'beginning', description: 'Emit every record ServiceTitan has, then keep following' },
		],
		default: 'now',
	},
	{
		displayName:
			"n8n stores the position when the workflow is activated. With n8n's opt-in durable poll cursors (N8N_POLLER_DURABLE_CURSORS_ENABLED) it keeps it only from the first emitted record: a restart before then positions the trigger again, and changes made while n8n was down are not emitted.",
		name: 'fromNowNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { start: ['now'] } },
	},
	{
		displayName: 'Start Date',
		name: 'startDate',
		type: 'dateTime',
		default: '',
		required: true,
		displayOptions: { show: { start: ['date'] } },
	},
	{
		displayName: 'Filters',
		name: 'conditions',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Filter',
		default: {},
		description: 'Only emit records whose fields match (checked here, after ServiceTitan returns them)',
		options: [
			{
				displayName: 'Condition',
				name: 'condition',
				values: [
					{ displayName: 'Field', name: 'field', type: 'string', default: '', placeholder: 'e.g. jobStatus or address.city' },
					{
						displayName: 'Operator',
						name: 'operator',
						type: 'options',
						options: [
							{ name: 'Contains', value: 'contains' },
							{ name: 'Equals', value: 'equals' },
							{ name: 'Is One Of (Comma-Separated)', value: 'oneOf' },
							{ name: 'Not Equals', value: 'notEquals' },
						],
						default: 'equals',
					},
					{ displayName: 'Value', name: 'value', type: 'string', default: '', placeholder: 'e.g. Completed' },
				],
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Include Recent Changes',
				name: 'includeRecentChanges',
				type: 'boolean',
				default: false,
				description: 'Whether to receive changes of the last minutes sooner. ServiceTitan may then send a record again; the trigger drops such repeats.',
			},
			{
				displayName: 'Max Records per Poll',
				name: 'maxRecordsPerPoll',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1000,
				description: 'Stop after this many records (completing the current export page); the rest come with the next poll',
			},
			{
				displayName: 'Output',
				name: 'output',
				type: 'options',
				options: [
					{ name: 'One Item per Record', value: 'perRecord' },
					{ name: 'One Item per Poll', value: 'perPoll' },
				],
				default: 'perRecord',
			},
			{
				displayName: 'Reset Cursor',
				name: 'resetCursor',
				type: 'boolean',
				default: false,
				description: 'Whether to forget the position and start again from Start. Each change of this switch (on or off) resets once.',
			},
		],
	},
];
