/**
 * What `npm start` and `npm run dev` share: the packed package, the simulator's background bookings, and an
 * n8n instance seeded with a credential pointing at the simulator and the example workflows.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSimulator, type Simulator } from '../../test/simulator';
import { REPO_ROOT, ensureN8n, findTarball, serviceTitanCredential, type N8nInstance } from '../../test/e2e/harness';
import { newJobSummaryWorkflow, nightlyInvoiceExportWorkflow, webLeadToBookingWorkflow } from './workflows';
import { demoMcpCredential, serviceTitanMcpServerWorkflow } from './mcp-workflow';
import { DEMO_SIGNING_KEY, completeAJobWorkflow, demoSigningCredential, demoWebhookUrl, jobCompletedSummaryWorkflow } from './webhook-workflows';

export const N8N_PORT = Number(process.env.DEMO_N8N_PORT ?? 5678);
export const SIMULATOR_PORT = Number(process.env.DEMO_SIMULATOR_PORT ?? 4730);

export function step(message: string): void {
	console.log(`\n▶ ${message}`);
}

/** n8n 2.40.7 from the cache (installed the first time), the package built and packed, the simulator started. */
export async function prepareDemo(): Promise<Simulator> {
	step('Making sure n8n 2.40.7 is installed (first time: about 7 minutes; cached in ~/.cache/n8n-nodes-servicetitan)');
	process.env.E2E_N8N_BIN = ensureN8n();
	step('Building and packing n8n-nodes-servicetitan');
	process.env.E2E_PACKAGE_TARBALL = packTarball();

	step(`Starting the ServiceTitan simulator on http://127.0.0.1:${SIMULATOR_PORT}`);
	// Like an app's webhook settings in the developer portal: "job completed" → n8n's production URL, signed.
	const webhooks = { subscriptions: [{ eventType: 'tn.jpm.job-completed', url: demoWebhookUrl(`http://127.0.0.1:${N8N_PORT}`), key: DEMO_SIGNING_KEY }] };
	return startSimulator({ port: SIMULATOR_PORT, size: 'demo', epoch: Date.now(), webhooks });
}

/** The simulator books a job now and then, so the trigger workflow has something to report. */
const NEW_JOB_EVERY_MS = 2 * 60_000;

export function packTarball(): string {
	const dir = path.join(process.env.N8N_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'n8n-nodes-servicetitan'), 'demo-pack');
	mkdirSync(dir, { recursive: true });
	execFileSync('npm', ['run', 'build', '--silent'], { cwd: REPO_ROOT, stdio: 'inherit' });
	execFileSync('npm', ['pack', '--pack-destination', dir, '--silent'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
	const tarball = findTarball(dir);
	if (!tarball) throw new Error(`npm pack wrote nothing into ${dir}`);
	return tarball;
}

function bookNewJob(sim: Simulator): void {
	const jobs = sim.store.list('jpm:jobs');
	if (!jobs.length) return;
	const template = jobs[Math.floor(Math.random() * jobs.length)] as Record<string, unknown>;
	const { id: _id, createdOn: _c, modifiedOn: _m, ...fields } = template;
	const job = sim.store.create('jpm:jobs', {
		...fields,
		jobStatus: 'Scheduled',
		summary: 'Booked by the simulator for the demo',
		jobNumber: String(Date.now()).slice(-6),
	});
	console.log(`  simulator: booked job #${String(job.id)}`);
}

/**
 * The credential "ServiceTitan (simulator)", the webhook signing credential, the MCP server's bearer token and the
 * example workflows; the polling-trigger, webhook-trigger and MCP server workflows are published.
 */
export async function seedDemo(n8n: N8nInstance, sim: Simulator): Promise<void> {
	const credential = serviceTitanCredential(sim, {}, 'ServiceTitan (simulator)');
	const signing = demoSigningCredential();
	const mcpToken = demoMcpCredential();
	await n8n.importCredentials([credential, signing, mcpToken]);
	const provider = sim.store.list('crm:booking-providers')[0] ?? sim.store.list('crm:booking-provider-tags')[0];
	const workflows = [
		newJobSummaryWorkflow(credential),
		webLeadToBookingWorkflow(credential, Number(provider?.id ?? 1)),
		nightlyInvoiceExportWorkflow(credential),
		jobCompletedSummaryWorkflow(credential, signing),
		completeAJobWorkflow(credential),
		serviceTitanMcpServerWorkflow(credential, mcpToken),
	];
	await n8n.importWorkflows(workflows);
	await n8n.publishWorkflow(workflows[0].id);
	await n8n.publishWorkflow(workflows[3].id);
	await n8n.publishWorkflow(workflows[5].id);
}

/**
 * Starts the simulator's background bookings and returns `stop(code)`, also run on Ctrl-C / SIGTERM: it ends
 * the bookings, runs `before` (other child processes), then stops n8n and the simulator and exits.
 */
export function stopOnSignals(n8n: N8nInstance, sim: Simulator, what: string, before?: () => void): (code: number) => Promise<void> {
	let stopping = false;
	const timer = setInterval(() => bookNewJob(sim), NEW_JOB_EVERY_MS);
	const stop = async (code: number) => {
		if (stopping) return;
		stopping = true;
		clearInterval(timer);
		before?.();
		console.log(`\nStopping ${what} …`);
		await n8n.dispose().catch(() => undefined);
		await sim.close().catch(() => undefined);
		process.exit(code);
	};
	process.on('SIGINT', () => void stop(0));
	process.on('SIGTERM', () => void stop(0));
	return stop;
}
