import { LocalPollLeases } from '../../nodes/ServiceTitan/trigger/lease';
import { pollBudgetMs, shortestPollIntervalMs } from '../../nodes/ServiceTitan/trigger/budget';

describe('poll budget', () => {
	it("reads the interval from n8n's Poll Times", () => {
		expect(shortestPollIntervalMs({ item: [{ mode: 'everyMinute' }] })).toBe(60_000);
		expect(shortestPollIntervalMs({ item: [{ mode: 'everyX', value: 10, unit: 'minutes' }] })).toBe(600_000);
		expect(
			shortestPollIntervalMs({
				item: [
					{ mode: 'everyX', value: 2, unit: 'hours' },
					{ mode: 'everyHour', minute: 5 },
				],
			}),
		).toBe(3_600_000);
		// Custom cron and nothing at all: assume every minute.
		expect(shortestPollIntervalMs({ item: [{ mode: 'custom', cronExpression: '*/5 * * * *' }] })).toBe(60_000);
		expect(shortestPollIntervalMs(undefined)).toBe(60_000);
	});

	it("keeps a poll inside half an interval and inside n8n's budget minus 15 s", () => {
		// n8n's default 5-minute budget against a 1-minute interval: 30 s, not 4 min 45 s.
		expect(pollBudgetMs(300_000, 60_000)).toBe(30_000);
		expect(pollBudgetMs(300_000, 3_600_000)).toBe(285_000);
		// The durable-cursor scheduler's 45 s minus its own margin.
		expect(pollBudgetMs(36_000, 60_000)).toBe(21_000);
		// Older n8n without getPollBudgetMs.
		expect(pollBudgetMs(undefined, 600_000)).toBe(285_000);
		expect(pollBudgetMs(1, 60_000)).toBe(0);
	});
});

describe('poll lease', () => {
	it('one holder per key; expires by itself; only the holder releases', async () => {
		let now = 0;
		const leases = new LocalPollLeases(() => now);
		const release = await leases.acquire('wf:node', 1000);
		expect(release).toBeDefined();
		expect(await leases.acquire('wf:node', 1000)).toBeUndefined();
		expect(await leases.acquire('wf:other', 1000)).toBeDefined();
		now = 1001;
		const next = await leases.acquire('wf:node', 1000);
		expect(next).toBeDefined();
		// The first holder outlived its lease: its release must not free the successor's.
		await release!();
		expect(await leases.acquire('wf:node', 1000)).toBeUndefined();
		await next!();
		expect(await leases.acquire('wf:node', 1000)).toBeDefined();
	});
});
