/**
 * `npm run dev`: n8n 2.40.7 with the package from this working tree, the ServiceTitan simulator and a ready
 * credential (as `npm start`), and `tsc --watch`: each successful compile is copied into the installed
 * package, n8n's hot reload (N8N_DEV_RELOAD, which needs NODE_ENV=development) reloads the nodes and
 * credential, and a reload of the editor page shows the change. Ctrl-C stops everything.
 *
 * The package is installed as a community package (not through N8N_CUSTOM_EXTENSIONS), so node types are
 * `n8n-nodes-servicetitan.*` as for users, and workflows built here open in any n8n that installed it.
 */
import { spawn } from 'node:child_process';
import { cpSync } from 'node:fs';
import path from 'node:path';
import { N8nInstance, OWNER, REPO_ROOT } from '../../test/e2e/harness';
import { DEMO_MCP_TOKEN, demoMcpUrl } from './mcp-workflow';
import { N8N_PORT, prepareDemo, seedDemo, step, stopOnSignals } from './setup';

async function main(): Promise<void> {
	const sim = await prepareDemo();

	step('Creating an n8n instance with the package installed, hot reload on');
	const n8n = await N8nInstance.create({
		name: 'servicetitan-dev',
		port: N8N_PORT,
		env: { NODE_ENV: 'development', N8N_DEV_RELOAD: 'true' },
	});
	const installedDist = path.join(n8n.installed!.packageDir, 'dist');
	const tsc = spawn(path.join(REPO_ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json', '--watch', '--preserveWatchOutput'], {
		cwd: REPO_ROOT,
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const stop = stopOnSignals(n8n, sim, 'n8n, the compiler and the simulator', () => tsc.kill());

	try {
		await seedDemo(n8n, sim);
		step(`Starting n8n on http://127.0.0.1:${N8N_PORT}`);
		const server = await n8n.start();

		// tsc --watch ends every compile with "Found N errors. Watching for file changes."; copy only clean ones.
		let first = true;
		tsc.stdout.setEncoding('utf8');
		tsc.stdout.on('data', (chunk: string) => {
			process.stdout.write(chunk.replace(/^/gm, '  tsc: '));
			const found = /Found (\d+) errors?\. Watching for file changes/.exec(chunk);
			if (!found) return;
			if (first) {
				first = false; // the initial compile is what was just packed and installed
				return;
			}
			if (found[1] !== '0') {
				console.log('  dev: compile errors; n8n keeps the last good build');
				return;
			}
			cpSync(path.join(REPO_ROOT, 'dist'), installedDist, { recursive: true });
			console.log('  dev: copied the new build into n8n; reload the editor page to see it');
		});

		console.log(`
n8n with n8n-nodes-servicetitan from ${REPO_ROOT} is running; edits are rebuilt and reloaded.

  Editor:    ${server.baseUrl}
  Log in:    ${OWNER.email}  /  ${OWNER.password}
  Simulator: ${sim.url}  (tenant ${sim.credentials.tenantId}; the credential "ServiceTitan (simulator)" points here)

The example workflows of \`npm start\` are there too, with the MCP server at ${demoMcpUrl(server.baseUrl)}
(header Authorization: Bearer ${DEMO_MCP_TOKEN}; docs/ai-agents.md).

Save a .ts file under nodes/ or credentials/, wait for "copied the new build", reload the editor page.
Press Ctrl-C to stop.`);
	} catch (error) {
		console.error(error instanceof Error ? error.message : error);
		await stop(1);
	}
}

void main();
