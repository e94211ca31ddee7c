import type { Cluster, Redis } from 'ioredis';

import { InProcessClaims, type ClaimStore } from './store';

/** Frees a claim only for the token that holds it: an expired claim retaken by another holder stays taken. */
const RELEASE_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

/** A claim taken in this process while Redis could not answer; its release stays in this process too. */
const LOCAL_TOKEN = 'local:';

/**
 * How long a claim waits for a connection that is still being made. The connection sends no command before it is
 * ready (no offline queue, so nothing waits on a Redis that is down); without this wait the first delivery a fresh
 * webhook process receives would be claimed locally only, and could run beside the same event in another process.
 */
const READY_WAIT_MS = 3_000;

function readyWithin(redis: Redis | Cluster, ms: number): Promise<void> {
	if (redis.status === 'ready' || redis.status === 'end' || redis.status === 'close') return Promise.resolve();
	return new Promise((resolve) => {
		const done = () => {
			clearTimeout(timer);
			redis.off('ready', done);
			resolve();
		};
		const timer = setTimeout(done, ms);
		redis.once('ready', done);
	});
}

/**
 * Claims shared by every n8n process through the Redis the limiters already use (queue mode): `SET key token NX PX`
 * takes a key atomically, so of two webhook processes that receive one event at once exactly one runs it. Keys are
 * `<prefix>claim:<key>`, and callers pass hashed keys (no record data in Redis).
 *
 * When Redis cannot answer (down, timing out, not yet connected) the claim falls back to this process's own store:
 * overlapping work in this process is still held apart, across processes it is not until Redis is back, and
 * `onFallback` says so (the caller's logger, once per outage).
 */
export class RedisClaims implements ClaimStore {
	private readonly local: ClaimStore = new InProcessClaims();
	private counter = 0;
	private failing = false;

	constructor(
		private readonly client: () => Redis | Cluster | undefined,
		private readonly prefix: string,
		private readonly onFallback: (reason: string) => void = () => undefined,
	) {}

	async claim(key: string, ttlMs: number): Promise<string | undefined> {
		const redis = this.client();
		if (redis) {
			const token = `${process.pid}:${Date.now()}:${++this.counter}`;
			try {
				await readyWithin(redis, READY_WAIT_MS);
				const answer = await redis.set(this.redisKey(key), token, 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX');
				this.failing = false;
				return answer === 'OK' ? token : undefined;
			} catch (error) {
				this.fellBack(error);
			}
		}
		const local = await this.local.claim(key, ttlMs);
		return local === undefined ? undefined : LOCAL_TOKEN + local;
	}

	async release(key: string, token: string): Promise<void> {
		if (token.startsWith(LOCAL_TOKEN)) return this.local.release(key, token.slice(LOCAL_TOKEN.length));
		const redis = this.client();
		if (!redis) return;
		try {
			await redis.eval(RELEASE_SCRIPT, 1, this.redisKey(key), token);
		} catch (error) {
			// The claim expires by itself after its TTL; nothing else waits on this release.
			this.fellBack(error);
		}
	}

	private redisKey(key: string): string {
		return `${this.prefix}claim:${key}`;
	}

	private fellBack(error: unknown): void {
		if (this.failing) return;
		this.failing = true;
		this.onFallback(error instanceof Error ? error.message : String(error));
	}
}
