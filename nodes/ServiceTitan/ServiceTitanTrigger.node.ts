import { NodeOperationError, type IDataObject, type INodeExecutionData, type INodeType, type INodeTypeDescription, type IPollFunctions } from 'n8n-workflow';
import { mainConnection } from './compatibility';
import { getClient, CREDENTIAL_TYPE } from './helpers/connection';
import { toNodeError } from './helpers/errors';
import { DATE_TIME_HINT, notADate } from './model/converter';
import { findFeed, type TriggerFeed } from './trigger/feeds';
import { eventOptionsOf, N8N_CUSTOM_API_CALL, NO_CUSTOM_API_CALL_TRIGGER, TRIGGER_PROPERTIES } from './trigger/properties';
import { changeEventOf, FIELD_CHANGED } from './trigger/changeEvents';
import { FIRST_PAGE_FLOOR_MS, pollBudgetMs, shortestPollIntervalMs } from './trigger/budget';
import { getPollLeases } from './trigger/lease';
import { CursorRejectedError, fingerprintOf, pollExportFeed, pollListFeed, wallClock } from './trigger/poll';
import type { PollSettings, RecordCondition, StartMode, TriggerEvent } from './trigger/judge';
import { readState, writeState } from './trigger/state';
import type { ServiceTitanClient } from './transport';
import { TRIGGER_BUILDER_HINT } from './helpers/builderHints';

const MANUAL_SAMPLE_SIZE = 5;
/** A lease outlives its poll's deadline by this much, in case the poll never returns. */
const LEASE_SLACK_MS = 30_000;

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
		properties: TRIGGER_PROPERTIES,
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
		if (eventValue === FIELD_CHANGED && !changedField)
			throw new NodeOperationError(this.getNode(), 'Field: name the record field whose changes should trigger (e.g. jobStatus)');
		const changeEvent = changeEventOf(resource, eventValue, {
			field: changedField,
			value: eventValue === FIELD_CHANGED ? (this.getNodeParameter('changedTo', '') as string) : undefined,
		});
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
		throw new NodeOperationError(ctx.getNode(), `Start Date: ${notADate(value, DATE_TIME_HINT)}`);
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
