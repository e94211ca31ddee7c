import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { ResourceSpec } from '../../nodes/ServiceTitan/catalog/types';
import { handleApi, type ApiEnvironment, type ApiResponse } from './api';
import { loadCatalog, type CatalogSource } from './catalog';
import { createClock, SIMULATOR_EPOCH, type SimulatorClock } from './clock';
import { HttpError, problem } from './problem';
import { KeyedLimiter } from './rate-limit';
import { createReportingState, handleReportQuery, type ReportingState, type ReportMode } from './reporting';
import { Router, type RouteMatch } from './routes';
import { resolveSizes, seedGeneric, seedStore, SEEDED_COLLECTIONS, type SizePreset } from './seed';
import { SimulatorStore } from './store';
import { FileStore, parseMultipart, serveStoredFile, SIMULATOR_MAX_REQUEST_BODY_BYTES } from './files';
import { ContractLog, type ContractOptions } from './contract';
import { createWebhookDispatcher, webhookControl, type WebhookDispatcher, type WebhookOptions } from './webhooks';

export interface SimulatorCredentials {
	tenantId: string;
	clientId: string;
	clientSecret: string;
	appKey: string;
}

/** Another tenant connected to the same application, with its own client credentials and data. */
export interface SimulatorTenant {
	tenantId: string;
	clientId?: string;
	clientSecret?: string;
}

export interface SimulatorOptions {
	/** 0 = random free port (default). */
	port?: number;
	/** Added before every response, without blocking other requests. */
	latencyMs?: number;
	/** Per (app key, tenant) in any sliding 1000 ms window; over it → 429. Default 60; false disables. */
	requestsPerSecond?: number | false;
	/** Report runs per (tenant, report) in a sliding minute of simulated time. Default 5. */
	reportRunsPerMinute?: number;
	/** The "minute" of `reportRunsPerMinute`, in ms of simulated time: shorter in tests that run a report many times. Default 60,000. */
	reportWindowMs?: number;
	/** Report runs answered synchronously (default), asynchronously (202 + token to poll) or refused as retired; see reporting.ts. */
	reporting?: { mode?: ReportMode; pendingPolls?: number; pageCap?: number };
	tokenTtlSeconds?: number;
	seed?: number;
	/** Simulated "now" at start; seed data is dated relative to it. Default SIMULATOR_EPOCH (2026-11-01T12:00Z) for reproducible tests; the demo uses the real time. */
	epoch?: number;
	/** Record counts: 'small' (default), 'demo', or counts per collection on top of 'small' (`{ customers: 200000 }`). */
	size?: SizePreset | Partial<Record<string, number>>;
	/** Records per export page. Default 500. */
	exportPageSize?: number;
	/** Exports hold back changes younger than this unless includeRecentChanges=true. Default 15 min. */
	recentChangesDelayMs?: number;
	/** Additional connected tenants (the primary one comes from `credentials`). */
	tenants?: SimulatorTenant[];
	credentials?: Partial<SimulatorCredentials>;
	/** Catalog to route; default: the committed generated catalog. */
	catalog?: ResourceSpec[];
	/** Oldest log entries are dropped beyond this. Default 50,000. */
	maxLogEntries?: number;
	/** V2 webhooks from the primary tenant's changes: subscriptions and the retry schedule (webhooks.ts). */
	webhooks?: WebhookOptions;
	/** Check every API request and 2xx JSON answer against ServiceTitan's OpenAPI documents (contract.ts); off by default (it loads the 24 documents). */
	contract?: boolean | ContractOptions;
}

export interface RequestLogEntry {
	/** Simulated time the request arrived. */
	time: number;
	method: string;
	/** URL path without the query string. */
	path: string;
	query: Record<string, string>;
	/** Lower-case names; Authorization shows as `Bearer <redacted>`. */
	headers: Record<string, string>;
	/** Parsed JSON or form body (client_secret redacted); undefined when empty. */
	body: unknown;
	/** 0 when the connection was reset or left hanging. */
	status: number;
	tokenValid: boolean;
	/** Real milliseconds from arrival to the end of the response. */
	ms: number;
}

/**
 * `reset` destroys the socket before the request is applied; `resetAfterApply` applies it (the write
 * happens) and then destroys the socket, as when a reply is lost on the way back.
 */
export type FaultType = 'status' | 'reset' | 'resetAfterApply' | 'slowBody' | 'malformedJson' | 'timeout';

export interface FaultSpec {
	method?: string;
	/** Substring of the URL path, or a RegExp tested against it. */
	path?: string | RegExp;
	type: FaultType;
	/** For 'status' (default 500). */
	status?: number;
	/** Retry-After header for 'status' (429 gets '1' unless given). */
	retryAfter?: string;
	/** Response body for 'status' (default: an RFC 7807 problem). */
	body?: unknown;
	/** How many matching requests to fault. Default 1. */
	times?: number;
	/** Let this many matching requests through before faulting. Default 0. */
	after?: number;
	/** 'slowBody': time to trickle the body over (default 1000); 'status': delay before answering. */
	delayMs?: number;
}

export type FaultPolicy = (
	method: string,
	path: string,
	headers: http.IncomingHttpHeaders,
	body: unknown,
) => Omit<FaultSpec, 'method' | 'path' | 'times' | 'after'> | undefined;

export interface SimulatorStats {
	requests: number;
	rateLimited: number;
	maxInAnySecond: number;
	/**
	 * The longest the simulator's own event loop was held up since it started or since `clearLog()`, in ms. A loop
	 * held up for D ms stamps the arrivals of those D ms together: above some 90 ms at 55/s that alone makes a burst
	 * of 61 in a second, so a rate-limit test that sees a 429 says how long its simulator stalled.
	 */
	maxEventLoopDelayMs: number;
}

export interface Simulator {
	url: string;
	authUrl: string;
	apiBaseUrl: string;
	credentials: SimulatorCredentials;
	log: RequestLogEntry[];
	clearLog(): void;
	injectFault(fault: FaultSpec): void;
	/**
	 * Asked for every request no injected fault matched (token requests included): a fault for this
	 * one, or undefined. For fault mixes drawn at random; `undefined` removes it.
	 */
	setFaultPolicy(policy: FaultPolicy | undefined): void;
	clearFaults(): void;
	/** The primary tenant's data. */
	store: SimulatorStore;
	/** Data of any connected tenant (created and seeded on first use). */
	storeFor(tenantId: string): SimulatorStore;
	clock: SimulatorClock;
	/** Files uploaded to any tenant. */
	files: FileStore;
	revokeTokens(): void;
	stats(): SimulatorStats;
	/** Matches a URL path (relative to apiBaseUrl) to its catalog route. */
	routeFor(method: string, path: string): RouteMatch | undefined;
	router: Router;
	catalogSource: CatalogSource;
	/** V2 webhook subscriptions and deliveries of the primary tenant (also at `/_simulator/webhooks`). */
	webhooks: WebhookDispatcher;
	/** Report mode, polls before a query is done, queries to fail, and every data query started (changeable while running). */
	reporting: ReportingState;
	/** With `contract` on: the requests' mismatches with their documents and the answers checked. */
	contract?: ContractLog;
	close(): Promise<void>;
}

export const DEFAULT_CREDENTIALS: SimulatorCredentials = {
	tenantId: '1000001',
	clientId: 'sim-client-id',
	clientSecret: 'sim-client-secret',
	appKey: 'sim-app-key',
};

interface TenantState {
	tenantId: string;
	clientId: string;
	clientSecret: string;
	env?: ApiEnvironment;
}

interface PendingFault extends FaultSpec {
	remaining: number;
	skip: number;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
	const credentials: SimulatorCredentials = { ...DEFAULT_CREDENTIALS, ...options.credentials };
	const epoch = options.epoch ?? SIMULATOR_EPOCH;
	const clock = createClock(epoch);
	const latencyMs = options.latencyMs ?? 0;
	const requestsPerSecond = options.requestsPerSecond === undefined ? 60 : options.requestsPerSecond;
	const reportRunsPerMinute = options.reportRunsPerMinute ?? 5;
	const tokenTtlMs = (options.tokenTtlSeconds ?? 900) * 1000;
	const maxLogEntries = options.maxLogEntries ?? 50_000;
	const seed = options.seed ?? 1;
	const counts = resolveSizes(options.size);
	const { resources, source } = options.catalog ? { resources: options.catalog, source: 'custom' as const } : loadCatalog();
	const router = new Router(resources, SEEDED_COLLECTIONS);
	const readable = new Set<string>(SEEDED_COLLECTIONS);
	// Collections a top-level GET can show get two generic records when nothing specific is seeded; sub-collections would need a parent id.
	const topLevel = new Set<string>();
	for (const route of router.routes) {
		if (route.method !== 'GET') continue;
		readable.add(route.collection);
		if (route.parents.length === 0) topLevel.add(route.collection);
	}

	const tenants = new Map<string, TenantState>();
	const byClientId = new Map<string, TenantState>();
	for (const tenant of [
		{ tenantId: credentials.tenantId, clientId: credentials.clientId, clientSecret: credentials.clientSecret },
		...(options.tenants ?? []).map((t) => ({
			tenantId: t.tenantId,
			clientId: t.clientId ?? `sim-client-id-${t.tenantId}`,
			clientSecret: t.clientSecret ?? `sim-client-secret-${t.tenantId}`,
		})),
	]) {
		const state: TenantState = { ...tenant };
		tenants.set(tenant.tenantId, state);
		byClientId.set(tenant.clientId, state);
	}

	const reportLimiter = new KeyedLimiter(options.reportWindowMs ?? 60_000);
	const reporting = createReportingState(options.reporting);
	const files = new FileStore();
	const environment = (tenant: TenantState): ApiEnvironment => {
		if (tenant.env) return tenant.env;
		const store = new SimulatorStore(clock);
		seedStore(store, seed, counts, epoch);
		for (const key of readable) store.collection(key);
		for (const key of topLevel) seedGeneric(store, key);
		tenant.env = {
			store,
			clock,
			exportPageSize: options.exportPageSize ?? 500,
			recentChangesDelayMs: options.recentChangesDelayMs ?? 15 * 60_000,
			readable,
			files,
			takeReportRun: (tenantId, reportId) => reportLimiter.take(`${tenantId}|${reportId}`, clock.now(), reportRunsPerMinute),
			reporting,
		};
		return tenant.env;
	};
	const primary = environment(tenants.get(credentials.tenantId)!);
	const webhooks = createWebhookDispatcher(
		clock,
		{ tenantId: credentials.tenantId, tenantName: `Simulated tenant ${credentials.tenantId}` },
		options.webhooks,
		primary.store,
	);
	primary.store.onChange((change) => webhooks.onStoreChange(change));

	const tokens = new Map<string, { tenantId: string; expiresAt: number }>();
	const requestLimiter = new KeyedLimiter(1000);
	const counters: Omit<SimulatorStats, 'maxEventLoopDelayMs'> = { requests: 0, rateLimited: 0, maxInAnySecond: 0 };
	const loopDelay = monitorEventLoopDelay({ resolution: 10 });
	loopDelay.enable();
	let faults: PendingFault[] = [];
	let faultPolicy: FaultPolicy | undefined;
	const log: RequestLogEntry[] = [];
	const timers = new Set<NodeJS.Timeout>();
	const sockets = new Set<Socket>();
	let closing = false;
	const contract = options.contract ? new ContractLog(options.contract === true ? {} : options.contract) : undefined;

	const sleep = (ms: number): Promise<void> =>
		new Promise((resolve) => {
			const timer = setTimeout(() => {
				timers.delete(timer);
				resolve();
			}, ms);
			timers.add(timer);
		});

	function record(entry: RequestLogEntry): void {
		log.push(entry);
		if (log.length > maxLogEntries) log.splice(0, log.length - maxLogEntries);
	}

	function takeFault(method: string, path: string, headers: http.IncomingHttpHeaders, body: unknown): PendingFault | undefined {
		for (const fault of faults) {
			if (fault.method && fault.method.toUpperCase() !== method) continue;
			if (fault.path !== undefined && !(typeof fault.path === 'string' ? path.includes(fault.path) : fault.path.test(path))) continue;
			if (fault.skip > 0) {
				fault.skip--;
				continue;
			}
			if (--fault.remaining <= 0) faults = faults.filter((f) => f !== fault);
			return fault;
		}
		const drawn = faultPolicy?.(method, path, headers, body);
		return drawn ? { ...drawn, remaining: 0, skip: 0 } : undefined;
	}

	function tokenEndpoint(body: Record<string, string>): { status: number; body: unknown } {
		if (body.grant_type !== 'client_credentials') return { status: 400, body: { error: 'unsupported_grant_type' } };
		const tenant = byClientId.get(body.client_id ?? '');
		if (!tenant || tenant.clientSecret !== body.client_secret) return { status: 400, body: { error: 'invalid_client' } };
		const token = randomBytes(32).toString('base64url');
		tokens.set(token, { tenantId: tenant.tenantId, expiresAt: clock.now() + tokenTtlMs });
		return { status: 200, body: { access_token: token, expires_in: Math.floor(tokenTtlMs / 1000), token_type: 'Bearer', scope: 'api' } };
	}

	/**
	 * Auth, app key, tenant, rate limit, then the route's behaviour. The rate limit counts the request at `arrivedAt`,
	 * when it reached the server, as ServiceTitan's gateway does: decided after the simulated latency, a busy
	 * simulator's late and bunched timers would count arrivals that were evenly spaced as a burst.
	 */
	function apiRequest(
		method: string,
		path: string,
		query: Record<string, string>,
		headers: http.IncomingHttpHeaders,
		body: unknown,
		entry: RequestLogEntry,
		arrivedAt: number,
	): ApiResponse {
		const bearer = /^Bearer\s+(\S+)$/i.exec(String(headers.authorization ?? ''))?.[1];
		const token = bearer ? tokens.get(bearer) : undefined;
		entry.tokenValid = !!token && token.expiresAt > clock.now();
		if (!entry.tokenValid) {
			throw new HttpError(401, 'The access token is missing, invalid or expired.', {}, { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
		}
		const appKey = (headers['st-app-key'] as string | undefined) || query.servicetitanapplicationkey;
		if (appKey !== credentials.appKey) throw new HttpError(401, 'The application key (ST-App-Key) is missing or invalid.');
		const tenantId = /\/tenant\/([^/]+)/.exec(path)?.[1];
		const tenant = tenantId ? tenants.get(decodeURIComponent(tenantId)) : undefined;
		if (!tenant || token!.tenantId !== tenant.tenantId) {
			throw new HttpError(403, `Tenant ${tenantId ?? '(none)'} is not connected to the application.`);
		}
		const window = requestLimiter.window(`${appKey}|${tenant.tenantId}`);
		const wait = window.take(arrivedAt, requestsPerSecond === false ? Number.POSITIVE_INFINITY : requestsPerSecond);
		if (wait > 0) {
			counters.rateLimited++;
			const seconds = Math.max(1, Math.ceil(wait / 1000));
			throw new HttpError(429, `Rate limit is exceeded. Try again in ${seconds} seconds.`, {}, { 'Retry-After': String(seconds) });
		}
		counters.maxInAnySecond = Math.max(counters.maxInAnySecond, window.count(arrivedAt));
		const reportQuery = handleReportQuery(environment(tenant), method, path, query, body, tenant.tenantId);
		if (reportQuery) return reportQuery;
		const match = router.match(method, path);
		if (!match) throw new HttpError(404, `No API operation matches ${method} ${path}.`);
		if ('methodNotAllowed' in match) throw new HttpError(405, `${method} is not allowed on ${path}.`);
		if (!contract) return handleApi(environment(tenant), { route: match.route, params: match.params, query, body, tenant: tenant.tenantId });
		contract.request(match.route, { method, path, query, contentType: String(headers['content-type'] ?? ''), body });
		return contract.answer(match.route, () => handleApi(environment(tenant), { route: match.route, params: match.params, query, body, tenant: tenant.tenantId }));
	}

	function send(res: http.ServerResponse, response: ApiResponse, fault?: PendingFault): void {
		const headers: Record<string, string> = { ...response.headers };
		let payload: Buffer;
		if (response.binary) {
			payload = response.binary.data;
			headers['Content-Type'] = response.binary.contentType;
		} else if (response.body === undefined) {
			payload = Buffer.alloc(0);
		} else {
			payload = Buffer.from(JSON.stringify(response.body));
			headers['Content-Type'] = response.status >= 400 && isProblem(response.body) ? PROBLEM_TYPE : JSON_TYPE;
		}
		let status = response.status;
		if (fault?.type === 'malformedJson') {
			const text = payload.length > 8 ? payload.subarray(0, Math.floor(payload.length / 2)) : Buffer.from('{"data":[');
			payload = Buffer.from(text);
			status = 200;
			headers['Content-Type'] = JSON_TYPE;
		}
		headers['Content-Length'] = String(payload.length);
		res.writeHead(status, headers);
		if (fault?.type === 'slowBody' && payload.length > 0) {
			trickle(res, payload, fault.delayMs ?? 1000);
		} else {
			res.end(payload);
		}
	}

	function trickle(res: http.ServerResponse, payload: Buffer, overMs: number): void {
		const chunks = Math.min(10, payload.length);
		const size = Math.ceil(payload.length / chunks);
		let offset = 0;
		const step = (): void => {
			if (res.destroyed) return;
			const chunk = payload.subarray(offset, offset + size);
			offset += size;
			if (offset >= payload.length) res.end(chunk);
			else {
				res.write(chunk);
				const timer = setTimeout(() => {
					timers.delete(timer);
					step();
				}, overMs / chunks);
				timers.add(timer);
			}
		};
		step();
	}

	async function onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const started = performance.now();
		const method = (req.method ?? 'GET').toUpperCase();
		const rawUrl = req.url ?? '/';
		const queryStart = rawUrl.indexOf('?');
		const path = queryStart === -1 ? rawUrl : rawUrl.slice(0, queryStart);
		const query = queryStart === -1 ? {} : Object.fromEntries(new URLSearchParams(rawUrl.slice(queryStart + 1)));
		const entry: RequestLogEntry = {
			time: clock.now(),
			method,
			path,
			query,
			headers: logHeaders(req.headers),
			body: undefined,
			status: 0,
			tokenValid: false,
			ms: 0,
		};
		counters.requests++;
		const raw = await readBody(req);
		const contentType = String(req.headers['content-type'] ?? '');
		let body: unknown;
		let bodyError: HttpError | undefined;
		if (raw.length > SIMULATOR_MAX_REQUEST_BODY_BYTES) {
			bodyError = new HttpError(413, `The request body is larger than ${SIMULATOR_MAX_REQUEST_BODY_BYTES} bytes.`);
		} else if (contentType.includes('multipart/form-data')) {
			try {
				body = await parseMultipart(raw, contentType);
				entry.body = Object.fromEntries(
					Object.entries(body as Record<string, unknown>).map(([name, part]) =>
						typeof part === 'string'
							? [name, part]
							: [
									name,
									{
										fileName: (part as { fileName: string }).fileName,
										contentType: (part as { contentType: string }).contentType,
										size: (part as { data: Buffer }).data.length,
									},
								],
					),
				);
			} catch {
				bodyError = new HttpError(400, 'The multipart body could not be parsed.', { '': ['The multipart body could not be parsed.'] });
			}
		} else if (raw.length > 0) {
			const text = raw.toString('utf8');
			if (contentType.includes('application/x-www-form-urlencoded')) {
				body = Object.fromEntries(new URLSearchParams(text));
			} else {
				try {
					body = JSON.parse(text);
				} catch {
					bodyError = new HttpError(400, 'The request body is not valid JSON.', { '': ['The JSON value could not be parsed.'] });
				}
			}
			entry.body = redactBody(body ?? text);
		}
		if (latencyMs > 0) await sleep(latencyMs);
		if (closing) return;

		const finish = (): void => {
			entry.status = res.statusCode;
			entry.ms = Math.round((performance.now() - started) * 100) / 100;
			record(entry);
		};
		const fault = takeFault(method, path, req.headers, body);
		if (fault?.type === 'reset') {
			entry.ms = Math.round((performance.now() - started) * 100) / 100;
			record(entry);
			req.socket.destroy();
			return;
		}
		if (fault?.type === 'timeout') {
			// Logged now, since it never completes; the socket is destroyed when the client gives up or on close().
			record(entry);
			return;
		}
		if (fault?.type === 'status') {
			if (fault.delayMs) await sleep(fault.delayMs);
			if (closing) return;
			const status = fault.status ?? 500;
			const headers: Record<string, string> = {};
			const retryAfter = fault.retryAfter ?? (status === 429 ? '1' : undefined);
			if (retryAfter !== undefined) headers['Retry-After'] = retryAfter;
			const title = status === 429 ? `Rate limit is exceeded. Try again in ${retryAfter ?? 1} seconds.` : undefined;
			res.on('finish', finish);
			send(res, { status, headers, body: fault.body ?? problem(status, title) });
			return;
		}

		let response: ApiResponse;
		try {
			if (path.startsWith('/_simulator/webhooks')) {
				response = webhookControl(webhooks, method, path, body);
			} else if (method === 'POST' && path === '/connect/token') {
				response = tokenEndpoint((body ?? {}) as Record<string, string>);
			} else if (method === 'GET' && path.startsWith('/files/')) {
				response = serveStoredFile(files, decodeURIComponent(path.slice('/files/'.length)));
			} else if (path.includes('/tenant/')) {
				if (bodyError) throw bodyError;
				response = apiRequest(method, path, query, req.headers, body, entry, started);
			} else {
				throw new HttpError(404, `Nothing is served at ${path}.`);
			}
		} catch (error) {
			response = errorResponse(error);
		}
		if (fault?.type === 'resetAfterApply') {
			entry.status = response.status;
			entry.ms = Math.round((performance.now() - started) * 100) / 100;
			record(entry);
			req.socket.destroy();
			return;
		}
		res.on('finish', finish);
		send(res, response, fault);
	}

	const server = http.createServer((req, res) => {
		onRequest(req, res).catch((error: unknown) => {
			if (!res.headersSent && !res.destroyed) send(res, errorResponse(error));
		});
	});
	server.keepAliveTimeout = 30_000;
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	const url = `http://127.0.0.1:${port}`;

	return {
		url,
		authUrl: url,
		apiBaseUrl: url,
		credentials,
		log,
		clearLog: () => {
			log.splice(0, log.length);
			loopDelay.reset();
		},
		injectFault: (fault) => void faults.push({ ...fault, remaining: fault.times ?? 1, skip: fault.after ?? 0 }),
		setFaultPolicy: (policy) => void (faultPolicy = policy),
		clearFaults: () => {
			faults = [];
			faultPolicy = undefined;
		},
		store: primary.store,
		storeFor(tenantId) {
			const tenant = tenants.get(tenantId);
			if (!tenant) throw new Error(`Tenant ${tenantId} is not configured`);
			return environment(tenant).store;
		},
		clock,
		files,
		revokeTokens: () => tokens.clear(),
		stats: () => ({ ...counters, maxEventLoopDelayMs: Math.round(loopDelay.max / 1e5) / 10 }),
		routeFor(method, path) {
			const match = router.match(method, path);
			return match && 'route' in match ? match : undefined;
		},
		router,
		catalogSource: source,
		webhooks,
		reporting,
		contract,
		close: async () => {
			closing = true;
			loopDelay.disable();
			webhooks.close();
			for (const timer of timers) clearTimeout(timer);
			timers.clear();
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

function errorResponse(error: unknown): ApiResponse {
	if (error instanceof HttpError) return { status: error.status, headers: error.headers, body: error.toBody() };
	const message = error instanceof Error ? error.message : String(error);
	return { status: 500, body: problem(500, `Simulator error: ${message}`) };
}

const isProblem = (body: unknown): boolean => typeof body === 'object' && body !== null && 'traceId' in body && 'title' in body;

function readBody(req: http.IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

function logHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
	const result: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers)) {
		if (value === undefined) continue;
		result[name] = Array.isArray(value) ? value.join(', ') : value;
	}
	if (result.authorization) result.authorization = /^Bearer\s/i.test(result.authorization) ? 'Bearer <redacted>' : '<redacted>';
	return result;
}

function redactBody(body: unknown): unknown {
	if (typeof body === 'object' && body !== null && 'client_secret' in body) return { ...body, client_secret: '<redacted>' };
	return body;
}
