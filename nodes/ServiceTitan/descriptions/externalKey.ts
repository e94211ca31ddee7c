import type { INodeProperties } from 'n8n-workflow';
import type { KeyKind } from '../catalog/keys';

/** What a keyed create does when a record with its key already exists (actions/keyedCreate.ts). */
export const IF_EXISTS = { returnExisting: 'returnExisting', updateExisting: 'updateExisting', error: 'error', createAnyway: 'createAnyway' } as const;
export type IfExists = (typeof IF_EXISTS)[keyof typeof IF_EXISTS];

/**
 * A keyed create's properties. External data keys are a name and a value (the value usually an expression with the
 * source system's ID); a booking's key is its required External ID, so it only gets If It Already Exists.
 */
export function externalKeyProperties(kind: KeyKind, canUpdate: boolean): INodeProperties[] {
	const keyFields: INodeProperties[] =
		kind === 'externalData'
			? [
					{
						displayName: 'External Key Name',
						name: 'externalKeyName',
						type: 'string',
						default: '',
						placeholder: 'e.g. leadNumber',
						description:
							'Name of the key that identifies this record in the system it comes from. With an External Key Value the node looks the key up before it creates, so a re-run or a repeated input does not create the record twice.',
					},
					{
						displayName: 'External Key Value',
						name: 'externalKeyValue',
						type: 'string',
						default: '',
						placeholder: 'e.g. {{ $json.sourceKey }}',
						description: "The record's ID in the system it comes from, usually an expression. Empty: no key, the record is created as before.",
					},
				]
			: [];
	return [
		...keyFields,
		{
			displayName: 'If It Already Exists',
			name: 'ifExists',
			type: 'options',
			options: [
				{ name: 'Return Existing', value: IF_EXISTS.returnExisting, description: 'Return the record with this key instead of creating another' },
				// Offered only where the resource has an Update of the record the create makes.
				...(canUpdate
					? [{ name: 'Update Existing', value: IF_EXISTS.updateExisting, description: 'Update the record with this key with the given fields and return it' }]
					: []),
				{ name: 'Error', value: IF_EXISTS.error, description: 'Fail the item, naming the record with this key' },
				{ name: 'Create Anyway', value: IF_EXISTS.createAnyway, description: 'Create another record with the same key, without looking it up' },
			],
			default: 'returnExisting',
			description:
				kind === 'externalData'
					? 'What to do when a record with this External Key exists (used only when an External Key Value is given)'
					: 'What to do when a record with this External ID exists',
		},
	];
}
