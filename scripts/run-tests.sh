#!/usr/bin/env bash
# npm test: the unit suites (transport, nodes in n8n's engine, trigger, simulator, catalog), then the
# packed package inside a real n8n 2.40.7, then one closing line "N passed, N failed".
set -uo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"
export PATH="$REPO_ROOT/node_modules/.bin:$PATH"
REPORTS="$REPO_ROOT/.test-reports"
mkdir -p "$REPORTS"
rm -f "$REPORTS"/*.json

jest --json --outputFile="$REPORTS/unit.json"
unit=$?
# The queue-mode process tests measure arrivals per second: a fresh jest process, one file at a time.
jest --config jest.queue.config.js --runInBand --json --outputFile="$REPORTS/queue.json"
queue=$?
# The queue-mode e2e counts arrivals per second at the simulator from n8n's main and two workers: it runs after
# the other e2e suites, alone, not on 2 cores beside another suite's n8n and Chromium.
MEASURED_ALONE='test/e2e/queue-mode.e2e.test.ts'
bash scripts/n8n/run-e2e.sh --testPathIgnorePatterns "$MEASURED_ALONE" --json --outputFile="$REPORTS/e2e.json"
e2e=$?
bash scripts/n8n/run-e2e.sh "$MEASURED_ALONE" --json --outputFile="$REPORTS/e2e-alone.json"
e2e_alone=$?

node scripts/test-summary.js "$REPORTS/unit.json" "$REPORTS/queue.json" "$REPORTS/e2e.json" "$REPORTS/e2e-alone.json"
summary=$?
if [ $unit -ne 0 ] || [ $queue -ne 0 ] || [ $e2e -ne 0 ] || [ $e2e_alone -ne 0 ] || [ $summary -ne 0 ]; then exit 1; fi
