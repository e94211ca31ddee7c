import type { IDataObject } from 'n8n-workflow';
import { shortHash } from '../api/hash';
import { getClaimStore } from '../coordination/claims';
import { DUPLICATE_WINDOW, seenKeys, takeNewKeys } from './duplicates';

/**
 * How long an event stays claimed: the de-duplication window's age bound. Static data alone cannot hold the window
 * when deliveries overlap (each request reads its own copy and the last save wins, in one process and across
 * queue-mode webhook processes), so the claim holds it for the whole window; static data still catches what a claim
 * cannot outlive (an in-process claim is gone after a restart).
 */
export const EVENT_CLAIM_TTL_MS = DUPLICATE_WINDOW.maxAgeMs;

/** Whose deliveries compete for an event: one trigger node of one workflow (another workflow runs it too). */
export interface ClaimScope {
	workflowId: string;
	nodeId: string;
}

/**
 * The claim key of an event for one trigger node: readable up to the workflow, then a hash, so an event's key
 * (sent by whoever posts to the URL) never becomes part of a store key as it is, whatever its length.
 */
export function eventClaimKey(scope: ClaimScope, eventKey: string): string {
	return `webhook-event:${scope.workflowId}:${shortHash(JSON.stringify([scope.nodeId, eventKey]))}`;
}

/**
 * Decides which events of one delivery start the workflow: an event without a key always runs; an event whose key
 * this batch already holds, static data's window has seen, or another delivery has claimed does not. The events
 * that run are recorded in static data too. Claims are never released: a delivery that was answered 200 has its
 * event run (or already running), and a repeat within the window must not run it again.
 *
 * Without a scope (the test URL, where n8n never saves static data either) nothing is claimed, so "Listen for test
 * event" can be repeated with one event. When the claim store fails (its Redis lost), the event is judged by static
 * data alone and `warn` says so: a possible duplicate rather than an event answered 200 and never run.
 */
export async function takeEventsToRun(
	staticData: IDataObject,
	keys: Array<string | undefined>,
	scope: ClaimScope | undefined,
	warn: (message: string) => void,
	now = Date.now(),
): Promise<boolean[]> {
	const seen = seenKeys(staticData, now);
	const firstOfKey = new Map<string, number>();
	keys.forEach((key, index) => {
		if (key !== undefined && !seen.has(key) && !firstOfKey.has(key)) firstOfKey.set(key, index);
	});
	const claimed = new Set<string>();
	const failures: unknown[] = [];
	await Promise.all(
		[...firstOfKey.keys()].map(async (key) => {
			try {
				const token = scope ? await getClaimStore({ warn }).claim(eventClaimKey(scope, key), EVENT_CLAIM_TTL_MS) : 'unscoped';
				if (token !== undefined) claimed.add(key);
			} catch (error) {
				failures.push(error);
				claimed.add(key);
			}
		}),
	);
	if (failures.length > 0) {
		const reason = failures[0] instanceof Error ? failures[0].message : String(failures[0]);
		warn(`${failures.length} event(s) could not be claimed (${reason}); they run if static data has not seen them, so an overlapping delivery may run one again`);
	}
	const run = keys.map((key, index) => key === undefined || (claimed.has(key) && firstOfKey.get(key) === index));
	takeNewKeys(
		staticData,
		keys.filter((key, index) => key !== undefined && run[index]),
		now,
	);
	return run;
}
