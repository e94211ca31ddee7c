/**
 * Files in a real n8n 2.40.7 (`n8n execute`): a Code node makes a binary, ServiceTitan uploads it as
 * multipart/form-data, downloads it again through ServiceTitan's redirect to storage, and n8n's own
 * Extract From File node reads the downloaded bytes back.
 */
import { startSimulator, type Simulator } from '../simulator';
import { N8nInstance, linearWorkflow, manualTrigger, nodeOutput, serviceTitanCredential, serviceTitanNode, type CredentialFixture } from './harness';

/** Every byte value, so a body read as text anywhere on the way would not come back the same. */
const FILE_BASE64 = Buffer.from(Array.from({ length: 1024 }, (_, i) => (i * 7) % 256)).toString('base64');

describe('upload and download files (n8n execute)', () => {
	let sim: Simulator;
	let n8n: N8nInstance;
	let credential: CredentialFixture;
	let workflowId: string;

	beforeAll(async () => {
		sim = await startSimulator({ port: 0, size: 'small' });
		n8n = await N8nInstance.create({ name: 'st-e2e-files' });
		credential = serviceTitanCredential(sim);
		await n8n.importCredentials([credential]);
		const workflow = linearWorkflow('Code → Upload → Download → Extract', [
			manualTrigger(),
			{
				name: 'Make File',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				parameters: {
					jsCode: `return [{ json: {}, binary: { data: { data: '${FILE_BASE64}', mimeType: 'image/png', fileName: 'condenser.png' } } }];`,
				},
			},
			serviceTitanNode(credential, { resource: 'pricebookImage', operation: 'upload', binaryPropertyName: 'data' }, 'Upload'),
			serviceTitanNode(credential, { resource: 'pricebookImage', operation: 'download', queryOptions: { path: '={{ $json.path }}' } }, 'Download'),
			{
				name: 'Read Back',
				type: 'n8n-nodes-base.extractFromFile',
				typeVersion: 1,
				parameters: { operation: 'binaryToPropery', binaryPropertyName: 'data', destinationKey: 'base64' },
			},
		]);
		[workflowId] = await n8n.importWorkflows([workflow]);
	});

	afterAll(async () => {
		await n8n?.dispose();
		await sim?.close();
	});

	test('the downloaded bytes are the bytes the Code node made', async () => {
		const result = await n8n.execute(workflowId);
		expect(result.failure).toBeUndefined();
		const [uploaded] = nodeOutput(result.run, 'Upload');
		expect(uploaded.path).toEqual(expect.stringMatching(/^Images\/.+\/condenser\.png$/));
		const upload = sim.log.find((entry) => entry.method === 'POST' && entry.path.endsWith('/images'));
		expect(upload?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
		expect(upload?.body).toEqual({ file: { fileName: 'condenser.png', contentType: 'image/png', size: 1024 } });
		expect(nodeOutput(result.run, 'Download')).toEqual([{ fileName: 'condenser.png', mimeType: 'image/png', size: 1024 }]);
		expect(nodeOutput(result.run, 'Read Back')).toEqual([{ base64: FILE_BASE64 }]);
	});
});
