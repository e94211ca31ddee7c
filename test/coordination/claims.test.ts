import { InProcessClaims, setClaimStore, withClaim } from '../../nodes/ServiceTitan/coordination/claims';

describe('claims (in process)', () => {
	it('gives a key to one holder until it is released or expires', async () => {
		let now = 1_000;
		const claims = new InProcessClaims(() => now);
		const first = await claims.claim('event-1', 500);
		expect(first).toBeDefined();
		expect(await claims.claim('event-1', 500)).toBeUndefined();
		await claims.release('event-1', 'not-the-holder');
		expect(await claims.claim('event-1', 500)).toBeUndefined();
		now += 501;
		const second = await claims.claim('event-1', 500);
		expect(second).toBeDefined();
		// The first holder's late release must not free the key someone else now holds.
		await claims.release('event-1', first!);
		expect(await claims.claim('event-1', 500)).toBeUndefined();
		await claims.release('event-1', second!);
		expect(await claims.claim('event-1', 500)).toBeDefined();
	});

	it('runs overlapping work on one key one after another', async () => {
		setClaimStore(new InProcessClaims());
		const order: string[] = [];
		const work = (name: string) => async () => {
			order.push(`${name} start`);
			await new Promise((resolve) => setTimeout(resolve, 30));
			order.push(`${name} end`);
			return name;
		};
		const results = await Promise.all([
			withClaim('key', work('a'), { ttlMs: 5_000, maxWaitMs: 2_000, pollMs: 5 }),
			withClaim('key', work('b'), { ttlMs: 5_000, maxWaitMs: 2_000, pollMs: 5 }),
		]);
		expect(results.every((result) => result.ran)).toBe(true);
		expect(order).toEqual(['a start', 'a end', 'b start', 'b end']);
	});

	it('gives up after the longest wait without running the work', async () => {
		setClaimStore(new InProcessClaims());
		const holder = withClaim('key', () => new Promise((resolve) => setTimeout(resolve, 200)), { ttlMs: 5_000, maxWaitMs: 0 });
		let ran = false;
		const waiter = await withClaim('key', async () => (ran = true), { ttlMs: 5_000, maxWaitMs: 50, pollMs: 10 });
		expect(waiter.ran).toBe(false);
		expect(ran).toBe(false);
		await holder;
	});
});

test('expired claims are dropped as new ones are made, so the store holds about the live ones', async () => {
	let now = 0;
	const claims = new InProcessClaims(() => now);
	for (let i = 0; i < 5_000; i++) {
		await claims.claim(`event-${i}`, 1_000);
		now += 1;
	}
	// 1,000 ms of claims at one a millisecond are live; the expired ones were dropped on the way.
	expect((claims as unknown as { held: Map<string, unknown> }).held.size).toBeLessThanOrEqual(1_001);
	expect(await claims.claim('event-4999', 1_000)).toBeUndefined();
	expect(await claims.claim('event-0', 1_000)).toBeDefined();
});
