import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { REPO_ROOT, ensureN8n, findTarball } from './env';

/**
 * jest globalSetup for jest.e2e.config.js. `npm run test:e2e` has already built and packed the
 * package and installed n8n (E2E_PACKAGE_TARBALL, E2E_N8N_BIN); when jest is started directly this
 * does the same, so `npx jest -c jest.e2e.config.js <file>` works too. Workers inherit process.env.
 */
export default async function globalSetup(): Promise<void> {
	const npmEnv = {
		...process.env,
		PATH: `${path.join(REPO_ROOT, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH ?? ''}`,
	};
	if (!process.env.E2E_PACKAGE_TARBALL) {
		process.stderr.write('\n[e2e] E2E_PACKAGE_TARBALL not set: building and packing the package\n');
		execFileSync('npm', ['run', 'build', '--silent'], { cwd: REPO_ROOT, env: npmEnv, stdio: 'inherit' });
		const dir = mkdtempSync(path.join(os.tmpdir(), 'st-e2e-pack-'));
		process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
		execFileSync('npm', ['pack', '--pack-destination', dir, '--silent'], {
			cwd: REPO_ROOT,
			env: npmEnv,
			stdio: ['ignore', 'ignore', 'inherit'],
		});
		const tarball = findTarball(dir);
		if (!tarball) throw new Error(`npm pack wrote no tarball into ${dir}`);
		process.env.E2E_PACKAGE_TARBALL = tarball;
	}
	if (!process.env.E2E_N8N_BIN) {
		process.stderr.write('[e2e] E2E_N8N_BIN not set: running scripts/n8n/ensure-n8n.sh\n');
		process.env.E2E_N8N_BIN = ensureN8n();
	}
	process.env.E2E_NODE_BIN ||= ensureN8n('--print-node');
}
