/**
 * Process-wide settings n8n-core reads lazily through @n8n/di and @n8n/config. Imported first by every
 * harness module so they are in place before the engine constructs its first service.
 *
 * - `InstanceSettings` (built by every node execution context) creates `<N8N_USER_FOLDER>/.n8n/config`
 *   with an encryption key; point it at a per-worker temp folder instead of the developer's home.
 * - `N8N_ENCRYPTION_KEY` fixes the key so `Credentials.setData` (a real cipher) works without that file.
 * - n8n's logger is silenced unless the developer asks for it with N8N_LOG_LEVEL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function prepareEngineEnvironment(): string {
	// Jest evaluates this module (and n8n-core's DI container) afresh for every test file, so each
	// file gets its own folder, removed after the file. Jest hands test code a copy of `process`
	// whose 'exit' listeners never fire, hence afterAll rather than an exit hook.
	const userFolder = mkdtempSync(join(tmpdir(), 'n8n-harness-'));
	process.env.N8N_USER_FOLDER = userFolder;
	if (typeof afterAll === 'function') afterAll(() => rmSync(userFolder, { recursive: true, force: true }));
	process.env.N8N_ENCRYPTION_KEY ??= 'n8n-nodes-servicetitan-test-harness-key';
	process.env.N8N_LOG_LEVEL ??= 'silent';
	process.env.N8N_DIAGNOSTICS_ENABLED ??= 'false';
	// Files nodes produce go to <user folder>/storage, as in a default n8n (not inline base64).
	process.env.N8N_DEFAULT_BINARY_DATA_MODE ??= 'filesystem';
	return userFolder;
}

export const harnessUserFolder = prepareEngineEnvironment();
