/**
 * Saved workflows are a contract: this test fails when a resource, operation, parameter, option
 * value or locator mode disappears or changes type (a rename is a removal plus an addition).
 * Additions fail too, so that growing the surface is a deliberate act: review the added lines and
 * run `npm run surface:update`. A removal that must happen goes with a node version bump or a
 * migration documented in the CHANGELOG.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ServiceTitanOAuth2Api } from '../../credentials/ServiceTitanOAuth2Api.credentials';
import { ServiceTitanWebhookApi } from '../../credentials/ServiceTitanWebhookApi.credentials';
import { ServiceTitan } from '../../nodes/ServiceTitan/ServiceTitan.node';
import { ServiceTitanTrigger } from '../../nodes/ServiceTitan/ServiceTitanTrigger.node';
import { ServiceTitanWebhookTrigger } from '../../nodes/ServiceTitan/ServiceTitanWebhookTrigger.node';
import { credentialSurface, nodeSurface } from './surface';

const SNAPSHOT = join(__dirname, 'surface.snapshot.txt');

function currentSurface(): string[] {
	return [
		...nodeSurface('serviceTitan', new ServiceTitan()),
		...nodeSurface('serviceTitanTrigger', new ServiceTitanTrigger()),
		...nodeSurface('serviceTitanWebhookTrigger', new ServiceTitanWebhookTrigger()),
		...credentialSurface(new ServiceTitanOAuth2Api()),
		...credentialSurface(new ServiceTitanWebhookApi()),
	];
}

function show(lines: string[]): string {
	const shownLines = lines.slice(0, 40).map((line) => `  ${line.replace(/\t/g, ' | ')}`);
	if (lines.length > 40) shownLines.push(`  … and ${lines.length - 40} more`);
	return shownLines.join('\n');
}

describe('saved-workflow surface', () => {
	const current = currentSurface();

	if (process.env.UPDATE_SURFACE === '1') {
		it('writes the snapshot', () => {
			writeFileSync(SNAPSHOT, current.join('\n') + '\n');
		});
		return;
	}

	const frozen = existsSync(SNAPSHOT) ? readFileSync(SNAPSHOT, 'utf8').split('\n').filter(Boolean) : [];

	it('keeps every resource, operation, parameter, option value and locator mode users may have saved', () => {
		const now = new Set(current);
		const removed = frozen.filter((line) => !now.has(line));
		if (removed.length > 0) {
			throw new Error(
				`${removed.length} saved-workflow entries were renamed or removed (node | resource | operation | parameter | type | values):\n` +
					show(removed) +
					'\nRestore them, or bump the node version / add a migration and say so in the CHANGELOG.',
			);
		}
	});

	it('grows only on purpose (snapshot up to date)', () => {
		const before = new Set(frozen);
		const added = current.filter((line) => !before.has(line));
		if (added.length > 0) {
			throw new Error(
				`${added.length} new saved-workflow entries are not in test/surface/surface.snapshot.txt:\n` +
					show(added) +
					'\nReview them (names are a contract once released) and run `npm run surface:update`.',
			);
		}
	});

	it('covers every node and credential the package ships', () => {
		// Guards the extraction itself: a broken walker would freeze an empty surface.
		const nodes = new Set(current.map((line) => line.split('\t')[0]));
		expect([...nodes].sort()).toEqual(['serviceTitan', 'serviceTitanOAuth2Api', 'serviceTitanTrigger', 'serviceTitanWebhookApi', 'serviceTitanWebhookTrigger']);
		// A node or credential added to package.json without being added here fails.
		const shipped = require('../../package.json') as { n8n: { nodes: string[]; credentials: string[] } };
		expect(nodes.size).toBe(shipped.n8n.nodes.length + shipped.n8n.credentials.length);
		const operations = new Set(current.filter((l) => l.startsWith('serviceTitan\t')).map((l) => l.split('\t').slice(1, 3).join('/')));
		expect(operations.size).toBeGreaterThanOrEqual(563);
	});
});
