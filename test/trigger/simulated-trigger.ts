import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { runPoll, type PollRun } from '../harness';
import { startSimulator, type Simulator, type SimulatorOptions } from '../simulator';
import { closeSharedDispatcher } from '../../nodes/ServiceTitan/transport';
import { wallClock } from '../../nodes/ServiceTitan/trigger/poll';

/**
 * A fresh simulator per test, its clock frozen and given to the trigger as n8n's, and polls of the
 * ServiceTitan Trigger through n8n-core's PollTriggerExecutor with the static data the test holds.
 */
export function simulatedTrigger(options: { simulator: SimulatorOptions; startAfterMs: number; defaults: INodeParameters }) {
	let current: Simulator | undefined;
	const realWallClock = wallClock.now;

	beforeEach(async () => {
		current = await startSimulator(options.simulator);
		current.clock.freeze();
		current.clock.advance(options.startAfterMs);
		wallClock.now = () => current!.clock.now();
	});

	afterEach(async () => {
		wallClock.now = realWallClock;
		await current?.close();
	});

	afterAll(async () => {
		await closeSharedDispatcher();
	});

	const sim = (): Simulator => current!;
	const poll = (staticData: IDataObject, params: INodeParameters): Promise<PollRun> =>
		runPoll({
			nodeType: 'serviceTitanTrigger',
			parameters: { start: 'now', options: {}, ...options.defaults, ...params },
			credentials: {
				serviceTitanOAuth2Api: { environment: 'custom', authUrl: sim().authUrl, apiBaseUrl: sim().apiBaseUrl, ...sim().credentials, requestsPerSecond: 1000 },
			},
			staticData,
		});
	return { sim, poll };
}

export function emitted(run: PollRun): IDataObject[] {
	if (run.error) throw run.error;
	return run.response ? run.response[0].map((item) => item.json) : [];
}

export const idsOf = (records: ReadonlyArray<{ id?: unknown }>) => records.map((record) => record.id);
