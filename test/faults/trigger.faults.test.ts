/**
 * The trigger under random crashes: a "From Now" trigger with Include Recent Changes follows a feed of
 * creates, updates (some with the same timestamp), deactivations and deletions while 100 polls crash
 * (an HTTP error inside a page, a restart of n8n from the static data it saved, an overlapping tick).
 * The union of what was emitted is compared with the simulator's change log.
 * Figures: .test-reports/faults/trigger.json.
 */
import { closeSharedDispatcher } from '../../nodes/ServiceTitan/transport';
import { runCrashScenario } from '../trigger/crash-scenario';
import { writeFaultReport } from './report';

const CRASH_POINTS = 100;

afterAll(async () => {
	await closeSharedDispatcher();
});

test(`trigger: ${CRASH_POINTS} random crash points, nothing lost, nothing twice, nothing from before activation`, async () => {
	const figures = await runCrashScenario({ crashPoints: CRASH_POINTS, seed: 7_2026 });
	writeFaultReport('trigger', `Trigger: From Now + Include Recent Changes, ${CRASH_POINTS} random crash points`, [
		['polls', figures.polls],
		['crash points: HTTP error inside a page', figures.crashes.pageError],
		['polls that failed', figures.failedPolls],
		['crash points: n8n restart from saved static data', figures.crashes.restart],
		['crash points: overlapping tick', figures.crashes.overlap],
		['overlapping ticks that did nothing', figures.overlapsSkipped],
		['changes in the log after activation', figures.changes],
		['of which a second change with the same modifiedOn', figures.sameTimestampChanges],
		['changes before activation', figures.preActivationChanges],
		['records whose latest version must be emitted', figures.expected],
		['versions emitted', figures.emitted],
		['lost', figures.lost],
		['duplicated', figures.duplicated],
		['pre-activation emitted', figures.preActivationEmitted],
		['invented', figures.invented],
		['largest static data (bytes)', figures.maxStaticDataBytes],
	]);
	expect(figures).toMatchObject({ lost: 0, duplicated: 0, preActivationEmitted: 0, invented: 0 });
	expect(figures.overlapsSkipped).toBe(figures.crashes.overlap);
});
