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
import { startSimulator } from '../../test/simulator';
import { N8nInstance, OWNER, REPO_ROOT, ensureN8n } from '../../test/e2e/harness';
import { NEW_JOB_EVERY_MS, bookNewJob, packTarball, seedDemo } from './setup';

const N8N_PORT = Number(process.env.DEMO_N8N_PORT ?? 5678);
const SIMULATOR_PORT = Number(process.env.DEMO_SIMULATOR_PORT ?? 4730);

function step(message: string): void {
	console.log(`\n▶ ${message}`);
}

async function main(): Promise<void> {
	step('Making sure n8n 2.40.7 is installed (first time: about 7 minutes; cached in ~/.cache/n8n-nodes-servicetitan)');
	process.env.E2E_N8N_BIN = ensureN8n();
	step('Building and packing n8n-nodes-servicetitan');
	process.env.E2E_PACKAGE_TARBALL = packTarball();

	step(`Starting the ServiceTitan simulator on http://127.0.0.1:${SIMULATOR_PORT}`);
	const sim = await startSimulator({ port: SIMULATOR_PORT, size: 'demo', epoch: Date.now() });

	step('Creating an n8n instance with the package installed, hot reload on');
	const n8n = await N8nInstance.create({
		name: 'servicetitan-dev',
		port: N8N_PORT,
		env: { NODE_ENV: 'development', N8N_DEV_RELOAD: 'true' },
	});
	const installedDist = path.join(n8n.installed!.packageDir, 'dist');
	let stopping = false;
	const timer = setInterval(() => bookNewJob(sim), NEW_JOB_EVERY_MS);
	const tsc = spawn(path.join(REPO_ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json', '--watch', '--preserveWatchOutput'], {
		cwd: REPO_ROOT,
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const stop = async (code: number) => {
		if (stopping) return;
		stopping = true;
		clearInterval(timer);
		tsc.kill();
		console.log('\nStopping n8n, the compiler and the simulator …');
		await n8n.dispose().catch(() => undefined);
		await sim.close().catch(() => undefined);
		process.exit(code);
	};
	process.on('SIGINT', () => void stop(0));
	process.on('SIGTERM', () => void stop(0));

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

Save a .ts file under nodes/ or credentials/, wait for "copied the new build", reload the editor page.
Press Ctrl-C to stop.`);
	} catch (error) {
		console.error(error instanceof Error ? error.message : error);
		await stop(1);
	}
}

void main();
