#!/usr/bin/env bash
# `npm test`: the whole suite on a fresh machine. Installs system packages (mediasoup worker,
# Chromium, poppler-utils, PostgreSQL 15), pnpm and dependencies when missing, then runs, in order:
# typecheck → client build → unit → integration (real server, socket.io, y-websocket, mediasoup)
# → cluster (tests/cluster: Redis, PostgreSQL, nginx, three nodes) → end-to-end (Debian Chromium
# with fake camera and microphone).
source "$(dirname "$0")/lib.sh"
started=$SECONDS
bash scripts/ensure-system.sh test
ensure_pnpm
ensure_deps

say "typecheck (tsc, strict) in every package"
pnpm -r --workspace-concurrency=1 run typecheck

say "building the client"
pnpm --filter @mediation/client run build >/dev/null

say "unit tests"
for pkg in packages/shared server client; do
  (cd "$pkg" && pnpm exec vitest run --passWithNoTests)
done

mkdir -p tests/artifacts
say "integration tests"
(cd tests && pnpm exec vitest run --config vitest.integration.config.ts)

# Three node processes, Redis, PostgreSQL and nginx per file (tests/helpers/cluster.ts).
say "cluster tests (Redis, PostgreSQL, nginx, three nodes)"
(cd tests && pnpm exec vitest run --config vitest.cluster.config.ts)

say "end-to-end tests (Chromium)"
(cd tests && pnpm exec vitest run --config vitest.e2e.config.ts --passWithNoTests)

say "all green in $((SECONDS - started)) s"
