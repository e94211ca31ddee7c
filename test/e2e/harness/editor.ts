import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator';
import { N8nInstance, type CredentialFixture, type N8nServer } from './instance';
import { NODE_TYPES, credentialRef, serviceTitanCredential } from './workflows';

/**
 * What an editor-side suite works with: a simulator, an n8n instance with the ServiceTitan credential imported, and
 * its server while it runs (the suite may stop it to `n8n execute`).
 */
export interface EditorSuite {
	sim: Simulator;
	n8n: N8nInstance;
	credential: CredentialFixture;
	server?: N8nServer;
}

/** Starts the simulator and n8n before the suite's tests, disposes of both after. */
export function editorSuite(name: string, simulatorOptions: SimulatorOptions = {}): EditorSuite {
	const suite = {} as EditorSuite;
	beforeAll(async () => {
		suite.sim = await startSimulator({ port: 0, size: 'small', ...simulatorOptions });
		suite.n8n = await N8nInstance.create({ name });
		suite.credential = serviceTitanCredential(suite.sim);
		await suite.n8n.importCredentials([suite.credential]);
		suite.server = await suite.n8n.start();
	});
	afterAll(async () => {
		await suite.n8n?.dispose();
		await suite.sim?.close();
	});
	return suite;
}

export interface EditorRequest {
	version: number;
	parameters: Record<string, unknown>;
	/** The asking parameter's path, e.g. `parameters.booking_provider`. */
	path: string;
	methodName: string;
	filter?: string;
}

/** What the editor posts to `/rest/dynamic-node-parameters/…` for a parameter of the ServiceTitan node. */
export function editorRequest(suite: EditorSuite, { version, parameters, path, methodName, filter }: EditorRequest): Record<string, unknown> {
	return {
		nodeTypeAndVersion: { name: NODE_TYPES.action, version },
		currentNodeParameters: parameters,
		path,
		methodName,
		credentials: credentialRef(suite.credential),
		...(filter === undefined ? {} : { filter }),
	};
}

/** A resource locator's From List results, as the editor asks for them. */
export async function resourceLocatorResults(suite: EditorSuite, request: EditorRequest): Promise<Array<{ name: string; value: string }>> {
	const answer = await suite.server!.rest<{ results: Array<{ name: string; value: string }> }>(
		'POST',
		'/dynamic-node-parameters/resource-locator-results',
		editorRequest(suite, request),
	);
	return answer.results;
}
