#!/usr/bin/env bash
# `npm run bench [-- name...]`: runs benchmarks, writes bench/results/<name>.json + SUMMARY.md.
source "$(dirname "$0")/lib.sh"
bash scripts/ensure-system.sh test
ensure_pnpm
ensure_deps
pnpm --filter @mediation/client run build >/dev/null
cd tests && exec node --import tsx bench/run.ts "$@"
