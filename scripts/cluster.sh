#!/usr/bin/env bash
# `npm run cluster`: a local three-node cluster in one command (server/src/cluster/README.md).
# Debian's redis-server and PostgreSQL 15 in a temporary directory, three nodes on loopback, nginx
# in front (scripts/cluster-nginx.mjs), and the URL to open. Ctrl-C stops everything and removes
# the directory. CLUSTER_PORT (default 8080) is nginx's port; CLUSTER_NODES (default 3);
# SKIP_BUILD=1 uses the client already in client/dist.
source "$(dirname "$0")/lib.sh"
bash scripts/ensure-system.sh cluster
ensure_pnpm
ensure_deps
if [ "${SKIP_BUILD:-}" != 1 ]; then
  say "building the client (vite)"
  pnpm --filter @mediation/client run build >/dev/null
fi

N="${CLUSTER_NODES:-3}"
LISTEN_PORT="${CLUSTER_PORT:-8080}"
DIR="$(mktemp -d /tmp/mediation-cluster.XXXXXX)"
PG_BIN=/usr/lib/postgresql/15/bin
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
# initdb and postgres refuse to run as root: as root they run as Debian's `postgres` user.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

pids=()
cleanup() {
  trap - EXIT INT TERM
  say "stopping"
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  as_pg "$PG_BIN/pg_ctl" -D "$DIR/pg/data" stop -m fast >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT INT TERM

REDIS_PORT=$(free_port)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$DIR" >"$DIR/redis.log" 2>&1 &
pids+=($!)

PG_PORT=$(free_port)
mkdir -p "$DIR/pg"
[ "$(id -u)" = 0 ] && chown postgres "$DIR/pg" && chmod 755 "$DIR"
as_pg "$PG_BIN/initdb" -D "$DIR/pg/data" -A trust -U app >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$DIR/pg/data" -o "-p $PG_PORT -k $DIR/pg -c listen_addresses=127.0.0.1" -l "$DIR/pg/log" -w start >/dev/null
DATABASE_URL="postgres://app@127.0.0.1:$PG_PORT/postgres"

TOKEN_SECRET="$(node -e 'console.log(require("crypto").randomBytes(32).toString("base64url"))')"
PUBLIC_URL="http://localhost:$LISTEN_PORT"
nodes=()
start_node() {
  local id="$1" port="$2"
  mkdir -p "$DIR/$id"
  ( cd server && exec env PORT="$port" HOST=127.0.0.1 DATA_DIR="$DIR/$id" TOKEN_SECRET="$TOKEN_SECRET" PUBLIC_URL="$PUBLIC_URL" \
      TRUST_PROXY=true REDIS_URL="redis://127.0.0.1:$REDIS_PORT" DATABASE_URL="$DATABASE_URL" NODE_ID="$id" \
      METRICS_PORT=off MEDIASOUP_WORKERS=1 LOG_LEVEL="${LOG_LEVEL:-warn}" \
      node --import tsx src/main.ts >"$DIR/$id.log" 2>&1 ) &
  pids+=($!)
  nodes+=("$id=127.0.0.1:$port")
}
wait_node() {
  local id="$1" port="$2"
  for _ in $(seq 1 600); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && { say "node $id on 127.0.0.1:$port (log: $DIR/$id.log)"; return; }
    sleep 0.2
  done
  say "node $id did not start; its log:"; cat "$DIR/$id.log"; exit 1
}
# The first node applies the database migrations; the others start together once it answers.
ports=()
for i in $(seq 1 "$N"); do ports+=("$(free_port)"); done
start_node n1 "${ports[0]}"
wait_node n1 "${ports[0]}"
for i in $(seq 2 "$N"); do start_node "n$i" "${ports[$((i-1))]}"; done
for i in $(seq 2 "$N"); do wait_node "n$i" "${ports[$((i-1))]}"; done

mkdir -p "$DIR/nginx"
node scripts/cluster-nginx.mjs --listen "127.0.0.1:$LISTEN_PORT" --dir "$DIR/nginx" "${nodes[@]}" >"$DIR/nginx/nginx.conf"
nginx -p "$DIR/nginx" -c "$DIR/nginx/nginx.conf" -g 'daemon off;' &
pids+=($!)
sleep 0.5
curl -fs "http://127.0.0.1:$LISTEN_PORT/healthz" >/dev/null || { say "nginx did not start (port $LISTEN_PORT in use? set CLUSTER_PORT)"; cat "$DIR/nginx/error.log" 2>/dev/null; exit 1; }

echo
echo "  Mediation room cluster is running: $N nodes, Redis :$REDIS_PORT, PostgreSQL :$PG_PORT, nginx."
echo "  Open $PUBLIC_URL"
echo "  (Ctrl-C stops it all; logs in $DIR until then)"
echo
wait
