import {
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type INodeProperties,
	type INodePropertyOptions,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';
import { mainConnection } from './compatibility';
import { getClient, CREDENTIAL_TYPE } from './helpers/connection';
import { toNodeError } from './helpers/errors';
import { findFeed, TRIGGER_FEEDS, type TriggerFeed } from './trigger/feeds';
import { changeEventOf, FIELD_CHANGED, statusEventsOf } from './trigger/changeEvents';
import { FIRST_PAGE_FLOOR_MS, pollBudgetMs, shortestPollIntervalMs } from './trigger/budget';
import { getPollLeases } from './trigger/lease';
import { CursorRejectedError, fingerprintOf, pollExportFeed, pollListFeed, wallClock, type PollSettings, type RecordCondition, type StartMode, type TriggerEvent } from './trigger/poll';
import { readState, writeState } from './trigger/state';
import type { ServiceTitanClient } from './transport';
import { TRIGGER_BUILDER_HINT } from './helpers/builderHints';

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
function eventOptionsOf(feed: TriggerFeed): INodePropertyOptions[] {
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

const MANUAL_SAMPLE_SIZE = 5;
/** A lease outlives its poll's deadline by this much, in case the poll never returns. */
const LEASE_SLACK_MS = 30_000;

/** The value n8n gives the "Custom API Call" it appends to the Resource list. */
const N8N_CUSTOM_API_CALL = '__CUSTOM_API_CALL__';
const NO_CUSTOM_API_CALL_TRIGGER =
	'Custom API Call cannot trigger a workflow: choose the records to watch in Resource. To call any ServiceTitan endpoint on a schedule, use a Schedule Trigger and the ServiceTitan node’s Custom API Call.';

export class ServiceTitanTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ServiceTitan Trigger',
		name: 'serviceTitanTrigger',
		icon: { light: 'file:servicetitan.svg', dark: 'file:servicetitan.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"] + ": " + $parameter["resource"]}}',
		description:
			'Starts the workflow when ServiceTitan records are created, updated, deactivated or change status (export feeds and polled lists, nothing missed or repeated)',
		defaults: { name: 'ServiceTitan Trigger' },
		builderHint: TRIGGER_BUILDER_HINT,
		polling: true,
		inputs: [],
		outputs: [mainConnection()],
		credentials: [{ name: 'serviceTitanOAuth2Api', required: true }],
		properties: [
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
					'n8n stores the position when the workflow is activated. With n8n\'s opt-in durable poll cursors (N8N_POLLER_DURABLE_CURSORS_ENABLED) it keeps it only from the first emitted record: a restart before then positions the trigger again, and changes made while n8n was down are not emitted.',
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
						description:
							'Whether to receive changes of the last minutes sooner. ServiceTitan may then send a record again; the trigger drops such repeats.',
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
						description:
							'Whether to forget the position and start again from Start. Each change of this switch (on or off) resets once.',
					},
				],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const resource = this.getNodeParameter('resource') as string;
		// n8n adds its own "Custom API Call" to this dropdown (the credential has `authenticate`); it is no feed.
		if (resource === N8N_CUSTOM_API_CALL) {
			throw new NodeOperationError(this.getNode(), NO_CUSTOM_API_CALL_TRIGGER);
		}
		const feed = findFeed(resource);
		if (!feed) throw new NodeOperationError(this.getNode(), `Resource "${resource}" has no ServiceTitan export feed or list to poll`);
		const eventValue = this.getNodeParameter('event') as string;
		const changedField = eventValue === FIELD_CHANGED ? (this.getNodeParameter('changedField', '') as string).trim() : '';
		if (eventValue === FIELD_CHANGED && !changedField) throw new NodeOperationError(this.getNode(), 'Field: name the record field whose changes should trigger (e.g. jobStatus)');
		const changeEvent = changeEventOf(resource, eventValue, { field: changedField, value: eventValue === FIELD_CHANGED ? (this.getNodeParameter('changedTo', '') as string) : undefined });
		if (!eventOptionsOf(feed).some((option) => option.value === eventValue)) {
			throw new NodeOperationError(this.getNode(), `Event "${eventValue}" is not an event of ${feed.name}`);
		}
		const event = (changeEvent ? 'any' : eventValue) as TriggerEvent;
		const start = this.getNodeParameter('start') as StartMode;
		const startDate = start === 'date' ? normaliseDate(this, this.getNodeParameter('startDate', '') as string) : undefined;
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const conditions = readConditions(this);
		const client = await getClient(this);

		if (this.getMode() === 'manual') {
			try {
				const sample = await sampleRecent(client, feed);
				return sample.length ? [this.helpers.returnJsonArray(sample)] : null;
			} catch (error) {
				throw toNodeError(this.getNode(), error);
			}
		}

		const credentials = await this.getCredentials(CREDENTIAL_TYPE);
		const fingerprint = fingerprintOf({
			resource,
			start,
			startDate,
			reset: Boolean(options.resetCursor),
			tenant: credentials.tenantId,
			environment: credentials.environment,
			apiBaseUrl: credentials.environment === 'custom' ? credentials.apiBaseUrl : undefined,
		});
		const staticData = this.getWorkflowStaticData('node');
		const startedAt = Date.now();
		const n8nBudget = typeof this.getPollBudgetMs === 'function' ? this.getPollBudgetMs() : undefined;
		const budget = pollBudgetMs(n8nBudget, shortestPollIntervalMs(this.getNodeParameter('pollTimes', {})));
		const deadline = startedAt + budget;
		// A spent budget still lets one page through, so that every poll makes progress.
		const requestDeadline = budget > 0 ? deadline : startedAt + FIRST_PAGE_FLOOR_MS;

		const release = await getPollLeases().acquire(`${this.getWorkflow().id ?? ''}:${this.getNode().id}`, requestDeadline - startedAt + LEASE_SLACK_MS);
		if (!release) {
			this.logger.debug('ServiceTitan Trigger: the previous poll of this trigger is still running; this tick does nothing');
			return null;
		}

		let result;
		try {
			const previous = readState(staticData, fingerprint);
			const settings: PollSettings = {
				event,
				changeEvent,
				start,
				startDate,
				includeRecentChanges: Boolean(options.includeRecentChanges),
				maxRecordsPerPoll: Math.max(1, Number(options.maxRecordsPerPoll ?? 1000) || 1000),
				conditions,
				deadline,
				requestDeadline,
				now: () => wallClock.now(),
				warn: (message) => this.logger.warn(`ServiceTitan Trigger: ${message}`),
			};
			result = feed.kind === 'export' ? await pollExportFeed(client, feed, previous, settings) : await pollListFeed(client, feed, previous, settings);
		} catch (error) {
			// Static data is untouched: the next poll starts where the last successful one ended.
			if (error instanceof CursorRejectedError) {
				throw new NodeOperationError(this.getNode(), error.message, { description: (error.cause as Error)?.message });
			}
			throw toNodeError(this.getNode(), error);
		} finally {
			await release();
		}

		if (result.repeats > 0) this.logger.debug(`ServiceTitan Trigger: dropped ${result.repeats} records ServiceTitan sent again`);
		// Commit the new position only now that the records are about to be returned.
		writeState(staticData, result.state);
		if (result.records.length === 0) return null;
		if (options.output === 'perPoll') {
			return [[{ json: { resource, event: eventValue, count: result.records.length, records: result.records } }]];
		}
		return [this.helpers.returnJsonArray(result.records)];
	}
}

function normaliseDate(ctx: IPollFunctions, value: string): string {
	const time = Date.parse(value);
	if (!value || Number.isNaN(time)) {
		throw new NodeOperationError(ctx.getNode(), `Start Date: "${value}" is not a date`);
	}
	return new Date(time).toISOString();
}

function readConditions(ctx: IPollFunctions): RecordCondition[] {
	const raw = ctx.getNodeParameter('conditions', {}) as { condition?: RecordCondition[] };
	const conditions = (raw.condition ?? []).filter((c) => c.field?.trim());
	return conditions.map((c) => ({ field: c.field.trim(), operator: c.operator, value: String(c.value ?? '') }));
}

/** A few recent records for "Fetch Test Event", without touching the cursor. */
async function sampleRecent(client: ServiceTitanClient, feed: TriggerFeed): Promise<IDataObject[]> {
	if (feed.kind === 'list') {
		const query = feed.filter.sort ? { sort: `-${feed.filter.sort}` } : {};
		return await client.getAll<IDataObject>({ module: feed.resource.module, path: feed.operation.path, query, limit: MANUAL_SAMPLE_SIZE });
	}
	if (feed.listOperation) {
		try {
			return await client.getAll<IDataObject>({ module: feed.resource.module, path: feed.listOperation.path, query: { sort: '-ModifiedOn' }, limit: MANUAL_SAMPLE_SIZE });
		} catch {
			// Some lists reject that sort; fall back to the export feed below.
		}
	}
	const since = new Date(Date.now() - 30 * 24 * 3600_000).toISOString().slice(0, 10);
	for await (const page of client.exportPages<IDataObject>({ module: feed.resource.module, path: feed.operation.path, from: since })) {
		return page.data.slice(-MANUAL_SAMPLE_SIZE).reverse();
	}
	return [];
}
