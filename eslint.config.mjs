// ESLint 9 flat config: on the shipped code (nodes/, credentials/, package.json) the rules n8n's community-package
// scanner (@n8n/scan-community-package 0.32.0, `buildScanConfig()`) applies, so `npm run lint` reports what n8n
// reports. Same plugins and versions as the scanner (@n8n/eslint-plugin-community-nodes 0.29.0,
// eslint-plugin-n8n-nodes-base 1.16, eslint 9.29) and the same off-overrides; the few rules we switch off in
// addition each say why. Everywhere (tests, scripts and benchmarks too): ESLint's recommended rules and the layer rules.
import { defineConfig } from 'eslint/config';
import { builtinRules } from 'eslint/use-at-your-own-risk';
import tsParser from '@typescript-eslint/parser';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

const TRANSPORT = 'nodes/ServiceTitan/transport/**/*.ts';
/** What n8n installs: the scanner's rules apply here only (tests, scripts and benchmarks never ship). */
const SHIPPED = ['nodes/**', 'credentials/**', 'package.json'];
const SHIPPED_CODE = ['nodes/**/*.ts', 'credentials/**/*.ts'];

/**
 * ESLint's own recommended rules (the set @eslint/js exports, read from eslint's rule metadata), without the ones
 * TypeScript's compiler already checks and gets right for TypeScript (undefined names, unused and redeclared
 * names, duplicate class members: overloads are not duplicates).
 */
const CHECKED_BY_TYPESCRIPT = new Set(['no-undef', 'no-unused-vars', 'no-redeclare', 'no-dupe-class-members']);
const ESLINT_RECOMMENDED = Object.fromEntries(
	[...builtinRules].filter(([name, rule]) => rule.meta?.docs?.recommended && !CHECKED_BY_TYPESCRIPT.has(name)).map(([name]) => [name, 'error']),
);

const LIMITS = 'nodes/ServiceTitan/limits/**/*.ts';

/** A relative import that reaches the tests, scripts or benchmarks from anywhere in the package. */
const TOOLING = '^(?:\\.\\./)+(?:test|scripts|bench)(?:/|$)';
const BENCH_ON_TOP = 'bench/ sits on top of the tests and scripts: they import nothing of it (DEVELOPERS.md, Layers).';

/** n8n's own packages: only the n8n glue (nodes, descriptions, actions, methods, helpers, trigger, webhook) uses them. */
const N8N_PACKAGES = ['n8n-workflow', 'n8n-core', 'n8n-nodes-base', '@n8n/*'];

/**
 * Layers point down: api/ (ServiceTitan's facts) <- limits/ <- transport/, api/ <- catalog/ <- the operation model
 * <- the n8n glue. Files of `folder` may import their own folder, the folders in `mayImport`, and no n8n package unless
 * `n8n` is set: any relative import that climbs out of `folder` to somewhere else fails
 * `no-restricted-imports`. One block per depth below `folder`, because how many `../` leave it depends on
 * where the file sits. test/repository/layers.test.ts proves each rule refuses a wrong import.
 */
function layer(folder, mayImport, why, { n8n = false } = {}) {
	const allowedNames = [...mayImport.map((name) => `${name}/`), 'its own files'];
	const message = `${folder}/ may import only ${[allowedNames.slice(0, -1).join(', '), allowedNames.at(-1)].filter(Boolean).join(' and ')}: ${why} (DEVELOPERS.md, Layers).`;
	const allowed = mayImport.length ? `(?!(?:${mayImport.join('|')})(?:/|$))` : '';
	return [0, 1, 2, 3].map((depth) => ({
		files: [`nodes/ServiceTitan/${folder}/${'*/'.repeat(depth)}*.ts`],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{ regex: `^(?:\\.\\./){${depth + 1}}${allowed}`, message },
						...(n8n ? [] : [{ group: N8N_PACKAGES, message: `${folder}/ knows nothing of n8n: ${why} (DEVELOPERS.md, Layers).` }]),
					],
				},
			],
		},
	}));
}

/**
 * A folder inside a layer that may use only some of its parent's files: `${parent}/${sub}/*.ts` may import its own
 * files, the parent's files named in `siblings`, and what the parent's layer may import (`parentMayImport`); never
 * n8n. One block, so it replaces the parent's block for these files and repeats the parent's rule.
 */
function subLayer(parent, sub, parentMayImport, siblings, why) {
	const folder = `${parent}/${sub}`;
	const message = `${folder}/ may import only ${[...siblings.map((name) => `${parent}/${name}`), ...parentMayImport.map((name) => `${name}/`)].join(', ')} and its own files: ${why} (DEVELOPERS.md, Layers).`;
	return {
		files: [`nodes/ServiceTitan/${folder}/*.ts`],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{ regex: `^\\.\\./(?!(?:${siblings.join('|')})$|\\.\\./)`, message },
						{ regex: `^(?:\\.\\./){2}(?!(?:${parentMayImport.join('|')})(?:/|$))`, message },
						{ group: N8N_PACKAGES, message: `${folder}/ knows nothing of n8n: ${why} (DEVELOPERS.md, Layers).` },
					],
				},
			],
		},
	};
}

export default defineConfig(
	{ ignores: ['**/node_modules/**', '**/dist/**'] },
	// Like the scanner (allowInlineConfig: false): no eslint-disable comment can hide a finding; every exception
	// is below, with its reason.
	{ linterOptions: { noInlineConfig: true } },
	{ files: ['**/*.ts', '**/*.js', '**/*.mjs'], rules: ESLINT_RECOMMENDED },
	{ ...n8nCommunityNodesPlugin.configs.recommended, files: SHIPPED },
	{ files: SHIPPED_CODE, rules: { 'no-console': 'error' } },
	{ plugins: { 'n8n-nodes-base': n8nNodesBase } },
	{
		files: ['package.json'],
		rules: {
			...n8nNodesBase.configs.community.rules,
		},
	},
	{
		files: ['credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// Off in the scanner: not valid for community nodes.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			// Off in the scanner: @n8n/community-nodes/credential-password-field is the more accurate rule.
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// Off in the scanner: inputs and outputs are NodeConnectionTypes values, not the string 'main'.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			// Off in the scanner: a maxValue from the third-party API's own limit is valid.
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
	{ files: ['**/*.json'], languageOptions: { parser: tsParser } },
	{ files: ['**/*.ts'], languageOptions: { parser: tsParser } },

	// ── Import direction ──
	// The package ships nodes/ and credentials/ alone: nothing there may import the tests, scripts or benchmarks.
	// (The layer blocks below replace this rule in their folders; they refuse any import that leaves the folder.)
	{
		files: SHIPPED_CODE,
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{ regex: TOOLING, message: `the package ships nodes/ and credentials/ only, so they import nothing of test/, scripts/ or bench/ (DEVELOPERS.md, Layers).` },
					],
				},
			],
		},
	},
	...layer('api', [], 'it is the leaf every layer reads'),
	...layer('limits', ['api'], 'the rate limits (local, per-key lanes, Redis-shared) are asked by the request loop and know nothing of HTTP, the catalog or n8n'),
	...layer('transport', ['api', 'limits'], 'the HTTP client runs alone (simulator tests, benchmarks) and on any n8n'),
	// Inside the transport: one HTTP exchange (http/) and the Reporting API (reports/) sit under the request loop and
	// never reach back into it (client.ts, gates.ts, retry.ts …).
	subLayer('transport', 'http', ['api', 'limits'], ['errors', 'types'], 'one HTTP exchange knows nothing of the request loop that repeats it'),
	subLayer(
		'transport',
		'reports',
		['api', 'limits'],
		['errors', 'types', 'paging'],
		'the Reporting API is driven by the request loop through a Requester and never reaches into it',
	),
	...layer(
		'coordination',
		['api', 'limits'],
		'claims (a webhook event run once, an external key created once) are shared by the triggers and the action node and know nothing of n8n',
	),
	...layer('catalog', ['api'], 'the catalog is data about ServiceTitan, read by the layers above it'),
	// The operation model builds n8n properties and converts n8n parameters, so it may use n8n-workflow.
	...layer('model', ['api', 'catalog'], 'the plan and the value tables are read by the renderer and the executor alike', { n8n: true }),
	// Reports' n8n side in one home (the parameter form and its resource mapper, the options, the executor hook, date
	// windows): glue like actions/ and descriptions/, which import it, so it never imports them (nor methods/).
	...layer('reporting', ['api', 'catalog', 'transport', 'model', 'helpers'], 'actions/, descriptions/ and the node import the report feature from here', { n8n: true }),

	// The tools above the package: the simulator plays ServiceTitan from its documents and the catalog, so it judges
	// the transport and the nodes without running their code; benchmarks sit on top of everything, nothing on them.
	{
		files: ['test/simulator/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							regex: '^(?:\\.\\./)+nodes/ServiceTitan/(?!(?:api|catalog)(?:/|$))',
							message: `test/simulator/ may import only api/ and catalog/ of the nodes: it plays ServiceTitan from ServiceTitan's facts, not from the code it tests (DEVELOPERS.md, Layers).`,
						},
						{ regex: '^(?:\\.\\./)+bench/', message: BENCH_ON_TOP },
						{ group: N8N_PACKAGES, message: `test/simulator/ knows nothing of n8n: it is ServiceTitan (DEVELOPERS.md, Layers).` },
					],
				},
			],
		},
	},
	{
		files: ['test/**/*.ts', 'scripts/**/*.ts'],
		ignores: ['test/simulator/**'],
		rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^(?:\\.\\./)+bench/', message: BENCH_ON_TOP }] }] },
	},

	// ── Exceptions that follow from our runtime dependencies (see docs/community-rules.md) ──
	{
		files: ['package.json'],
		rules: {
			// undici and bottleneck are runtime dependencies on purpose (keep-alive, proxies, timeouts; a rate
			// limiter that can be shared across queue-mode processes): the package is for self-hosted n8n.
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
		},
	},
	{
		// The files that import undici or bottleneck. The rule takes no allow-list, so it is off for the whole
		// file; their node: imports (timers/promises, perf_hooks, dns, net) are the transport's own, see below.
		files: [
			'nodes/ServiceTitan/transport/http/attempt.ts',
			'nodes/ServiceTitan/transport/client.ts',
			'nodes/ServiceTitan/transport/http/pool.ts',
			'nodes/ServiceTitan/transport/http/ssrf.ts',
			'nodes/ServiceTitan/transport/token.ts',
			'nodes/ServiceTitan/transport/http/uploads.ts',
		],
		rules: { '@n8n/community-nodes/no-restricted-imports': 'off' },
	},
	{
		// The rate limits: bottleneck and ioredis (loaded only when Redis is configured), their node: imports
		// (timers, timers/promises, crypto, fs for n8n's `…_FILE` variables), and timers and process.env (n8n's
		// queue-mode Redis settings) used directly: like the transport, a layer that runs alone in the simulator
		// and queue-mode process tests, on any n8n, and knows nothing of n8n. Its errors never reach n8n: a Redis
		// factory that cannot start is replaced by local limiters (factory.ts), and a cancelled turn becomes the
		// transport's cancelled error, which helpers/errors.ts turns into a NodeApiError.
		files: [LIMITS],
		rules: {
			'@n8n/community-nodes/no-restricted-imports': 'off',
			'@n8n/community-nodes/no-restricted-globals': 'off',
			'@n8n/community-nodes/require-node-api-error': 'off',
		},
	},
	{
		// Claims wait between tries (timers) and name their holder by process (process.pid): like the transport, a
		// layer that runs alone in the queue-mode process tests and knows nothing of n8n.
		files: ['nodes/ServiceTitan/coordination/*.ts'],
		rules: {
			'@n8n/community-nodes/no-restricted-imports': 'off',
			'@n8n/community-nodes/no-restricted-globals': 'off',
		},
	},
	{
		// The transport is the layer under undici/bottleneck and knows nothing of n8n: the simulator tests and the
		// benchmarks run it alone, and it must run on n8n 1.x, which has no sleepWithAbort. So it uses timers and
		// process.env (n8n's SSRF settings) directly and throws its own error classes; helpers/errors.ts turns
		// every one into a NodeApiError / NodeOperationError with the item index before n8n sees it.
		files: [TRANSPORT],
		rules: {
			'@n8n/community-nodes/no-restricted-globals': 'off',
			'@n8n/community-nodes/require-node-api-error': 'off',
		},
	},

	// ── Exceptions where the rule mistakes our code for something else ──
	{
		// These strip the colour codes (ESC [ … m) from n8n's console output before reading it: the escape character in
		// the pattern is the point.
		files: ['test/e2e/harness/instance.ts', 'test/e2e/harness/package-install.ts'],
		rules: { 'no-control-regex': 'off' },
	},
	{
		// Re-throws of transport errors inside the per-item and per-poll engines; the node's execute / poll
		// wraps every one with toNodeError() (helpers/errors.ts), so n8n only ever sees NodeApiError /
		// NodeOperationError.
		files: ['nodes/ServiceTitan/actions/router.ts', 'nodes/ServiceTitan/trigger/poll.ts'],
		rules: { '@n8n/community-nodes/require-node-api-error': 'off' },
	},
	{
		// ServiceTitan's OpenAPI data (field names, descriptions, enums) the catalog holds, not n8n properties:
		// the node rules match these objects by shape. The properties the node renders from them are linted
		// where they are built (descriptions/) and checked by the surface tests.
		files: ['nodes/ServiceTitan/catalog/generated/**/*.ts'],
		rules: Object.fromEntries(Object.keys(n8nNodesBase.configs.nodes.rules).map((rule) => [rule, 'off'])),
	},
	{
		// Resource-locator modes (INodePropertyMode) have no `default` in n8n-workflow; the rule takes them for
		// parameters.
		files: ['nodes/ServiceTitan/descriptions/locators.ts'],
		rules: { 'n8n-nodes-base/node-param-default-missing': 'off' },
	},
	{
		// Tested by the node (testedBy: 'testServiceTitanCredential'), which names the failing part (client
		// ID/secret, app key, tenant, network). n8n runs a credential's own `test` in preference to the node's
		// testedBy (CredentialsTester.getCredentialTestFunction), so adding one would lose those messages.
		files: ['credentials/ServiceTitanOAuth2Api.credentials.ts'],
		rules: { '@n8n/community-nodes/credential-test-required': 'off' },
	},
	{
		// An HMAC signing key has no endpoint to test it against; a wrong key shows as 401 answers to
		// ServiceTitan's deliveries.
		files: ['credentials/ServiceTitanWebhookApi.credentials.ts'],
		rules: { '@n8n/community-nodes/credential-test-required': 'off' },
	},
);
