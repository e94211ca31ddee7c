import type { IDataObject } from 'n8n-workflow';
import { runPoll, type PollRun } from '../harness';
import { startSimulator, type FaultSpec, type Simulator } from '../simulator';
import { wallClock } from '../../nodes/ServiceTitan/trigger/poll';

/**
 * A "From Now" trigger with Include Recent Changes follows a feed of creates, updates (some with the
 * same timestamp as the change before), deactivations and deletions, while polls crash at random:
 * an HTTP error inside a page, a restart of n8n from the static data it saved, or an overlapping tick.
 * Every version of every record carries a unique `rev`, so two versions with the same modifiedOn
 * are told apart. The figures compare what was emitted with the simulator's change log.
 */
export type CrashKind = 'pageError' | 'restart' | 'overlap';

export interface CrashFigures {
	polls: number;
	crashes: Record<CrashKind, number>;
	/** Changes in the simulator's log after activation, and before it. */
	changes: number;
	preActivationChanges: number;
	sameTimestampChanges: number;
	/** Records whose latest version changed after activation: each must be emitted. */
	expected: number;
	emitted: number;
	lost: number;
	duplicated: number;
	preActivationEmitted: number;
	invented: number;
	/** Polls that failed (and were retried by the next tick). */
	failedPolls: number;
	/** Overlapping ticks that found the previous poll running and did nothing. */
	overlapsSkipped: number;
	/** Largest static data the trigger stored, in bytes of JSON. */
	maxStaticDataBytes: number;
}

/**
 * A page that fails for good: an answer the transport does not retry (it repeats a GET after a 5xx,
 * so a passing 500 would be absorbed and crash nothing).
 */
export const PAGE_FAILURE: FaultSpec = { type: 'status', status: 400, body: { title: 'The export page failed (simulated)', status: 400 } };

/** What the trigger follows: an export feed (customers, the default) or a polled list (tasks). */
export interface CrashTarget {
	resource: string;
	collection: string;
	/** The path every page request ends with; the page errors are injected there. */
	path: string;
	/** A list shows no deleted records (no tombstones): deletions are left out of its scenario. */
	deletions: boolean;
}

export const EXPORTED_CUSTOMERS: CrashTarget = { resource: 'customer', collection: 'crm:customers', path: '/export/customers', deletions: true };
export const LISTED_TASKS: CrashTarget = { resource: 'task', collection: 'taskManagement:tasks', path: '/tasks', deletions: false };
/** A list that does not sort: read by page over as many polls as it takes. */
export const LISTED_AP_BILLS: CrashTarget = { resource: 'apBill', collection: 'accounting:ap-bills', path: '/ap-bills', deletions: false };

const DELAY_MS = 15 * 60_000;
const NODE_KEY = 'node:ServiceTitan Trigger';

/** Deterministic PRNG so a failure reproduces. */
function mulberry32(seed: number) {
	let a = seed;
	return () => {
		a |= 0;
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const plain = (data: IDataObject): IDataObject => JSON.parse(JSON.stringify(data)) as IDataObject;
const versionKey = (record: Record<string, unknown>) => `${String(record.id)}|${String(record.rev)}|${String(record.modifiedOn)}`;

export async function runCrashScenario(options: { crashPoints: number; seed: number; target?: CrashTarget }): Promise<CrashFigures> {
	const sim: Simulator = await startSimulator({ size: { customers: 9 }, exportPageSize: 4 });
	const realWallClock = wallClock.now;
	try {
		sim.clock.freeze();
		sim.clock.advance(DELAY_MS + 60_000);
		wallClock.now = () => sim.clock.now();
		return await scenario(sim, { ...options, target: options.target ?? EXPORTED_CUSTOMERS });
	} finally {
		wallClock.now = realWallClock;
		await sim.close();
	}
}

async function scenario(sim: Simulator, { crashPoints, seed, target }: { crashPoints: number; seed: number; target: CrashTarget }): Promise<CrashFigures> {
	const COLLECTION = target.collection;
	const random = mulberry32(seed);
	const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
	const credentials = {
		serviceTitanOAuth2Api: { environment: 'custom', authUrl: sim.authUrl, apiBaseUrl: sim.apiBaseUrl, ...sim.credentials, requestsPerSecond: 1000 },
	};
	const parameters = { resource: target.resource, event: 'any', start: 'now', options: { includeRecentChanges: true, maxRecordsPerPoll: 1 + Math.floor(random() * 8) } };
	const versions = new Set<string>();
	const changedAt = new Map<string, number>();
	let rev = 0;
	let sameTimestampChanges = 0;
	const remember = (record: Record<string, unknown> | undefined) => {
		if (!record) return;
		versions.add(versionKey(record));
		changedAt.set(versionKey(record), Date.parse(String(record.modifiedOn)));
	};
	const collection = sim.store.collection(COLLECTION);
	const change = () => {
		const live = sim.store.list(COLLECTION);
		const roll = random();
		if (roll < 0.35 || live.length < 4) {
			remember(sim.store.create(COLLECTION, { name: `Customer ${rev}`, type: 'Residential', rev: ++rev }));
		} else if (roll < 0.75) {
			const chosen = pick(live);
			remember(sim.store.update(COLLECTION, chosen.id, { name: `Edited ${rev}`, rev: ++rev }));
			if (random() < 0.3) {
				// A second change within ServiceTitan's timestamp resolution.
				remember(sim.store.update(COLLECTION, chosen.id, { status: random() < 0.5 ? 'Canceled' : 'Scheduled', rev: ++rev }));
				sameTimestampChanges++;
			}
		} else if (roll < 0.9 || !target.deletions) {
			remember(sim.store.update(COLLECTION, pick(live).id, { active: false, rev: ++rev }));
		} else {
			const chosen = pick(live);
			sim.store.delete(COLLECTION, chosen.id);
			remember(collection.current(chosen.id));
		}
		sim.clock.advance(random() < 0.5 ? 0 : Math.floor(random() * 2000));
	};

	let staticData: IDataObject = {};
	let persisted: IDataObject = {};
	const emittedCount = new Map<string, number>();
	const crashes: Record<CrashKind, number> = { pageError: 0, restart: 0, overlap: 0 };
	let polls = 0;
	let overlapsSkipped = 0;
	let failedPolls = 0;
	let maxStaticDataBytes = 0;

	const tick = async (extra: Partial<Parameters<typeof runPoll>[0]> = {}): Promise<PollRun> => {
		polls++;
		return runPoll({ nodeType: 'serviceTitanTrigger', parameters, credentials, staticData, ...extra });
	};
	const record = (run: PollRun, activation: boolean) => {
		// What n8n writes to its database: at every emit, and once after an activation poll.
		if (run.savedStaticData) persisted = run.savedStaticData;
		else if (activation && run.staticDataChanged && !run.error) persisted = plain(run.staticData);
		const stored = (run.staticData[NODE_KEY] as IDataObject | undefined) ?? {};
		maxStaticDataBytes = Math.max(maxStaticDataBytes, JSON.stringify(stored).length);
		for (const item of run.response?.[0] ?? []) {
			const key = versionKey(item.json);
			emittedCount.set(key, (emittedCount.get(key) ?? 0) + 1);
		}
	};

	// Changes shortly before activation: Include Recent Changes sends them again after it.
	for (let i = 0; i < 6; i++) change();
	sim.clock.advance(30_000);
	const activatedAt = sim.clock.now();
	const activation = await tick({ activationPoll: true });
	if (activation.error) throw activation.error;
	record(activation, true);
	const preActivationChanges = collection.logIds.length;

	let crashesSoFar = 0;
	while (crashesSoFar < crashPoints) {
		for (let i = Math.floor(random() * 5); i > 0; i--) change();
		sim.clock.advance(1000 + Math.floor(random() * 4 * 60_000));
		sim.clearFaults();
		const roll = random();
		if (roll < 0.25) {
			crashes.restart++;
			crashesSoFar++;
			// n8n stops and starts again: only what it saved survives, and activation polls first.
			staticData = plain(persisted);
			const run = await tick({ activationPoll: true, activation: 'init' });
			if (run.error) throw run.error;
			record(run, true);
		} else if (roll < 0.5) {
			crashes.overlap++;
			crashesSoFar++;
			const first = tick();
			const second = tick();
			const runs = await Promise.all([first, second]);
			for (const run of runs) {
				if (run.error) failedPolls++;
				else record(run, false);
			}
			if (runs[1].response === null && !runs[1].error) overlapsSkipped++;
		} else if (roll < 0.8) {
			crashes.pageError++;
			crashesSoFar++;
			sim.injectFault({ ...PAGE_FAILURE, path: target.path, after: Math.floor(random() * 4) });
			const run = await tick();
			if (run.error) failedPolls++;
			else record(run, false);
		} else {
			const run = await tick();
			if (run.error) throw run.error;
			record(run, false);
		}
	}

	// Drain without faults, past the recent-changes window.
	sim.clearFaults();
	sim.clock.advance(DELAY_MS + 60_000);
	for (let quiet = 0, i = 0; quiet < 3 && i < 200; i++) {
		const run = await tick();
		if (run.error) throw run.error;
		record(run, false);
		quiet = run.response ? 0 : quiet + 1;
	}

	const expected = new Set<string>();
	for (const [id, seq] of collection.latestSeq) {
		if (seq <= preActivationChanges) continue;
		expected.add(versionKey(collection.current(id) ?? {}));
	}
	const emitted = [...emittedCount.keys()];
	return {
		polls,
		crashes,
		changes: collection.logIds.length - preActivationChanges,
		preActivationChanges,
		sameTimestampChanges,
		expected: expected.size,
		emitted: emitted.length,
		lost: [...expected].filter((key) => !emittedCount.has(key)).length,
		duplicated: [...emittedCount.values()].filter((count) => count > 1).length,
		preActivationEmitted: emitted.filter((key) => (changedAt.get(key) ?? Number.POSITIVE_INFINITY) < activatedAt).length,
		invented: emitted.filter((key) => !versions.has(key)).length,
		failedPolls,
		overlapsSkipped,
		maxStaticDataBytes,
	};
}
