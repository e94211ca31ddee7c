/**
 * One meaning, one wording: a refusal a user can meet in several places reads the same in each, and once in what
 * they see (an n8n error's message and description together).
 */
import type { ICredentialDataDecryptedObject, IHttpRequestHelper } from 'n8n-workflow';
import { ServiceTitanOAuth2Api } from '../../credentials/ServiceTitanOAuth2Api.credentials';
import { runNode, testCredential } from '../harness';
import { byId, createCustomerParameters, CREDENTIAL_TYPE, startNodeSimulator, type NodeTestContext } from './support';

let t: NodeTestContext;
beforeAll(async () => {
	t = await startNodeSimulator();
});
afterAll(async () => t.sim.close());

const timesIn = (text: string, phrase: RegExp) => text.split(phrase).length - 1;

describe('an unknown environment', () => {
	const SAID = 'Environment "staging" is not known: choose Production, Integration (Sandbox) or Custom in the credential';
	const staging = () => ({ ...t.credentialData, environment: 'staging' }) as ICredentialDataDecryptedObject;

	test('the node, the credential test and n8n’s HTTP Request node say it in the same words, once', async () => {
		const run = await runNode({
			nodeType: 'serviceTitan',
			parameters: { resource: 'customer', operation: 'get', id: byId(1) },
			credentials: { [CREDENTIAL_TYPE]: staging() },
			inputItems: [{}],
		});
		const seen = `${run.error!.message}\n${run.error!.description ?? ''}`;
		expect(seen).toContain(SAID);
		expect(timesIn(seen, /is not known/)).toBe(1);

		const tested = await testCredential({ nodeType: 'serviceTitan', method: 'testServiceTitanCredential', data: staging() });
		expect(tested).toEqual({ status: 'Error', message: `${SAID}.` });

		const helper = { helpers: { httpRequest: async () => '{"access_token":"x"}' } } as unknown as IHttpRequestHelper;
		await expect(new ServiceTitanOAuth2Api().preAuthentication.call(helper, staging())).rejects.toThrow(SAID);
		expect(t.sim.log).toHaveLength(0);
	});
});

describe('a value that is not an ID', () => {
	test('a record’s ID and a list of IDs are refused in the same words, once', async () => {
		const picked = await t.run({ resource: 'customer', operation: 'get', id: byId('={{ $json.customerId }}') }, { inputItems: [{ customerId: 'Smith' }] });
		const listed = await t.run({ resource: 'customer', operation: 'getAll', returnAll: true, filters: { ids: '={{ $json.ids }}' } }, { inputItems: [{ ids: '1,abc' }] });
		for (const [run, value] of [
			[picked, 'Smith'],
			[listed, 'abc'],
		] as const) {
			const seen = `${run.error!.message}\n${run.error!.description ?? ''}`;
			expect(seen).toContain(`"${value}" is not a ServiceTitan ID (IDs are whole numbers)`);
			expect(timesIn(seen, /not a ServiceTitan ID/)).toBe(1);
		}
	});
});

describe('nothing was sent', () => {
	const seenIn = (run: { error?: { message: string; description?: string | null } }) => `${run.error!.message}\n${run.error!.description ?? ''}`;
	const NOTHING_SENT = /nothing was sent to ServiceTitan/gi;

	test('an item refused before anything is sent says so once', async () => {
		const run = await t.run({ resource: 'customer', operation: 'get', id: byId('={{ $json.customerId }}') }, { inputItems: [{ customerId: 'Smith' }] });
		expect(timesIn(seenIn(run), NOTHING_SENT)).toBe(1);
	});

	test('a credential value refused while the items are checked says so once, not again for the check', async () => {
		const run = await runNode({
			nodeType: 'serviceTitan',
			parameters: { ...createCustomerParameters('={{ $json.name }}'), externalKeyName: 'leadId', externalKeyValue: '={{ $json.leadId }}' },
			credentials: { [CREDENTIAL_TYPE]: { ...t.credentialData, externalDataApplicationGuid: 'not-a-guid' } },
			inputItems: [{ name: 'Ann', leadId: 'L-1' }],
		});
		expect(run.error!.message).toContain('External Data Application GUID must be a GUID');
		expect(timesIn(seenIn(run), NOTHING_SENT)).toBe(1);
		expect(run.error!.description).toContain('Every item is checked before any item is sent.');
	});
});
