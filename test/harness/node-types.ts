import './environment';

import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription, INodeTypes, IVersionedNodeType } from 'n8n-workflow';
import { NodeConnectionTypes, NodeHelpers, UnexpectedError } from 'n8n-workflow';

/** n8n prefixes a community node's `description.name` with its package name. */
export const PACKAGE_NAME = 'n8n-nodes-servicetitan';

/** Prefix of the node types the harness defines for itself (never shipped). */
export const HARNESS_PACKAGE_NAME = 'harness';

export type AnyNodeType = INodeType | IVersionedNodeType;

/** Our shipped node types, loaded from the TypeScript sources on first use (they may not exist yet). */
const PACKAGE_NODE_LOADERS: Record<string, () => AnyNodeType> = {
	serviceTitan: () => {
		const source = require('../../nodes/ServiceTitan/ServiceTitan.node') as {
			ServiceTitan: new () => AnyNodeType;
		};
		return new source.ServiceTitan();
	},
	serviceTitanTrigger: () => {
		const source = require('../../nodes/ServiceTitan/ServiceTitanTrigger.node') as {
			ServiceTitanTrigger: new () => AnyNodeType;
		};
		return new source.ServiceTitanTrigger();
	},
};

export type PackageNodeName = keyof typeof PACKAGE_NODE_LOADERS & string;

/**
 * Start node of harness workflows. The engine hands it the items pinned in the execution stack and
 * it passes them on unchanged, so the node under test receives them exactly like output of an
 * upstream node (with pairedItem lineage computed by the engine).
 */
class ItemsSourceNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Items Source',
		name: 'itemsSource',
		group: ['input'],
		version: 1,
		description: 'Emits the input items a harness test supplies',
		defaults: { name: 'Items Source' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// Files a test supplies arrive inline (base64); store them through n8n's binary data service, as
		// a node that reads or downloads a file does, so the node under test gets them the production way.
		const items = this.getInputData();
		return [
			await Promise.all(
				items.map(async (item) => {
					if (!item.binary) return item;
					const binary: INodeExecutionData['binary'] = {};
					for (const [field, file] of Object.entries(item.binary)) {
						binary[field] = file.id ? file : await this.helpers.prepareBinaryData(Buffer.from(file.data, 'base64'), file.fileName, file.mimeType);
					}
					return { ...item, binary };
				}),
			),
		];
	}
}

export const ITEMS_SOURCE_TYPE = `${HARNESS_PACKAGE_NAME}.itemsSource`;

function baseDescriptionName(nodeType: AnyNodeType): string {
	return nodeType.description.name;
}

/**
 * The INodeTypes registry the Workflow and engine resolve node types through. One per jest worker:
 * node classes are instantiated once and reused across runs.
 */
export class HarnessNodeTypes implements INodeTypes {
	private readonly byTypeName = new Map<string, AnyNodeType>();

	constructor() {
		this.register(new ItemsSourceNode(), HARNESS_PACKAGE_NAME);
	}

	/** Registers (or replaces) a node type; returns the full type name to put in `INode.type`. */
	register(nodeType: AnyNodeType, packageName: string = PACKAGE_NAME): string {
		const typeName = `${packageName}.${baseDescriptionName(nodeType)}`;
		this.byTypeName.set(typeName, nodeType);
		return typeName;
	}

	/**
	 * Resolves what a test passes as `nodeType`: a shipped node's short name ('serviceTitan'), a full
	 * type name already registered, or a node type instance (registered under our package prefix).
	 */
	resolve(nodeType: AnyNodeType | PackageNodeName | string): { typeName: string; nodeType: AnyNodeType } {
		if (typeof nodeType !== 'string') {
			const typeName = `${PACKAGE_NAME}.${baseDescriptionName(nodeType)}`;
			if (this.byTypeName.get(typeName) !== nodeType) this.register(nodeType);
			return { typeName, nodeType };
		}
		const registered = this.byTypeName.get(nodeType);
		if (registered) return { typeName: nodeType, nodeType: registered };
		const loader = PACKAGE_NODE_LOADERS[nodeType];
		if (!loader) {
			throw new UnexpectedError(
				`Unknown node type "${nodeType}". Pass a node type instance, a registered full type name, or one of: ${Object.keys(PACKAGE_NODE_LOADERS).join(', ')}`,
			);
		}
		const loaded = loader();
		return { typeName: this.register(loaded), nodeType: loaded };
	}

	getByName(nodeType: string): AnyNodeType {
		const found = this.byTypeName.get(nodeType);
		if (!found) throw new UnexpectedError(`Node type "${nodeType}" is not registered in the harness`);
		return found;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): Record<string, { className: string; sourcePath: string }> {
		return Object.fromEntries([...this.byTypeName.keys()].map((typeName) => [typeName, { className: typeName, sourcePath: '' }]));
	}

	/** The name the editor gives a new node of this type (static data is keyed by it). */
	static defaultNodeName(nodeType: AnyNodeType): string {
		const { description } = NodeHelpers.getVersionedNodeType(nodeType);
		return description.defaults.name ?? description.displayName;
	}

	/** The version a node gets when a test does not pin one: the newest, as the editor would. */
	static defaultVersion(nodeType: AnyNodeType): number {
		if ('nodeVersions' in nodeType) return nodeType.currentVersion;
		const { version } = nodeType.description;
		return Array.isArray(version) ? Math.max(...version) : version;
	}
}
