import { randomUUID } from 'node:crypto';
import { createRecord, type ApiResponse, type HandlerContext } from './context';
import { HttpError, notFound, validationError } from './problem';
import { toRecordId } from './store';

/**
 * Uploaded files, and downloads the way ServiceTitan serves them: the API answers 302 with a
 * temporary storage URL (`/files/<token>` here) that needs no access token.
 */

/** One part of a multipart/form-data body. */
export interface UploadedFile {
	fileName: string;
	contentType: string;
	data: Buffer;
}

export interface StoredFile extends UploadedFile {
	tenant: string;
	path: string;
}

/**
 * ASP.NET Core's default request body limit (Kestrel MaxRequestBodySize, 30,000,000 bytes): ServiceTitan
 * documents no upload limit, and its API is served by ASP.NET Core, so this is the limit to expect.
 */
export const SIMULATOR_MAX_REQUEST_BODY_BYTES = 30_000_000;

/** Files of every tenant, by tenant + storage path, by attachment id, and by download token. */
export class FileStore {
	private readonly byPath = new Map<string, StoredFile>();
	private readonly byAttachmentId = new Map<string, StoredFile>();
	private readonly byToken = new Map<string, StoredFile>();

	put(tenant: string, path: string, file: UploadedFile): StoredFile {
		const stored: StoredFile = { ...file, tenant, path };
		this.byPath.set(`${tenant}|${path}`, stored);
		return stored;
	}

	linkAttachment(tenant: string, id: unknown, file: StoredFile): void {
		this.byAttachmentId.set(`${tenant}|${String(id)}`, file);
	}

	find(tenant: string, by: { path?: string; attachmentId?: string }): StoredFile | undefined {
		if (by.path !== undefined) return this.byPath.get(`${tenant}|${by.path}`);
		if (by.attachmentId !== undefined) return this.byAttachmentId.get(`${tenant}|${by.attachmentId}`);
		return undefined;
	}

	/** A one-off token for the storage URL a download redirects to. */
	issueToken(file: StoredFile): string {
		const token = randomUUID();
		this.byToken.set(token, file);
		return token;
	}

	redeem(token: string): StoredFile | undefined {
		return this.byToken.get(token);
	}

	/** Every stored file (tests compare bytes). */
	all(): StoredFile[] {
		return [...this.byPath.values()];
	}
}

/** Multipart bodies become `{ <field>: UploadedFile | string }`, parsed by the platform's own form parser. */
export async function parseMultipart(raw: Buffer, contentType: string): Promise<Record<string, UploadedFile | string>> {
	const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
	const result: Record<string, UploadedFile | string> = {};
	for (const [name, value] of form.entries()) {
		if (typeof value === 'string') result[name] = value;
		else result[name] = { fileName: value.name, contentType: value.type || 'application/octet-stream', data: Buffer.from(await value.arrayBuffer()) };
	}
	return result;
}

const isUploadedFile = (value: unknown): value is UploadedFile => typeof value === 'object' && value !== null && Buffer.isBuffer((value as UploadedFile).data);

/**
 * An upload stores the file part and answers as the operation's spec does: job attachments become
 * attachment records (listed by Get Many, downloaded by id) and answer `{ fileName }`; the others
 * answer the storage `path` later passed to their Download.
 */
export function uploadHandler(ctx: HandlerContext): ApiResponse {
	const { req, env } = ctx;
	const field = req.route.operation.body?.fileField ?? 'file';
	const file = req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>)[field] : undefined;
	if (!isUploadedFile(file)) throw validationError({ [field]: [`The ${field} field is required: send the file as multipart/form-data.`] });
	const folder = req.route.module === 'pricebook' ? 'Images' : req.route.module;
	const stored = env.files.put(req.tenant, `${folder}/${randomUUID()}/${file.fileName}`, file);
	if (req.route.operation.operationId === 'Jobs_CreateAttachment') {
		const record = createRecord(ctx, req.route.collection, { fileName: file.fileName, contentType: file.contentType, size: file.data.length });
		env.files.linkAttachment(req.tenant, record.id, stored);
		return { status: 200, body: { fileName: file.fileName } };
	}
	return { status: req.route.operation.operationId === 'Images_Post' ? 201 : 200, body: { path: stored.path } };
}

/** A download by `path` (query) or by attachment `{id}`: 302 to the file's storage URL. */
export function downloadHandler(ctx: HandlerContext): ApiResponse | undefined {
	const { req, env } = ctx;
	// Only resources that take uploads serve them back; call recordings and voicemails are canned audio.
	if (!req.route.resource.operations.some((op) => op.body?.kind === 'binary')) return undefined;
	const path = req.query.path;
	const attachmentId = req.params.id;
	if (path === undefined && attachmentId === undefined) throw validationError({ path: ['The path field is required.'] });
	if (path !== undefined && path === '') throw validationError({ path: ['The path field is required.'] });
	const file = env.files.find(req.tenant, path !== undefined ? { path } : { attachmentId: String(toRecordId(attachmentId)) });
	if (!file) throw notFound('File', path ?? attachmentId);
	return { status: 302, headers: { Location: `/files/${env.files.issueToken(file)}` } };
}

/** The storage URL itself: the bytes with their type and name, no access token needed. */
export function serveStoredFile(files: FileStore, token: string): ApiResponse {
	const file = files.redeem(token);
	if (!file) throw new HttpError(404, 'The file link is invalid or has expired.');
	return {
		status: 200,
		headers: { 'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}` },
		binary: { contentType: file.contentType, data: file.data },
	};
}
