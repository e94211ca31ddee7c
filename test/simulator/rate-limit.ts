/**
 * Sliding-window counter: remembers the times of accepted hits in a ring-like array and answers
 * "may one more happen now?" in amortised O(1). Rejected hits are not recorded, like a gateway
 * that drops them before they reach the API.
 */
export class SlidingWindow {
	private times: number[] = [];
	private head = 0;

	constructor(private readonly windowMs: number) {}

	private prune(now: number): void {
		while (this.head < this.times.length && this.times[this.head] <= now - this.windowMs) this.head++;
		if (this.head > 1024 && this.head * 2 > this.times.length) {
			this.times = this.times.slice(this.head);
			this.head = 0;
		}
	}

	count(now: number): number {
		this.prune(now);
		return this.times.length - this.head;
	}

	/** Records a hit and returns 0, or returns ms until the oldest hit leaves the window. */
	take(now: number, limit: number): number {
		const count = this.count(now);
		if (count >= limit) return Math.max(1, this.times[this.head] + this.windowMs - now);
		// Requests are decided in the order their handling finishes, which can differ a little from the order they
		// arrived in (a body read later): the times stay sorted, so the window still ends at the oldest.
		let at = this.times.length;
		while (at > this.head && this.times[at - 1] > now) at--;
		this.times.splice(at, 0, now);
		return 0;
	}
}

/** One window per key, e.g. (app key, tenant) or (tenant, report). */
export class KeyedLimiter {
	private readonly windows = new Map<string, SlidingWindow>();

	constructor(private readonly windowMs: number) {}

	window(key: string): SlidingWindow {
		let window = this.windows.get(key);
		if (!window) this.windows.set(key, (window = new SlidingWindow(this.windowMs)));
		return window;
	}

	take(key: string, now: number, limit: number): number {
		return this.window(key).take(now, limit);
	}
}
