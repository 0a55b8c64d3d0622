#!/usr/bin/env bash
# Start N dashboard replicas on one store and nginx in front of them, on 127.0.0.1.
#   LIVCR_DATABASE_URL=postgresql+psycopg://user@host/livcr deploy/run.sh 2 8080
# Every replica gets the same environment and the same .streamlit/secrets.toml (the repository's).
# Stops everything on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
REPLICAS=${1:-2}
PROXY_PORT=${2:-8080}
: "${LIVCR_DATABASE_URL:?set LIVCR_DATABASE_URL to the shared store (PostgreSQL)}"
RUN_DIR=$(mktemp -d)
export RUN_DIR PROXY_PORT
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; [ -f "$RUN_DIR/nginx.pid" ] && kill "$(cat "$RUN_DIR/nginx.pid")" || true' EXIT
UPSTREAM_SERVERS=""
for i in $(seq 1 "$REPLICAS"); do
  port=$((8500 + i))
  streamlit run app.py --server.port "$port" --server.address 127.0.0.1 --server.headless true \
    --browser.gatherUsageStats false >"$RUN_DIR/replica-$i.log" 2>&1 &
  pids+=($!)
  UPSTREAM_SERVERS+="        server 127.0.0.1:$port;"$'\n'
done
export UPSTREAM_SERVERS
for i in $(seq 1 "$REPLICAS"); do
  until curl -sf "http://127.0.0.1:$((8500 + i))/_stcore/health" >/dev/null; do sleep 0.2; done
done
envsubst '${RUN_DIR} ${PROXY_PORT} ${UPSTREAM_SERVERS}' <deploy/nginx.conf >"$RUN_DIR/nginx.conf"
nginx -c "$RUN_DIR/nginx.conf"
echo "$REPLICAS replicas behind http://127.0.0.1:$PROXY_PORT (logs in $RUN_DIR)"
wait "${pids[@]}"
