import type { INodeProperties } from 'n8n-workflow';
import type { OperationPlan } from '../model/plan';
import { OPERATION_PARAMETERS, WHEN_BODY_BY_FIELDS } from '../model/operationParameters';
import { displayNameOf } from '../model/plan';
import { externalKeyProperties } from './externalKey';
import { collectionMember, locationsProperties, topLevelProperty } from './fieldProperties';
import { reportOptionsProperty } from '../reporting/options';
import { reportParametersProperties, versionsBefore, versionsFrom } from '../reporting/properties';

/**
 * Display order of an operation's properties, so each operation reads top-down: IDs, required fields, the
 * body, paging, the export cursor, collections, the output file, Simplify.
 */
export const RANK = {
	path: 0,
	query: 1,
	specifyBody: 2,
	body: 3,
	jsonBody: 4,
	binaryInput: 5,
	paging: 6,
	export: 7,
	collection: 8,
	externalKey: 9,
	binaryOutput: 10,
	simplify: 11,
} as const;

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
		const inBody = param.location === 'body' ? WHEN_BODY_BY_FIELDS : {};
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

	const P = OPERATION_PARAMETERS;
	if (plan.bodyMode === 'fields') {
		add(RANK.specifyBody, P.specifyBody.property);
		add(RANK.jsonBody, P.jsonObjectBody.property);
	} else if (plan.bodyMode === 'array') {
		add(RANK.jsonBody, P.jsonArrayBody.property);
	} else if (plan.bodyMode === 'binary') {
		add(RANK.binaryInput, P.inputBinaryField.property);
	}

	if (plan.paged || plan.export) {
		add(RANK.paging, P.returnAll.property);
		add(RANK.paging, P.limit.property);
	}
	if (plan.export) {
		add(RANK.export, P.from.property);
		add(RANK.export, P.includeRecentChanges.property);
		add(RANK.export, P.includeCursor.property);
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
		if (collection.location === 'body') property.displayOptions = { show: WHEN_BODY_BY_FIELDS };
		add(RANK.collection, property);
	}
	if (plan.reportRun) add(RANK.collection, reportOptionsProperty());
	if (plan.keyedCreate) for (const property of externalKeyProperties(plan.keyedCreate.kind, Boolean(plan.keyedCreate.update))) add(RANK.externalKey, property);

	if (plan.binaryResponse) add(RANK.binaryOutput, P.outputBinaryField.property);
	if (plan.simplify) add(RANK.simplify, P.simplify.property);
	return ranked;
}
