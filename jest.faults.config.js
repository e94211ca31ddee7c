/**
 * `npm run test:faults`: the fault suite (many requests against a faulty simulator, each file writing its
 * figures to .test-reports/faults/<name>.json). Kept out of the default `jest` run so unit tests stay fast.
 */
const unit = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
	...unit,
	testMatch: ['**/test/faults/**/*.faults.test.ts'],
	testPathIgnorePatterns: ['/node_modules/'],
	testTimeout: 600_000,
};
