/**
 * The nodes in n8n 2.40.7's real editor, driven by headless Chromium (playwright-core with Debian's
 * /usr/bin/chromium): log in as the owner, open the demo workflows, the ServiceTitan node's
 * parameter panel (Customer > Create, Invoice > Get Many with Filters, Report > Get Data with the report's parameter
 * form), the trigger's panel, the node
 * creator searching "ServiceTitan" and the credential dialog.
 *
 * PNGs go to $E2E_SCREENSHOTS_DIR when it is set (`E2E_SCREENSHOTS_DIR=docs/screenshots npm run
 * test:e2e -- screenshots` refreshes the README's pictures), else to a temp dir, so CI runs the same
 * steps without touching the tree. Skipped with a message when /usr/bin/chromium is missing
 * (`.ci/run` installs it).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';

import { newJobSummaryWorkflow, nightlyInvoiceExportWorkflow, webLeadToBookingWorkflow } from '../../scripts/demo/workflows';
import { demoSigningCredential, jobCompletedSummaryWorkflow } from '../../scripts/demo/webhook-workflows';
import { startSimulator, type Simulator } from '../simulator';
import { describeNeeding } from '../harness/required';
import {
	N8nInstance,
	OWNER,
	REPO_ROOT,
	linearWorkflow,
	manualTrigger,
	serviceTitanCredential,
	serviceTitanNode,
	type CredentialFixture,
	type N8nServer,
	type WorkflowFixture,
} from './harness';

const CHROMIUM = '/usr/bin/chromium';
const chromiumMissing = existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is missing (apt-get install -y chromium; .ci/run installs it)`;

describeNeeding('screenshots of the nodes in the real n8n editor (headless Chromium)', chromiumMissing, () => {
	let sim: Simulator;
	let n8n: N8nInstance;
	let server: N8nServer;
	let credential: CredentialFixture;
	let workflows: { summary: WorkflowFixture; webLead: WorkflowFixture; invoices: WorkflowFixture };
	let webhookWorkflow: WorkflowFixture;
	let reportWorkflow: WorkflowFixture;
	let browser: Browser | undefined;
	let context: BrowserContext;
	let page: Page;
	const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'st-e2e-chromium-'));
	const outDir = process.env.E2E_SCREENSHOTS_DIR ? path.resolve(REPO_ROOT, process.env.E2E_SCREENSHOTS_DIR) : mkdtempSync(path.join(os.tmpdir(), 'st-e2e-screenshots-'));
	const written: string[] = [];

	async function shot(name: string): Promise<void> {
		await page.waitForTimeout(400); // let transitions settle
		const file = path.join(outDir, `${name}.png`);
		await page.screenshot({ path: file });
		expect(statSync(file).size).toBeGreaterThan(10_000);
		written.push(file);
	}

	async function closeOverlays(): Promise<void> {
		for (let i = 0; i < 2; i++) await page.keyboard.press('Escape');
		await page.waitForTimeout(200);
	}

	async function openWorkflow(workflow: WorkflowFixture): Promise<void> {
		await page.goto(`${server.baseUrl}/workflow/${workflow.id}`);
		await page
			.locator(`[data-node-name="${workflow.nodes[0].name as string}"]`)
			.first()
			.waitFor({ timeout: 30_000 });
		await closeOverlays();
	}

	async function openNode(name: string): Promise<void> {
		await page.locator(`[data-node-name="${name}"]`).first().dblclick();
		await page.locator('[data-test-id="ndv"]').first().waitFor({ timeout: 15_000 });
		const parameters = page.locator('[data-test-id="node-parameters"]').first();
		await parameters.waitFor({ timeout: 15_000 });
		// Collections render lazily ("Loading fields..."); on a busy CI machine that takes a moment.
		const deadline = Date.now() + 30_000;
		while ((await parameters.innerText()).includes('Loading fields')) {
			if (Date.now() > deadline) throw new Error(`the parameters of "${name}" were still loading after 30 s`);
			await page.waitForTimeout(200);
		}
	}

	beforeAll(async () => {
		mkdirSync(outDir, { recursive: true });
		sim = await startSimulator({ port: 0, size: 'demo', epoch: Date.now() });
		n8n = await N8nInstance.create({ name: 'st-e2e-screens' });
		credential = serviceTitanCredential(sim, {}, 'ServiceTitan (simulator)');
		const signing = demoSigningCredential();
		await n8n.importCredentials([credential, signing]);
		webhookWorkflow = jobCompletedSummaryWorkflow(credential, signing);
		workflows = {
			summary: newJobSummaryWorkflow(credential),
			webLead: webLeadToBookingWorkflow(credential, Number(sim.store.list('crm:booking-providers')[0]?.id ?? 1)),
			invoices: nightlyInvoiceExportWorkflow(credential),
		};
		// A report picked from the lists; the form's fields come from the report's description when the panel opens.
		reportWorkflow = linearWorkflow('Jobs by status', [
			manualTrigger(),
			{
				...serviceTitanNode(
					credential,
					{
						resource: 'report',
						operation: 'getData',
						report_category: { __rl: true, mode: 'list', value: 'operations', cachedResultName: 'Operations' },
						reportId: { __rl: true, mode: 'list', value: '61234571', cachedResultName: 'Jobs by Status (#61234571)' },
						parametersUi: {
							mappingMode: 'defineBelow',
							value: {
								DateType: 2,
								From: '2026-01-01T00:00:00',
								To: '={{ $now.toISODate() }}',
								JobStatuses: 'Completed',
								JobTypeIds: null,
								MinimumTotal: 100,
								SummaryContains: null,
							},
							matchingColumns: [],
							schema: [],
							attemptToConvertTypes: false,
							convertFieldsToString: false,
						},
						returnAll: true,
					},
					'Jobs by Status',
				),
				typeVersion: 3,
			},
		]);
		await n8n.importWorkflows([...Object.values(workflows), webhookWorkflow, reportWorkflow]);
		server = await n8n.start();

		const { chromium } = await import('playwright-core');
		context = await chromium.launchPersistentContext(userDataDir, {
			executablePath: CHROMIUM,
			headless: true,
			args: [
				'--headless',
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
			],
			viewport: { width: 1440, height: 900 },
		});
		browser = context.browser() ?? undefined;
		page = context.pages()[0] ?? (await context.newPage());
		page.setDefaultTimeout(20_000);

		await page.goto(`${server.baseUrl}/signin`);
		const form = page.locator('[data-test-id="signin-form"]');
		await form.waitFor({ timeout: 30_000 });
		await form.locator('input[name="emailOrLdapLoginId"], input[type="email"]').first().fill(OWNER.email);
		await form.locator('input[name="password"], input[type="password"]').first().fill(OWNER.password);
		await page.keyboard.press('Enter');
		await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 30_000 });
	});

	afterAll(async () => {
		await context?.close().catch(() => undefined);
		await browser?.close().catch(() => undefined);
		rmSync(userDataDir, { recursive: true, force: true });
		if (!process.env.E2E_SCREENSHOTS_DIR) rmSync(outDir, { recursive: true, force: true });
		await n8n?.dispose();
		await sim?.close();
	});

	test('the web-lead workflow on the canvas', async () => {
		await openWorkflow(workflows.webLead);
		await page.locator('[data-node-name="Create Booking"]').first().waitFor();
		await shot('workflow-web-lead');
	});

	test("ServiceTitan node: Customer > Find or Create (Create's address and locations as fields, Additional Fields, Match Rules)", async () => {
		await openWorkflow(workflows.webLead);
		await openNode('Find or Create Customer');
		const parameters = page.locator('[data-test-id="node-parameters"]').first();
		const text = await parameters.innerText();
		expect(text).toMatch(/Address[\s\S]*Street/);
		expect(text).toMatch(/Locations Input[\s\S]*Locations[\s\S]*Name[\s\S]*Street[\s\S]*Contacts[\s\S]*Add Location/);
		expect(text).toMatch(/Additional Fields/);
		expect(text).toMatch(/Match Rules/);
		// What ServiceTitan lacks for customers is said under every customer operation.
		expect(text).toMatch(/no Delete for these records: use Update with Active set to false/);
		await shot('node-customer-create');
		await closeOverlays();
	});

	test('ServiceTitan node: Invoice > Get Many with Return All and Filters', async () => {
		await openWorkflow(workflows.invoices);
		await openNode('Invoices Changed Since Yesterday');
		const text = await page.locator('[data-test-id="node-parameters"]').first().innerText();
		expect(text).toMatch(/Return All/);
		expect(text).toMatch(/Filters/);
		await shot('node-invoice-get-many-filters');
		await closeOverlays();
	});

	test('ServiceTitan node: Report > Get Data, Category and Report from lists, the report’s own parameters as fields', async () => {
		// A taller window, so the whole form is in the picture.
		await page.setViewportSize({ width: 1440, height: 1250 });
		try {
			await openWorkflow(reportWorkflow);
			await openNode('Jobs by Status');
			const parameters = page.locator('[data-test-id="node-parameters"]').first();
			await parameters.getByText('Minimum Total').first().waitFor({ timeout: 30_000 }); // the form is fetched when the panel opens
			const text = await parameters.innerText();
			expect(text).toMatch(/Category[\s\S]*Report[\s\S]*Parameters Input[\s\S]*Report Parameters/);
			expect(text).toMatch(/Date Type[\s\S]*From[\s\S]*To[\s\S]*Job Statuses[\s\S]*Job Types[\s\S]*Minimum Total[\s\S]*Summary Contains/);
			// Chosen values are in the inputs (innerText leaves them out).
			const values = await parameters.locator('input').evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value));
			expect(values).toEqual(expect.arrayContaining(['Operations', 'Jobs by Status (#61234571)', 'Using Fields Below', 'Job Completed Date', 'Completed']));
			await shot('report-parameters');
			await closeOverlays();
		} finally {
			await page.setViewportSize({ width: 1440, height: 900 });
		}
	});

	test('ServiceTitan Trigger: the poll, event and start parameters', async () => {
		await openWorkflow(workflows.summary);
		await openNode('New Job Booked');
		await expect(page.locator('[data-test-id="node-parameters"]').first().innerText()).resolves.toMatch(/Event/);
		await shot('trigger-new-job');
		await closeOverlays();
	});

	test('ServiceTitan Webhook Trigger: the setup notice, events and Fetch Full Record', async () => {
		await openWorkflow(webhookWorkflow);
		await openNode('Job Completed');
		const text = await page.locator('[data-test-id="ndv"]').first().innerText();
		expect(text).toMatch(/ServiceTitan has no subscription API/);
		expect(text).toMatch(/Jobs: Job Completed/);
		expect(text).toMatch(/Fetch Full Record/);
		await shot('webhook-trigger-job-completed');
		await closeOverlays();
	});

	test('the node creator finds both nodes when searching "ServiceTitan"', async () => {
		await openWorkflow(workflows.webLead);
		await page.locator('[data-test-id="node-creator-plus-button"]').first().click();
		const search = page.locator('[data-test-id="node-creator-search-bar"] input, input[data-test-id="node-creator-search-bar"]').first();
		await search.waitFor();
		await search.fill('ServiceTitan');
		await page.locator('[data-test-id="node-creator-item-name"]', { hasText: 'ServiceTitan' }).first().waitFor();
		await shot('node-creator-search');
		// n8n merges the action node and its trigger into one entry; opening it lists the operations
		await page.locator('[data-test-id="node-creator-item-name"]', { hasText: 'ServiceTitan' }).first().click();
		await page
			.locator('[data-test-id="node-creator"]')
			.getByText(/Create a customer|Actions/i)
			.first()
			.waitFor();
		// n8n lists the actions grouped by resource in the Resource options' order: the first-class records first.
		// innerText applies the labels' CSS text-transform (upper case), so compare case-insensitively.
		const listed = (await page.locator('[data-test-id="node-creator"]').first().innerText()).toLowerCase();
		const at = (label: string) => listed.indexOf(label.toLowerCase());
		// The list renders lazily: the first groups are there, the long tail (Activity …) is not yet.
		expect(at('Customer Actions')).toBeGreaterThan(-1);
		expect(at('Location Actions')).toBeGreaterThan(at('Customer Actions'));
		if (at('Activity Actions') !== -1) expect(at('Activity Actions')).toBeGreaterThan(at('Location Actions'));
		await shot('node-creator-actions');
		await closeOverlays();
	});

	test('the credential dialog', async () => {
		await page.goto(`${server.baseUrl}/home/credentials/${credential.id}`);
		const dialog = page.locator('[data-test-id="credential-edit-dialog"]').first();
		await dialog.waitFor({ timeout: 30_000 });
		await dialog.getByText('App Key').first().waitFor({ timeout: 30_000 }); // the form renders after the dialog
		await shot('credential-dialog');
	});

	test('every screenshot was written', () => {
		expect(written.map((file) => path.basename(file)).sort()).toEqual([
			'credential-dialog.png',
			'node-creator-actions.png',
			'node-creator-search.png',
			'node-customer-create.png',
			'node-invoice-get-many-filters.png',
			'report-parameters.png',
			'trigger-new-job.png',
			'webhook-trigger-job-completed.png',
			'workflow-web-lead.png',
		]);
	});
});
