/**
 * Shared set-up for the node suites: a simulator, the credential pointing at it, and helpers that
 * run the ServiceTitan node through n8n's real engine and read back what the simulator saw.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';
import { runNode, type HarnessFile, type NodeRun } from '../harness';
import { startSimulator, type RequestLogEntry, type Simulator, type SimulatorOptions } from '../simulator';

export const CREDENTIAL_TYPE = 'serviceTitanOAuth2Api';

export interface NodeTestContext {
	sim: Simulator;
	credentialData: ICredentialDataDecryptedObject;
	/** Runs the action node with these parameters against the simulator. */
	run(
		parameters: INodeParameters | IDataObject,
		options?: {
			inputItems?: IDataObject[];
			inputFiles?: Array<Record<string, HarnessFile> | undefined>;
			continueOnFail?: boolean;
			typeVersion?: number;
			cancelSignal?: AbortSignal;
		},
	): Promise<NodeRun>;
	/** API requests (not token requests) the simulator saw since the last clearLog(). */
	apiRequests(): RequestLogEntry[];
}

export async function startNodeSimulator(options: SimulatorOptions = {}): Promise<NodeTestContext> {
	// Rate limiting is the transport suite's business; here it would only slow the 200-item runs down.
	const sim = await startSimulator({ size: 'small', requestsPerSecond: false, ...options });
	const credentialData: ICredentialDataDecryptedObject = { environment: 'custom', authUrl: sim.authUrl, apiBaseUrl: sim.apiBaseUrl, ...sim.credentials };
	return {
		sim,
		credentialData,
		run: (parameters, runOptions = {}) =>
			runNode({
				nodeType: 'serviceTitan',
				parameters: parameters as INodeParameters,
				credentials: { [CREDENTIAL_TYPE]: credentialData },
				inputItems: runOptions.inputItems ?? [{}],
				inputFiles: runOptions.inputFiles,
				continueOnFail: runOptions.continueOnFail,
				typeVersion: runOptions.typeVersion,
				cancelSignal: runOptions.cancelSignal,
			}),
		apiRequests: () => sim.log.filter((entry) => entry.path.includes('/tenant/')),
	};
}

/** `/crm/v2/tenant/1000001/customers/5` → `customers/5`. */
export function relativePath(entry: RequestLogEntry): string {
	return entry.path.replace(/^.*?\/tenant\/[^/]+\//, '');
}

/** A resource locator value the way the editor stores it in By ID mode. */
export function byId(id: string | number): { __rl: true; mode: 'id'; value: string } {
	return { __rl: true, mode: 'id', value: String(id) };
}

/** Customer > Create with an address and one location given as JSON (node version 2 offers fields by default). */
export function createCustomerParameters(name: string): IDataObject {
	const address = { street: '1 Main St', city: 'Austin', state: 'TX', zip: '78701', country: 'USA' };
	return { resource: 'customer', operation: 'create', name, address: { address }, locationsInput: 'json', locations: JSON.stringify([{ name: 'Home', address }]) };
}

/**
 * One simulator for a whole suite: started before its tests, closed after, its log cleared before each test.
 * Returns the context through a getter (it exists only once `beforeAll` has run).
 */
export function simulatorForSuite(options: SimulatorOptions = {}): () => NodeTestContext {
	let context: NodeTestContext | undefined;
	beforeAll(async () => {
		context = await startNodeSimulator(options);
	});
	afterAll(async () => {
		await context?.sim.close();
	});
	beforeEach(() => context?.sim.clearLog());
	return () => context!;
}

/** The IDs of a simulator collection's records, as numbers. */
export const storeIds = (sim: Simulator, collection: string): number[] => sim.store.list(collection).map((record) => Number(record.id));

/** Job > Create's record choices (customer, one of its locations, business unit, job type, priority) from the simulator. */
export function newJobChoices(sim: Simulator): IDataObject {
	const customerId = storeIds(sim, 'crm:customers')[0];
	const location = sim.store.list('crm:locations').find((l) => Number(l.customerId) === customerId)!;
	return {
		resource: 'job',
		operation: 'create',
		customerId: byId(customerId),
		locationId: byId(location.id),
		businessUnitId: byId(storeIds(sim, 'settings:business-units')[0]),
		jobTypeId: String(storeIds(sim, 'jpm:job-types')[0]),
		priority: 'High',
	};
}
