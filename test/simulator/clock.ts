import { performance } from 'node:perf_hooks';

/** 2026-11-01T12:00:00Z: every simulator starts here so seeded dates are reproducible. */
export const SIMULATOR_EPOCH = Date.UTC(2026, 10, 1, 12, 0, 0);

export interface SimulatorClock {
	/** Simulated epoch milliseconds. */
	now(): number;
	advance(ms: number): void;
	set(ms: number): void;
	/** Stop following real time (now() stays put until advance/set). */
	freeze(): void;
	/** Follow real time again from the current simulated instant. */
	unfreeze(): void;
	readonly frozen: boolean;
}

/** Simulated time that follows the real monotonic clock unless frozen, so tests can jump past token expiry or export delays. */
export function createClock(start = SIMULATOR_EPOCH): SimulatorClock {
	let base = start;
	let realAtBase = performance.now();
	let frozen = false;
	const now = (): number => (frozen ? base : base + Math.floor(performance.now() - realAtBase));
	return {
		now,
		advance(ms: number) {
			base = now() + ms;
			realAtBase = performance.now();
		},
		set(ms: number) {
			base = ms;
			realAtBase = performance.now();
		},
		freeze() {
			base = now();
			frozen = true;
		},
		unfreeze() {
			realAtBase = performance.now();
			frozen = false;
		},
		get frozen() {
			return frozen;
		},
	};
}
