/** Timing that takes a held-up event loop into account (the transport uses Node's timers directly, see eslint.config.mjs). */

const TICK_MS = 100;

/**
 * Calls `expired` once `ms` have passed during which this process could have read an answer.
 *
 * A plain timer counts wall time. When the event loop is held up for seconds (a worker checking a large
 * input, loading code, another execution's synchronous work), the timer fires right after, in the
 * timers phase, before the poll phase reads an answer that arrived meanwhile. Redis then looks
 * unreachable although it answered within a millisecond: seen in n8n's queue mode on a loaded CI host as
 * "no answer within 3500 ms", followed at once by "answers again", with the worker at a quarter of the
 * budget in between. Here each tick counts at most two ticks' time, so a held-up loop gets to read its
 * sockets before the time runs out; a Redis that really does not answer is still given up on after
 * `ms` of time the process was free to listen.
 *
 * Returns a function that cancels it. The timer does not keep the process alive.
 */
export function responsiveTimeout(ms: number, expired: () => void, tickMs = TICK_MS): () => void {
	let counted = 0;
	let last = performance.now();
	const timer = setInterval(() => {
		const now = performance.now();
		counted += Math.min(now - last, 2 * tickMs);
		last = now;
		if (counted >= ms) {
			clearInterval(timer);
			expired();
		}
	}, tickMs);
	timer.unref();
	return () => clearInterval(timer);
}

/**
 * Resolves in the next turn of the event loop, after pending I/O was read (setImmediate). Synchronous
 * work inside async functions never yields by itself: awaiting resolved promises stays in the same turn.
 */
export function nextTurn(): Promise<void> {
	return new Promise<void>((resolve) => setImmediate(resolve));
}
