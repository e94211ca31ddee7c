/**
 * The record store behind a tool's write memory, and the memory's scope where n8n runs a tool with no execution yet
 * (the MCP Server Trigger invokes its tools inside its webhook: `getExecutionId()` is undefined there, and every try
 * of one tool call gets the same execute data object).
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { InProcessRecords, RedisRecords, setRecordStore } from '../../nodes/ServiceTitan/coordination/records';
import { ToolWriteMemory } from '../../nodes/ServiceTitan/actions/toolMode';
import { describeWithRedis, redisClients, startRedis, type TestRedis } from '../harness/redis';

describe('in one process', () => {
	test('a record is read back until its TTL passes, then it is gone', async () => {
		let now = 1_000;
		const records = new InProcessRecords(10, () => now);
		await records.set('k', 'v', 500);
		expect(await records.get('k')).toBe('v');
		now += 500;
		expect(await records.get('k')).toBeUndefined();
	});

	test('past its size the oldest records go first', async () => {
		const records = new InProcessRecords(2);
		for (const key of ['a', 'b', 'c']) await records.set(key, key, 60_000);
		expect([await records.get('a'), await records.get('b'), await records.get('c')]).toEqual([undefined, 'b', 'c']);
	});
});

describe('a tool write memory without an execution ID (the MCP Server Trigger)', () => {
	beforeEach(() => setRecordStore(new InProcessRecords()));
	let otherProcess: ToolWriteMemory | undefined;

	/** A tool run's context as the MCP trigger's webhook makes it: no execution ID, the call's execute data. */
	const tryOf = (executeData: IDataObject, executionId?: string) =>
		({
			getNode: () => ({ name: 'ServiceTitan Tool', type: 'n8n-nodes-servicetitan.serviceTitanTool' }),
			getWorkflow: () => ({ id: 'wf-1' }),
			getExecutionId: () => executionId,
			getExecuteData: () => executeData,
		}) as unknown as IExecuteFunctions;

	test('the shared store keeps the outcome, not the record; a tool call of the execution in another process gets the ID and "not sent again"', async () => {
		const sharedValues: string[] = [];
		const shared = new (class extends InProcessRecords {
			async set(key: string, value: string, ttlMs: number) {
				sharedValues.push(value);
				return super.set(key, value, ttlMs);
			}
		})();
		setRecordStore(shared);
		const executeData = {};
		const inExecution = (data: IDataObject) => tryOf(data, 'execution-9');
		const output = [{ json: { id: 77, text: 'Gate code 4411, dog in the yard' } }];
		await new ToolWriteMemory(inExecution(executeData)).remember(0, 'POST notes', { output });
		expect(sharedValues).toEqual(['{"written":true,"id":77}']);
		expect(await new ToolWriteMemory(inExecution({})).get(0, 'POST notes')).toEqual({ output });
		// Another process: the shared store only.
		jest.isolateModules(() => {
			const elsewhere = require('../../nodes/ServiceTitan/actions/toolMode') as typeof import('../../nodes/ServiceTitan/actions/toolMode');
			(require('../../nodes/ServiceTitan/coordination/records') as typeof import('../../nodes/ServiceTitan/coordination/records')).setRecordStore(shared);
			otherProcess = new elsewhere.ToolWriteMemory(inExecution({}));
		});
		expect(await otherProcess!.get(0, 'POST notes')).toEqual({
			output: [{ json: { id: 77, notSentAgain: true, note: expect.stringMatching(/^Written by an earlier try of this tool call in another n8n process/) } }],
		});
	});

	test('the tries of one tool call share the outcome; another call (new execute data) does not see it', async () => {
		const oneCall: IDataObject = {};
		await new ToolWriteMemory(tryOf(oneCall)).remember(0, 'POST notes', { uncertain: 'lost' });
		expect(await new ToolWriteMemory(tryOf(oneCall)).get(0, 'POST notes')).toEqual({ uncertain: 'lost' });
		expect(await new ToolWriteMemory(tryOf(oneCall)).get(0, 'POST other')).toBeUndefined();
		expect(await new ToolWriteMemory(tryOf({})).get(0, 'POST notes')).toBeUndefined();
	});
});

describeWithRedis('records shared through Redis', () => {
	let redis: TestRedis;
	const clients = redisClients(() => redis.url);

	beforeAll(async () => {
		redis = await startRedis();
	});
	afterAll(async () => {
		clients.disconnectAll();
		await redis.stop();
	});

	test('what one process records another reads, under the prefix, with the TTL', async () => {
		const [a, b] = await Promise.all([clients.connect(), clients.connect()]);
		await new RedisRecords(() => a, 'st:test:').set('tool-write:abc', '{"uncertain":"lost"}', 60_000);
		expect(await new RedisRecords(() => b, 'st:test:').get('tool-write:abc')).toBe('{"uncertain":"lost"}');
		const ttl = await b.pttl('st:test:record:tool-write:abc');
		expect(ttl).toBeGreaterThan(50_000);
		expect(ttl).toBeLessThanOrEqual(60_000);
	});

	test('while Redis cannot answer, the process keeps what it recorded', async () => {
		const a = await clients.connect();
		const records = new RedisRecords(() => a, 'st:test:');
		redis.pause();
		try {
			await records.set('while-paused', 'v', 60_000);
			expect(await records.get('while-paused')).toBe('v');
		} finally {
			redis.resume();
		}
	});
});
