/**
 * The webhook example `npm start` imports: ServiceTitan's V2 "job completed" event → a team summary,
 * with the simulator delivering signed events to the production URL, and a "complete a job" workflow
 * to make one happen. The e2e suite runs both, so they cannot drift from the package.
 */
import { randomUUID } from 'node:crypto';
import type { CredentialFixture, WorkflowFixture } from '../../test/e2e/harness/instance';
import { NODE_TYPES, credentialRef } from '../../test/e2e/harness/workflows';

/** Fixed, so the production URL the simulator delivers to is known before n8n starts. */
export const DEMO_WEBHOOK_ID = '5e7d1a52-3c0e-4b59-9d0a-7a1c2b9e4f10';
/** The demo app's HMAC key (ServiceTitan takes 32–64 characters). */
export const DEMO_SIGNING_KEY = 'demo-servicetitan-app-webhook-hmac-key';
export const WEBHOOK_TRIGGER_TYPE = `${NODE_TYPES.action}WebhookTrigger`;

export function demoSigningCredential(id = 'stDemoWebhookKey'): CredentialFixture {
	return { id, name: 'ServiceTitan webhook key (demo app)', type: 'serviceTitanWebhookApi', data: { signingKey: DEMO_SIGNING_KEY } };
}

/** Where ServiceTitan (here: the simulator) must deliver: n8n's production URL of the trigger. */
export function demoWebhookUrl(n8nBaseUrl: string): string {
	return `${n8nBaseUrl.replace(/\/$/, '')}/webhook/${DEMO_WEBHOOK_ID}/webhook`;
}

const connect = (edges: Array<[string, string]>) => Object.fromEntries(edges.map(([from, to]) => [from, { main: [[{ node: to, type: 'main', index: 0 }]] }]));

/** Job completed (V2 webhook, signed, with the full job) → a summary the team can read (swap the last node for Slack or email). */
export function jobCompletedSummaryWorkflow(api: CredentialFixture, signing: CredentialFixture): WorkflowFixture {
	return {
		id: 'stDemoJobCompletedHook',
		name: 'ServiceTitan: job completed (webhook) → team summary',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: randomUUID(),
				name: 'Job Completed',
				type: WEBHOOK_TRIGGER_TYPE,
				typeVersion: 1,
				webhookId: DEMO_WEBHOOK_ID,
				position: [0, 0],
				parameters: { events: ['tn.jpm.job-completed'], authentication: 'signature', fetchFullRecord: true, options: {} },
				credentials: { ...credentialRef(signing), ...credentialRef(api) },
			},
			{
				id: randomUUID(),
				name: 'Team Summary',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [260, 0],
				parameters: {
					assignments: {
						assignments: [
							{
								id: randomUUID(),
								name: 'message',
								type: 'string',
								value:
									'=Job {{ $json.record.jobNumber }} completed for customer #{{ $json.record.customerId }}: {{ $json.record.summary }} (total {{ $json.record.total }})',
							},
						],
					},
					options: {},
				},
			},
		],
		connections: connect([['Job Completed', 'Team Summary']]),
	};
}

/** Manual: completes the oldest scheduled job through the API, which makes the simulator send "job completed". */
export function completeAJobWorkflow(api: CredentialFixture): WorkflowFixture {
	return {
		id: 'stDemoCompleteAJob',
		name: 'ServiceTitan: complete a job (fires the webhook)',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{ id: randomUUID(), name: 'When clicking Execute', type: NODE_TYPES.manualTrigger, typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: randomUUID(),
				name: 'A Scheduled Job',
				type: NODE_TYPES.action,
				typeVersion: 1,
				position: [220, 0],
				parameters: { resource: 'job', operation: 'getAll', limit: 1, filters: { jobStatus: 'Scheduled' } },
				credentials: credentialRef(api),
			},
			{
				id: randomUUID(),
				name: 'Complete It',
				type: NODE_TYPES.action,
				typeVersion: 1,
				position: [440, 0],
				parameters: {
					resource: 'job',
					operation: 'complete',
					id: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
					completedOn: '={{ $now.toISO() }}',
				},
				credentials: credentialRef(api),
			},
		],
		connections: connect([
			['When clicking Execute', 'A Scheduled Job'],
			['A Scheduled Job', 'Complete It'],
		]),
	};
}
