#!/usr/bin/env bash
# npm run test:e2e [-- <jest args>]
# Builds the package, packs it into a temp dir, makes sure n8n 2.40.7 (or E2E_N8N_VERSION) is in the
# cache (scripts/n8n/ensure-n8n.sh), then runs the e2e suite (jest.e2e.config.js) against the tarball.
#   E2E_N8N_VERSION=1.123.81 npm run test:e2e -- <files>
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$REPO_ROOT"
export PATH="$REPO_ROOT/node_modules/.bin:$PATH"   # Node 24, jest (also when run outside npm)

log() { printf '[test:e2e] %s\n' "$*" >&2; }

PACK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/st-e2e-pack.XXXXXX")"
trap 'rm -rf "$PACK_DIR"' EXIT

START=$(date +%s)
log "building"
npm run build --silent >&2
log "packing into $PACK_DIR"
TARBALL_NAME="$(npm pack --pack-destination "$PACK_DIR" --silent | tail -n1)"
export E2E_PACKAGE_TARBALL="$PACK_DIR/$TARBALL_NAME"
[ -f "$E2E_PACKAGE_TARBALL" ] || { log "npm pack did not produce $E2E_PACKAGE_TARBALL"; exit 1; }

# E2E_N8N_VERSION picks the n8n (default 2.40.7 on Node 24; 1.x runs on the system Node 20).
E2E_N8N_VERSION="${E2E_N8N_VERSION:-2.40.7}"
log "ensuring n8n $E2E_N8N_VERSION"
E2E_N8N_BIN="$(bash scripts/n8n/ensure-n8n.sh "$E2E_N8N_VERSION")"
E2E_NODE_BIN="$(bash scripts/n8n/ensure-n8n.sh "$E2E_N8N_VERSION" --print-node)"
export E2E_N8N_VERSION E2E_N8N_BIN E2E_NODE_BIN
log "prepared in $(($(date +%s) - START))s: tarball $E2E_PACKAGE_TARBALL, n8n $E2E_N8N_BIN"

jest --config jest.e2e.config.js "$@"
