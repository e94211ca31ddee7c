/**
 * What the transport makes of odd answers and a flaky token endpoint: retries of the token POST,
 * one caller's cancel not failing another, empty or non-JSON tokens named, secrets redacted from
 * error bodies, non-RFC 7807 and proxy bodies, runaway lists and exports, and URL checks.
 */
import { startSimulator, type Simulator } from '../simulator';
import { LocalLimiterFactory } from '../../nodes/ServiceTitan/limits';
import {
	ServiceTitanApiError,
	ServiceTitanClient,
	ServiceTitanError,
	TokenCache,
	closeSharedDispatcher,
	type ClientOptions,
	type ServiceTitanConnection,
} from '../../nodes/ServiceTitan/transport';
import { resolveUrls } from '../../nodes/ServiceTitan/api';
import { connectionFromCredentials } from '../../nodes/ServiceTitan/helpers/connection';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ size: 'small' });
});
afterAll(async () => {
	await sim.close();
	await closeSharedDispatcher();
});
beforeEach(() => {
	sim.clearLog();
	sim.clearFaults();
});

const connection = (): ServiceTitanConnection => ({ environment: 'custom', authUrl: sim.authUrl, apiBaseUrl: sim.apiBaseUrl, ...sim.credentials });
const client = (options: ClientOptions = {}) =>
	new ServiceTitanClient(connection(), { tokenCache: new TokenCache(), limiterFactory: new LocalLimiterFactory(), sleep: async () => undefined, ...options });
const tokenRequests = () => sim.log.filter((e) => e.path.endsWith('/connect/token'));
const getCustomers = { module: 'crm' as const, method: 'GET' as const, path: 'customers' };
const caught = async (promise: Promise<unknown>) =>
	promise.then(
		() => undefined,
		(error: unknown) => error as ServiceTitanError,
	);

describe('token endpoint', () => {
	test.each([
		['503', { type: 'status' as const, status: 503 }],
		['429', { type: 'status' as const, status: 429, retryAfter: '0' }],
		['a reset', { type: 'reset' as const }],
		['malformed JSON', { type: 'malformedJson' as const }],
	])('one %s from the token endpoint is retried like a read', async (_, fault) => {
		sim.injectFault({ path: '/connect/token', ...fault });
		await expect(client().request(getCustomers)).resolves.toBeDefined();
		expect(tokenRequests()).toHaveLength(2);
	});

	test('cancelling one caller does not fail another that shares the token fetch', async () => {
		sim.injectFault({ path: '/connect/token', type: 'status', status: 200, delayMs: 300, body: { access_token: 'shared-token-value', expires_in: 900 } });
		const tokens = new TokenCache();
		const cancel = new AbortController();
		const a = new ServiceTitanClient(connection(), { tokenCache: tokens, limiterFactory: new LocalLimiterFactory(), signal: cancel.signal });
		const b = new ServiceTitanClient(connection(), { tokenCache: tokens, limiterFactory: new LocalLimiterFactory() });
		const first = caught(a.ensureAccessToken());
		const second = caught(b.ensureAccessToken());
		setTimeout(() => cancel.abort(), 50);
		expect(await first).toMatchObject({ kind: 'aborted', message: 'The request to ServiceTitan was cancelled' });
		expect(await second).toBeUndefined();
		expect(tokenRequests()).toHaveLength(1);
	});

	test('an empty access_token is refused, not sent as "Bearer "', async () => {
		sim.injectFault({ path: '/connect/token', type: 'status', status: 200, times: 10, body: { access_token: '', expires_in: 900 } });
		const error = await caught(client().request(getCustomers));
		expect(error?.message).toBe("ServiceTitan's auth server answered 200 without an access token.");
		expect(sim.log.filter((e) => e.path.includes('/tenant/'))).toHaveLength(0);
	});

	test('an HTML answer from the token endpoint is named as not JSON', async () => {
		sim.injectFault({ path: '/connect/token', type: 'status', status: 200, times: 10, body: '<html><body>Sign in</body></html>' });
		const error = await caught(client().request(getCustomers));
		expect(error?.message).toMatch(/^ServiceTitan's auth server answered 200 with something that is not JSON \(it starts with ""<html><body>Sign in/);
	});
});

describe('error bodies', () => {
	test('a gateway echoing the request headers: token and app key are redacted from message and body', async () => {
		let seen: string | undefined;
		sim.setFaultPolicy((method, path, headers) => {
			if (!path.endsWith('/customers')) return undefined;
			seen = String(headers.authorization);
			return { type: 'status', status: 400, body: { title: `Bad header ${headers.authorization} ${headers['st-app-key']}`, headers } };
		});
		const error = (await caught(client().request(getCustomers))) as ServiceTitanApiError;
		const token = seen!.replace(/^Bearer /, '');
		const everything = `${error.message} ${error.title} ${JSON.stringify(error)} ${error.stack}`;
		expect(everything).not.toContain(token);
		expect(everything).not.toContain(sim.credentials.appKey);
		expect(error.title).toBe('Bad header Bearer [redacted] [redacted]');
	});

	test('a body with `message` instead of `title` keeps its text', async () => {
		sim.injectFault({ path: '/customers', type: 'status', status: 400, body: { message: 'non-RFC7807 body', code: 'E42' } });
		expect(await caught(client().request(getCustomers))).toMatchObject({ status: 400, title: 'non-RFC7807 body' });
	});

	test("a proxy's HTML 502 is named as a proxy page, not as ServiceTitan's words", async () => {
		sim.injectFault({ method: 'POST', path: '/notes', type: 'status', status: 502, body: '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>' });
		const id = sim.store.list('crm:customers')[0].id;
		const error = (await caught(client().request({ module: 'crm', method: 'POST', path: `customers/${id}/notes`, body: { text: 'x' } }))) as ServiceTitanApiError;
		expect(error).toMatchObject({ status: 502, proxyPage: '502 Bad Gateway', mayHaveBeenApplied: true });
	});

	test('a POST timeout says the write may have been applied, with sub-second timeouts in tenths', async () => {
		const id = sim.store.list('crm:customers')[0].id;
		sim.injectFault({ method: 'POST', path: '/notes', type: 'timeout' });
		const error = await caught(client({ timeoutMs: 300 }).request({ module: 'crm', method: 'POST', path: `customers/${id}/notes`, body: { text: 'x' } }));
		expect(error?.message).toBe('ServiceTitan did not answer within 0.3 s. ServiceTitan may have applied it: check in ServiceTitan before running it again.');
		expect(error?.mayHaveBeenApplied).toBe(true);
	});

	test('a PUT is not repeated after a 503 unless the operation says it is idempotent', async () => {
		const id = sim.store.list('crm:customers')[0].id;
		sim.injectFault({ method: 'PUT', type: 'status', status: 503 });
		const put = { module: 'crm' as const, method: 'PUT' as const, path: `customers/${id}/tags/1` };
		expect(await caught(client().request(put))).toMatchObject({ status: 503, attempts: 1, mayHaveBeenApplied: true });
		sim.clearLog();
		sim.injectFault({ method: 'PUT', type: 'status', status: 503 });
		await caught(client().request({ ...put, idempotent: true }));
		expect(sim.log.filter((e) => e.method === 'PUT')).toHaveLength(2);
	});
});

describe('runaway lists and exports', () => {
	test('a list that ignores `page` stops with a reason instead of returning copies', async () => {
		sim.setFaultPolicy((_, path) =>
			path.endsWith('/customers') ? { type: 'status', status: 200, body: { page: 1, pageSize: 5, hasMore: true, data: [{ id: 1 }] } } : undefined,
		);
		const error = await caught(client().getAll({ module: 'crm', path: 'customers', pageSize: 1 }));
		expect(error?.message).toBe('Stopped reading customers: page 2 repeated page 1, so following it would never end');
		expect(sim.log.filter((e) => e.path.endsWith('/customers'))).toHaveLength(2);
	});

	test('an export answering hasMore with the same continueFrom and data stops after one page', async () => {
		sim.setFaultPolicy((_, path) =>
			path.includes('/export/') ? { type: 'status', status: 200, body: { hasMore: true, continueFrom: 'same', data: [{ id: 1 }] } } : undefined,
		);
		const pages: unknown[] = [];
		const error = await caught(
			(async () => {
				for await (const page of client().exportPages({ module: 'crm', path: 'export/customers', from: 'same' })) pages.push(page);
			})(),
		);
		expect(error?.message).toMatch(/^Stopped reading export\/customers: it answered "more" with the same continueFrom \(same\)/);
		expect(pages).toHaveLength(0);
	});

	test('a list answer without `data` is an error quoting it, not zero records', async () => {
		sim.injectFault({ path: '/customers', type: 'status', status: 200, body: { error: 'maintenance' } });
		const error = await caught(client().getAll({ module: 'crm', path: 'customers' }));
		expect(error?.message).toBe('ServiceTitan answered GET customers with {"error":"maintenance"} instead of a page of records ({ data: [...] })');
	});
});

describe('URLs and credential values', () => {
	test.each(['http://127.0.0.1:1/?x=1', 'http://127.0.0.1:1/#frag'])('an API Base URL with a query or fragment is refused: %s', (apiBaseUrl) => {
		expect(() => resolveUrls('custom', { authUrl: 'http://127.0.0.1:1', apiBaseUrl })).toThrow(
			`API Base URL must not contain "?" or "#" (a query string or fragment), got "${apiBaseUrl}"`,
		);
	});

	test('an unknown environment throws instead of meaning production', () => {
		expect(() => resolveUrls('staging' as never)).toThrow('Environment "staging" is not known');
		expect(() => connectionFromCredentials({ environment: 'staging', tenantId: '1' })).toThrow('Environment "staging" is not known');
	});

	test.each([
		['abc123', 'Tenant ID must be the numeric ID of your ServiceTitan tenant, got "abc123"'],
		['1000 001', 'Tenant ID must be the numeric ID of your ServiceTitan tenant, got "1000 001"'],
		['', 'Tenant ID is required'],
	])('tenant %j is refused before any request', (tenantId, message) => {
		expect(() => connectionFromCredentials({ environment: 'production', tenantId })).toThrow(message);
	});

	test('the client secret is trimmed like the client ID and app key', () => {
		expect(connectionFromCredentials({ environment: 'production', tenantId: '1', clientSecret: 'secret\n' }).clientSecret).toBe('secret');
	});
});
