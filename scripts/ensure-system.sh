#!/usr/bin/env bash
# Installs the system packages the product and its tests need, only when missing.
# Usage: scripts/ensure-system.sh [runtime|test|cluster]
#   runtime: the mediasoup worker (Debian experimental, see ../shared/ENVIRONMENT.md)
#   test:    runtime + Chromium (end-to-end tests), poppler-utils (pdftotext, pdfinfo),
#            nginx-light (the shipped infra/nginx.conf is run in a test),
#            postgresql-15 (the PostgreSQL backend's contract suites and outage test start a real
#            server in a temporary directory; installing the package starts no server),
#            redis-server (the cluster tests start their own on a free port)
#   cluster: runtime + nginx-light, postgresql-15 and redis-server (`npm run cluster`)
set -euo pipefail
MODE="${1:-runtime}"
DEBIAN_WORKER=/usr/lib/x86_64-linux-gnu/mediasoup/mediasoup-worker
# lib.sh exports MEDIASOUP_WORKER_BIN with Debian's path as the default, so "set" does not mean
# "present": check the binary itself. A custom path that does not exist is the user's to fix.
WORKER="${MEDIASOUP_WORKER_BIN:-$DEBIAN_WORKER}"

need=()
if [ ! -x "$WORKER" ]; then
  if [ "$WORKER" != "$DEBIAN_WORKER" ]; then
    echo "[setup] MEDIASOUP_WORKER_BIN=$WORKER is not an executable file" >&2
    exit 1
  fi
  need+=("mediasoup-worker/experimental")
fi
if [ "$MODE" = test ]; then
  command -v chromium >/dev/null || need+=(chromium)
  command -v pdftotext >/dev/null || need+=(poppler-utils)
  [ -x /usr/sbin/nginx ] || command -v nginx >/dev/null || need+=(nginx-light)
  [ -x /usr/lib/postgresql/15/bin/postgres ] || need+=(postgresql-15)
fi
if [ "$MODE" = test ] || [ "$MODE" = cluster ]; then
  command -v redis-server >/dev/null || need+=(redis-server)
fi
if [ "$MODE" = cluster ]; then
  [ -x /usr/sbin/nginx ] || command -v nginx >/dev/null || need+=(nginx-light)
  [ -x /usr/lib/postgresql/15/bin/postgres ] || need+=(postgresql-15)
fi
[ ${#need[@]} -eq 0 ] && exit 0

SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO="sudo"; else
    echo "[setup] missing system packages: ${need[*]}" >&2
    echo "[setup] run these as root, then try again:" >&2
    cat >&2 <<'CMDS'
  cat > /etc/apt/sources.list.d/debian-experimental.sources <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: experimental
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  apt-get -o Acquire::Check-Valid-Until=false update
  apt-get install -y --no-install-recommends mediasoup-worker/experimental chromium poppler-utils nginx-light postgresql-15 redis-server
CMDS
    exit 1
  fi
fi

echo "[setup] installing system packages: ${need[*]} (apt, one time)"
SRC=/etc/apt/sources.list.d/debian-experimental.sources
if [ ! -f "$SRC" ]; then
  # Only the mediasoup worker comes from experimental: `pkg/experimental` pins that one package,
  # its dependencies stay on bookworm (never `-t experimental`, which upgrades libc6 and more).
  $SUDO tee "$SRC" >/dev/null <<'SRCEOF'
Types: deb
URIs: http://deb.debian.org/debian
Suites: experimental
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRCEOF
fi
# The archive is a snapshot whose experimental Release file reads as expired.
$SUDO apt-get -o Acquire::Check-Valid-Until=false update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
echo "[setup] system packages ready"
