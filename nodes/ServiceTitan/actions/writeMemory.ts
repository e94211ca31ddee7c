import type { INodeExecutionData } from 'n8n-workflow';

/**
 * What each write of a node run produced, kept for the rest of the execution. n8n's "Retry On
 * Fail" runs the node's execute() again within the same execution (same execution id, node and run
 * index); with this, the retry reuses the result of every write that already succeeded instead of
 * sending it again, and refuses to re-send one whose earlier attempt may have been applied.
 *
 * Process memory, bounded and expiring: it only has to outlive the retries of one node run. A new
 * execution (a re-run of the workflow) has a new id and sends everything again.
 */
export type RememberedWrite = { output: INodeExecutionData[] } | { uncertain: string };

const MAX_ENTRIES = 50_000;
const TTL_MS = 6 * 60 * 60 * 1000;

interface Entry {
	expiresAt: number;
	value: RememberedWrite;
}

const entries = new Map<string, Entry>();

export class WriteMemory {
	/** `scope` is execution id + node name + run index; undefined disables the memory (no execution id). */
	constructor(
		private readonly scope: string | undefined,
		private readonly now: () => number = Date.now,
	) {}

	get(itemIndex: number, fingerprint: string): RememberedWrite | undefined {
		if (!this.scope) return undefined;
		const key = this.key(itemIndex, fingerprint);
		const entry = entries.get(key);
		if (!entry) return undefined;
		if (entry.expiresAt <= this.now()) {
			entries.delete(key);
			return undefined;
		}
		return entry.value;
	}

	remember(itemIndex: number, fingerprint: string, value: RememberedWrite): void {
		if (!this.scope) return;
		const key = this.key(itemIndex, fingerprint);
		entries.delete(key);
		entries.set(key, { expiresAt: this.now() + TTL_MS, value });
		// Map order is insertion order: the first keys are the oldest.
		for (const oldest of entries.keys()) {
			if (entries.size <= MAX_ENTRIES) break;
			entries.delete(oldest);
		}
	}

	private key(itemIndex: number, fingerprint: string): string {
		// The request itself is part of the key: an item whose parameters changed is a different write.
		return `${this.scope}\u0000${itemIndex}\u0000${fingerprint}`;
	}
}
