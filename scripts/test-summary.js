#!/usr/bin/env node
// Prints one closing line for CI from jest's JSON reports: "N passed, N failed".
const { existsSync, readFileSync } = require('node:fs');

let passed = 0;
let failed = 0;
let skipped = 0;
const skippedNames = [];
for (const file of process.argv.slice(2)) {
	if (!existsSync(file)) {
		console.error(`no test report at ${file}`);
		failed++;
		continue;
	}
	const report = JSON.parse(readFileSync(file, 'utf8'));
	passed += report.numPassedTests;
	failed += report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
	skipped += report.numPendingTests + (report.numTodoTests ?? 0);
	for (const suite of report.testResults ?? []) {
		for (const test of suite.assertionResults ?? []) {
			if (test.status === 'pending' || test.status === 'todo') skippedNames.push(test.fullName);
		}
	}
}
// Under CI every test must run: a skip there is a missing component or a forgotten .skip, and fails the run.
const skipFails = process.env.CI === 'true' && skipped > 0;
if (skipFails) {
	console.error(`CI ran with ${skipped} skipped test(s); every test must run under CI:`);
	for (const name of skippedNames.slice(0, 20)) console.error(`  skipped: ${name}`);
}
// The contract table (test/nodes/every-operation.test.ts): requests against ServiceTitan's documents, the simulator's fidelity.
const contractReport = require('node:path').join(__dirname, '../.test-reports/contract.json');
if (existsSync(contractReport)) {
	const contract = JSON.parse(readFileSync(contractReport, 'utf8'));
	console.log(`contract: ${contract.line}; ${contract.fidelity}`);
}
console.log(`${passed} passed, ${failed + (skipFails ? skipped : 0)} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 || skipFails ? 1 : 0);
