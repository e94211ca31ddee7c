#!/usr/bin/env node
/**
 * Records an unpacked community package in n8n's database the way n8n's own installer does.
 *
 * Run with the Node 24 that runs n8n:
 *   node register-community-package.js <n8n package dir> <community package dir> <sqlite db | ->
 *
 * n8n 2.40.7's Settings > Community nodes install (CommunityPackagesService.installOrUpdatePackage,
 * dist/modules/community-packages/community-packages.service.js) loads the unpacked package with
 * n8n-core's PackageDirectoryLoader and then writes one `installed_packages` row and one
 * `installed_nodes` row per loaded node (InstalledPackagesRepository.persistPackageWithNodes,
 * dist/modules/community-packages/installed-packages.repository.js). This script does the same two
 * steps with n8n's own loader, so a package that n8n cannot load fails here with n8n's error.
 * With "-" as the database it only loads the package and prints what it found.
 *
 * Prints one JSON line: { packageName, installedVersion, nodes: [{ name, type, latestVersion }], credentials }
 */
'use strict';
const path = require('node:path');
const { createRequire } = require('node:module');

async function main() {
	const [n8nDir, packageDir, dbPath] = process.argv.slice(2);
	if (!n8nDir || !packageDir || !dbPath) {
		throw new Error('usage: register-community-package.js <n8n package dir> <package dir> <sqlite db | ->');
	}
	const n8nRequire = createRequire(path.join(n8nDir, 'package.json'));
	// What LoadNodesAndCredentials.init does before loading packages: community nodes resolve
	// their peer dependency n8n-workflow from n8n's own node_modules.
	const delimiter = process.platform === 'win32' ? ';' : ':';
	process.env.NODE_PATH = [...(n8nRequire.resolve.paths('n8n-workflow') ?? []), process.env.NODE_PATH].filter(Boolean).join(delimiter);
	require('node:module').Module._initPaths();
	n8nRequire('reflect-metadata');
	const { PackageDirectoryLoader } = n8nRequire('n8n-core');

	const loader = new PackageDirectoryLoader(path.resolve(packageDir));
	await loader.loadAll();
	const { name: packageName, version: installedVersion, author } = loader.packageJson;
	const nodes = loader.loadedNodes.map((loadedNode) => ({
		name: loader.nodeTypes[loadedNode.name].type.description.displayName,
		type: `${packageName}.${loadedNode.name}`,
		latestVersion: loadedNode.version,
	}));
	const credentials = Object.keys(loader.known.credentials);
	const result = { packageName, installedVersion, nodes, credentials };

	if (dbPath !== '-') {
		const sqlite3 = n8nRequire('sqlite3');
		const db = new sqlite3.Database(dbPath);
		const run = (sql, params) => new Promise((resolve, reject) => db.run(sql, params, (error) => (error ? reject(error) : resolve())));
		const now = "STRFTIME('%Y-%m-%d %H:%M:%f', 'NOW')";
		try {
			await run('PRAGMA foreign_keys = ON', []);
			await run('BEGIN', []);
			await run('DELETE FROM "installed_packages" WHERE "packageName" = ?', [packageName]);
			await run(
				`INSERT INTO "installed_packages" ("packageName", "installedVersion", "authorName", "authorEmail", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ${now}, ${now})`,
				[packageName, installedVersion, author?.name ?? null, author?.email ?? null],
			);
			for (const node of nodes) {
				await run('INSERT INTO "installed_nodes" ("name", "type", "latestVersion", "package") VALUES (?, ?, ?, ?)', [
					node.name,
					node.type,
					node.latestVersion,
					packageName,
				]);
			}
			await run('COMMIT', []);
		} finally {
			await new Promise((resolve) => db.close(resolve));
		}
	}
	process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error) => {
	process.stderr.write(`${error && error.stack ? error.stack : String(error)}\n`);
	process.exit(1);
});
