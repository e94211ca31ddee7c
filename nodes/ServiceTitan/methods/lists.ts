import { NodeOperationError, type ILoadOptionsFunctions } from 'n8n-workflow';

/** Where a record's page in ServiceTitan's web app starts. */
export const WEB_APP = 'https://go.servicetitan.com/#';

/**
 * A list path with its `{placeholders}` filled from the node's other parameters of the same name (the
 * reports of the chosen category), so a picker or dropdown can depend on an earlier choice.
 */
export function listPath(ctx: ILoadOptionsFunctions, path: string): string {
	return path.replace(/\{([^}]+)\}/g, (_, name: string) => {
		const value = String(ctx.getCurrentNodeParameter(name, { extractValue: true }) ?? '').trim();
		if (!value) throw new NodeOperationError(ctx.getNode(), `Choose ${name} first: this list depends on it`);
		return encodeURIComponent(value);
	});
}
