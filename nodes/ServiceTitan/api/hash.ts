import { createHash } from 'node:crypto';

/**
 * 16 hex characters of SHA-256: enough to tell values apart in a key (limiter keys, token cache keys,
 * the trigger's settings fingerprint) without the value itself, such as an app key or a secret.
 */
export function shortHash(value: string): string {
	return createHash('sha256').update(value).digest('hex').slice(0, 16);
}
