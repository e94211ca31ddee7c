import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
	LocalLimiterFactory,
	LocalShareFactory,
	chooseLimiterFactory,
	readRedisLimiterConfig,
	shareOf,
	apiLimiterSettings,
	reportLimiterSettings,
} from '../../nodes/ServiceTitan/limits';

describe('which Redis the limiters share (environment)', () => {
	it('shares nothing when neither a URL nor n8n queue mode is set: the local limiter, as before', () => {
		expect(readRedisLimiterConfig({})).toEqual({ mode: 'local', reason: 'not configured' });
		expect(readRedisLimiterConfig({ EXECUTIONS_MODE: 'regular', QUEUE_BULL_REDIS_HOST: 'redis' })).toEqual({ mode: 'local', reason: 'not configured' });
		expect(chooseLimiterFactory(readRedisLimiterConfig({}))).toBeInstanceOf(LocalLimiterFactory);
	});

	it("reads n8n's own queue-mode settings, with n8n's defaults", () => {
		expect(readRedisLimiterConfig({ EXECUTIONS_MODE: 'queue' })).toEqual({
			mode: 'redis',
			source: 'n8n queue mode',
			describe: 'localhost:6379',
			server: { options: { host: 'localhost', port: 6379, db: 0, username: undefined, password: undefined } },
			keyPrefix: 'bull:servicetitan',
			expectedProcesses: 4,
		});
		const config = readRedisLimiterConfig({
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: 'redis.internal',
			QUEUE_BULL_REDIS_PORT: '6380',
			QUEUE_BULL_REDIS_DB: '2',
			QUEUE_BULL_REDIS_USERNAME: 'n8n',
			QUEUE_BULL_REDIS_PASSWORD: 'hunter2',
			QUEUE_BULL_REDIS_TLS: 'true',
			QUEUE_BULL_PREFIX: 'prod',
			SERVICETITAN_EXPECTED_PROCESSES: '6',
		});
		expect(config).toEqual({
			mode: 'redis',
			source: 'n8n queue mode',
			describe: 'redis.internal:6380/2',
			server: { options: { host: 'redis.internal', port: 6380, db: 2, username: 'n8n', password: 'hunter2', tls: { servername: undefined, rejectUnauthorized: true } } },
			keyPrefix: 'prod:servicetitan',
			expectedProcesses: 6,
		});
		expect(JSON.stringify((config as { describe: string }).describe)).not.toContain('hunter2');
	});

	it('takes a password from QUEUE_BULL_REDIS_PASSWORD_FILE, as n8n does', () => {
		const file = join(mkdtempSync(join(tmpdir(), 'st-redis-config-')), 'password');
		writeFileSync(file, 's3cret\n');
		const config = readRedisLimiterConfig({ EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_PASSWORD_FILE: file });
		expect(config).toMatchObject({ server: { options: { password: 's3cret' } } });
	});

	it('reads a Redis Cluster from QUEUE_BULL_REDIS_CLUSTER_NODES', () => {
		expect(readRedisLimiterConfig({ EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_CLUSTER_NODES: 'r1:7000, r2:7001' })).toMatchObject({
			mode: 'redis',
			describe: 'cluster r1:7000 (+1)',
			server: {
				clusterNodes: [
					{ host: 'r1', port: 7000 },
					{ host: 'r2', port: 7001 },
				],
			},
		});
		expect(readRedisLimiterConfig({ EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_CLUSTER_NODES: 'r1' })).toMatchObject({
			mode: 'invalid',
			problem: expect.stringContaining('QUEUE_BULL_REDIS_CLUSTER_NODES'),
		});
	});

	it('SERVICETITAN_REDIS_URL overrides queue mode; its password never reaches the description', () => {
		const config = readRedisLimiterConfig({ EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_HOST: 'other', SERVICETITAN_REDIS_URL: 'rediss://user:pw@cache:6390/3' });
		expect(config).toEqual({
			mode: 'redis',
			source: 'SERVICETITAN_REDIS_URL',
			describe: 'rediss://cache:6390/3',
			server: { url: 'rediss://user:pw@cache:6390/3' },
			keyPrefix: 'servicetitan',
			expectedProcesses: 4,
		});
	});

	it('SERVICETITAN_REDIS=off turns sharing off whatever else is set', () => {
		for (const value of ['off', 'OFF', 'false', '0', 'no']) {
			expect(readRedisLimiterConfig({ SERVICETITAN_REDIS: value, EXECUTIONS_MODE: 'queue', SERVICETITAN_REDIS_URL: 'redis://x:1' })).toEqual({
				mode: 'local',
				reason: 'turned off',
			});
		}
	});

	it('a malformed setting names the variable and falls back to the local share of the budget, said once', () => {
		expect(readRedisLimiterConfig({ SERVICETITAN_REDIS_URL: 'http://cache:6379' })).toMatchObject({
			mode: 'invalid',
			problem: expect.stringContaining('SERVICETITAN_REDIS_URL'),
		});
		expect(readRedisLimiterConfig({ SERVICETITAN_REDIS_URL: 'not a url' })).toMatchObject({ mode: 'invalid' });
		const bad = readRedisLimiterConfig({ SERVICETITAN_EXPECTED_PROCESSES: 'three', EXECUTIONS_MODE: 'queue' });
		expect(bad).toMatchObject({ mode: 'invalid', problem: expect.stringContaining('SERVICETITAN_EXPECTED_PROCESSES') });
		const factory = chooseLimiterFactory(bad);
		expect(factory).toBeInstanceOf(LocalShareFactory);
		const warnings: string[] = [];
		const logger = { warn: (m: string) => warnings.push(m) };
		factory.get('a', apiLimiterSettings(60), logger);
		factory.get('b', apiLimiterSettings(60), logger);
		expect(warnings).toEqual([expect.stringContaining('SERVICETITAN_EXPECTED_PROCESSES must be a whole number')]);
	});
});

describe('the share of the budget one process keeps while Redis is away', () => {
	it('is 1/n of the spacing, the concurrency and the per-second cap', () => {
		expect(shareOf(apiLimiterSettings(60), 4)).toEqual({ minTimeMs: expect.closeTo(70.03, 1), maxConcurrent: 4, maxPerSecond: 14 });
		expect(shareOf(reportLimiterSettings(5), 2)).toEqual({ minTimeMs: 24_480, maxConcurrent: 1, maxPerSecond: undefined });
		expect(shareOf(apiLimiterSettings(60), 1)).toEqual(apiLimiterSettings(60));
	});
});
