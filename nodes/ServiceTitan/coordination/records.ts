import type { Cluster, Redis } from 'ioredis';

import { sharedRedisClient, sharedRedisKeyPrefix } from '../limits';

/**
 * Short-lived records shared by every process that shares the limiters: "this key had this outcome", kept for a
 * TTL. The node's tool runs remember each write's outcome here (actions/toolMode.ts), so a retried tool call that
 * n8n runs as a new run of the node finds it, in whichever process runs the retry. Keys are hashed by the caller.
 */
export interface RecordStore {
	get(key: string): Promise<string | undefined>;
	set(key: string, value: string, ttlMs: number): Promise<void>;
}

/** One process: key → (value, expiry); the oldest entries (insertion order, one TTL per use) are dropped first. */
export class InProcessRecords implements RecordStore {
	private readonly entries = new Map<string, { value: string; until: number }>();

	constructor(
		private readonly maxEntries = 50_000,
		private readonly now: () => number = Date.now,
	) {}

	async get(key: string): Promise<string | undefined> {
		const entry = this.entries.get(key);
		if (!entry) return undefined;
		if (entry.until > this.now()) return entry.value;
		this.entries.delete(key);
		return undefined;
	}

	async set(key: string, value: string, ttlMs: number): Promise<void> {
		this.entries.delete(key);
		this.entries.set(key, { value, until: this.now() + ttlMs });
		for (const oldest of this.entries.keys()) {
			if (this.entries.size <= this.maxEntries) break;
			this.entries.delete(oldest);
		}
	}
}

/**
 * Through the limiters' Redis (`SET key value PX ttl`, `GET`). While Redis cannot answer, this process's own records
 * stand in: a retry in the same process (every retry of one tool call is) still finds the outcome.
 */
export class RedisRecords implements RecordStore {
	private readonly local = new InProcessRecords();

	constructor(
		private readonly client: () => Redis | Cluster | undefined,
		private readonly prefix: string,
	) {}

	async get(key: string): Promise<string | undefined> {
		const redis = this.client();
		if (redis) {
			try {
				const value = await redis.get(this.redisKey(key));
				if (value !== null) return value;
			} catch {
				// Falls through to this process's copy.
			}
		}
		return this.local.get(key);
	}

	async set(key: string, value: string, ttlMs: number): Promise<void> {
		await this.local.set(key, value, ttlMs);
		const redis = this.client();
		if (!redis) return;
		try {
			await redis.set(this.redisKey(key), value, 'PX', Math.max(1, Math.ceil(ttlMs)));
		} catch {
			// Kept in this process; the retries of one tool call run here.
		}
	}

	private redisKey(key: string): string {
		return `${this.prefix}record:${key}`;
	}
}

let store: RecordStore | undefined;

/** The process-wide store: Redis when the limiters share one (queue mode, SERVICETITAN_REDIS_URL), else this process. */
export function getRecordStore(): RecordStore {
	store ??= sharedRedisClient() ? new RedisRecords(sharedRedisClient, `${sharedRedisKeyPrefix()}:`) : new InProcessRecords();
	return store;
}

/** Tests swap the store. */
export function setRecordStore(next: RecordStore): void {
	store = next;
}
