import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { PACKAGE_NAME } from './env';
import { run } from './process';

/**
 * Installing the packed package as a community package, the way n8n 2.40.7 itself does it.
 *
 * What users do: Settings > Community nodes > Install (or the public API POST /community-packages,
 * or N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV). All three end in
 * CommunityPackagesService.installOrUpdatePackage → downloadPackage
 * (n8n/dist/modules/community-packages/community-packages.service.js), which
 *   1. `npm pack <name>@<version>` from the registry into <n8n folder>/nodes,
 *   2. `tar -xzf <tarball> -C <n8n folder>/nodes/node_modules/<name> --strip-components=1`,
 *   3. rewrites that package.json without devDependencies / peerDependencies / optionalDependencies,
 *   4. runs `npm install --audit=false --fund=false --bin-links=false --install-strategy=shallow
 *      --ignore-scripts=true --package-lock=false` inside the package directory,
 *   5. records the version in the ledger <n8n folder>/nodes/package.json (`dependencies`),
 *   6. loads the package (n8n-core PackageDirectoryLoader) and writes `installed_packages` +
 *      `installed_nodes` rows (installed-packages.repository.js persistPackageWithNodes).
 * Our package is not on a registry, so step 1 is replaced by the local tarball; steps 2–5 are done
 * here byte for byte, step 6 by register-community-package.js with n8n's own loader.
 *
 * What loading needs: nothing from the database. On every command (`execute`, `start`, imports…)
 * LoadNodesAndCredentials.init (n8n/dist/load-nodes-and-credentials.js) runs the node loaders of the
 * `community-packages` backend module, whose nodeLoaders()
 * (n8n/dist/modules/community-packages/community-packages.module.js) calls n8n-core's
 * scanDirectoryForPackages(<n8n folder>/nodes/node_modules) — every `n8n-nodes-*` and
 * `@*\/n8n-nodes-*` directory there is loaded (n8n-core/dist/nodes-loader/scan-directory-for-packages.js),
 * unless N8N_COMMUNITY_PACKAGES_PREVENT_LOADING is set. Node types keep the package name
 * (`n8n-nodes-servicetitan.serviceTitan`). The DB rows make the package appear in Settings >
 * Community nodes (GET /rest/community-packages, public GET /api/v1/community-packages), let
 * CommunityPackagesService.checkForMissingPackages report it as missing if it stops loading, and let
 * `n8n community-node --uninstall --package` remove it. (The "Unrecognized node type" of n8n issue
 * #14743 belongs to 1.x, where loading went through the DB records.)
 */

export interface InstallOptions {
	/** <N8N_USER_FOLDER>/.n8n */
	n8nFolder: string;
	tarball: string;
	/** Environment for npm (PATH must put Node 24 first). */
	env: NodeJS.ProcessEnv;
}

export interface InstalledFiles {
	packageName: string;
	version: string;
	packageDir: string;
}

/** n8n's own npm flags for a community package's runtime dependencies (downloadPackage step 4). */
export const N8N_NPM_INSTALL_FLAGS = [
	'--audit=false',
	'--fund=false',
	'--bin-links=false',
	'--install-strategy=shallow',
	'--ignore-scripts=true',
	'--package-lock=false',
];

export function readTarballPackageJson(tarball: string): { name: string; version: string; [key: string]: unknown } {
	const text = execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' });
	return JSON.parse(text) as { name: string; version: string };
}

export async function installPackageFiles({ n8nFolder, tarball, env }: InstallOptions): Promise<InstalledFiles> {
	const { name: packageName, version } = readTarballPackageJson(tarball);
	if (packageName !== PACKAGE_NAME) throw new Error(`${tarball} is ${packageName}, expected ${PACKAGE_NAME}`);
	const downloadFolder = path.join(n8nFolder, 'nodes');
	const packageDir = path.join(downloadFolder, 'node_modules', packageName);
	rmSync(packageDir, { recursive: true, force: true });
	mkdirSync(packageDir, { recursive: true });

	// step 2
	execFileSync('tar', ['-xzf', path.resolve(tarball), '-C', packageDir, '--strip-components=1']);

	// step 3
	const packageJsonPath = path.join(packageDir, 'package.json');
	const {
		devDependencies: _dev,
		peerDependencies: _peer,
		optionalDependencies: _optional,
		...packageJson
	} = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as Record<string, unknown>;
	writeFileSync(packageJsonPath, JSON.stringify(packageJson, null, 2), 'utf8');

	// step 4 (prefer the npm cache: CI machines have it warm and the registry is the only network)
	const npm = await run('npm', ['install', ...N8N_NPM_INSTALL_FLAGS], {
		cwd: packageDir,
		env: { ...env, npm_config_prefer_offline: 'true', npm_config_update_notifier: 'false' },
		timeoutMs: 180_000,
	});
	if (npm.exitCode !== 0) {
		throw new Error(`npm install in ${packageDir} failed (${npm.exitCode}):\n${npm.stdout}\n${npm.stderr}`);
	}
	for (const dependency of Object.keys((packageJson.dependencies as Record<string, string>) ?? {})) {
		if (!existsSync(path.join(packageDir, 'node_modules', dependency, 'package.json'))) {
			throw new Error(`runtime dependency ${dependency} was not installed into ${packageDir}/node_modules`);
		}
	}

	// step 5 (mutatePackageJsonDependencies: the ledger n8n rebuilds from the DB when it is missing)
	const ledgerPath = path.join(downloadFolder, 'package.json');
	let ledger: { name: string; private: boolean; dependencies: Record<string, string> } = {
		name: 'installed-nodes',
		private: true,
		dependencies: {},
	};
	if (existsSync(ledgerPath)) {
		const existing = JSON.parse(readFileSync(ledgerPath, 'utf8')) as typeof ledger;
		if (existing?.dependencies) ledger = existing;
	}
	ledger.dependencies[packageName] = version;
	writeFileSync(ledgerPath, JSON.stringify(ledger, null, 2), 'utf8');

	return { packageName, version, packageDir };
}

export interface RegisteredPackage {
	packageName: string;
	installedVersion: string;
	nodes: Array<{ name: string; type: string; latestVersion: number }>;
	credentials: string[];
}

/** Step 6: n8n-core's PackageDirectoryLoader + the installed_packages / installed_nodes rows. */
export async function registerPackage(options: {
	nodeBin: string;
	n8nPackageDir: string;
	packageDir: string;
	/** sqlite file, or undefined to only load the package */
	dbPath?: string;
	env: NodeJS.ProcessEnv;
}): Promise<RegisteredPackage> {
	const script = path.join(__dirname, 'register-community-package.js');
	const result = await run(options.nodeBin, [script, options.n8nPackageDir, options.packageDir, options.dbPath ?? '-'], { env: options.env, timeoutMs: 60_000 });
	if (result.exitCode !== 0) {
		throw new Error(`n8n-core could not load ${options.packageDir} (PackageDirectoryLoader.loadAll):\n${result.stderr || result.stdout}`);
	}
	return JSON.parse(result.stdout.trim().split('\n').pop()!) as RegisteredPackage;
}

const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * n8n's own messages when it cannot load a community package, from its log output. n8n keeps
 * running (exit code 0) when a package fails to load, so every command's output is checked.
 */
export function packageLoadErrors(output: string, packageName = PACKAGE_NAME): string[] {
	const lines = output.replace(ANSI, '').split('\n');
	const patterns = [
		`Failed to load package "${packageName}"`, // load-nodes-and-credentials.js init
		`Skipping package "${packageName}"`, // scan-directory-for-packages.js (n8nNodesApiVersion)
		`Skipping package directory "${packageName}"`, // scan-directory-for-packages.js (bad package.json)
		`nodes package ${packageName} is already loaded`,
		`Not reinstalling package "${packageName}"`,
		`Unrecognized node type: ${packageName}.`,
		'n8n detected that some packages are missing', // checkForMissingPackages (DB rows, nothing loaded)
	];
	const errors: string[] = [];
	lines.forEach((line, index) => {
		if (!patterns.some((pattern) => line.includes(pattern))) return;
		const block = [line];
		for (let next = index + 1; next < lines.length && block.length < 12; next++) {
			if (/^\s*$/.test(lines[next]) || /^\d\d:\d\d:\d\d\.\d{3}\s/.test(lines[next])) break;
			block.push(lines[next]);
		}
		errors.push(block.join('\n'));
	});
	return errors;
}
