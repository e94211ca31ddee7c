/**
 * Claims through a real redis-server: what two n8n processes (two webhook processes, two workers) see when they
 * claim one key at once, and what happens when Redis stops answering.
 */
import { freshProcessLoader } from '../harness/fresh-process';
import IORedis from 'ioredis';
import { RedisClaims } from '../../nodes/ServiceTitan/coordination/redisClaims';
import { describeWithRedis, startRedis, type TestRedis } from '../harness/redis';

describeWithRedis('claims shared through Redis', () => {
	let redis: TestRedis;
	const clients: IORedis[] = [];
	const connect = () => {
		const client = new IORedis(redis.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 500, lazyConnect: false });
		clients.push(client);
		return client;
	};
	const ready = (client: IORedis) => new Promise<void>((resolve) => (client.status === 'ready' ? resolve() : client.once('ready', () => resolve())));

	beforeAll(async () => {
		redis = await startRedis();
	});
	afterAll(async () => {
		for (const client of clients) client.disconnect();
		await redis.stop();
	});

	test('of two processes claiming one key at once, exactly one holds it, until it releases', async () => {
		const a = connect();
		const b = connect();
		await Promise.all([ready(a), ready(b)]);
		const first = new RedisClaims(() => a, 'st:test:');
		const second = new RedisClaims(() => b, 'st:test:');
		for (let round = 0; round < 20; round++) {
			const key = `event-${round}`;
			const tokens = await Promise.all([first.claim(key, 10_000), second.claim(key, 10_000), first.claim(key, 10_000), second.claim(key, 10_000)]);
			expect(tokens.filter((token) => token !== undefined)).toHaveLength(1);
		}
		const token = (await first.claim('held', 10_000))!;
		await second.release('held', 'someone-else');
		expect(await second.claim('held', 10_000)).toBeUndefined();
		await first.release('held', token);
		expect(await second.claim('held', 10_000)).toBeDefined();
		expect(await a.keys('st:test:claim:*')).toContain('st:test:claim:held');
	});

	test('a claim made while the connection is still being made waits for it instead of falling back', async () => {
		const fresh = connect();
		const reasons: string[] = [];
		const claims = new RedisClaims(
			() => fresh,
			'st:fresh:',
			(reason) => reasons.push(reason),
		);
		const other = connect();
		await ready(other);
		const token = await claims.claim('k', 10_000);
		expect(token).toBeDefined();
		expect(token!.startsWith('local:')).toBe(false);
		expect(reasons).toEqual([]);
		expect(await new RedisClaims(() => other, 'st:fresh:').claim('k', 10_000)).toBeUndefined();
	});

	test('a claim expires after its time, and an old holder cannot release the new one', async () => {
		const a = connect();
		await ready(a);
		const claims = new RedisClaims(() => a, 'st:ttl:');
		const old = (await claims.claim('k', 100))!;
		await new Promise((resolve) => setTimeout(resolve, 150));
		const fresh = await claims.claim('k', 10_000);
		expect(fresh).toBeDefined();
		await claims.release('k', old);
		expect(await claims.claim('k', 10_000)).toBeUndefined();
	});

	test('with Redis down the claim still holds apart work in this process, and says it fell back once', async () => {
		const a = connect();
		await ready(a);
		const reasons: string[] = [];
		const claims = new RedisClaims(
			() => a,
			'st:down:',
			(reason) => reasons.push(reason),
		);
		redis.pause();
		try {
			const token = await claims.claim('k', 10_000);
			expect(token).toBeDefined();
			expect(await claims.claim('k', 10_000)).toBeUndefined();
			await claims.release('k', token!);
			expect(await claims.claim('k', 10_000)).toBeDefined();
			expect(reasons).toHaveLength(1);
		} finally {
			redis.resume();
		}
	});

	test("the process-wide store is shared through Redis when the limiters are (SERVICETITAN_REDIS_URL), this process's own when not", async () => {
		const { load, restore } = freshProcessLoader(
			() => require('../../nodes/ServiceTitan/coordination/claims') as typeof import('../../nodes/ServiceTitan/coordination/claims'),
		);
		try {
			const processA = load({ SERVICETITAN_REDIS: '', SERVICETITAN_REDIS_URL: redis.url }).getClaimStore();
			const processB = load({ SERVICETITAN_REDIS: '', SERVICETITAN_REDIS_URL: redis.url }).getClaimStore();
			expect(processA.constructor.name).toBe('RedisClaims');
			const token = await processA.claim('event-shared', 10_000);
			expect(token).toBeDefined();
			expect(await processB.claim('event-shared', 10_000)).toBeUndefined();
			const admin = connect();
			await ready(admin);
			expect(await admin.keys('servicetitan:claim:*')).toEqual(['servicetitan:claim:event-shared']);

			// Redis lost: claims go on in the process, and the caller's logger hears it once.
			const warnings: string[] = [];
			const logged = load({ SERVICETITAN_REDIS: '', SERVICETITAN_REDIS_URL: redis.url });
			await logged.getClaimStore({ warn: (message) => warnings.push(message) }).claim('before-the-outage', 10_000);
			redis.pause();
			try {
				expect(await logged.getClaimStore().claim('during-the-outage', 10_000)).toBeDefined();
				expect(await logged.getClaimStore().claim('during-the-outage', 10_000)).toBeUndefined();
			} finally {
				redis.resume();
			}
			expect(warnings).toEqual([expect.stringMatching(/^ServiceTitan claims: Redis cannot answer \(.+\); claims are held in this process/)]);

			const alone = load({ SERVICETITAN_REDIS: 'off', SERVICETITAN_REDIS_URL: redis.url }).getClaimStore();
			expect(alone.constructor.name).toBe('InProcessClaims');
			expect(await alone.claim('event-shared', 10_000)).toBeDefined();
		} finally {
			restore();
		}
	});
});
