/**
 * Counts secrets in everything an error exposes: message, description, stack, own properties,
 * `cause`, and util.inspect's rendering (what a log line would show).
 */
import { inspect } from 'node:util';

export function errorSurfaces(error: unknown): string[] {
	if (!error || typeof error !== 'object') return [String(error)];
	const e = error as Error & { description?: unknown; cause?: unknown };
	const surfaces = [String(e.message), String(e.stack ?? ''), String(e.description ?? ''), inspect(e, { depth: 6 })];
	try {
		surfaces.push(JSON.stringify(e, Object.getOwnPropertyNames(e)));
	} catch {
		// circular: inspect above already covers it
	}
	if (e.cause) surfaces.push(...errorSurfaces(e.cause));
	return surfaces;
}

/** Occurrences of any secret (4+ characters) in the given texts. */
export function countSecrets(texts: Iterable<string>, secrets: Iterable<string>): number {
	const list = [...secrets].filter((secret) => secret && secret.length >= 4);
	let count = 0;
	for (const text of texts) for (const secret of list) count += text.split(secret).length - 1;
	return count;
}
