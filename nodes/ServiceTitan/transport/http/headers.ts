/** Reading response headers as undici hands them over (a string, or an array when repeated). */

export type ResponseHeaders = Record<string, string | string[] | undefined>;

/** The first value of a header. */
export function headerValue(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value[0] : value;
}

/** The file name a `content-disposition` header gives a download (`filename*=UTF-8''…` or `filename="…"`). */
export function fileNameOf(disposition: string | string[] | undefined): string | undefined {
	const value = headerValue(disposition);
	const match = value ? /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(value) : null;
	return match ? decodeURIComponent(match[1]) : undefined;
}
