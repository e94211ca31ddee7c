/**
 * A clone of this repository builds and tests on its own: nothing it tracks may reach for a folder
 * beside the checkout (the development machines have one next to the repository; a contributor's clone
 * does not), and the OpenAPI documents the generator and the catalog test read are in the repository.
 */
import { execFileSync } from 'child_process';
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';

import { resolveOpenApiDir } from '../../scripts/lib/openapi';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** A relative path that climbs out of the folder it is written in, e.g. `../x/y` or `../../x`. */
const CLIMBING_PATH = /(?:\.\.\/)+[\w.-]+/g;

/** Where `reference` leads from `file`, if outside the checkout (a path meant for the shell or a URL is not). */
function leavesCheckout(file: string, reference: string): boolean {
	const target = path.resolve(REPO_ROOT, path.dirname(file), reference);
	return path.relative(REPO_ROOT, target).startsWith('..');
}

function trackedFiles(): string[] {
	return execFileSync('git', ['ls-files', '-z'], { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
		.split('\0')
		.filter(Boolean);
}

describe('a clone stands alone', () => {
	it('no tracked script, test, config or document refers to a folder beside the repository', () => {
		const offenders: string[] = [];
		for (const file of trackedFiles()) {
			let text: string;
			try {
				text = readFileSync(path.join(REPO_ROOT, file), 'utf8');
			} catch {
				continue; // deleted in the work tree but still in the index
			}
			// The folder that holds the checkout (absolute), and relative paths that climb out of it.
			const parent = path.dirname(REPO_ROOT) + path.sep;
			text.split('\n').forEach((line, index) => {
				const climbs = [...line.matchAll(CLIMBING_PATH)].some((match) => leavesCheckout(file, match[0]));
				if (climbs || line.includes(parent)) offenders.push(`${file}:${index + 1}: ${line.trim()}`);
			});
		}
		expect(offenders).toEqual([]);
	});

	it('the generator and the catalog test read the OpenAPI copy inside the repository', () => {
		const saved = process.env.SERVICETITAN_OPENAPI_DIR;
		delete process.env.SERVICETITAN_OPENAPI_DIR;
		try {
			const dir = resolveOpenApiDir();
			expect(path.relative(REPO_ROOT, dir)).toBe(path.join('specs', 'servicetitan-openapi'));
			const documents = readdirSync(dir).filter((file) => file.endsWith('.json'));
			expect(documents).toHaveLength(24);
			const tracked = new Set(trackedFiles());
			expect(documents.filter((file) => !tracked.has(`specs/servicetitan-openapi/${file}`))).toEqual([]);
		} finally {
			if (saved !== undefined) process.env.SERVICETITAN_OPENAPI_DIR = saved;
		}
	});
});
