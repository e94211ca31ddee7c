import { FormData } from 'undici';

/**
 * ServiceTitan documents no upload size limit. Its API is served by ASP.NET Core, whose default
 * request body limit (Kestrel's MaxRequestBodySize) is 30,000,000 bytes, so a larger file cannot
 * arrive; it is refused before anything is sent.
 */
export const MAX_UPLOAD_BYTES = 30_000_000;

/** A file to send as one part of a multipart/form-data body. */
export interface UploadFile {
	data: Buffer;
	fileName: string;
	contentType: string;
}

/** A body built by `multipartFile` (sent as it is; anything else is sent as JSON). */
export function isMultipart(body: unknown): body is FormData {
	return body instanceof FormData;
}

/**
 * A multipart/form-data body with one file part, the form ServiceTitan's upload endpoints take.
 * undici writes it with its boundary and content type, and can write it again for a 429 or 401 retry.
 */
export function multipartFile(field: string, file: UploadFile): FormData {
	const form = new FormData();
	form.append(field, new Blob([file.data], { type: file.contentType }), file.fileName);
	return form;
}
