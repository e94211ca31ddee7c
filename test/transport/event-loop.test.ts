/**
 * responsiveTimeout: the start decision of the Redis-shared limiter counts time the process was free to
 * read an answer, not wall time.
 */
import { responsiveTimeout } from '../../nodes/ServiceTitan/limits/eventLoop';

const holdEventLoop = (ms: number) => {
	const until = performance.now() + ms;
	while (performance.now() < until) {
		/* held up */
	}
};

describe('responsiveTimeout', () => {
	it('expires after its time when the event loop is free', async () => {
		const started = performance.now();
		const expiredAfter = await new Promise<number>((resolve) => responsiveTimeout(300, () => resolve(performance.now() - started)));
		expect(expiredAfter).toBeGreaterThanOrEqual(290);
		expect(expiredAfter).toBeLessThan(2_000);
	});

	it('a loop held up past the time still reads what arrived before the time runs out', async () => {
		const order: string[] = [];
		const expired = new Promise<void>((resolve) => responsiveTimeout(300, () => (order.push('expired'), resolve())));
		holdEventLoop(1_000);
		// The answer that arrived while the loop was held up, read in the next turns of the loop.
		for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
		order.push('answer read');
		await expired;
		expect(order).toEqual(['answer read', 'expired']);
	});

	it('can be cancelled', async () => {
		let expired = false;
		const cancel = responsiveTimeout(100, () => (expired = true));
		cancel();
		await new Promise((resolve) => setTimeout(resolve, 400));
		expect(expired).toBe(false);
	});
});
