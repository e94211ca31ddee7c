import { setTimeout as delay } from 'node:timers/promises';

import { sharedRedisClient, sharedRedisKeyPrefix } from '../limits';
import { RedisClaims } from './redisClaims';
import { InProcessClaims, type ClaimStore } from './store';

export { InProcessClaims, type ClaimStore } from './store';

let store: ClaimStore | undefined;

/** Where a fall back to this process's claims is said: the logger of the latest caller that gave one. */
let fallbackLogger: { warn(message: string): void } | undefined;

/**
 * The process-wide claim store: shared through the limiters' Redis when n8n runs in queue mode (or
 * SERVICETITAN_REDIS_URL names one), so every main, worker and webhook process sees the same claims; this
 * process's own otherwise. Chosen once, on first use, from the same configuration as the limiters. `logger` hears
 * (once per outage) when Redis cannot answer and claims are held in this process until it does.
 */
export function getClaimStore(logger?: { warn(message: string): void }): ClaimStore {
	if (logger) fallbackLogger = logger;
	store ??= sharedRedisClient()
		? new RedisClaims(sharedRedisClient, `${sharedRedisKeyPrefix()}:`, (reason) =>
				fallbackLogger?.warn(
					`ServiceTitan claims: Redis cannot answer (${reason}); claims are held in this process until it does, so work that overlaps on other processes is not held apart meanwhile`,
				),
			)
		: new InProcessClaims();
	return store;
}

/** Tests swap the store. */
export function setClaimStore(next: ClaimStore): void {
	store = next;
}

/**
 * Waits until `key` can be claimed (polling every `pollMs`, at most `maxWaitMs`), runs `work` holding it, and frees
 * it. Resolves `undefined` without running `work` when the wait ran out, so the caller decides what that means.
 */
export async function withClaim<T>(
	key: string,
	work: () => Promise<T>,
	{ ttlMs, maxWaitMs, pollMs = 50 }: { ttlMs: number; maxWaitMs: number; pollMs?: number },
): Promise<{ ran: true; value: T } | { ran: false }> {
	const started = Date.now();
	for (;;) {
		const token = await getClaimStore().claim(key, ttlMs);
		if (token !== undefined) {
			try {
				return { ran: true, value: await work() };
			} finally {
				await getClaimStore().release(key, token);
			}
		}
		if (Date.now() - started >= maxWaitMs) return { ran: false };
		await delay(pollMs);
	}
}
