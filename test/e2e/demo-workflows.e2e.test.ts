/**
 * The example workflows `npm start` imports (scripts/demo/workflows.ts), imported into a real n8n
 * 2.40.7 as the demo does and run with `n8n execute` against the simulator: they must keep working
 * as the nodes change.
 */
import { startSimulator, type RequestLogEntry, type Simulator } from '../simulator';
import { newJobSummaryWorkflow, nightlyInvoiceExportWorkflow, webLeadToBookingWorkflow } from '../../scripts/demo/workflows';
import { N8nInstance, nodeOutput, serviceTitanCredential, type CredentialFixture, type WorkflowFixture } from './harness';

describe('demo workflows (scripts/demo/workflows.ts) in n8n execute', () => {
	let sim: Simulator;
	let n8n: N8nInstance;
	let credential: CredentialFixture;
	let providerId: number;
	let workflows: Record<'summary' | 'webLead' | 'invoices', WorkflowFixture>;
	const startedAt = Date.now();

	const apiCalls = (): RequestLogEntry[] => sim.log.filter((entry) => entry.path.includes('/tenant/'));
	const tenantPath = (module: string, rest: string) => `/${module}/v2/tenant/${sim.credentials.tenantId}/${rest}`;

	beforeAll(async () => {
		// dated around the real now, as in `npm start`: the invoice export asks for "since yesterday"
		sim = await startSimulator({ port: 0, size: 'small', epoch: startedAt });
		n8n = await N8nInstance.create({ name: 'st-e2e-demo' });
		credential = serviceTitanCredential(sim);
		await n8n.importCredentials([credential]);
		providerId = Number(sim.store.list('crm:booking-providers')[0]?.id);
		workflows = {
			summary: newJobSummaryWorkflow(credential),
			webLead: webLeadToBookingWorkflow(credential, providerId),
			invoices: nightlyInvoiceExportWorkflow(credential),
		};
		await n8n.importWorkflows(Object.values(workflows));
	});

	afterAll(async () => {
		await n8n?.dispose();
		await sim?.close();
	});

	beforeEach(() => sim.clearLog());

	test('the three workflows import with our node types and the credential', async () => {
		const listed = await n8n.cli(['list:workflow']);
		for (const workflow of Object.values(workflows)) expect(listed.stdout).toContain(workflow.id);
		expect(Number.isInteger(providerId) && providerId > 0).toBe(true);
	});

	test('"web lead → customer + booking": Find or Create the customer (by lead ID, then phone), then a booking keyed by the lead; run twice: one customer, one location, one booking', async () => {
		const customersBefore = sim.store.list('crm:customers').length;
		const locationsBefore = sim.store.list('crm:locations').length;
		const bookingsBefore = sim.store.list('crm:bookings').length;
		const result = await n8n.execute(workflows.webLead.id);
		expect(result.failure).toBeUndefined();

		// Lookups first (the lead's key, its phone; the booking's External ID), then the two creates.
		expect(apiCalls().map((call) => `${call.method} ${call.path} ${call.status}`)).toEqual([
			`GET ${tenantPath('crm', 'customers')} 200`,
			`GET ${tenantPath('crm', 'customers')} 200`,
			`POST ${tenantPath('crm', 'customers')} 200`,
			`GET ${tenantPath('crm', 'bookings')} 200`,
			`POST ${tenantPath('crm', `booking-provider/${providerId}/bookings`)} 200`,
		]);
		const [keyLookup, phoneLookup, customerCall, bookingLookup, bookingCall] = apiCalls() as Array<RequestLogEntry & { body: Record<string, any> }>;
		expect(keyLookup.query).toMatchObject({ externalDataKey: 'leadId', externalDataValues: 'WEB-LEAD-0142' });
		expect(phoneLookup.query).toMatchObject({ phone: '5125550142' });
		expect(bookingLookup.query).toMatchObject({ externalId: 'web-WEB-LEAD-0142' });
		expect(customerCall.body).toMatchObject({
			name: 'Jordan Avery',
			type: 'Residential',
			address: { street: '4108 Speedway', city: 'Austin', state: 'TX', zip: '78751', country: 'USA' },
			locations: [{ name: 'Home', address: { street: '4108 Speedway', city: 'Austin', state: 'TX', zip: '78751', country: 'USA' } }],
			contacts: [{ type: 'MobilePhone', value: '512-555-0142' }],
			externalData: { externalData: [{ key: 'leadId', value: 'WEB-LEAD-0142' }] },
		});

		const [customer] = nodeOutput(result.run, 'Find or Create Customer');
		expect(customer).toMatchObject({ name: 'Jordan Avery', type: 'Residential', created: true });
		expect(typeof customer.id).toBe('number');
		expect(bookingCall.body).toEqual({
			source: 'Website',
			name: 'Jordan Avery',
			summary: 'AC blowing warm air since this morning',
			isFirstTimeClient: true,
			externalId: 'web-WEB-LEAD-0142',
		});
		const [booking] = nodeOutput(result.run, 'Create Booking');
		expect(booking).toMatchObject({ name: 'Jordan Avery', source: 'Website', externalId: 'web-WEB-LEAD-0142', created: true });

		// The same lead again: found by its key and its booking's External ID, nothing written.
		sim.clearLog();
		const again = await n8n.execute(workflows.webLead.id);
		expect(again.failure).toBeUndefined();
		expect(apiCalls().map((call) => `${call.method} ${call.path}`)).toEqual([`GET ${tenantPath('crm', 'customers')}`, `GET ${tenantPath('crm', 'bookings')}`]);
		expect(nodeOutput(again.run, 'Find or Create Customer')[0]).toMatchObject({ id: customer.id, created: false, matchedOn: 'externalKey' });
		expect(nodeOutput(again.run, 'Create Booking')[0]).toMatchObject({ id: booking.id, created: false, matchedOn: 'externalKey' });
		expect(sim.store.list('crm:customers').length).toBe(customersBefore + 1);
		expect(sim.store.list('crm:locations').length).toBe(locationsBefore + 1);
		expect(sim.store.list('crm:bookings').length).toBe(bookingsBefore + 1);
	});

	test('"nightly invoice export" (Manual Trigger): GET invoices with modifiedOnOrAfter = a day ago (Return All), into a CSV file', async () => {
		// the small seed's invoices are weeks old: three change today (the demo's larger seed has some of its own)
		const touched = sim.store
			.list('accounting:invoices')
			.slice(0, 3)
			.map((invoice) => sim.store.update('accounting:invoices', invoice.id, { summary: 'Paid today' })!.id);
		const result = await n8n.execute(workflows.invoices.id);
		expect(result.failure).toBeUndefined();

		const calls = apiCalls();
		expect(calls.length).toBeGreaterThan(0);
		for (const call of calls) {
			expect(call).toMatchObject({ method: 'GET', path: tenantPath('accounting', 'invoices'), status: 200 });
		}
		expect(calls[0].query).toMatchObject({ page: '1', pageSize: '5000' });
		const since = Date.parse(calls[0].query.modifiedOnOrAfter);
		// `$now.minus({ days: 1 })` when n8n ran, so between a day before the test started and a day before now
		expect(since).toBeGreaterThanOrEqual(startedAt - 86_400_000 - 1000);
		expect(since).toBeLessThanOrEqual(Date.now() - 86_400_000 + 1000);

		const expected = sim.store
			.list('accounting:invoices')
			.filter((invoice) => Date.parse(String(invoice.modifiedOn)) >= since)
			.map((invoice) => invoice.id)
			.sort();
		expect(expected).toEqual(expect.arrayContaining(touched));
		const invoices = nodeOutput(result.run, 'Invoices Changed Since Yesterday');
		expect(invoices.map((invoice) => invoice.id).sort()).toEqual(expected);
		for (const invoice of invoices) expect(Date.parse(String(invoice.modifiedOn))).toBeGreaterThanOrEqual(since);

		const fileRun = result.run!.data.resultData.runData['To CSV'][0].data!.main[0]!;
		expect(fileRun).toHaveLength(1);
		const binary = (fileRun[0] as unknown as { binary: Record<string, { fileName: string; mimeType: string }> }).binary;
		expect(binary.data).toMatchObject({ mimeType: 'text/csv' });
		expect(binary.data.fileName).toMatch(/^invoices-\d{4}-\d{2}-\d{2}\.csv$/);
	});
});
