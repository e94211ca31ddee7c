/**
 * Layers point down (DEVELOPERS.md, Layers): api/ imports nothing of ours, limits/ and catalog/ import only api/
 * and themselves, transport/ api/, limits/ and itself, and none of these imports n8n; model/ imports api/ and catalog/ and n8n; inside transport/, http/ (one exchange) and reports/ (the Reporting API) never
 * reach the request loop; reporting/ (reports' n8n side) never imports actions/, descriptions/ or methods/, which import it.
 * Above the package: nodes/ and credentials/ import nothing of test/, scripts/ or bench/; the simulator imports only
 * api/ and catalog/ of the nodes and nothing of n8n; tests and scripts import nothing of bench/. `npm run lint` enforces it with
 * `no-restricted-imports` blocks in eslint.config.mjs; this test lints small files placed in each folder
 * (never written to disk) so that a rule that stops refusing a wrong import fails here.
 */
import { execFileSync } from 'child_process';
import * as path from 'path';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

interface Probe {
	file: string;
	source: string;
}

/** ESLint's Node API runs in a child process: it loads eslint.config.mjs as an ES module, which jest's VM cannot. */
const LINT_SCRIPT = `
import { ESLint } from 'eslint';
let input = '';
for await (const chunk of process.stdin) input += chunk;
const eslint = new ESLint({ cwd: process.cwd() });
const out = [];
for (const { file, source } of JSON.parse(input)) {
	const [result] = await eslint.lintText(source + '\\nexport const probe = 1;\\n', { filePath: file });
	out.push(result.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.fatal).map((m) => m.message));
}
process.stdout.write(JSON.stringify(out));
`;

function restrictedImports(probes: Probe[]): string[][] {
	const output = execFileSync(process.execPath, ['--input-type=module', '-e', LINT_SCRIPT], {
		cwd: REPO_ROOT,
		input: JSON.stringify(probes),
		encoding: 'utf8',
	});
	return JSON.parse(output) as string[][];
}

const API = 'nodes/ServiceTitan/api/probe.ts';
const TRANSPORT = 'nodes/ServiceTitan/transport/probe.ts';
const CATALOG = 'nodes/ServiceTitan/catalog/probe.ts';
const CURATED = 'nodes/ServiceTitan/catalog/curated/probe.ts';
const MODEL = 'nodes/ServiceTitan/model/probe.ts';
const REPORTING = 'nodes/ServiceTitan/reporting/probe.ts';
const TRANSPORT_HTTP = 'nodes/ServiceTitan/transport/http/probe.ts';
const TRANSPORT_REPORTS = 'nodes/ServiceTitan/transport/reports/probe.ts';
const COORDINATION = 'nodes/ServiceTitan/coordination/probe.ts';
const LIMITS = 'nodes/ServiceTitan/limits/probe.ts';
const LIMITS_REDIS = 'nodes/ServiceTitan/limits/redis/probe.ts';
const GLUE = 'nodes/ServiceTitan/probe.ts';
const CREDENTIALS = 'credentials/probe.ts';
const SIMULATOR = 'test/simulator/probe.ts';
const TESTS = 'test/nodes/probe.ts';
const SCRIPTS = 'scripts/demo/probe.ts';

const refused: Array<[string, string, RegExp]> = [
	[COORDINATION, "import { toNodeError } from '../helpers/errors';", /coordination\/ may import only api\/, limits\/ and its own files/],
	[COORDINATION, "import type { INode } from 'n8n-workflow';", /coordination\/ knows nothing of n8n/],
	[API, "import { ServiceTitanError } from '../transport';", /api\/ may import only its own files/],
	[API, "import type { ResourceSpec } from '../catalog/types';", /api\/ may import only its own files/],
	[API, "import type { INode } from 'n8n-workflow';", /api\/ knows nothing of n8n/],
	[LIMITS, "import { ServiceTitanNetworkError } from '../transport/errors';", /limits\/ may import only api\/ and its own files/],
	[LIMITS, "import type { RequestOptions } from '../transport';", /limits\/ may import only api\/ and its own files/],
	[LIMITS, "import { findOperation } from '../catalog';", /limits\/ may import only api\/ and its own files/],
	[LIMITS, "import { toNodeError } from '../helpers/errors';", /limits\/ may import only api\/ and its own files/],
	[LIMITS, "import { runItems } from '../actions/router';", /limits\/ may import only api\/ and its own files/],
	[LIMITS, "import { ServiceTitan } from '../ServiceTitan.node';", /limits\/ may import only api\/ and its own files/],
	[LIMITS, "import { sleep } from 'n8n-workflow';", /limits\/ knows nothing of n8n/],
	[LIMITS, "import type { IExecuteFunctions } from 'n8n-core';", /limits\/ knows nothing of n8n/],
	[LIMITS_REDIS, "import { ServiceTitanClient } from '../../transport/client';", /limits\/ may import only api\/ and its own files/],
	[LIMITS_REDIS, "import type { CatalogEntry } from '../../catalog';", /limits\/ may import only api\/ and its own files/],
	[LIMITS_REDIS, "import { getClient } from '../../helpers/connection';", /limits\/ may import only api\/ and its own files/],
	[LIMITS_REDIS, "import type { Logger } from '@n8n/backend-common';", /limits\/ knows nothing of n8n/],
	[TRANSPORT, "import type { OperationSpec } from '../catalog/types';", /transport\/ may import only api\/, limits\/ and its own files/],
	[TRANSPORT, "export { toNodeError } from '../helpers/errors';", /transport\/ may import only api\/, limits\/ and its own files/],
	[TRANSPORT, "import { ServiceTitan } from '../ServiceTitan.node';", /transport\/ may import only api\/, limits\/ and its own files/],
	[TRANSPORT, "import { NodeApiError } from 'n8n-workflow';", /transport\/ knows nothing of n8n/],
	[TRANSPORT, "import type { IExecuteFunctions } from 'n8n-core';", /transport\/ knows nothing of n8n/],
	[CATALOG, "import type { ModuleKey } from '../transport';", /catalog\/ may import only api\/ and its own files/],
	[CATALOG, "import { renderOperations } from '../descriptions/render';", /catalog\/ may import only api\/ and its own files/],
	[CURATED, "import { MODULE_PREFIXES } from '../../transport/index';", /catalog\/ may import only api\/ and its own files/],
	[CURATED, "import type { INodeProperties } from 'n8n-workflow';", /catalog\/ knows nothing of n8n/],
	[MODEL, "import { locatorProperty } from '../descriptions/locators';", /model\/ may import only api\/, catalog\/ and its own files/],
	[MODEL, "import { readLocations } from '../actions/locations';", /model\/ may import only api\/, catalog\/ and its own files/],
	[MODEL, "import { getClient } from '../helpers/connection';", /model\/ may import only api\/, catalog\/ and its own files/],
	[MODEL, "import { ServiceTitan } from '../ServiceTitan.node';", /model\/ may import only api\/, catalog\/ and its own files/],
	[
		REPORTING,
		"import { renderOperations } from '../descriptions/render';",
		/reporting\/ may import only api\/, catalog\/, transport\/, model\/, helpers\/ and its own files/,
	],
	[REPORTING, "import { runItems } from '../actions/router';", /reporting\/ may import only/],
	[REPORTING, "import { listSearch } from '../methods/listSearch';", /reporting\/ may import only/],
	[
		TRANSPORT_HTTP,
		"import { ServiceTitanClient } from '../client';",
		/transport\/http\/ may import only transport\/errors, transport\/types, api\/, limits\/ and its own files/,
	],
	[TRANSPORT_HTTP, "import { ClientGates } from '../gates';", /transport\/http\/ may import only/],
	[TRANSPORT_HTTP, "import { reportPages } from '../reports/run';", /transport\/http\/ may import only/],
	[TRANSPORT_HTTP, "import type { OperationSpec } from '../../catalog/types';", /transport\/http\/ may import only/],
	[TRANSPORT_HTTP, "import { NodeApiError } from 'n8n-workflow';", /transport\/http\/ knows nothing of n8n/],
	[
		TRANSPORT_REPORTS,
		"import type { ServiceTitanClient } from '../client';",
		/transport\/reports\/ may import only transport\/errors, transport\/types, transport\/paging, api\/, limits\/ and its own files/,
	],
	[TRANSPORT_REPORTS, "import { shouldRetry } from '../retry';", /transport\/reports\/ may import only/],
	[TRANSPORT_REPORTS, "import { toNodeError } from '../../helpers/errors';", /transport\/reports\/ may import only/],
	[TRANSPORT_REPORTS, "import type { IExecuteFunctions } from 'n8n-workflow';", /transport\/reports\/ knows nothing of n8n/],
	[GLUE, "import { startSimulator } from '../../test/simulator';", /ships nodes\/ and credentials\/ only/],
	[GLUE, "import { CATALOG_RULES } from '../../scripts/lib/catalog-rules';", /ships nodes\/ and credentials\/ only/],
	[CREDENTIALS, "import { startSimulator } from '../test/simulator';", /ships nodes\/ and credentials\/ only/],
	[SIMULATOR, "import { ServiceTitanClient } from '../../nodes/ServiceTitan/transport';", /test\/simulator\/ may import only api\/ and catalog\//],
	[SIMULATOR, "import { runItems } from '../../nodes/ServiceTitan/actions/router';", /test\/simulator\/ may import only api\/ and catalog\//],
	[SIMULATOR, "import type { INode } from 'n8n-workflow';", /test\/simulator\/ knows nothing of n8n/],
	[TESTS, "import { median } from '../../bench/lib';", /bench\/ sits on top/],
	[SCRIPTS, "import { median } from '../../bench/lib';", /bench\/ sits on top/],
];

const accepted: Array<[string, string]> = [
	[API, "import { MODULE_PREFIXES } from './modules';"],
	[TRANSPORT, "import { MODULE_PREFIXES, type HttpMethod } from '../api';\nimport { ServiceTitanError } from './errors';\nimport { request } from 'undici';"],
	[TRANSPORT, "import { getLimiterFactory, type RateLimiter } from '../limits';\nimport { sharedRedisClient } from '../limits/redis/connection';"],
	[LIMITS, "import { shortHash } from '../api';\nimport type { RateLimiter } from './settings';\nimport Bottleneck from 'bottleneck';"],
	[LIMITS_REDIS, "import { shortHash } from '../../api';\nimport { LocalLimiterFactory } from '../local';\nimport type { SharedRedisConfig } from './config';"],
	[CATALOG, "import type { ModuleKey } from '../api/modules';\nimport type { ResourceSpec } from './types';"],
	[CURATED, "import type { ResourceSpec } from '../types';\nimport { MODULE_NAMES } from '../../api';"],
	[
		MODEL,
		"import type { INodeProperties } from 'n8n-workflow';\nimport { dropdownOf } from '../catalog/pickers';\nimport type { ModuleKey } from '../api';\nimport { fieldLabel } from './text';",
	],
	[GLUE, "import { findOperation } from './catalog';\nimport { ServiceTitanClient } from './transport';"],
	[
		SIMULATOR,
		"import type { ResourceSpec } from '../../nodes/ServiceTitan/catalog/types';\nimport { MODULE_PREFIXES } from '../../nodes/ServiceTitan/api';\nimport { loadSpec } from '../../scripts/lib/openapi';",
	],
	[TESTS, "import { startSimulator } from '../simulator';\nimport { ServiceTitanClient } from '../../nodes/ServiceTitan/transport';"],
	[
		REPORTING,
		"import type { ResourceMapperField } from 'n8n-workflow';\nimport type { ServiceTitanClient } from '../transport';\nimport type { ValueConverter } from '../model/converter';\nimport { dateWindows } from './windows';",
	],
	[
		REPORTING,
		"import { toNodeError } from '../helpers/errors';\nimport { getClient } from '../helpers/connection';\nimport { REPORT_PATH_PARAMETERS } from '../catalog/curated/reports';",
	],
	[
		TRANSPORT_HTTP,
		"import { ServiceTitanError } from '../errors';\nimport type { Query } from '../types';\nimport { MODULE_PREFIXES } from '../../api';\nimport { getSharedDispatcher } from './pool';",
	],
	[
		TRANSPORT_REPORTS,
		"import { getAll } from '../paging';\nimport type { Requester } from '../types';\nimport { ServiceTitanNetworkError } from '../errors';\nimport { reportPath } from './ref';",
	],
];

/** The probe's folder as the layer rules name it: nodes/ServiceTitan/<layer>, else the repository path. */
const folderOf = (file: string) => path.dirname(file).replace(/^nodes\/ServiceTitan\//, '');

describe('imports point down the layers (eslint.config.mjs)', () => {
	let refusedMessages: string[][];
	let acceptedMessages: string[][];

	beforeAll(() => {
		const all = restrictedImports([...refused, ...accepted].map(([file, source]) => ({ file, source })));
		refusedMessages = all.slice(0, refused.length);
		acceptedMessages = all.slice(refused.length);
	}, 120_000);

	test.each(refused.map(([file, source, reason], index) => [folderOf(file), source.replace(/\n/g, ' '), reason, index] as const))(
		'%s/ refuses %s',
		(_folder, _source, reason, index) => {
			expect(refusedMessages[index]).toEqual([expect.stringMatching(reason)]);
		},
	);

	test.each(accepted.map(([file, source], index) => [folderOf(file), source.replace(/\n/g, ' '), index] as const))('%s/ accepts %s', (_folder, _source, index) => {
		expect(acceptedMessages[index]).toEqual([]);
	});
});
