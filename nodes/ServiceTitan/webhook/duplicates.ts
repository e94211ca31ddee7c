import type { IDataObject } from 'n8n-workflow';

/**
 * The de-duplication window, bounded in count and age so static data stays small: ServiceTitan's
 * retries come within about 7 minutes (10, 30, 60, 300 s), a replay from the portal later.
 */
export const DUPLICATE_WINDOW = { maxEntries: 1000, maxAgeMs: 24 * 3600_000 } as const;

/** [key, epoch ms first seen], oldest first. An array, so event-supplied keys never become object keys. */
type SeenEntry = [string, number];

const STATE_KEY = 'seenEvents';

function readSeen(staticData: IDataObject, now: number): SeenEntry[] {
	const raw = staticData[STATE_KEY];
	if (!Array.isArray(raw)) return [];
	return (raw as unknown[]).filter(
		(entry): entry is SeenEntry => Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'number' && now - entry[1] < DUPLICATE_WINDOW.maxAgeMs,
	);
}

/** The keys seen within the window. */
export function seenKeys(staticData: IDataObject, now: number): Set<string> {
	return new Set(readSeen(staticData, now).map(([key]) => key));
}

/**
 * Splits keys into those seen within the window and new ones, and records the new ones. The
 * top-level key is reassigned (not mutated) so n8n notices the change and saves it.
 */
export function takeNewKeys(staticData: IDataObject, keys: Array<string | undefined>, now: number): boolean[] {
	const seen = readSeen(staticData, now);
	const known = new Set(seen.map(([key]) => key));
	const fresh = keys.map((key) => {
		if (key === undefined) return true;
		if (known.has(key)) return false;
		known.add(key);
		seen.push([key, now]);
		return true;
	});
	if (keys.some((key, index) => key !== undefined && fresh[index])) {
		staticData[STATE_KEY] = seen.slice(-DUPLICATE_WINDOW.maxEntries);
	}
	return fresh;
}
