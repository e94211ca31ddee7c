/**
 * Claims: "this key is mine for a while", decided once across every execution of this process and, once a shared
 * backend is set (queue mode: Redis, the same one the limiters share), across every n8n process. Two users of it:
 * a webhook event is run by the first delivery that claims its id (overlapping re-deliveries find it taken), and a
 * keyed create holds its external key while it looks the key up and creates (a second item or execution with the
 * same key waits, then finds the record instead of creating another).
 *
 * A claim expires after `ttlMs` so a crashed holder cannot keep a key forever; `release` frees it early and only
 * when the caller still holds it (a token compares, so an expired-and-retaken claim is not released by its old
 * holder).
 */
export interface ClaimStore {
	/** Takes `key` for `ttlMs` when it is free; resolves to the holder's token, or undefined when it is taken. */
	claim(key: string, ttlMs: number): Promise<string | undefined>;
	/** Frees `key` when `token` still holds it. */
	release(key: string, token: string): Promise<void>;
}

/**
 * One process: a map of key → (token, expiry). Claims of one kind share a TTL, so the oldest entries (the map keeps
 * insertion order) expire first: each claim drops the expired ones at the front, a few at a time, and the map holds
 * little more than the live claims without ever sweeping it whole.
 */
export class InProcessClaims implements ClaimStore {
	private readonly held = new Map<string, { token: string; until: number }>();
	private counter = 0;

	constructor(private readonly now: () => number = Date.now) {}

	async claim(key: string, ttlMs: number): Promise<string | undefined> {
		const now = this.now();
		this.dropExpired(now);
		const current = this.held.get(key);
		if (current && current.until > now) return undefined;
		const token = `${process.pid}:${++this.counter}`;
		// Deleted first so a retaken key moves to the back, where its new expiry belongs.
		this.held.delete(key);
		this.held.set(key, { token, until: now + ttlMs });
		return token;
	}

	async release(key: string, token: string): Promise<void> {
		if (this.held.get(key)?.token === token) this.held.delete(key);
	}

	private dropExpired(now: number): void {
		let budget = 64;
		for (const [key, { until }] of this.held) {
			if (until > now || budget-- === 0) return;
			this.held.delete(key);
		}
	}
}
