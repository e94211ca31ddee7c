/**
 * The credential test and the credential's preAuthentication say which part failed: only a token
 * endpoint that refuses the client blames the client ID or secret; a 404, a 503, invalid_grant, a
 * non-JSON answer and an empty token are each named as what they are.
 */
import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestHelper } from 'n8n-workflow';
import { ServiceTitanOAuth2Api } from '../../credentials/ServiceTitanOAuth2Api.credentials';
import { testCredential } from '../harness';
import { startNodeSimulator, type NodeTestContext } from './support';

let t: NodeTestContext;
beforeAll(async () => {
	t = await startNodeSimulator();
});
afterAll(async () => t.sim.close());
beforeEach(() => t.sim.clearFaults());

const check = (data: IDataObject = {}) =>
	testCredential({ nodeType: 'serviceTitan', method: 'testServiceTitanCredential', data: { ...t.credentialData, ...(data as ICredentialDataDecryptedObject) } });

describe('credential test', () => {
	test('a token endpoint answering 404 points at the Auth URL, not the secret', async () => {
		t.sim.injectFault({ path: '/connect/token', type: 'status', status: 404, times: 10 });
		expect(await check()).toEqual({ status: 'Error', message: `Nothing answers at the token endpoint ${t.sim.authUrl}/connect/token (404). Check the Auth URL.` });
	});

	test('a token endpoint answering 503 every time says the auth server is unavailable', async () => {
		t.sim.injectFault({ path: '/connect/token', type: 'status', status: 503, times: 10 });
		expect(await check()).toEqual({ status: 'Error', message: "ServiceTitan's auth server is not available right now (HTTP 503); try again in a few minutes." });
	});

	test('a tenant ID with letters is refused with the field named', async () => {
		expect(await check({ tenantId: 'abc123' })).toEqual({ status: 'Error', message: 'Tenant ID must be the numeric ID of your ServiceTitan tenant, got "abc123".' });
	});

	test('an API Base URL with "?" is refused instead of reporting a missing tenant', async () => {
		const result = await check({ apiBaseUrl: `${t.sim.apiBaseUrl}/?x=1` });
		expect(result.message).toMatch(/^API Base URL must not contain "\?" or "#"/);
	});
});

describe('preAuthentication (the HTTP Request node path)', () => {
	const credential = new ServiceTitanOAuth2Api();
	/** n8n's httpRequest helper, answering like the token endpoint would. */
	const helper = (answer: () => unknown): IHttpRequestHelper => ({ helpers: { httpRequest: async () => answer() } }) as unknown as IHttpRequestHelper;
	const httpError = (status: number, data?: unknown) => () => {
		throw Object.assign(new Error(`Request failed with status code ${status}`), { response: { status, data } });
	};
	const preAuth = (answer: () => unknown, data: IDataObject = {}) =>
		credential.preAuthentication.call(helper(answer), {
			environment: 'custom',
			authUrl: 'http://127.0.0.1:1',
			clientId: 'id',
			clientSecret: 'the-client-secret',
			...data,
		} as ICredentialDataDecryptedObject);

	test('invalid_grant is not reported as a wrong secret', async () => {
		await expect(preAuth(httpError(400, '{"error":"invalid_grant"}'))).rejects.toThrow("ServiceTitan's auth server refused the token request (invalid_grant).");
	});

	test('invalid_client is', async () => {
		await expect(preAuth(httpError(400, { error: 'invalid_client' }))).rejects.toThrow(/^ServiceTitan rejected the Client ID or Client Secret/);
	});

	test('a 404 points at the Auth URL', async () => {
		await expect(preAuth(httpError(404))).rejects.toThrow('Nothing answers at the token endpoint http://127.0.0.1:1/connect/token (404). Check the Auth URL.');
	});

	test('an HTML 200 is named as not JSON instead of a JSON parse error', async () => {
		await expect(preAuth(() => '<html>login</html>')).rejects.toThrow(/answered with something that is not JSON \(it starts with "<html>login/);
	});

	test('a 200 without an access token is refused, not stored as ""', async () => {
		await expect(preAuth(() => '{"expires_in": 900}')).rejects.toThrow(/answered without an access token/);
	});

	test('an unknown environment throws instead of meaning production', async () => {
		await expect(preAuth(() => '{"access_token":"x"}', { environment: 'staging' })).rejects.toThrow('Environment "staging" is not known');
	});

	test('the secret is trimmed before it is sent', async () => {
		let sent = '';
		const capture = { helpers: { httpRequest: async (options: { body: string }) => ((sent = options.body), '{"access_token":"tok"}') } } as unknown as IHttpRequestHelper;
		await expect(
			credential.preAuthentication.call(capture, { environment: 'custom', authUrl: 'http://127.0.0.1:1', clientId: 'id', clientSecret: 'the-client-secret\n' }),
		).resolves.toEqual({ accessToken: 'tok' });
		expect(new URLSearchParams(sent).get('client_secret')).toBe('the-client-secret');
	});
});
