import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeListSearchResult,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { listSearch, loadOptions, runNode, runPoll, runWorkflow, testCredential } from './index';

const CREDENTIAL = 'serviceTitanOAuth2Api';

const baseDescription = (name: string): INodeTypeDescription => ({
	displayName: name,
	name,
	group: ['transform'],
	version: [1, 2],
	description: `Harness self-test node ${name}`,
	defaults: { name: `Test ${name}` },
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	credentials: [{ name: CREDENTIAL, required: true }],
	properties: [],
});

/** Reads a parameter (with expressions), the credential and the node version; one item out per item in. */
class EchoNode implements INodeType {
	description: INodeTypeDescription = {
		...baseDescription('harnessEcho'),
		properties: [
			{ displayName: 'Greeting', name: 'greeting', type: 'string', default: 'hello' },
			{ displayName: 'Suffix', name: 'suffix', type: 'string', default: '!' },
		],
	};

	methods = {
		loadOptions: {
			async getGreetings(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				const credentials = await this.getCredentials(CREDENTIAL);
				const current = this.getCurrentNodeParameter('greeting') as string;
				return [{ name: `${current} @ ${String(credentials.tenantId)}`, value: current }];
			},
		},
		listSearch: {
			async searchGreetings(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
				const all = ['alpha', 'beta', 'gamma', 'delta'].filter((name) => !filter || name.includes(filter));
				const start = Number(paginationToken ?? 0);
				return {
					results: all.slice(start, start + 2).map((name) => ({ name, value: name })),
					paginationToken: start + 2 < all.length ? String(start + 2) : undefined,
				};
			},
		},
		credentialTest: {
			async checkClient(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
				const data = credential.data as ICredentialDataDecryptedObject;
				return data.clientId === 'good-client'
					? { status: 'OK', message: 'Connection successful' }
					: { status: 'Error', message: `Unknown client ${String(data.clientId)}` };
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const credentials = await this.getCredentials(CREDENTIAL);
		return [
			this.getInputData().map((item, itemIndex) => ({
				json: {
					...item.json,
					greeting: `${this.getNodeParameter('greeting', itemIndex) as string}${this.getNodeParameter('suffix', itemIndex) as string}`,
					tenantId: credentials.tenantId,
					environment: credentials.environment,
					typeVersion: this.getNode().typeVersion,
				},
				pairedItem: { item: itemIndex },
			})),
		];
	}
}

/** Fails items marked `fail`, with the router pattern of our action node (continueOnFail per item). */
class FailingNode implements INodeType {
	description: INodeTypeDescription = baseDescription('harnessFailing');

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const output: INodeExecutionData[] = [];
		for (const [itemIndex, item] of this.getInputData().entries()) {
			try {
				if (item.json.fail === true) {
					throw new NodeOperationError(this.getNode(), `Item ${itemIndex} is marked to fail`, {
						itemIndex,
						description: 'The input item asked for it',
					});
				}
				output.push({ json: { ok: itemIndex }, pairedItem: { item: itemIndex } });
			} catch (error) {
				if (!this.continueOnFail()) throw error;
				output.push({ json: { error: (error as Error).message }, pairedItem: { item: itemIndex } });
			}
		}
		return [output];
	}
}

/** GETs `url` through httpRequestWithAuthentication with our credential. */
class AuthenticatedRequestNode implements INodeType {
	description: INodeTypeDescription = {
		...baseDescription('harnessRequest'),
		properties: [{ displayName: 'URL', name: 'url', type: 'string', default: '' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const url = this.getNodeParameter('url', 0) as string;
		const response = (await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL, {
			url,
			json: true,
		})) as IDataObject;
		return [[{ json: response, pairedItem: { item: 0 } }]];
	}
}

/** A cursor in static data, written only on success and never in manual mode. */
class CountingPollNode implements INodeType {
	description: INodeTypeDescription = {
		...baseDescription('harnessCountingPoll'),
		group: ['trigger'],
		version: 1,
		polling: true,
		inputs: [],
		properties: [{ displayName: 'Behaviour', name: 'behaviour', type: 'string', default: 'emit' }],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const credentials = await this.getCredentials(CREDENTIAL);
		const staticData = this.getWorkflowStaticData('node');
		const cursor = typeof staticData.cursor === 'number' ? staticData.cursor : 0;
		const behaviour = this.getNodeParameter('behaviour') as string;
		if (behaviour === 'fail') throw new NodeOperationError(this.getNode(), 'Export feed unavailable');
		if (behaviour === 'nothing') {
			staticData.lastCheckedAt = 'now';
			return null;
		}
		const item = {
			json: {
				cursor: cursor + 1,
				tenantId: credentials.tenantId,
				mode: this.getMode(),
				activation: this.getActivationMode(),
				budgetMs: this.getPollBudgetMs?.() ?? 'absent',
			},
		};
		if (this.getMode() !== 'manual') staticData.cursor = cursor + 1;
		return [[item]];
	}
}

const credentials = {
	[CREDENTIAL]: {
		environment: 'custom',
		authUrl: 'http://127.0.0.1:1',
		apiBaseUrl: 'http://127.0.0.1:1',
		tenantId: '123456',
		clientId: 'good-client',
		clientSecret: 'secret',
		appKey: 'ak1.app-key',
		accessToken: '',
	},
};

describe('runNode with n8n-core WorkflowExecute', () => {
	const echo = new EchoNode();

	it('returns items with pairedItem, resolving expressions and reading the credential', async () => {
		const result = await runNode({
			nodeType: echo,
			parameters: { greeting: '={{ "hi " + $json.name }}' },
			credentials,
			inputItems: [{ name: 'Ada' }, { name: 'Grace' }],
		});

		expect(result.status).toBe('success');
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([
			{
				json: { name: 'Ada', greeting: 'hi Ada!', tenantId: '123456', environment: 'custom', typeVersion: 2 },
				pairedItem: { item: 0 },
			},
			{
				json: { name: 'Grace', greeting: 'hi Grace!', tenantId: '123456', environment: 'custom', typeVersion: 2 },
				pairedItem: { item: 1 },
			},
		]);
	});

	it('applies credential defaults and pins the type version', async () => {
		const { environment: _omitted, ...withoutEnvironment } = credentials[CREDENTIAL];
		const result = await runNode({
			nodeType: echo,
			typeVersion: 1,
			credentials: { [CREDENTIAL]: withoutEnvironment },
		});
		expect(result.items[0].json).toMatchObject({ environment: 'production', typeVersion: 1, greeting: 'hello!' });
	});

	it('records a thrown NodeOperationError with its class, description and item index', async () => {
		const result = await runNode({
			nodeType: new FailingNode(),
			credentials,
			inputItems: [{}, { fail: true }],
		});

		expect(result.status).toBe('error');
		expect(result.items).toEqual([]);
		expect(result.error).toMatchObject({
			name: 'NodeOperationError',
			message: 'Item 1 is marked to fail',
			description: 'The input item asked for it',
			itemIndex: 1,
		});
	});

	it('routes failed items to the regular output with continueOnFail', async () => {
		const result = await runNode({
			nodeType: new FailingNode(),
			credentials,
			continueOnFail: true,
			inputItems: [{}, { fail: true }],
		});

		expect(result.status).toBe('success');
		expect(result.items).toEqual([
			{ json: { ok: 0 }, pairedItem: { item: 0 } },
			{ json: { error: 'Item 1 is marked to fail' }, pairedItem: { item: 1 } },
		]);
	});

	it("routes failed items to the error output with onError 'continueErrorOutput'", async () => {
		const result = await runNode({
			nodeType: new FailingNode(),
			credentials,
			onError: 'continueErrorOutput',
			inputItems: [{}, { fail: true }],
		});

		// n8n's engine moves items whose json is only `error` to output 1 and merges the paired input back in.
		expect(result.outputs).toEqual([
			[{ json: { ok: 0 }, pairedItem: { item: 0 } }],
			[{ json: { fail: true, error: 'Item 1 is marked to fail' }, pairedItem: { item: 1 } }],
		]);
	});

	it('runs a chain of nodes and reports each node and the execution order', async () => {
		const run = await runWorkflow({
			nodes: [
				{ name: 'First', type: echo, parameters: { greeting: 'one' } },
				{ name: 'Second', type: echo, parameters: { greeting: "={{ $json.greeting + ' two' }}" } },
			],
			credentials,
			mode: 'cli',
		});
		expect(run.executionOrder).toEqual(['First', 'Second']);
		expect(run.nodeRuns.Second.outputs[0][0].json.greeting).toBe('one! two!');
	});
});

describe('httpRequestWithAuthentication with the ServiceTitan credential', () => {
	let server: Server;
	let baseUrl: string;
	const tokenRequests: string[] = [];
	const apiRequests: IncomingHttpHeaders[] = [];
	let expiredTokens = new Set<string>();

	beforeAll(async () => {
		server = createServer((request, response) => {
			let body = '';
			request.on('data', (chunk: Buffer) => (body += chunk.toString()));
			request.on('end', () => {
				response.setHeader('Content-Type', 'application/json');
				if (request.method === 'POST' && request.url === '/connect/token') {
					tokenRequests.push(body);
					response.end(JSON.stringify({ access_token: `token-${tokenRequests.length}`, expires_in: 900 }));
					return;
				}
				apiRequests.push(request.headers);
				const token = request.headers.authorization?.replace('Bearer ', '') ?? '';
				if (expiredTokens.has(token)) {
					response.statusCode = 401;
					response.end(JSON.stringify({ title: 'Unauthorized' }));
					return;
				}
				if (request.url === '/boom') {
					response.statusCode = 500;
					response.end(JSON.stringify({ title: 'Internal failure' }));
					return;
				}
				response.end(JSON.stringify({ path: request.url, authorization: request.headers.authorization }));
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});

	afterAll(async () => {
		await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
	});

	beforeEach(() => {
		tokenRequests.length = 0;
		apiRequests.length = 0;
		expiredTokens = new Set();
	});

	const localCredentials = () => ({ [CREDENTIAL]: { ...credentials[CREDENTIAL], authUrl: baseUrl, apiBaseUrl: baseUrl } });

	it('fetches a token with preAuthentication, then sends Bearer and ST-App-Key', async () => {
		const result = await runNode({
			nodeType: new AuthenticatedRequestNode(),
			parameters: { url: `${baseUrl}/tenant/123456/jobs` },
			credentials: localCredentials(),
		});

		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({ path: '/tenant/123456/jobs', authorization: 'Bearer token-1' });
		expect(tokenRequests).toEqual(['grant_type=client_credentials&client_id=good-client&client_secret=secret']);
		expect(apiRequests[0]).toMatchObject({ authorization: 'Bearer token-1', 'st-app-key': 'ak1.app-key' });
		// n8n persists the token into the stored credential.
		expect(result.credentialUpdates).toEqual([{ type: CREDENTIAL, data: expect.objectContaining({ accessToken: 'token-1' }) as unknown }]);
	});

	it('refreshes the token once on 401 and retries, as n8n does', async () => {
		expiredTokens.add('stale-token');
		const stale = { [CREDENTIAL]: { ...localCredentials()[CREDENTIAL], accessToken: 'stale-token' } };
		const result = await runNode({
			nodeType: new AuthenticatedRequestNode(),
			parameters: { url: `${baseUrl}/jobs` },
			credentials: stale,
		});

		expect(result.error).toBeUndefined();
		expect(apiRequests.map((headers) => headers.authorization)).toEqual(['Bearer stale-token', 'Bearer token-1']);
		expect(result.items[0].json.authorization).toBe('Bearer token-1');
	});

	it('surfaces API failures as NodeApiError with the HTTP code', async () => {
		const result = await runNode({
			nodeType: new AuthenticatedRequestNode(),
			parameters: { url: `${baseUrl}/boom` },
			credentials: localCredentials(),
		});

		expect(result.status).toBe('error');
		expect(result.error).toMatchObject({ name: 'NodeApiError', httpCode: '500' });
		expect(result.error?.name).toBe(NodeApiError.name);
	});
});

describe('runPoll with a real PollContext', () => {
	const poller = new CountingPollNode();

	it('advances a cursor across ticks in one test-owned static data object', async () => {
		const staticData: IDataObject = {};
		const first = await runPoll({ nodeType: poller, credentials, staticData, pollBudgetMs: 1234 });
		const second = await runPoll({ nodeType: poller, credentials, staticData });

		expect(first.response).toEqual([[{ json: { cursor: 1, tenantId: '123456', mode: 'trigger', activation: 'activate', budgetMs: 1234 } }]]);
		expect(second.response?.[0][0].json).toMatchObject({ cursor: 2, budgetMs: 300_000 });
		expect(second.nodeStaticData).toEqual({ cursor: 2 });
		expect(staticData).toEqual({ 'node:Test harnessCountingPoll': { cursor: 2 } });
		expect(second.savedStaticData).toEqual({ 'node:Test harnessCountingPoll': { cursor: 2 } });
	});

	it('simulates a restart from what n8n saved: null-path changes are lost', async () => {
		const staticData: IDataObject = {};
		const emitted = await runPoll({ nodeType: poller, credentials, staticData });
		const quiet = await runPoll({ nodeType: poller, credentials, staticData, parameters: { behaviour: 'nothing' } });

		expect(quiet.response).toBeNull();
		expect(quiet.staticDataChanged).toBe(true);
		expect(quiet.savedStaticData).toBeUndefined();
		expect(quiet.nodeStaticData).toEqual({ cursor: 1, lastCheckedAt: 'now' });

		const afterRestart = await runPoll({ nodeType: poller, credentials, staticData: emitted.savedStaticData });
		expect(afterRestart.response?.[0][0].json.cursor).toBe(2);
	});

	it('reports a failing tick as the emitted error and keeps the cursor', async () => {
		const staticData: IDataObject = { 'node:Test harnessCountingPoll': { cursor: 7 } };
		const result = await runPoll({ nodeType: poller, credentials, staticData, parameters: { behaviour: 'fail' } });

		expect(result.response).toBeNull();
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.staticDataChanged).toBe(false);
		expect(result.nodeStaticData).toEqual({ cursor: 7 });
	});

	it('leaves static data alone in manual mode and supports an absent getPollBudgetMs', async () => {
		const staticData: IDataObject = { 'node:Test harnessCountingPoll': { cursor: 3 } };
		const result = await runPoll({ nodeType: poller, credentials, staticData, mode: 'manual', pollBudgetMs: null });

		expect(result.response?.[0][0].json).toMatchObject({ cursor: 4, mode: 'manual', budgetMs: 'absent' });
		expect(result.staticDataChanged).toBe(false);
		expect(staticData).toEqual({ 'node:Test harnessCountingPoll': { cursor: 3 } });
	});
});

describe('loadOptions, listSearch and credentialTest invokers', () => {
	const echo = new EchoNode();

	it('calls loadOptions with a real LoadOptionsContext, credentials and current parameters', async () => {
		const options = await loadOptions({
			nodeType: echo,
			method: 'getGreetings',
			parameters: { greeting: 'bonjour' },
			credentials,
		});
		expect(options).toEqual([{ name: 'bonjour @ 123456', value: 'bonjour' }]);
	});

	it('pages listSearch results with a filter', async () => {
		const firstPage = await listSearch({ nodeType: echo, method: 'searchGreetings', credentials, filter: 'a' });
		const secondPage = await listSearch({
			nodeType: echo,
			method: 'searchGreetings',
			credentials,
			filter: 'a',
			paginationToken: firstPage.paginationToken,
		});
		expect(firstPage).toEqual({
			results: [
				{ name: 'alpha', value: 'alpha' },
				{ name: 'beta', value: 'beta' },
			],
			paginationToken: '2',
		});
		expect(secondPage.results.map((result) => result.value)).toEqual(['gamma', 'delta']);
	});

	it('calls a credentialTest method with a CredentialTestContext', async () => {
		await expect(testCredential({ nodeType: echo, method: 'checkClient', data: credentials[CREDENTIAL] })).resolves.toEqual({
			status: 'OK',
			message: 'Connection successful',
		});
		await expect(
			testCredential({
				nodeType: echo,
				method: 'checkClient',
				data: { ...credentials[CREDENTIAL], clientId: 'other' },
			}),
		).resolves.toEqual({ status: 'Error', message: 'Unknown client other' });
	});
});
