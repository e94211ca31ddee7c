/**
 * Uploads send the input item's file as multipart/form-data the way each spec describes the form;
 * downloads follow ServiceTitan's redirect to storage and come back as n8n binary data. Files go
 * through n8n's binary data service in filesystem mode, as in a default n8n.
 */
import { readBinary } from '../harness';
import { MAX_UPLOAD_BYTES } from '../../nodes/ServiceTitan/transport';
import { byId, relativePath, startNodeSimulator, type NodeTestContext } from './support';

let t: NodeTestContext;
beforeAll(async () => {
	t = await startNodeSimulator();
});
afterAll(async () => t.sim.close());

/** Not valid UTF-8, so a body read as text instead of bytes would not survive. */
const bytes = (seed: number, length = 4096) => Buffer.from(Array.from({ length }, (_, i) => (i * 31 + seed) % 256));
const file = (data: Buffer, fileName: string, mimeType: string) => ({ data: { data, fileName, mimeType } });
const jobId = () => Number(t.sim.store.list('jpm:jobs')[0].id);

async function downloaded(run: Awaited<ReturnType<NodeTestContext['run']>>, field = 'data'): Promise<Buffer> {
	expect(run.error?.message).toBeUndefined();
	const binary = run.items[0].binary?.[field];
	expect(binary).toBeDefined();
	return readBinary(binary!);
}

describe('uploads send the item’s binary as multipart/form-data', () => {
	test('Job Attachment: Upload → Get Many → Download returns the same bytes', async () => {
		const data = bytes(1);
		t.sim.clearLog();
		const upload = await t.run({ resource: 'jobAttachment', operation: 'upload', id: String(jobId()) }, { inputFiles: [file(data, 'before.jpg', 'image/jpeg')] });
		expect(upload.error?.message).toBeUndefined();
		expect(upload.items.map((item) => item.json)).toEqual([{ fileName: 'before.jpg' }]);
		const [request] = t.apiRequests();
		expect(request.method).toBe('POST');
		expect(relativePath(request)).toBe(`jobs/${jobId()}/attachments`);
		expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
		expect(request.body).toEqual({ file: { fileName: 'before.jpg', contentType: 'image/jpeg', size: data.length } });

		const list = await t.run({ resource: 'jobAttachment', operation: 'getAll', jobId: byId(jobId()), returnAll: true });
		const attachment = list.items.find((item) => item.json.fileName === 'before.jpg');
		expect(attachment).toBeDefined();
		const download = await t.run({ resource: 'jobAttachment', operation: 'download', id: String(attachment!.json.id), binaryPropertyName: 'photo' });
		expect(await downloaded(download, 'photo')).toEqual(data);
		expect(download.items[0].json).toEqual({ fileName: 'before.jpg', mimeType: 'image/jpeg', size: data.length });
		expect(download.items[0].binary?.photo).toMatchObject({ fileName: 'before.jpg', mimeType: 'image/jpeg' });
	});

	test.each([
		['installedEquipment', 'uploadAttachment', 'downloadAttachment', 'nameplate.pdf', 'application/pdf'],
		['pricebookImage', 'upload', 'download', 'condenser.png', 'image/png'],
		['findingAsset', 'upload', 'download', 'leak.mp4', 'video/mp4'],
	])('%s: %s → %s by the returned path returns the same bytes', async (resource, upload, download, fileName, mimeType) => {
		const data = bytes(fileName.length);
		t.sim.clearLog();
		const uploaded = await t.run({ resource, operation: upload }, { inputFiles: [file(data, fileName, mimeType)] });
		expect(uploaded.error?.message).toBeUndefined();
		const path = uploaded.items[0].json.path as string;
		expect(path).toEqual(expect.stringContaining(fileName));
		expect(t.apiRequests()[0].body).toEqual({ file: { fileName, contentType: mimeType, size: data.length } });
		const run = await t.run({ resource, operation: download, queryOptions: { path } });
		expect(await downloaded(run)).toEqual(data);
		expect(run.items[0].json).toEqual({ fileName, mimeType, size: data.length });
	});

	test('an item without the binary field fails naming the field and the item, and sends nothing', async () => {
		t.sim.clearLog();
		const run = await t.run(
			{ resource: 'pricebookImage', operation: 'upload', binaryPropertyName: 'photo' },
			{ inputItems: [{}, {}], inputFiles: [file(bytes(2), 'a.png', 'image/png'), file(bytes(3), 'b.png', 'image/png')] },
		);
		expect(run.error?.message).toBe('Input Binary Field: item 0 has no binary field "photo" (its binary fields: data)');
		expect(t.apiRequests()).toHaveLength(0);
		const bare = await t.run({ resource: 'pricebookImage', operation: 'upload' });
		expect(bare.error?.message).toMatch(/^Input Binary Field: item 0 has no binary field "data": it carries no file/);
		expect(t.apiRequests()).toHaveLength(0);
	});

	test('a file over ServiceTitan’s limit is refused before sending', async () => {
		t.sim.clearLog();
		const run = await t.run({ resource: 'findingAsset', operation: 'upload' }, { inputFiles: [file(Buffer.alloc(MAX_UPLOAD_BYTES + 1), 'huge.mov', 'video/quicktime')] });
		expect(run.error?.message).toBe(
			`Input Binary Field: the file "huge.mov" has ${MAX_UPLOAD_BYTES + 1} bytes; ServiceTitan accepts at most ${MAX_UPLOAD_BYTES} bytes per upload`,
		);
		expect(t.apiRequests()).toHaveLength(0);
	});

	test('an upload that may have arrived (502) is not sent again, and the user is told', async () => {
		t.sim.clearLog();
		t.sim.injectFault({ path: '/assets', method: 'POST', type: 'status', status: 502 });
		const run = await t.run({ resource: 'findingAsset', operation: 'upload' }, { inputFiles: [file(bytes(4), 'x.jpg', 'image/jpeg')] });
		expect(run.error?.message).toMatch(/ServiceTitan 502/);
		expect(t.apiRequests().filter((entry) => entry.method === 'POST')).toHaveLength(1);
	});

	test('an upload refused with 429 is sent again, the file intact', async () => {
		const data = bytes(5);
		t.sim.clearLog();
		t.sim.injectFault({ path: '/images', method: 'POST', type: 'status', status: 429, retryAfter: '0' });
		const run = await t.run({ resource: 'pricebookImage', operation: 'upload' }, { inputFiles: [file(data, 'again.png', 'image/png')] });
		expect(run.error?.message).toBeUndefined();
		expect(t.apiRequests().map((entry) => entry.status)).toEqual([429, 201]);
		const stored = t.sim.files.all().find((f) => f.path === run.items[0].json.path);
		expect(stored?.data).toEqual(data);
	});
});

describe('downloads', () => {
	test('Call > Get Recording returns the recording as binary data', async () => {
		const callId = t.sim.store.list('telecom:calls')[0]?.id ?? 1;
		const run = await t.run({ resource: 'call', operation: 'getRecording', id: String(callId) });
		const data = await downloaded(run);
		expect(data.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xfb]));
		expect(run.items[0].json).toMatchObject({ mimeType: 'audio/mpeg', size: data.length });
	});

	test('a download of an unknown path shows ServiceTitan’s 404', async () => {
		const run = await t.run({ resource: 'pricebookImage', operation: 'download', queryOptions: { path: 'Images/none.png' } });
		expect(run.error?.message).toMatch(/ServiceTitan 404/);
	});
});

describe('Custom API Call with files', () => {
	test('sends the item’s file as multipart/form-data and downloads it back as a file', async () => {
		const data = bytes(9);
		t.sim.clearLog();
		const upload = await t.run(
			{
				resource: 'customApiCall',
				operation: 'call',
				module: 'pricebook',
				method: 'POST',
				path: 'images',
				sendBody: true,
				bodyContentType: 'multipart',
				inputBinaryField: 'photo',
			},
			{ inputFiles: [{ photo: { data, fileName: 'unit.jpg', mimeType: 'image/jpeg' } }] },
		);
		expect(upload.error?.message).toBeUndefined();
		expect(t.apiRequests()[0].body).toEqual({ file: { fileName: 'unit.jpg', contentType: 'image/jpeg', size: data.length } });
		const path = String(upload.items[0].json.path);
		const download = await t.run({
			resource: 'customApiCall',
			operation: 'call',
			module: 'pricebook',
			method: 'GET',
			path: 'images',
			queryParameters: { parameter: [{ name: 'path', value: path }] },
			responseFormat: 'file',
			outputBinaryField: 'image',
		});
		expect(await downloaded(download, 'image')).toEqual(data);
		expect(download.items[0].json).toEqual({ fileName: 'unit.jpg', mimeType: 'image/jpeg', size: data.length });
	});

	test('a missing input file fails naming the field, before sending', async () => {
		t.sim.clearLog();
		const run = await t.run({
			resource: 'customApiCall',
			operation: 'call',
			module: 'pricebook',
			method: 'POST',
			path: 'images',
			sendBody: true,
			bodyContentType: 'multipart',
		});
		expect(run.error?.message).toMatch(/^Input Binary Field: item 0 has no binary field "data"/);
		expect(t.apiRequests()).toHaveLength(0);
	});
});
