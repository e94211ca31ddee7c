/**
 * Figures of one fault-suite file, written to .test-reports/faults/<name>.json for
 * scripts/faults-table.js to print as one table after the run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type FaultRow = [label: string, value: string | number];

export const FAULT_REPORTS_DIR = join(__dirname, '..', '..', '.test-reports', 'faults');

export function writeFaultReport(name: string, title: string, rows: FaultRow[]): void {
	mkdirSync(FAULT_REPORTS_DIR, { recursive: true });
	writeFileSync(join(FAULT_REPORTS_DIR, `${name}.json`), `${JSON.stringify({ title, rows }, null, 2)}\n`);
}
