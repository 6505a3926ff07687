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
cd server && exec node --import tsx src/main.ts
