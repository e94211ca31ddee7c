/** Small seeded PRNG (mulberry32): fast, deterministic across runs and platforms. */
export class Random {
	private state: number;

	constructor(seed: number) {
		this.state = seed >>> 0 || 0x9e3779b9;
	}

	/** Uniform float in [0, 1). */
	next(): number {
		let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	/** Integer in [min, max] inclusive. */
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	pick<T>(items: readonly T[]): T {
		return items[Math.floor(this.next() * items.length)];
	}

	chance(probability: number): boolean {
		return this.next() < probability;
	}

	/** Money amount with cents, in [min, max). */
	money(min: number, max: number): number {
		return Math.round((min + this.next() * (max - min)) * 100) / 100;
	}

	/** Up to `count` distinct items. */
	sample<T>(items: readonly T[], count: number): T[] {
		const chosen = new Set<T>();
		const limit = Math.min(count, items.length);
		while (chosen.size < limit) chosen.add(this.pick(items));
		return [...chosen];
	}
}

/** Stable 32-bit hash (FNV-1a) to derive per-collection seeds and id bases from names. */
export function hashString(text: string): number {
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193);
	}
	return hash >>> 0;
}
