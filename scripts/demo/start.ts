/**
 * `npm start`: the package inside a real n8n 2.40.7, against the ServiceTitan simulator, with a
 * ready credential and example workflows. No ServiceTitan account needed. Ctrl-C stops everything.
 */
import { N8nInstance, OWNER } from '../../test/e2e/harness';
import { N8N_PORT, prepareDemo, seedDemo, step, stopOnSignals } from './setup';
import { DEMO_MCP_TOKEN, demoMcpUrl } from './mcp-workflow';
import { demoWebhookUrl } from './webhook-workflows';

async function main(): Promise<void> {
	const sim = await prepareDemo();

	step('Creating an n8n instance with the package installed as a community package');
	const n8n = await N8nInstance.create({ name: 'servicetitan-demo', port: N8N_PORT });
	const stop = stopOnSignals(n8n, sim, 'n8n and the simulator');

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
Webhooks: "job completed (webhook) → team summary" is active; the simulator signs and POSTs ServiceTitan's
"job completed" event to ${demoWebhookUrl(server.baseUrl)}.
Run "complete a job (fires the webhook)" and the summary workflow has a new execution within a second.
MCP: "ServiceTitan MCP server" is active: connect an MCP client (Streamable HTTP) to
  ${demoMcpUrl(server.baseUrl)}  with the header  Authorization: Bearer ${DEMO_MCP_TOKEN}
(docs/ai-agents.md: Claude Desktop and other clients).
Press Ctrl-C to stop.`);
	} catch (error) {
		console.error(error instanceof Error ? error.message : error);
		await stop(1);
	}
}

void main();
