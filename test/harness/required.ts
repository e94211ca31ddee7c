/**
 * Tests that need a component this machine may lack (redis-server, redis-cli, Chromium). Outside CI a missing one
 * skips the block and says why on stderr, so a developer without it can still run the rest; under CI (`CI=true`,
 * as .ci/run sets) it fails the run with the same reason: a green CI must mean every test ran.
 */
export function describeNeeding(name: string, missing: string | undefined, body: () => void): void {
	if (!missing) {
		describe(name, body);
	} else if (process.env.CI === 'true') {
		describe(name, () => {
			test(`needs what is missing on this machine`, () => {
				throw new Error(`CI cannot run "${name}": ${missing}`);
			});
		});
	} else {
		process.stderr.write(`SKIPPED "${name}": ${missing}\n`);
		describe.skip(name, body);
	}
}
