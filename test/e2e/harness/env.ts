import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** Repository root (…/test/e2e/harness → …). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

export const PACKAGE_NAME = 'n8n-nodes-servicetitan';

/**
 * What the e2e suite runs against. `npm run test:e2e` (scripts/n8n/run-e2e.sh) sets
 * E2E_PACKAGE_TARBALL and E2E_N8N_BIN; the jest global setup fills them in when jest is run directly.
 */
export interface E2EEnvironment {
	/** The Node 24 binary that runs n8n (the repo's node@24 dev dependency). */
	nodeBin: string;
	/** n8n's bin script inside the install cache (run as `<nodeBin> <n8nBin> <command>`). */
	n8nBin: string;
	/** The n8n package directory (…/node_modules/n8n). */
	n8nPackageDir: string;
	/** The packed n8n-nodes-servicetitan tarball under test. */
	tarball: string;
}

export function nodeBin(): string {
	const fromEnv = process.env.E2E_NODE_BIN;
	if (fromEnv) return fromEnv;
	const local = path.join(REPO_ROOT, 'node_modules', '.bin', 'node');
	if (existsSync(local)) return local;
	if (process.versions.node.startsWith('24.')) return process.execPath;
	throw new Error(`Node 24 not found at ${local}: run "npm ci" (it installs the node@24 dev dependency)`);
}

/** The n8n version under test: E2E_N8N_VERSION, default 2.40.7. */
export function n8nVersion(): string {
	return process.env.E2E_N8N_VERSION || '2.40.7';
}

/** True when the n8n under test is a 1.x (activation instead of publication, Node 20). */
export function isN8n1(): boolean {
	return n8nVersion().startsWith('1.');
}

/** Runs scripts/n8n/ensure-n8n.sh (instant when the cache is complete) and returns n8n's bin path (or, with `--print-node`, the Node that runs it). */
export function ensureN8n(...flags: string[]): string {
	const script = path.join(REPO_ROOT, 'scripts', 'n8n', 'ensure-n8n.sh');
	return execFileSync('bash', [script, n8nVersion(), ...flags], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
		maxBuffer: 64 * 1024 * 1024,
	})
		.trim()
		.split('\n')
		.pop()!;
}

export function e2eEnvironment(): E2EEnvironment {
	const n8nBin = process.env.E2E_N8N_BIN;
	const tarball = process.env.E2E_PACKAGE_TARBALL;
	if (!n8nBin || !tarball) {
		throw new Error(
			'E2E_N8N_BIN / E2E_PACKAGE_TARBALL are not set: run the suite with "npm run test:e2e" ' + '(or "npx jest -c jest.e2e.config.js", whose global setup prepares both)',
		);
	}
	if (!existsSync(n8nBin)) throw new Error(`n8n not found at ${n8nBin} (E2E_N8N_BIN)`);
	if (!existsSync(tarball)) throw new Error(`package tarball not found at ${tarball} (E2E_PACKAGE_TARBALL)`);
	return {
		nodeBin: nodeBin(),
		n8nBin,
		n8nPackageDir: path.resolve(path.dirname(n8nBin), '..'),
		tarball,
	};
}

/** The newest `*.tgz` in a directory (what `npm pack --pack-destination` wrote). */
export function findTarball(dir: string): string | undefined {
	const tgz = readdirSync(dir).filter((name) => name.endsWith('.tgz'));
	return tgz.length ? path.join(dir, tgz.sort().pop()!) : undefined;
}
