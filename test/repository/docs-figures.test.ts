/**
 * Figures the README, its docs/ pages and the CHANGELOG state about the package, against the package itself.
 */
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';

import { EXPORT_FEEDS } from '../../nodes/ServiceTitan/trigger/feeds';
import { CATALOG } from '../../nodes/ServiceTitan/catalog';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(REPO_ROOT, file), 'utf8');
/** The README and the pages it links to for details (docs/OPERATIONS.md is generated from the catalog). */
const userDocs = () => [
	'README.md',
	...readdirSync(path.join(REPO_ROOT, 'docs'))
		.filter((file) => file.endsWith('.md') && file !== 'OPERATIONS.md')
		.map((file) => `docs/${file}`),
];

describe('documented figures', () => {
	it.each(['README.md', 'CHANGELOG.md'])('%s states the number of export feeds the trigger offers', (file) => {
		const stated = [...read(file).matchAll(/(\d+) export feeds|(\d+) in all\)? and keeps the feed/g)].map((match) => Number(match[1] ?? match[2]));
		expect(stated.length).toBeGreaterThan(0);
		expect(new Set(stated)).toEqual(new Set([EXPORT_FEEDS.length]));
	});

	it('README and docs/ state the number of operations the contract check runs', () => {
		const operations = CATALOG.reduce((sum, entry) => sum + entry.resource.operations.length, 0);
		const stated = [
			...userDocs()
				.map(read)
				.join('\n')
				.matchAll(/all (\d+) operations|(\d+)\/(\d+) requests accepted/g),
		].flatMap((match) => match.slice(1).filter(Boolean).map(Number));
		expect(stated.length).toBeGreaterThan(0);
		expect(new Set(stated)).toEqual(new Set([operations]));
	});

	it('package.json points `main` only at a file the package ships, if at all', () => {
		const manifest = JSON.parse(read('package.json')) as { main?: string; files: string[] };
		if (manifest.main === undefined) return;
		expect(manifest.files.some((entry) => manifest.main!.replace(/^\.\//, '').startsWith(`${entry}/`))).toBe(true);
	});
});
