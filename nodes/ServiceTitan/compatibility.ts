import * as workflow from 'n8n-workflow';

/** The oldest n8n these nodes load in: the first line whose n8n-workflow (1.83) exports `NodeConnectionTypes`. */
export const OLDEST_SUPPORTED_N8N = '1.85.0';

/**
 * `NodeConnectionTypes.Main`, or a clear error when the running n8n is older than the nodes support. Without
 * this check n8n older than 1.85 fails loading the nodes with "Cannot read properties of undefined (reading
 * 'Main')" and a stack trace that names no version.
 */
export function mainConnection(): typeof workflow.NodeConnectionTypes.Main {
	const connectionTypes = (workflow as Partial<typeof workflow>).NodeConnectionTypes;
	if (!connectionTypes) {
		throw new Error(
			`n8n-nodes-servicetitan needs n8n ${OLDEST_SUPPORTED_N8N} or newer: this n8n's n8n-workflow has no NodeConnectionTypes. Update n8n, or install an n8n that matches the package's compatibility table.`,
		);
	}
	return connectionTypes.Main;
}
