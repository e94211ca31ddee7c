/**
 * One measured client per process: `node -r ts-node/register/transpile-only bench/child.ts <task>`
 * with the task's input as JSON in BENCH_INPUT. The simulator runs in the parent, so the CPU time
 * and RSS measured here are the client's alone. Prints one JSON line with the result.
 */
import { performance } from 'node:perf_hooks';
import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions, INodeExecutionData, INodeParameters, INodeType, INodeTypeDescription } from 'n8n-workflow';

export interface SimConnection {
	authUrl: string;
	apiBaseUrl: string;
	credentials: { tenantId: string; clientId: string; clientSecret: string; appKey: string };
}

export interface WritesInput {
	sim: SimConnection;
	operation: 'createCustomer' | 'updateJob';
	count: number;
	jobIds: number[];
}

export interface WritesResult {
	ms: number;
	/** Epoch ms when the node's run began (compared with the simulator's arrival times, which follow Date.now()). */
	startedAt: number;
	cpuMs: number;
	outputItems: number;
	errorItems: number;
	executionError?: string;
}

export interface FindOrCreateInput {
	sim: SimConnection;
	leads: Array<{ name: string; leadId: string; phone: string }>;
}

export interface FindOrCreateResult {
	ms: number;
	cpuMs: number;
	outputItems: number;
	created: number;
	matchedOn: Record<string, number>;
	executionError?: string;
}

export interface ReadInput {
	sim: SimConnection;
	/** `getAllTransport`: the same Return All through the transport alone (paginate), no n8n items. */
	kind: 'getAll' | 'getAllTransport' | 'poll';
}

export interface ReadResult {
	ms: number;
	cpuMs: number;
	records: number;
	rssBefore: number;
	rssPeak: number;
	error?: string;
}

export interface OverheadInput {
	sim: SimConnection;
	variant: 'transport' | 'undici' | 'n8n';
	path: string;
	warmup: number;
	requests: number;
	concurrency: number;
}

export interface OverheadResult {
	variant: string;
	requests: number;
	ms: number;
	cpuUs: number;
	errors: number;
}

// The node classes are loaded from their TypeScript sources by explicit path: without the
// extension, Node resolves `ServiceTitan.node` to the codex file ServiceTitan.node.json.
function serviceTitanNode(): INodeType {
	const { ServiceTitan } = require('../nodes/ServiceTitan/ServiceTitan.node.ts') as { ServiceTitan: new () => INodeType };
	return new ServiceTitan();
}
function serviceTitanTrigger(): INodeType {
	const { ServiceTitanTrigger } = require('../nodes/ServiceTitan/ServiceTitanTrigger.node.ts') as { ServiceTitanTrigger: new () => INodeType };
	return new ServiceTitanTrigger();
}

export function credentialData(sim: SimConnection): ICredentialDataDecryptedObject {
	return { environment: 'custom', authUrl: sim.authUrl, apiBaseUrl: sim.apiBaseUrl, ...sim.credentials };
}

/** The expressions of the bulk writes' parameters, per item (n8n's Edit Fields node evaluates the same as their floor). */
export const WRITE_EXPRESSIONS = {
	createCustomer: { name: '={{ "Bench customer " + $json.i }}' },
	updateJob: { jobId: '={{ $json.jobId }}', summary: '={{ "Bench update " + $json.i }}' },
} as const;

/** Node parameters of the bulk-write scenarios (shared with the real-n8n workflows). */
export const WRITE_PARAMETERS = {
	createCustomer: {
		resource: 'customer',
		operation: 'create',
		name: WRITE_EXPRESSIONS.createCustomer.name,
		// Node version 2 takes locations as fields by default; the benchmark keeps the JSON entry.
		locationsInput: 'json',
		locations: JSON.stringify([{ name: 'Home', address: { street: '1 Congress Ave', city: 'Austin', state: 'TX', zip: '78701', country: 'USA' } }]),
		address: { address: { street: '1 Congress Ave', unit: '', city: 'Austin', state: 'TX', zip: '78701', country: 'USA' } },
	},
	updateJob: {
		resource: 'job',
		operation: 'update',
		id: { __rl: true, mode: 'id', value: WRITE_EXPRESSIONS.updateJob.jobId },
		updateFields: { summary: WRITE_EXPRESSIONS.updateJob.summary },
	},
} as const;

/** Customer > Find or Create as the lead-intake recipe: the lead's ID as External Key, then its phone. */
export const FIND_OR_CREATE_PARAMETERS = {
	resource: 'customer',
	operation: 'findOrCreate',
	name: '={{ $json.name }}',
	address: { address: { street: '1 Congress Ave', unit: '', city: 'Austin', state: 'TX', zip: '78701', country: 'USA' } },
	locationsInput: 'json',
	locations: JSON.stringify([{ name: 'Home', address: { street: '1 Congress Ave', city: 'Austin', state: 'TX', zip: '78701', country: 'USA' } }]),
	externalKeyName: 'leadId',
	externalKeyValue: '={{ $json.leadId }}',
	matchRules: { rule: [{ on: 'externalKey' }, { on: 'phone' }] },
	additionalFields: { contacts: { contact: [{ type: 'MobilePhone', value: '={{ $json.phone }}' }] } },
} as const;

async function findOrCreate(input: FindOrCreateInput): Promise<FindOrCreateResult> {
	const { runNode } = await import('../test/harness');
	const nodeType = serviceTitanNode();
	const credentials = { serviceTitanOAuth2Api: credentialData(input.sim) };
	await runNode({ nodeType, parameters: { resource: 'customer', operation: 'getAll', limit: 1 }, credentials });
	const cpu = process.cpuUsage();
	const started = performance.now();
	const run = await runNode({
		nodeType,
		parameters: structuredClone(FIND_OR_CREATE_PARAMETERS) as unknown as INodeParameters,
		credentials,
		inputItems: input.leads,
		mode: 'cli',
	});
	const ms = performance.now() - started;
	const used = process.cpuUsage(cpu);
	const matchedOn: Record<string, number> = {};
	for (const item of run.items) if (item.json.created === false) matchedOn[String(item.json.matchedOn)] = (matchedOn[String(item.json.matchedOn)] ?? 0) + 1;
	return {
		ms,
		cpuMs: (used.user + used.system) / 1000,
		outputItems: run.items.length,
		created: run.items.filter((item) => item.json.created === true).length,
		matchedOn,
		executionError: run.error?.message,
	};
}

export function writeItems(count: number, jobIds: number[]): IDataObject[] {
	return Array.from({ length: count }, (_, i) => ({ i, jobId: jobIds.length ? jobIds[i % jobIds.length] : undefined }));
}

async function writes(input: WritesInput): Promise<WritesResult> {
	const { runNode } = await import('../test/harness');
	const nodeType = serviceTitanNode();
	const credentials = { serviceTitanOAuth2Api: credentialData(input.sim) };
	// Warm the engine (first run compiles expressions, loads n8n-core lazily) with one item of a read.
	await runNode({ nodeType, parameters: { resource: 'customer', operation: 'getAll', limit: 1 }, credentials });
	const items = writeItems(input.count, input.jobIds);
	const cpu = process.cpuUsage();
	const startedAt = Date.now();
	const started = performance.now();
	const run = await runNode({
		nodeType,
		parameters: structuredClone(WRITE_PARAMETERS[input.operation]) as unknown as INodeParameters,
		credentials,
		inputItems: items,
		mode: 'cli',
	});
	const ms = performance.now() - started;
	const used = process.cpuUsage(cpu);
	return {
		ms,
		startedAt,
		cpuMs: (used.user + used.system) / 1000,
		outputItems: run.items.length,
		errorItems: run.items.filter((item) => item.json.error !== undefined).length,
		executionError: run.error?.message,
	};
}

/** Samples RSS every 10 ms while `work` runs. */
async function measured<T>(work: () => Promise<T>): Promise<{ value: T; ms: number; cpuMs: number; rssBefore: number; rssPeak: number }> {
	(globalThis as { gc?: () => void }).gc?.();
	const rssBefore = process.memoryUsage.rss();
	let rssPeak = rssBefore;
	const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage.rss())), 10);
	const cpu = process.cpuUsage();
	const started = performance.now();
	try {
		const value = await work();
		const ms = performance.now() - started;
		const used = process.cpuUsage(cpu);
		rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
		return { value, ms, cpuMs: (used.user + used.system) / 1000, rssBefore, rssPeak };
	} finally {
		clearInterval(sampler);
	}
}

async function read(input: ReadInput): Promise<ReadResult> {
	if (input.kind === 'getAllTransport') return readThroughTransport(input);
	const { runNode, runPoll } = await import('../test/harness');
	const credentials = { serviceTitanOAuth2Api: credentialData(input.sim) };
	const node = serviceTitanNode();
	const trigger = serviceTitanTrigger();
	// Warm-up: engine, expression compiler, token, keep-alive connection.
	await runNode({ nodeType: node, parameters: { resource: 'customer', operation: 'getAll', limit: 1 }, credentials });
	if (input.kind === 'getAll') {
		const result = await measured(() =>
			runNode({ nodeType: node, parameters: { resource: 'customer', operation: 'getAll', returnAll: true }, credentials, mode: 'cli' }),
		);
		return {
			ms: result.ms,
			cpuMs: result.cpuMs,
			rssBefore: result.rssBefore,
			rssPeak: result.rssPeak,
			records: result.value.items.length,
			error: result.value.error?.message,
		};
	}
	const result = await measured(() =>
		runPoll({
			nodeType: trigger,
			parameters: { resource: 'customer', event: 'any', start: 'beginning', options: { maxRecordsPerPoll: 1_000_000 } },
			credentials,
			mode: 'trigger',
			pollBudgetMs: 600_000,
		}),
	);
	const error = result.value.error as Error | undefined;
	return {
		ms: result.ms,
		cpuMs: result.cpuMs,
		rssBefore: result.rssBefore,
		rssPeak: result.rssPeak,
		records: result.value.response?.[0]?.length ?? 0,
		error: error?.message,
	};
}

/** The node's Return All through the transport alone (paginate): the node's run minus this is n8n's items and Simplify. */
async function readThroughTransport(input: ReadInput): Promise<ReadResult> {
	const { ServiceTitanClient } = await import('../nodes/ServiceTitan/transport');
	const sim = input.sim;
	const client = new ServiceTitanClient({ environment: 'custom', authUrl: sim.authUrl, apiBaseUrl: sim.apiBaseUrl, ...sim.credentials });
	// Warm-up, as the node's: token, keep-alive connection.
	await client.request({ module: 'crm', method: 'GET', path: 'customers', query: { pageSize: 1 } });
	const result = await measured(async () => {
		let records = 0;
		for await (const page of client.paginate({ module: 'crm', method: 'GET', path: 'customers' })) records += page.length;
		return records;
	});
	return { ms: result.ms, cpuMs: result.cpuMs, rssBefore: result.rssBefore, rssPeak: result.rssPeak, records: result.value };
}

/** Runs `total` calls of `one`, `concurrency` at a time; counts the ones that throw. */
async function pump(total: number, concurrency: number, one: () => Promise<unknown>): Promise<number> {
	let next = 0;
	let errors = 0;
	const worker = async () => {
		while (next < total) {
			next++;
			try {
				await one();
			} catch {
				errors++;
			}
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	return errors;
}

async function overhead(input: OverheadInput): Promise<OverheadResult> {
	const { request } = await import('undici');
	// BENCH_TRANSPORT_DIR: A/B a modified copy of the transport folder (how the hot-path commits were measured).
	const transport = (await import(process.env.BENCH_TRANSPORT_DIR ?? '../nodes/ServiceTitan/transport')) as typeof import('../nodes/ServiceTitan/transport');
	const dispatcher = transport.getSharedDispatcher();
	const client = new transport.ServiceTitanClient(
		{ environment: 'custom', authUrl: input.sim.authUrl, apiBaseUrl: input.sim.apiBaseUrl, ...input.sim.credentials },
		{ rateLimit: false, dispatcher },
	);
	await client.ensureAccessToken();
	// The same token for the other variants (fetched once, outside the measurement).
	const tokenResponse = await request(`${client.tokenUrl}`, {
		method: 'POST',
		dispatcher,
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({
			grant_type: 'client_credentials',
			client_id: input.sim.credentials.clientId,
			client_secret: input.sim.credentials.clientSecret,
		}).toString(),
	});
	const token = ((await tokenResponse.body.json()) as { access_token: string }).access_token;
	const url = client.buildUrl('crm', input.path);
	const headers = { authorization: `Bearer ${token}`, 'st-app-key': input.sim.credentials.appKey, accept: 'application/json' };

	let one: () => Promise<unknown>;
	if (input.variant === 'transport') {
		one = () => client.request({ module: 'crm', method: 'GET', path: input.path });
	} else if (input.variant === 'undici') {
		one = async () => {
			const response = await request(url, { method: 'GET', headers, dispatcher });
			const text = await response.body.text();
			if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}`);
			return JSON.parse(text);
		};
	} else {
		// n8n-core's helpers.httpRequest, called from a node running in n8n-core's engine.
		const { runNode } = await import('../test/harness');
		let pending: ((helpers: IExecuteFunctions['helpers']) => Promise<void>) | undefined;
		class HttpHelperBench implements INodeType {
			description: INodeTypeDescription = {
				displayName: 'HTTP Helper Bench',
				name: 'httpHelperBench',
				group: ['transform'],
				version: 1,
				description: 'Calls this.helpers.httpRequest',
				defaults: { name: 'HTTP Helper Bench' },
				inputs: ['main'],
				outputs: ['main'],
				properties: [],
			};
			async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
				await pending?.(this.helpers);
				return [this.getInputData()];
			}
		}
		const runWithHelpers = async (body: (helpers: IExecuteFunctions['helpers']) => Promise<void>) => {
			pending = body;
			const run = await runNode({ nodeType: new HttpHelperBench() });
			if (run.error) throw new Error(run.error.message);
		};
		const helperCall = (helpers: IExecuteFunctions['helpers']) => () => helpers.httpRequest({ method: 'GET', url, headers, json: true });
		// Warm-up and measurement both run inside one node execution each.
		await runWithHelpers((helpers) => pump(input.warmup, input.concurrency, helperCall(helpers)).then(() => undefined));
		let errors = 0;
		let result: { ms: number; cpuUs: number } | undefined;
		await runWithHelpers(async (helpers) => {
			const cpu = process.cpuUsage();
			const started = performance.now();
			errors = await pump(input.requests, input.concurrency, helperCall(helpers));
			const ms = performance.now() - started;
			const used = process.cpuUsage(cpu);
			result = { ms, cpuUs: used.user + used.system };
		});
		await transport.closeSharedDispatcher();
		return { variant: input.variant, requests: input.requests, ms: result!.ms, cpuUs: result!.cpuUs / input.requests, errors };
	}

	await pump(input.warmup, input.concurrency, one);
	const cpu = process.cpuUsage();
	const started = performance.now();
	const errors = await pump(input.requests, input.concurrency, one);
	const ms = performance.now() - started;
	const used = process.cpuUsage(cpu);
	await transport.closeSharedDispatcher();
	return { variant: input.variant, requests: input.requests, ms, cpuUs: (used.user + used.system) / input.requests, errors };
}

async function main(): Promise<void> {
	const task = process.argv[2];
	const input = JSON.parse(process.env.BENCH_INPUT ?? '{}');
	let result: unknown;
	if (task === 'writes') result = await writes(input as WritesInput);
	else if (task === 'findOrCreate') result = await findOrCreate(input as FindOrCreateInput);
	else if (task === 'read') result = await read(input as ReadInput);
	else if (task === 'overhead') result = await overhead(input as OverheadInput);
	else throw new Error(`unknown task ${task}`);
	process.stdout.write(`\n${JSON.stringify(result)}\n`);
}

/** The harness points N8N_USER_FOLDER at a temp folder (removed by jest's afterAll in tests). */
function cleanUp(): void {
	if (!require.cache[require.resolve('../test/harness/environment')]) return;
	const { harnessUserFolder } = require('../test/harness/environment') as { harnessUserFolder: string };
	require('node:fs').rmSync(harnessUserFolder, { recursive: true, force: true });
}

if (require.main === module) {
	main().then(
		() => {
			cleanUp();
			process.exit(0);
		},
		(error: unknown) => {
			process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
			cleanUp();
			process.exit(1);
		},
	);
}
