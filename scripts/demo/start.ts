/**
 * `npm start`: the package inside a real n8n 2.40.7, against the ServiceTitan simulator, with a
 * ready credential and example workflows. No ServiceTitan account needed. Ctrl-C stops everything.
 */
import { startSimulator } from '../../test/simulator';
import { N8nInstance, OWNER, ensureN8n } from '../../test/e2e/harness';
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

	step('Creating an n8n instance with the package installed as a community package');
	const n8n = await N8nInstance.create({ name: 'servicetitan-demo', port: N8N_PORT });
	let stopping = false;
	const timer = setInterval(() => bookNewJob(sim), NEW_JOB_EVERY_MS);
	const stop = async (code: number) => {
		if (stopping) return;
		stopping = true;
		clearInterval(timer);
		console.log('\nStopping n8n and the simulator …');
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
		console.log(`
n8n with n8n-nodes-servicetitan is running.

  Editor:    ${server.baseUrl}
  Log in:    ${OWNER.email}  /  ${OWNER.password}
  Simulator: ${sim.url}  (tenant ${sim.credentials.tenantId}; the credential "ServiceTitan (simulator)" points here)

Example workflows: "new job → team summary" (active: the simulator books a job every 2 minutes),
"web lead → customer + booking" and "nightly invoice export" (open them and click Execute workflow).
Press Ctrl-C to stop.`);
	} catch (error) {
		console.error(error instanceof Error ? error.message : error);
		await stop(1);
	}
}

void main();
