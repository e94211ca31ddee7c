/**
 * What `npm start` and `npm run dev` share: the packed package, the simulator's background bookings, and an
 * n8n instance seeded with a credential pointing at the simulator and the example workflows.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Simulator } from '../../test/simulator';
import { REPO_ROOT, findTarball, serviceTitanCredential, type N8nInstance } from '../../test/e2e/harness';
import { newJobSummaryWorkflow, nightlyInvoiceExportWorkflow, webLeadToBookingWorkflow } from './workflows';

/** The simulator books a job now and then, so the trigger workflow has something to report. */
export const NEW_JOB_EVERY_MS = 2 * 60_000;

export function packTarball(): string {
	const dir = path.join(process.env.N8N_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'n8n-nodes-servicetitan'), 'demo-pack');
	mkdirSync(dir, { recursive: true });
	execFileSync('npm', ['run', 'build', '--silent'], { cwd: REPO_ROOT, stdio: 'inherit' });
	execFileSync('npm', ['pack', '--pack-destination', dir, '--silent'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
	const tarball = findTarball(dir);
	if (!tarball) throw new Error(`npm pack wrote nothing into ${dir}`);
	return tarball;
}

export function bookNewJob(sim: Simulator): void {
	const jobs = sim.store.list('jpm:jobs');
	if (!jobs.length) return;
	const template = jobs[Math.floor(Math.random() * jobs.length)] as Record<string, unknown>;
	const { id: _id, createdOn: _c, modifiedOn: _m, ...fields } = template;
	const job = sim.store.create('jpm:jobs', { ...fields, jobStatus: 'Scheduled', summary: 'Booked by the simulator for the demo', jobNumber: String(Date.now()).slice(-6) });
	console.log(`  simulator: booked job #${String(job.id)}`);
}

/** The credential "ServiceTitan (simulator)" and the three example workflows; the trigger workflow is published. */
export async function seedDemo(n8n: N8nInstance, sim: Simulator): Promise<void> {
	const credential = serviceTitanCredential(sim, {}, 'ServiceTitan (simulator)');
	await n8n.importCredentials([credential]);
	const provider = sim.store.list('crm:booking-providers')[0] ?? sim.store.list('crm:booking-provider-tags')[0];
	const workflows = [
		newJobSummaryWorkflow(credential),
		webLeadToBookingWorkflow(credential, Number(provider?.id ?? 1)),
		nightlyInvoiceExportWorkflow(credential),
	];
	await n8n.importWorkflows(workflows);
	await n8n.publishWorkflow(workflows[0].id);
}
