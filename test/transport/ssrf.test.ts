/**
 * n8n's SSRF protection settings (N8N_SSRF_*) police the transport's own connections, with n8n's
 * defaults: off unless enabled; when on, loopback and private ranges are refused unless allowed.
 */
import { startSimulator, type Simulator } from '../simulator';
import { LocalLimiterFactory } from '../../nodes/ServiceTitan/limits';
import {
	closeSharedDispatcher,
	closeSsrfDispatcher,
	readSsrfSettings,
	ServiceTitanClient,
	ServiceTitanNetworkError,
	SSRF_DEFAULT_BLOCKED_IP_RANGES,
	TokenCache,
	type ServiceTitanConnection,
} from '../../nodes/ServiceTitan/transport';

const SSRF_VARIABLES = [
	'N8N_SSRF_PROTECTION_ENABLED',
	'N8N_SSRF_BLOCKED_IP_RANGES',
	'N8N_SSRF_ALLOWED_IP_RANGES',
	'N8N_SSRF_ALLOWED_HOSTNAMES',
	'N8N_SSRF_BLOCKED_HOSTNAMES',
] as const;

let sim: Simulator;
const saved: Partial<Record<string, string>> = {};

beforeAll(async () => {
	sim = await startSimulator({ size: 'small' });
	for (const name of SSRF_VARIABLES) saved[name] = process.env[name];
});

afterAll(async () => {
	await sim.close();
	await closeSharedDispatcher();
	await closeSsrfDispatcher();
});

beforeEach(() => {
	sim.clearLog();
	for (const name of SSRF_VARIABLES) delete process.env[name];
});

afterEach(() => {
	for (const name of SSRF_VARIABLES) {
		if (saved[name] === undefined) delete process.env[name];
		else process.env[name] = saved[name];
	}
});

function setSsrf(settings: Partial<Record<(typeof SSRF_VARIABLES)[number], string>>): void {
	Object.assign(process.env, settings);
}

/** The simulator's URL with another host name (it listens on 127.0.0.1). */
const withHost = (url: string, host: string): string => {
	const parsed = new URL(url);
	parsed.hostname = host;
	return parsed.origin;
};

function client(overrides: Partial<ServiceTitanConnection> = {}): ServiceTitanClient {
	return new ServiceTitanClient(
		{ environment: 'custom', authUrl: sim.authUrl, apiBaseUrl: sim.apiBaseUrl, ...sim.credentials, ...overrides },
		{ tokenCache: new TokenCache(), limiterFactory: new LocalLimiterFactory(), sleep: async () => undefined },
	);
}

const listCustomers = (instance: ServiceTitanClient) =>
	instance.request<{ data: unknown[] }>({ module: 'crm', method: 'GET', path: 'customers', query: { pageSize: 1 } });

async function failure(promise: Promise<unknown>): Promise<ServiceTitanNetworkError> {
	try {
		await promise;
	} catch (error) {
		return error as ServiceTitanNetworkError;
	}
	throw new Error('the request was expected to fail');
}

describe("n8n's SSRF protection in the transport", () => {
	it('is off by default, as in n8n: a Custom environment on loopback works', async () => {
		const page = await listCustomers(client());
		expect(page.data).toHaveLength(1);
	});

	it('when enabled, refuses a loopback Custom environment before anything is sent, and says why', async () => {
		setSsrf({ N8N_SSRF_PROTECTION_ENABLED: 'true' });
		const error = await failure(listCustomers(client()));
		expect(error).toBeInstanceOf(ServiceTitanNetworkError);
		expect(error.message).toContain("n8n's SSRF protection blocked 127.0.0.1");
		expect(error.message).toContain('N8N_SSRF_ALLOWED_IP_RANGES');
		expect(error.message).not.toContain(sim.credentials.clientSecret);
		expect(sim.log).toHaveLength(0);
	});

	it('checks the addresses a host name resolves to', async () => {
		setSsrf({ N8N_SSRF_PROTECTION_ENABLED: '1' });
		const error = await failure(listCustomers(client({ authUrl: withHost(sim.authUrl, 'localhost') })));
		expect(error.message).toMatch(/SSRF protection blocked (127\.0\.0\.1|::1)/);
		expect(sim.log).toHaveLength(0);
	});

	it('lets an allowed IP range through', async () => {
		setSsrf({ N8N_SSRF_PROTECTION_ENABLED: 'true', N8N_SSRF_ALLOWED_IP_RANGES: '127.0.0.0/8' });
		const page = await listCustomers(client());
		expect(page.data).toHaveLength(1);
	});

	it('lets an allowed host name through without an IP check', async () => {
		setSsrf({ N8N_SSRF_PROTECTION_ENABLED: 'true', N8N_SSRF_ALLOWED_HOSTNAMES: '*.example.invalid, localhost' });
		const page = await listCustomers(client({ authUrl: withHost(sim.authUrl, 'localhost'), apiBaseUrl: withHost(sim.apiBaseUrl, 'localhost') }));
		expect(page.data).toHaveLength(1);
	});

	it('refuses a blocked host name even when its address is allowed; the token request to an allowed host went out', async () => {
		setSsrf({
			N8N_SSRF_PROTECTION_ENABLED: 'true',
			N8N_SSRF_ALLOWED_IP_RANGES: '127.0.0.0/8,::1/128',
			N8N_SSRF_BLOCKED_HOSTNAMES: 'localhost',
		});
		const error = await failure(listCustomers(client({ apiBaseUrl: withHost(sim.apiBaseUrl, 'localhost') })));
		expect(error.message).toContain('Could not reach ServiceTitan at http://localhost:');
		expect(error.message).toContain("n8n's SSRF protection blocked localhost");
		expect(sim.log.map((entry) => entry.path)).toEqual(['/connect/token']);
	});

	it("reads n8n's lists the way n8n does: `default` expands to the built-in ranges", () => {
		expect(readSsrfSettings({}).blockedIpRanges).toEqual(SSRF_DEFAULT_BLOCKED_IP_RANGES);
		expect(readSsrfSettings({ N8N_SSRF_BLOCKED_IP_RANGES: '100.64.0.0/10, default' }).blockedIpRanges).toEqual(['100.64.0.0/10', ...SSRF_DEFAULT_BLOCKED_IP_RANGES]);
		expect(readSsrfSettings({ N8N_SSRF_BLOCKED_IP_RANGES: '' }).blockedIpRanges).toEqual([]);
		expect(readSsrfSettings({ N8N_SSRF_PROTECTION_ENABLED: 'yes' }).enabled).toBe(false);
	});
});
