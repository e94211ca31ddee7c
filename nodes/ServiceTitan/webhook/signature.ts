import { createHmac, timingSafeEqual } from 'node:crypto';

export const DEFAULT_SIGNATURE_HEADER = 'x-servicetitan-signature';

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

const HEX_SHA256 = /^[0-9a-f]{64}$/i;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** The HMAC-SHA256 of the raw body with the app's signing key. */
export function computeSignature(key: string, rawBody: Buffer): Buffer {
	return createHmac('sha256', key).update(rawBody).digest();
}

/**
 * The 32 signature bytes a header value carries: hex or base64 (standard or URL-safe), optionally
 * prefixed `sha256=` as several senders do. Undefined when the value is neither.
 */
function decodeSignature(value: string): Buffer | undefined {
	const text = value.trim().replace(/^sha256=/i, '');
	if (HEX_SHA256.test(text)) return Buffer.from(text, 'hex');
	if (!BASE64.test(text)) return undefined;
	const bytes = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
	return bytes.length === 32 ? bytes : undefined;
}

/**
 * Recomputes the signature over exactly the bytes received and compares it in constant time.
 * Reasons name what was wrong, never the key or the expected value.
 */
export function verifySignature(key: string, rawBody: Buffer, headerValue: string | string[] | undefined, headerName: string): SignatureCheck {
	const value = Array.isArray(headerValue) ? headerValue[0] : headerValue;
	if (value === undefined || value.trim() === '') return { ok: false, reason: `The ${headerName} header is missing` };
	const received = decodeSignature(value);
	if (!received) return { ok: false, reason: `The ${headerName} header is not an HMAC-SHA256 signature (hex or base64)` };
	const expected = computeSignature(key, rawBody);
	if (!timingSafeEqual(received, expected)) return { ok: false, reason: `The ${headerName} header does not match the body signed with the key` };
	return { ok: true };
}
