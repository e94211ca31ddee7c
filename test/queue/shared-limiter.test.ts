/**
 * The Redis-shared limiter in one process against a real redis-server: bottleneck's internals it hooks,
 * healing after Redis lost its keys, what the keys hold, and Redis unreachable at start or lost mid-run.
 */
import { freshProcessLoader } from '../harness/fresh-process';
import Bottleneck from 'bottleneck';
import IORedis from 'ioredis';

import {
	apiLimiterKey,
	apiLimiterSettings,
	readRedisLimiterConfig,
	reportLimiterKey,
	reportLimiterSettings,
	type SharedRedisConfig,
} from '../../nodes/ServiceTitan/limits';
import { normaliseRedis7Errors } from '../../nodes/ServiceTitan/limits/redis/connection';
import { RedisLimiterFactory } from '../../nodes/ServiceTitan/limits/redis/factory';
import { describeWithRedis, startRedis, type TestRedis } from '../harness/redis';

const APP_KEY = 'ak-7f3e9c1d2b4a';
const TENANT = '31415926';
const HOST = 'https://api-integration.servicetitan.io';
const key = apiLimiterKey(HOST, APP_KEY, TENANT);

function config(url: string, expectedProcesses = 4): SharedRedisConfig {
	return readRedisLimiterConfig({ SERVICETITAN_REDIS_URL: url, SERVICETITAN_EXPECTED_PROCESSES: String(expectedProcesses) }) as SharedRedisConfig;
}

function recorder() {
	const warnings: string[] = [];
	return { warnings, logger: { warn: (m: string) => warnings.push(m), debug: () => undefined } };
}

async function until(condition: () => boolean, ms = 10_000): Promise<void> {
	const deadline = Date.now() + ms;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error('condition not met in time');
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

function maxInAnySecond(times: number[]): number {
	const sorted = [...times].sort((a, b) => a - b);
	let max = 0;
	for (let i = 0, j = 0; i < sorted.length; i++) {
		while (sorted[i] - sorted[j] >= 1000) j++;
		max = Math.max(max, i - j + 1);
	}
	return max;
}

describeWithRedis('Redis-shared limiter (one process, real redis-server)', () => {
	let redis: TestRedis;
	let admin: IORedis;
	const factories: RedisLimiterFactory[] = [];
	const make = (url = redis.url, processes = 4) => {
		const factory = new RedisLimiterFactory(config(url, processes));
		factories.push(factory);
		return factory;
	};

	beforeAll(async () => {
		redis = await startRedis();
		admin = new IORedis(redis.url, { maxRetriesPerRequest: 1 });
		admin.on('error', () => undefined);
	});
	afterEach(async () => {
		await Promise.all(factories.splice(0).map((f) => f.disconnectAll()));
		if (!redis.running) await redis.restart();
		await admin.flushall().catch(() => undefined);
	});
	afterAll(async () => {
		admin?.disconnect();
		await redis?.stop();
	});

	it('the bottleneck internals the Redis 7 wrapper and the fallback hook still exist (bottleneck is pinned at 2.19.5)', async () => {
		const connection = new Bottleneck.IORedisConnection({ client: new IORedis(redis.url), Redis: IORedis });
		expect(typeof (connection as unknown as { __scriptFn__: unknown }).__scriptFn__).toBe('function');
		normaliseRedis7Errors(connection);
		const limiter = new Bottleneck({ id: 'internals-probe', datastore: 'ioredis', connection, minTime: 1 });
		await limiter.ready();
		expect((limiter as unknown as { _store: { heartbeat: unknown } })._store.heartbeat).toBeDefined();
		await limiter.disconnect();
		await connection.disconnect(false);
		expect(require('bottleneck/package.json').version).toBe('2.19.5');
	});

	it('a bottleneck without the method the Redis 7 wrapper needs is refused when the factory is made, its connection closed', async () => {
		const prototype = Bottleneck.IORedisConnection.prototype as unknown as { __scriptFn__?: unknown };
		const scriptFn = prototype.__scriptFn__;
		delete prototype.__scriptFn__;
		const client = new IORedis(redis.url);
		try {
			expect(() => new RedisLimiterFactory(config(redis.url, 4), client)).toThrow('bottleneck.IORedisConnection has no __scriptFn__');
		} finally {
			prototype.__scriptFn__ = scriptFn;
		}
		for (let tries = 0; tries < 50 && client.status !== 'end'; tries++) await new Promise((resolve) => setTimeout(resolve, 20));
		expect(client.status).toBe('end');
	});

	it('keeps sharing after Redis lost its keys (Redis ≥ 7 prefixes script errors with "ERR ")', async () => {
		const { warnings, logger } = recorder();
		const factory = make();
		const api = factory.get(key, apiLimiterSettings(60), logger);
		// A report limiter keeps bottleneck's Redis datastore, whose self-healing needs the wrapper.
		const report = factory.get(reportLimiterKey(HOST, APP_KEY, TENANT, '4242'), reportLimiterSettings(600), logger);
		const burst = () => Promise.all(Array.from({ length: 5 }, () => [api.schedule(async () => undefined), report.schedule(async () => undefined)]).flat());
		await burst();
		expect(factory.state).toBe('up');
		await admin.flushall();
		// Without the wrapper bottleneck sees "ERR SETTINGS_KEY_NOT_FOUND", cannot heal, and every request goes local.
		await burst();
		expect(factory.state).toBe('up');
		expect(warnings).toEqual([]);
		const keys = await admin.keys('*');
		expect(keys.some((k) => k.includes('_settings'))).toBe(true);
		expect(keys.some((k) => k.includes(':booking:'))).toBe(true);
	});

	it('the API limiter keeps only its booking and its window in Redis and publishes nothing (two scripts per request)', async () => {
		const factory = make();
		const limiter = factory.get(key, apiLimiterSettings(60));
		await admin.config('RESETSTAT');
		await Promise.all(Array.from({ length: 20 }, () => limiter.schedule(async () => undefined)));
		expect((await admin.keys('*')).map((k) => k.replace(/\{[^}]+\}/, '{tag}')).sort()).toEqual(['servicetitan:booking:{tag}', 'servicetitan:window:{tag}']);
		// bottleneck's Redis datastore would publish to every process's subscriber for each request.
		expect(await admin.info('commandstats')).not.toContain('cmdstat_publish');
	});

	it("a process that runs no report keeps one Redis connection; its first report limiter adds bottleneck's pub/sub one", async () => {
		/** This test's connections to Redis: all of them but the admin's. */
		const connections = async () =>
			String(await admin.client('LIST'))
				.trim()
				.split('\n').length - 1;
		expect(await connections()).toBe(0);
		const factory = make();
		const api = factory.get(key, apiLimiterSettings(60));
		await Promise.all(Array.from({ length: 5 }, () => api.schedule(async () => undefined)));
		expect(factory.state).toBe('up');
		expect(await connections()).toBe(1);
		const report = factory.get(reportLimiterKey(HOST, APP_KEY, TENANT, '4242'), reportLimiterSettings(600));
		await Promise.all(Array.from({ length: 3 }, () => report.schedule(async () => undefined)));
		expect(await connections()).toBe(2);
		await factory.disconnectAll();
		factories.splice(factories.indexOf(factory), 1);
		// Both closed at shutdown.
		for (let tries = 0; tries < 50 && (await connections()) > 0; tries++) await new Promise((resolve) => setTimeout(resolve, 20));
		expect(await connections()).toBe(0);
	});

	it('keeps no tenant ID, app key, host or secret in Redis: keys and values hold hashes', async () => {
		const factory = make();
		const limiter = factory.get(key, apiLimiterSettings(60));
		// A report limiter too: its state is bottleneck's (hashes, sorted sets), the API limiter's the booking and window.
		const report = factory.get(reportLimiterKey(HOST, APP_KEY, TENANT, '4242'), reportLimiterSettings(600));
		await Promise.all(Array.from({ length: 10 }, () => [limiter.schedule(async () => undefined), report.schedule(async () => undefined)]).flat());
		const keys = await admin.keys('*');
		expect(keys.length).toBeGreaterThan(3);
		const dump: string[] = [...keys];
		for (const k of keys) {
			const type = await admin.type(k);
			if (type === 'hash') dump.push(JSON.stringify(await admin.hgetall(k)));
			else if (type === 'zset') dump.push(JSON.stringify(await admin.zrange(k, 0, -1, 'WITHSCORES')));
			else if (type === 'string') dump.push(String(await admin.get(k)));
		}
		const text = dump.join('\n');
		for (const secret of [APP_KEY, TENANT, 'servicetitan.io', 'api-integration']) expect(text).not.toContain(secret);
		expect(keys.every((k) => k.includes('servicetitan:'))).toBe(true);
	});

	/** Makes the first window answer of `factory` reach it 120 ms late; returns how many window calls were made. */
	const holdUpFirstWindowAnswer = (factory: RedisLimiterFactory): (() => number) => {
		const client = factory.client as unknown as { servicetitanWindow: (...args: unknown[]) => Promise<number> };
		const ask = client.servicetitanWindow.bind(factory.client);
		let calls = 0;
		client.servicetitanWindow = (...args: unknown[]) => {
			const answer = ask(...args);
			// The command is on the socket and Redis answers at once; this process reads the answer 120 ms later.
			if (calls++ === 0) for (const until = performance.now() + 120; performance.now() < until;);
			return answer;
		};
		return () => calls;
	};

	it('a window answer read late (the process held up while Redis answered) counts the start when the request goes out', async () => {
		const factory = make();
		const limiter = factory.get(key, apiLimiterSettings(60));
		await limiter.schedule(async () => undefined);
		const windowCalls = holdUpFirstWindowAnswer(factory);
		const redisNow = async () => {
			const [seconds, micros] = await admin.time();
			return Number(seconds) * 1000 + Number(micros) / 1000;
		};
		const sentAt = await limiter.schedule(redisNow);
		const [windowKey] = await admin.keys('*:window:*');
		const counted = await admin.zrange(windowKey, 0, -1, 'WITHSCORES');
		const countedAt = Number(counted[counted.length - 1]);
		// Counted when Redis first answered, the start would be 120 ms older than the request: a second later the
		// window would let the 61st start go out 120 ms too soon.
		expect(sentAt - countedAt).toBeLessThan(40);
		expect(windowCalls()).toBe(2);
	});

	it('a report run whose grant was read late is counted again at once, not after a whole spacing (12 s at 5 runs a minute)', async () => {
		const factory = make();
		const limiter = factory.get(reportLimiterKey(HOST, APP_KEY, TENANT, '4242'), reportLimiterSettings(5));
		const windowCalls = holdUpFirstWindowAnswer(factory);
		const started = performance.now();
		await limiter.schedule(async () => undefined);
		// One start per spacing: the start counted again must not be refused by its own first count.
		expect(performance.now() - started).toBeLessThan(3_000);
		expect(windowCalls()).toBe(2);
	});

	it("sharedRedisClient() is the process's connection the process-wide limiters use, made from the same settings; undefined when sharing is off", async () => {
		const { load, restore } = freshProcessLoader(() => require('../../nodes/ServiceTitan/limits') as typeof import('../../nodes/ServiceTitan/limits'));
		try {
			const off = load({ SERVICETITAN_REDIS: 'off', SERVICETITAN_REDIS_URL: redis.url });
			expect(off.sharedRedisClient()).toBeUndefined();
			expect(load({ SERVICETITAN_REDIS: '', SERVICETITAN_REDIS_URL: '' }).sharedRedisClient()).toBeUndefined();

			const limits = load({ SERVICETITAN_REDIS: '', SERVICETITAN_REDIS_URL: redis.url });
			const client = limits.sharedRedisClient();
			expect(client).toBeDefined();
			expect(limits.sharedRedisClient()).toBe(client);
			expect(limits.sharedRedisKeyPrefix()).toBe('servicetitan');
			const factory = limits.getLimiterFactory() as unknown as RedisLimiterFactory;
			factories.push(factory);
			expect(factory.client).toBe(client);
			expect(
				await limits
					.getLimiterFactory()
					.get(key, apiLimiterSettings(60))
					.schedule(async () => 'sent'),
			).toBe('sent');
			expect(factory.state).toBe('up');
			expect(await client?.ping()).toBe('PONG');
			const keys = await admin.keys('*');
			expect(keys.length).toBeGreaterThan(0);
			expect(keys.filter((k) => !k.includes('servicetitan:'))).toEqual([]);
		} finally {
			restore();
		}
	});

	it('Redis unreachable at start: every request completes through the local share (1/4 of 60/s), said once', async () => {
		const { warnings, logger } = recorder();
		await redis.kill();
		const factory = make(redis.url, 4);
		const limiter = factory.get(key, apiLimiterSettings(60), logger);
		const starts: number[] = [];
		const results = await Promise.all(Array.from({ length: 30 }, (_, i) => limiter.schedule(async () => (starts.push(performance.now()), i))));
		expect(results).toEqual(Array.from({ length: 30 }, (_, i) => i));
		expect(factory.state).toBe('down');
		expect(maxInAnySecond(starts)).toBeLessThanOrEqual(15);
		expect(warnings).toEqual([
			expect.stringMatching(/Redis \(redis:\/\/127\.0\.0\.1:\d+, from SERVICETITAN_REDIS_URL\) cannot be reached .*1\/4 of each tenant's budget/),
		]);
	});

	it('an event loop held up for 5 s right at the start is not taken for a silent Redis (no fallback, no warning)', async () => {
		// What a worker does when its first execution checks a large input: the connection is opened, then the
		// process computes for seconds. Redis answered meanwhile; the answer waits on the socket.
		const { warnings, logger } = recorder();
		const factory = make(redis.url, 4);
		const limiter = factory.get(key, apiLimiterSettings(60), logger);
		const heldUntil = performance.now() + 5_000;
		while (performance.now() < heldUntil) {
			/* the event loop is held up */
		}
		await limiter.schedule(async () => undefined);
		expect({ state: factory.state, warnings }).toEqual({ state: 'up', warnings: [] });
	});

	it('Redis hung at start (connection accepted, nothing answered): requests go local after 3.5 s, said once, and come back', async () => {
		const { warnings, logger } = recorder();
		redis.pause();
		let factory: RedisLimiterFactory;
		try {
			factory = make(redis.url, 4);
			const limiter = factory.get(key, apiLimiterSettings(60), logger);
			const started = performance.now();
			await limiter.schedule(async () => undefined);
			const waited = performance.now() - started;
			expect({ state: factory.state, waitedAtLeast3s: waited >= 3_000, waitedUnder10s: waited < 10_000 }).toEqual({
				state: 'down',
				waitedAtLeast3s: true,
				waitedUnder10s: true,
			});
			expect(warnings).toEqual([expect.stringContaining('no answer within 3500 ms')]);
		} finally {
			redis.resume();
		}
		await until(() => factory!.state === 'up', 20_000);
		expect(warnings).toEqual([expect.stringContaining('cannot be reached'), expect.stringContaining('answers again')]);
	}, 45_000);

	it('Redis hung (answers nothing, connection open): requests go local after the command timeout instead of waiting, and come back', async () => {
		const { warnings, logger } = recorder();
		const factory = make(redis.url, 4);
		const limiter = factory.get(key, apiLimiterSettings(60), logger);
		await limiter.schedule(async () => undefined);
		expect(factory.state).toBe('up');
		redis.pause();
		try {
			const started = performance.now();
			const results = await Promise.all(Array.from({ length: 10 }, (_, i) => limiter.schedule(async () => i)));
			expect(results).toEqual(Array.from({ length: 10 }, (_, i) => i));
			// A 2 s command timeout, then 10 jobs at 1/4 of the budget (70 ms apart): not "until Redis answers".
			expect(performance.now() - started).toBeLessThan(15_000);
			expect(factory.state).toBe('down');
		} finally {
			redis.resume();
		}
		await until(() => factory.state === 'up', 15_000);
		expect(warnings).toEqual([expect.stringContaining('cannot be reached'), expect.stringContaining('answers again')]);
	}, 45_000);

	it('Redis lost mid-run and back: each job runs exactly once, none is stuck, and sharing resumes', async () => {
		const { warnings, logger } = recorder();
		const factory = make(redis.url, 2);
		const limiter = factory.get(key, apiLimiterSettings(60), logger);
		const runs = new Map<number, number>();
		const job = (i: number) => async () => {
			runs.set(i, (runs.get(i) ?? 0) + 1);
			await new Promise((resolve) => setTimeout(resolve, 5));
			return i;
		};
		const first = Array.from({ length: 120 }, (_, i) => limiter.schedule(job(i)));
		await until(() => runs.size >= 20);
		await redis.kill();
		await until(() => factory.state === 'down');
		await new Promise((resolve) => setTimeout(resolve, 500));
		await redis.restart();
		await until(() => factory.state === 'up');
		const later = Array.from({ length: 20 }, (_, i) => limiter.schedule(job(1000 + i)));
		const results = await Promise.all([...first, ...later]);
		expect(results).toHaveLength(140);
		expect([...runs.values()].every((count) => count === 1)).toBe(true);
		expect(runs.size).toBe(140);
		expect(warnings).toEqual([expect.stringContaining('cannot be reached'), expect.stringContaining('answers again')]);
		// The later jobs went through Redis again: its (restarted, empty) memory holds the limiter's booking.
		expect((await admin.keys('*')).some((k) => k.includes(':booking:'))).toBe(true);
	});
});
