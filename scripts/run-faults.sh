#!/usr/bin/env bash
# npm run test:faults: the fault suite (test/faults/**/*.faults.test.ts), then one table of the figures
# every file wrote to .test-reports/faults/. Fails when any assertion failed or a file wrote no figures.
set -uo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"
export PATH="$REPO_ROOT/node_modules/.bin:$PATH"
REPORTS="$REPO_ROOT/.test-reports/faults"
mkdir -p "$REPORTS"
rm -f "$REPORTS"/*.json

jest --config jest.faults.config.js --runInBand "$@"
status=$?
node scripts/faults-table.js "$REPORTS"
table=$?
if [ $status -ne 0 ] || [ $table -ne 0 ]; then exit 1; fi
