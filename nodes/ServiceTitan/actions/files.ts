import { createHash } from 'node:crypto';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { ValueConverter } from '../model/converter';
import { refuseInputFileAsTool } from './toolMode';
import { MAX_UPLOAD_BYTES, type BinaryResponse, type UploadFile } from '../transport';

/**
 * The input item's binary field named by `parameter`, ready to upload. Fails before anything is sent
 * when the item has no such field or the file is over ServiceTitan's size limit.
 */
export async function readInputFile(ctx: IExecuteFunctions, itemIndex: number, parameter: string, label: string): Promise<UploadFile> {
	refuseInputFileAsTool(ctx, itemIndex, label);
	const convert = new ValueConverter(ctx.getNode(), itemIndex);
	const field = String(ctx.getNodeParameter(parameter, itemIndex, 'data') ?? '').trim();
	if (!field) convert.fail(label, 'give the name of the input binary field that holds the file');
	const binaries = ctx.getInputData()[itemIndex]?.binary ?? {};
	const binary = binaries[field];
	if (!binary) {
		const present = Object.keys(binaries);
		convert.fail(
			label,
			present.length
				? `item ${itemIndex} has no binary field "${field}" (its binary fields: ${present.join(', ')})`
				: `item ${itemIndex} has no binary field "${field}": it carries no file (read one first, e.g. with Read/Write Files from Disk or HTTP Request)`,
		);
	}
	const tooLarge = (bytes: number) =>
		convert.fail(label, `the file "${binary.fileName ?? field}" has ${bytes} bytes; ServiceTitan accepts at most ${MAX_UPLOAD_BYTES} bytes per upload`);
	if (binary.bytes !== undefined && binary.bytes > MAX_UPLOAD_BYTES) tooLarge(binary.bytes);
	const data = await ctx.helpers.getBinaryDataBuffer(itemIndex, field);
	if (data.length > MAX_UPLOAD_BYTES) tooLarge(data.length);
	const extension = binary.fileExtension ? `.${binary.fileExtension}` : '';
	return { data, fileName: binary.fileName ?? `${field}${extension}`, contentType: binary.mimeType || 'application/octet-stream' };
}

/** A downloaded file as one output item: its name, type and size in JSON, the bytes in the binary field named by `parameter`. */
export async function fileItem(ctx: IExecuteFunctions, itemIndex: number, parameter: string, file: BinaryResponse): Promise<INodeExecutionData> {
	const field = String(ctx.getNodeParameter(parameter, itemIndex, 'data') ?? '').trim() || 'data';
	const binary = await ctx.helpers.prepareBinaryData(file.data, file.fileName, file.contentType);
	return { json: { fileName: file.fileName ?? null, mimeType: file.contentType ?? null, size: file.data.length }, binary: { [field]: binary } };
}

/** What identifies an upload among the writes of an execution: the file's name, type and content. */
export function fileDigest(file: UploadFile): string {
	return `${file.fileName}|${file.contentType}|${createHash('sha256').update(file.data).digest('hex')}`;
}
