#!/usr/bin/env bash
# npm run scan: the ESLint checks of @n8n/scan-community-package on our source and on the packed tarball.
#
# The scanner itself (`npx @n8n/scan-community-package <name>`) needs the package on the npm registry with
# provenance and fetches the attested GitHub source, so it cannot run on an unpublished build. This runs
# what it runs after those steps: its own `analyzePackage()` with its own ESLint config (`buildScanConfig()`,
# @n8n/eslint-plugin-community-nodes + eslint-plugin-n8n-nodes-base), on
#   1. the source, with the scanner's SOURCE_FILE_PATTERNS (package.json, {nodes,credentials}/**), and
#   2. the unpacked `npm pack` tarball, with ['**/*.js', 'package.json'] (the tarball leg),
# and prints every finding (errors and warnings) as `severity rule file:line message`.
# The scanner is installed into a cache dir outside the repo (not a project dependency).
# Exit code 1 when the scanner would fail the package (any error), 0 otherwise.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"
export PATH="$REPO_ROOT/node_modules/.bin:$PATH"

SCANNER_VERSION="${SCANNER_VERSION:-0.32.0}"
CACHE_DIR="${N8N_CACHE_DIR:-$HOME/.cache/n8n-nodes-servicetitan}/scan-community-package-$SCANNER_VERSION"
log() { printf '[scan] %s\n' "$*" >&2; }

if [ ! -f "$CACHE_DIR/node_modules/@n8n/scan-community-package/scanner/scanner.mjs" ]; then
	log "installing @n8n/scan-community-package@$SCANNER_VERSION into $CACHE_DIR"
	mkdir -p "$CACHE_DIR"
	[ -f "$CACHE_DIR/package.json" ] || echo '{ "name": "st-scan-community-package", "private": true }' > "$CACHE_DIR/package.json"
	# --ignore-scripts: eslint-plugin-n8n-nodes-base's preinstall runs `npx only-allow pnpm`
	(cd "$CACHE_DIR" && npm install --no-audit --no-fund --ignore-scripts --loglevel=error "@n8n/scan-community-package@$SCANNER_VERSION" >&2)
fi

WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/st-scan.XXXXXX")"
trap 'rm -rf "$WORK_DIR"' EXIT

log "building and packing"
npm run build --silent >&2
TARBALL="$WORK_DIR/$(npm pack --pack-destination "$WORK_DIR" --silent | tail -n1)"
mkdir -p "$WORK_DIR/package"
tar -xzf "$TARBALL" -C "$WORK_DIR/package" --strip-components=1

cat > "$CACHE_DIR/st-scan.mjs" <<'EOF'
import path from 'node:path';
import { ESLint } from 'eslint';
import glob from 'fast-glob';
import { analyzePackage, buildScanConfig, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const [sourceDir, packageDir] = process.argv.slice(2);
const legs = [
	{ name: 'source', dir: sourceDir, patterns: SOURCE_FILE_PATTERNS },
	{ name: 'tarball', dir: packageDir, patterns: ['**/*.js', 'package.json'] },
];
let failed = false;
for (const leg of legs) {
	// Same ESLint instance and file list as analyzePackage(), to list warnings too (it reports errors only).
	const eslint = new ESLint({ cwd: leg.dir, allowInlineConfig: false, overrideConfigFile: true, overrideConfig: await buildScanConfig() });
	const files = glob.sync(leg.patterns, { cwd: leg.dir, absolute: true, ignore: ['node_modules/**', '**/package-lock.json'] });
	const results = await eslint.lintFiles(files);
	const findings = results.flatMap((result) =>
		result.messages.map((m) => `${m.severity === 2 ? 'error  ' : 'warning'} ${m.ruleId ?? '(parser)'} ${path.relative(leg.dir, result.filePath)}:${m.line} ${m.message}`),
	);
	console.log(`\n== ${leg.name}: ${files.length} files, ${findings.length} finding(s)`);
	for (const line of findings) console.log(line);
	const verdict = await analyzePackage(leg.dir, leg.patterns);
	console.log(`scanner verdict (${leg.name}): ${verdict.passed ? 'passed' : `FAILED: ${verdict.message}`}`);
	failed ||= !verdict.passed;
}
process.exit(failed ? 1 : 0);
EOF

log "scanning with @n8n/scan-community-package@$SCANNER_VERSION's ESLint config"
node "$CACHE_DIR/st-scan.mjs" "$REPO_ROOT" "$WORK_DIR/package"
