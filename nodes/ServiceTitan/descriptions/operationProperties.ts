import type { INodeProperties } from 'n8n-workflow';
import type { OperationPlan } from '../model/plan';
import { displayNameOf } from '../model/plan';
import { externalKeyProperties } from './externalKey';
import { collectionMember, locationsProperties, topLevelProperty } from './fieldProperties';
import { reportOptionsProperty } from '../reporting/options';
import { reportParametersProperties, versionsBefore, versionsFrom } from '../reporting/properties';

/**
 * Display order of an operation's properties, so each operation reads top-down: IDs, required fields, the
 * body, paging, the export cursor, collections, the output file, Simplify.
 */
export const RANK = { path: 0, query: 1, specifyBody: 2, body: 3, jsonBody: 4, binaryInput: 5, paging: 6, export: 7, collection: 8, externalKey: 9, binaryOutput: 10, simplify: 11 } as const;

export interface RankedProperty {
	property: INodeProperties;
	rank: number;
}

/** Every property an operation shows, each with its place in the display order. */
export function operationProperties(plan: OperationPlan): RankedProperty[] {
	const ranked: RankedProperty[] = [];
	const add = (rank: number, property: INodeProperties) => ranked.push({ property, rank });

	for (const param of plan.params.filter((p) => !p.collection)) {
		const rank = RANK[param.location];
		const inBody = param.location === 'body' ? { specifyBody: ['fields'] } : {};
		if (param.curation.shape === 'locations') {
			for (const property of locationsProperties(param)) add(rank, { ...property, displayOptions: { show: { ...inBody, ...property.displayOptions?.show } } });
			continue;
		}
		if (param.curation.shape === 'reportParameters') {
			const json = topLevelProperty({ ...param, curation: { ...param.curation, shape: undefined } });
			for (const property of reportParametersProperties(param, json, displayNameOf(param), param.curation.since ?? 1)) {
				add(rank, { ...property, displayOptions: { show: { ...inBody, ...property.displayOptions?.show } } });
			}
			continue;
		}
		if (param.curation.since) {
			// Versions before the curation keep the field as the generated catalog has it (what they saved); later ones get the curated one.
			// A picker's ID was labelled "… ID" there, as a picker inside a collection still is.
			const legacyCuration = param.curation.locator ? { displayName: `${displayNameOf(param)} ID`, description: param.curation.description } : {};
			const legacy = topLevelProperty({ ...param, curation: legacyCuration });
			add(rank, { ...legacy, displayOptions: { show: { ...inBody, '@version': versionsBefore(param.curation.since) } } });
			add(rank, { ...topLevelProperty(param), displayOptions: { show: { ...inBody, '@version': versionsFrom(param.curation.since) } } });
			continue;
		}
		const property = topLevelProperty(param);
		if (param.location === 'body') property.displayOptions = { show: inBody };
		add(rank, property);
	}

	if (plan.bodyMode === 'fields') {
		add(RANK.specifyBody, {
			displayName: 'Specify Body',
			name: 'specifyBody',
			type: 'options',
			options: [
				{ name: 'Using Fields Below', value: 'fields' },
				{ name: 'Using JSON', value: 'json' },
			],
			default: 'fields',
			description: 'Fill the request body field by field, or send a JSON object as ServiceTitan documents it',
		});
		add(RANK.jsonBody, {
			displayName: 'JSON Body',
			name: 'jsonBody',
			type: 'json',
			default: '{}',
			required: true,
			displayOptions: { show: { specifyBody: ['json'] } },
			description: 'The request body as a JSON object, with the field names ServiceTitan documents',
		});
	} else if (plan.bodyMode === 'array') {
		add(RANK.jsonBody, {
			displayName: 'JSON Body',
			name: 'jsonBody',
			type: 'json',
			default: '[]',
			required: true,
			description: 'The request body: a JSON array',
		});
	} else if (plan.bodyMode === 'binary') {
		add(RANK.binaryInput, {
			displayName: 'Input Binary Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			required: true,
			hint: 'The name of the input binary field containing the file to upload',
		});
	}

	if (plan.paged || plan.export) {
		add(RANK.paging, {
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		});
		add(RANK.paging, {
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		});
	}
	if (plan.export) {
		add(RANK.export, {
			displayName: 'From',
			name: 'from',
			type: 'string',
			default: '',
			placeholder: 'e.g. 2026-01-01 or a continueFrom token',
			description:
				'Where the export starts: the continueFrom of an earlier export (see Add Cursor Item), or a date (records modified since). Empty starts from the beginning.',
		});
		add(RANK.export, {
			displayName: 'Include Recent Changes',
			name: 'includeRecentChanges',
			type: 'boolean',
			default: false,
			description: 'Whether to include changes of the last few minutes, at the cost of possibly receiving a record again later',
		});
		add(RANK.export, {
			displayName: 'Add Cursor Item',
			name: 'includeCursor',
			type: 'boolean',
			default: false,
			description:
				'Whether to add a last item { continueFrom, hasMore }: pass its continueFrom as From next time to get only what changed since. With a limit, whole export pages are returned so nothing is skipped.',
		});
	}

	for (const collection of plan.collections) {
		const members = plan.params.filter((p) => p.collection === collection.name);
		const property: INodeProperties = {
			displayName: collection.displayName,
			name: collection.name,
			type: 'collection',
			placeholder: collection.placeholder,
			default: {},
			options: members.map((p) => collectionMember(p)).sort((a, b) => String(a.displayName).localeCompare(String(b.displayName))),
		};
		if (collection.location === 'body') property.displayOptions = { show: { specifyBody: ['fields'] } };
		add(RANK.collection, property);
	}
	if (plan.reportRun) add(RANK.collection, reportOptionsProperty());
	if (plan.keyedCreate) for (const property of externalKeyProperties(plan.keyedCreate.kind, Boolean(plan.keyedCreate.update))) add(RANK.externalKey, property);

	if (plan.binaryResponse) {
		add(RANK.binaryOutput, {
			displayName: 'Put Output File in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			required: true,
			hint: 'The name of the output binary field to put the file in',
		});
	}
	if (plan.simplify) {
		add(RANK.simplify, {
			displayName: 'Simplify',
			name: 'simplify',
			type: 'boolean',
			default: true,
			description: 'Whether to return a simplified version of the response instead of the raw data',
		});
	}
	return ranked;
}
