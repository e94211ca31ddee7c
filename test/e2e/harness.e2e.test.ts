/**
 * The harness itself: installing as n8n does, and failing loudly with n8n's own words when n8n
 * cannot load the package.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { N8nInstance, PACKAGE_NAME, e2eEnvironment, packageLoadErrors, parseRunData, readTarballPackageJson } from './harness';
import { onlyN8n2 } from './harness/compat';

describe('e2e harness', () => {
	test('installs the tarball the way n8n does: files, runtime deps, ledger, DB rows', async () => {
		const n8n = await N8nInstance.create({ name: 'st-e2e-harness' });
		try {
			const { packageDir } = n8n.installed!;
			const packageJson = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
			expect(packageJson.name).toBe(PACKAGE_NAME);
			expect(packageJson).not.toHaveProperty('devDependencies');
			expect(packageJson).not.toHaveProperty('peerDependencies');
			for (const dependency of Object.keys(packageJson.dependencies ?? {})) {
				expect(existsSync(path.join(packageDir, 'node_modules', dependency, 'package.json'))).toBe(true);
			}
			const ledger = JSON.parse(readFileSync(path.join(n8n.n8nFolder, 'nodes', 'package.json'), 'utf8'));
			expect(ledger.dependencies).toEqual({ [PACKAGE_NAME]: packageJson.version });
			expect(n8n.installed!.credentials).toContain('serviceTitanOAuth2Api');
			for (const declared of packageJson.n8n.nodes as string[]) {
				expect(existsSync(path.join(packageDir, declared))).toBe(true);
			}
			expect(n8n.installed!.nodes.map((node) => node.type)).toEqual(
				expect.arrayContaining((packageJson.n8n.nodes as string[]).map(() => expect.stringMatching(`^${PACKAGE_NAME}\\.`))),
			);
		} finally {
			await n8n.dispose();
		}
	});

	// n8n 1.x's CLI logs a load failure differently; the harness's own check is exercised on 2.x.
	onlyN8n2("a package n8n cannot load fails with n8n's own error text", async () => {
		const { tarball } = e2eEnvironment();
		const work = mkdtempSync(path.join(os.tmpdir(), 'st-e2e-broken-'));
		try {
			execFileSync('tar', ['-xzf', tarball, '-C', work]);
			const declared = (readTarballPackageJson(tarball).n8n as { nodes: string[] }).nodes[0];
			unlinkSync(path.join(work, 'package', declared));
			const broken = path.join(work, 'broken.tgz');
			execFileSync('tar', ['-czf', broken, '-C', work, 'package']);

			const n8n = await N8nInstance.create({ name: 'st-e2e-broken', installPackage: false });
			try {
				const failure = await n8n.installCommunityPackage(broken).then(
					() => undefined,
					(error: Error) => error.message,
				);
				expect(failure).toContain(`n8n could not load ${PACKAGE_NAME}`);
				expect(failure).toContain(`Failed to load package "${PACKAGE_NAME}"`);
				expect(failure).toContain(`Cannot find module`);
				expect(failure).toContain(path.basename(declared));
			} finally {
				await n8n.dispose();
			}
		} finally {
			rmSync(work, { recursive: true, force: true });
		}
	});

	test('packageLoadErrors / parseRunData understand n8n output', () => {
		const log = [
			'Initializing n8n process',
			'\u001b[31mFailed to load package "n8n-nodes-servicetitan"\u001b[39m',
			"Cannot find module '/x/dist/nodes/A.node.js'",
			'',
			'Editor is now accessible via:',
		].join('\n');
		expect(packageLoadErrors(log)).toEqual(['Failed to load package "n8n-nodes-servicetitan"\nCannot find module \'/x/dist/nodes/A.node.js\'']);
		expect(packageLoadErrors('Failed to load package "n8n-nodes-other"')).toEqual([]);
		const run = parseRunData('log line\n{\n  "data": { "resultData": { "runData": {} } },\n  "status": "success"\n}\n');
		expect(run?.status).toBe('success');
	});

	test('CLI commands dispose the expression engine before they exit, and keep their exit code', () => {
		// A stand-in n8n: its bin loads its own n8n-workflow, whose dispose takes 300 ms, then exits with 3.
		const work = mkdtempSync(path.join(os.tmpdir(), 'st-e2e-exit-'));
		try {
			const bin = path.join(work, 'n8n', 'bin', 'n8n');
			const workflowDir = path.join(work, 'n8n', 'node_modules', 'n8n-workflow');
			mkdirSync(path.dirname(bin), { recursive: true });
			mkdirSync(workflowDir, { recursive: true });
			writeFileSync(path.join(workflowDir, 'package.json'), JSON.stringify({ name: 'n8n-workflow', main: 'index.js' }));
			writeFileSync(
				path.join(workflowDir, 'index.js'),
				`exports.Expression = { disposeExpressionEngine: () => new Promise((resolve) => setTimeout(() => { require('fs').writeFileSync(${JSON.stringify(path.join(work, 'disposed'))}, 'yes'); resolve(); }, 300)) };`,
			);
			writeFileSync(bin, `require('n8n-workflow'); process.exit(3); process.exit(4);`);
			const preload = path.join(__dirname, 'harness', 'dispose-expression-engine-before-exit.js');
			const exit = (() => {
				try {
					execFileSync(process.execPath, ['--require', preload, bin], { stdio: 'pipe' });
					return 0;
				} catch (error) {
					return (error as { status: number }).status;
				}
			})();
			expect({ exit, disposed: existsSync(path.join(work, 'disposed')) }).toEqual({ exit: 3, disposed: true });
		} finally {
			rmSync(work, { recursive: true, force: true });
		}
	});
});
