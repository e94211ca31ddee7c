/**
 * "This trigger is polling": n8n starts a tick even while the previous one still runs, and two polls
 * on the same static data emit the same records. A poll takes the lease of its workflow and node
 * first; a tick that finds it taken does nothing.
 *
 * The lease lives in this process, which is where n8n runs pollers (only the leader main in queue
 * mode). It expires by itself, so a poll that never returns cannot block its trigger for good. The
 * interface is what a shared store needs (Redis: SET key token NX PX ttl, and a compare-and-delete
 * release), so a Redis-backed lease can replace this one, as the rate limiter's factory can.
 */
export interface PollLeases {
	/** A release function, or undefined when another poll holds the lease. */
	acquire(key: string, ttlMs: number): Promise<(() => Promise<void>) | undefined>;
}

export class LocalPollLeases implements PollLeases {
	private readonly held = new Map<string, { token: symbol; expiresAt: number }>();

	constructor(private readonly now: () => number = Date.now) {}

	async acquire(key: string, ttlMs: number): Promise<(() => Promise<void>) | undefined> {
		const current = this.held.get(key);
		if (current && current.expiresAt > this.now()) return undefined;
		const token = Symbol(key);
		this.held.set(key, { token, expiresAt: this.now() + ttlMs });
		return async () => {
			// Only the holder releases: a poll that outlived its lease must not free its successor's.
			if (this.held.get(key)?.token === token) this.held.delete(key);
		};
	}
}

let leases: PollLeases = new LocalPollLeases();

export function getPollLeases(): PollLeases {
	return leases;
}

/** Replace the process-wide leases (a shared store, tests). */
export function setPollLeases(next: PollLeases): void {
	leases = next;
}
