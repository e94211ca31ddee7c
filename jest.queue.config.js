/**
 * The queue-mode process tests (test/queue): separate Node processes share one tenant's budget through a real
 * redis-server, and the simulator (in jest's process) counts their arrivals per second. They run in a jest process
 * of their own: inside the unit run's process, after some 700 tests, a CI run saw 10 × 429 where the same test in
 * a fresh process saw none in six runs.
 * @type {import('jest').Config}
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/queue'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json', diagnostics: false }],
	},
	testTimeout: 60_000,
};
