import type { IDataObject } from 'n8n-workflow';

/**
 * What the trigger keeps in the workflow's static data between polls. Kept small (a cursor and a
 * bounded de-duplication window) and versioned. Reassigned as a whole on success, never mutated
 * in place, so a failed poll leaves it exactly as it was.
 */
export interface CursorState {
	v: 1;
	/** Fingerprint of the settings the cursor belongs to; a change resets the cursor. */
	fingerprint: string;
	/** `continueFrom` of the last page whose records were all returned. */
	cursor?: string;
	/** Latest `modifiedOn` seen, to tell new records from updated ones. */
	highWater?: string;
	/** Recently emitted `id|modifiedOn` keys; bounded. */
	recent: string[];
}

export const STATE_KEY = 'serviceTitanExport';
export const RECENT_WINDOW = 5000;

export function readState(staticData: IDataObject, fingerprint: string): CursorState {
	const stored = staticData[STATE_KEY] as CursorState | undefined;
	if (stored && stored.v === 1 && stored.fingerprint === fingerprint) {
		return { ...stored, recent: Array.isArray(stored.recent) ? [...stored.recent] : [] };
	}
	return { v: 1, fingerprint, recent: [] };
}

/** The de-duplication window is bounded here, the one place state is stored. */
export function writeState(staticData: IDataObject, state: CursorState): void {
	staticData[STATE_KEY] = { ...state, recent: state.recent.slice(-RECENT_WINDOW) } as unknown as IDataObject;
}
