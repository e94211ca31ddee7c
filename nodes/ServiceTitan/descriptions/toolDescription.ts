import type { INodePropertyOptions } from 'n8n-workflow';

/**
 * n8n reads an operation option's `action` twice: the editor names a new node after it ("Get many customers"), and
 * the engine builds the automatic tool description an AI agent reads from it ("<action> in ServiceTitan",
 * n8n-workflow NodeHelpers.makeDescription, called by n8n-core's createNodeAsTool). A name must stay short and a tool
 * description should say what the operation needs and returns, so the option carries the tool description and its
 * `toJSON` gives the short action: the editor receives the description as JSON (/types/nodes.json, the Tool variant
 * made by n8n's deepCopy, which calls toJSON too) while the engine reads the live object. The sentence costs the
 * editor payload nothing.
 */
export function withToolDescription(option: INodePropertyOptions, toolDescription: string): INodePropertyOptions {
	const inEditor = { ...option };
	return Object.defineProperty({ ...option, action: toolDescription }, 'toJSON', { value: () => inEditor, enumerable: false });
}
