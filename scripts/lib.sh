#!/usr/bin/env bash
# Shared set-up for start.sh, test.sh and bench.sh: pnpm, dependencies, and Node 24.
# npm runs these scripts with whatever node the machine has (Debian's may be 20); the project's
# own Node 24 comes from the `node` devDependency, which pnpm links as node_modules/.bin/node.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PNPM_VERSION="$(sed -n 's/.*"packageManager": *"pnpm@\([^"]*\)".*/\1/p' package.json)"

say() { echo "[$(basename "$0" .sh)] $*"; }

ensure_pnpm() {
  if command -v pnpm >/dev/null && [ "$(pnpm --version 2>/dev/null)" = "$PNPM_VERSION" ]; then return; fi
  say "installing pnpm@$PNPM_VERSION with npm (one time)"
  if ! npm install -g "pnpm@$PNPM_VERSION" >/dev/null 2>&1; then
    # No write access to the global prefix: install into a user prefix instead.
    npm install -g --prefix "$HOME/.local" "pnpm@$PNPM_VERSION" >/dev/null
    export PATH="$HOME/.local/bin:$PATH"
  fi
}

ensure_deps() {
  say "installing dependencies (pnpm install --frozen-lockfile)"
  pnpm install --frozen-lockfile
  [ -x node_modules/.bin/node ] || { say "pnpm install failed (no node_modules/.bin/node)"; exit 1; }
  export PATH="$ROOT/node_modules/.bin:$PATH"
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  if [ "$major" -lt 24 ]; then say "Node 24 is required, found $(node --version)"; exit 1; fi
  say "using Node $(node --version), pnpm $(pnpm --version)"
}

export MEDIASOUP_WORKER_BIN="${MEDIASOUP_WORKER_BIN:-/usr/lib/x86_64-linux-gnu/mediasoup/mediasoup-worker}"
