#!/usr/bin/env node
/**
 * Prints every figure file of the fault suite (.test-reports/faults/<name>.json, each
 * `{ "title": "...", "rows": [["label", value], ...] }`) as one table. Exits 1 when there is none
 * or one cannot be read, so a suite that silently wrote nothing does not pass.
 */
const fs = require('node:fs');
const path = require('node:path');

const dir = process.argv[2] || path.join(__dirname, '..', '.test-reports', 'faults');
const files = fs.existsSync(dir)
	? fs
			.readdirSync(dir)
			.filter((name) => name.endsWith('.json'))
			.sort()
	: [];
if (files.length === 0) {
	console.error(`faults-table: no figures in ${dir}`);
	process.exit(1);
}

const sections = [];
let broken = false;
for (const file of files) {
	try {
		const report = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
		if (typeof report.title !== 'string' || !Array.isArray(report.rows)) throw new Error('expected { title, rows }');
		sections.push({ title: report.title, rows: report.rows.map(([label, value]) => [String(label), format(value)]) });
	} catch (error) {
		console.error(`faults-table: ${file}: ${error.message}`);
		broken = true;
	}
}

function format(value) {
	if (typeof value === 'number') return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toFixed(2);
	return String(value);
}

const labelWidth = Math.max(...sections.flatMap((s) => s.rows.map(([label]) => label.length)), 10);
const valueWidth = Math.max(...sections.flatMap((s) => s.rows.map(([, value]) => value.length)), 5);
const rule = `+${'-'.repeat(labelWidth + 2)}+${'-'.repeat(valueWidth + 2)}+`;
const lines = ['', '== Fault suite figures'];
for (const section of sections) {
	lines.push('', section.title, rule);
	for (const [label, value] of section.rows) lines.push(`| ${label.padEnd(labelWidth)} | ${value.padStart(valueWidth)} |`);
	lines.push(rule);
}
console.log(lines.join('\n'));
process.exit(broken ? 1 : 0);
