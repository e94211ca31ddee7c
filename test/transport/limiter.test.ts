import { LocalLimiterFactory, SlidingWindow, apiLimiterSettings, reportLimiterSettings } from '../../nodes/ServiceTitan/limits';

function maxInAnyWindow(times: number[], windowMs: number): number {
	let max = 0;
	for (let i = 0, j = 0; i < times.length; i++) {
		while (times[i] - times[j] >= windowMs) j++;
		max = Math.max(max, i - j + 1);
	}
	return max;
}

describe('limiter settings', () => {
	it('spaces requests to 95 % of the ceiling and caps any sliding second one under it', () => {
		expect(apiLimiterSettings(60)).toEqual({ minTimeMs: expect.closeTo(17.5, 1), maxConcurrent: 16, maxPerSecond: 59 });
		expect(reportLimiterSettings(5).minTimeMs).toBe(12_240);
		expect(reportLimiterSettings(1).minTimeMs).toBe(61_200);
	});
});

describe('SlidingWindow', () => {
	it('lets no more than the limit start in any window, waiting for the oldest to leave', async () => {
		let now = 0;
		const window = new SlidingWindow(
			3,
			1000,
			() => now,
			async (ms) => {
				now += ms;
			},
		);
		const starts: number[] = [];
		for (let i = 0; i < 7; i++) {
			await window.acquire();
			starts.push(now);
		}
		expect(starts).toEqual([0, 0, 0, 1016, 1016, 1016, 2032]);
	});

	it('holds a burst of bunched starts under the cap through the factory', async () => {
		const factory = new LocalLimiterFactory();
		// No spacing at all, as if every timer fired at once: only the window keeps it under 20/s.
		const limiter = factory.get('bunched', { minTimeMs: 0, maxConcurrent: 50, maxPerSecond: 20 });
		const starts: number[] = [];
		await Promise.all(Array.from({ length: 50 }, () => limiter.schedule(async () => starts.push(performance.now()))));
		await factory.disconnectAll();
		expect(starts).toHaveLength(50);
		expect(
			maxInAnyWindow(
				starts.sort((a, b) => a - b),
				1000,
			),
		).toBeLessThanOrEqual(20);
	});
});
