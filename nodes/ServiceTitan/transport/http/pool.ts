import { EnvHttpProxyAgent, type Dispatcher } from 'undici';

/** ServiceTitan stops working on a request after 100 s; waiting longer only holds a socket. */
export const SERVICETITAN_TIMEOUT_MS = 100_000;

/** Pool settings, also used by the SSRF-checked pool (ssrf.ts). */
export const SHARED_POOL_OPTIONS = {
	allowH2: false,
	connections: 32,
	keepAliveTimeout: 10_000,
	connectTimeout: 10_000,
	headersTimeout: SERVICETITAN_TIMEOUT_MS,
	bodyTimeout: SERVICETITAN_TIMEOUT_MS,
} as const;

let sharedDispatcher: Dispatcher | undefined;

/**
 * One keep-alive connection pool per process, shared by every node, credential and tenant, so
 * consecutive calls reuse TLS connections. It honours HTTP_PROXY / HTTPS_PROXY / NO_PROXY.
 * Never installed as undici's global dispatcher: that would change n8n's own fetch.
 */
export function getSharedDispatcher(): Dispatcher {
	sharedDispatcher ??= new EnvHttpProxyAgent({ ...SHARED_POOL_OPTIONS });
	return sharedDispatcher;
}

/** For tests and benchmarks: close the shared pool so the process can exit. */
export async function closeSharedDispatcher(): Promise<void> {
	const dispatcher = sharedDispatcher;
	sharedDispatcher = undefined;
	if (dispatcher) await dispatcher.close();
}
