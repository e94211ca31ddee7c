/**
 * End-to-end suite: the packed package installed as a community package in a real n8n 2.40.7
 * (see test/e2e/README.md). Run with `npm run test:e2e`, which builds, packs and installs n8n first.
 * @type {import('jest').Config}
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json', diagnostics: false }],
	},
	globalSetup: '<rootDir>/test/e2e/harness/global-setup.ts',
	// Each suite starts its own n8n processes (CLI runs take ~10 s, a server start ~20 s);
	// two at a time is what the 2-core CI machines manage.
	maxWorkers: 2,
	testTimeout: 300_000,
	slowTestThreshold: 120,
};
