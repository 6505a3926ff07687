#!/usr/bin/env bash
# `npm start`: installs what is missing, builds the client, starts the server (embedded SQLite in
# ./data, no external service), and prints the URL to open. PORT, HOST, PUBLIC_URL etc.: README.
source "$(dirname "$0")/lib.sh"
bash scripts/ensure-system.sh runtime
ensure_pnpm
ensure_deps
say "building the client (vite)"
pnpm --filter @mediation/client run build >/dev/null
say "starting the server"
# The server resolves a relative DATA_DIR against its working directory, which is server/ below;
# the README promises ./data at the repository root, so pin the default before changing directory.
# A relative DATA_DIR given by the user means relative to the repository root too (npm start runs there).
export DATA_DIR="${DATA_DIR:-data}"
case "$DATA_DIR" in /*) ;; *) DATA_DIR="$ROOT/$DATA_DIR" ;; esac
cd server && exec node --import tsx src/main.ts
