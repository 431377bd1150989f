#!/usr/bin/env bash
# Re-capture the handshake corpus (corpus/requests, corpus/responses, corpus/index.json)
# from real clients, servers and proxies. One command, run from anywhere:
#
#   scripts/capture-corpus.sh [capture flags, e.g. -only 'chromium|firefox']
#
# 1. installs the peers (scripts/peers/install.sh; apt + npm, idempotent),
# 2. starts the servers and proxies on 127.0.0.1 (ports PORT_BASE..PORT_BASE+16,
#    PORT_BASE defaults to 47100),
# 3. runs the capture program (go run ./scripts/capture, see its doc comment),
# 4. stops every peer it started (also on failure or Ctrl-C).
set -euo pipefail
cd "$(dirname "$0")/.."

base=${PORT_BASE:-47100}
capture_port=$base
report_port=$((base + 1))
p_nodews=$((base + 10)) p_pyws=$((base + 11)) p_aiohttp=$((base + 12))
p_nginx=$((base + 13)) p_haproxy=$((base + 14))
p_nginx_cap=$((base + 15)) p_haproxy_cap=$((base + 16))

started=()
stop_all() {
	if ((${#started[@]})); then
		scripts/peers/stop.sh "${started[@]}" >/dev/null || true
	fi
}
trap stop_all EXIT

t0=$SECONDS
scripts/peers/install.sh
mkdir -p .work/bin
go build -o .work/bin/capture ./scripts/capture
go build -o .work/bin/goclients ./scripts/capture/goclients

peers=(node-ws py-websockets aiohttp nginx haproxy nginx@capture haproxy@capture)
# Leftovers of an interrupted earlier run (found by their pid files) go first.
scripts/peers/stop.sh "${peers[@]}" >/dev/null

start() { # start PEER PORT [BACKEND_PORT]
	started+=("$1")
	scripts/peers/start.sh "$@"
}
start node-ws "$p_nodews"
start py-websockets "$p_pyws"
start aiohttp "$p_aiohttp"
start nginx "$p_nginx" "$p_nodews"
start haproxy "$p_haproxy" "$p_nodews"
# Second proxy instances whose backend is the capture server itself.
start nginx@capture "$p_nginx_cap" "$capture_port"
start haproxy@capture "$p_haproxy_cap" "$capture_port"

.work/bin/capture \
	-out corpus \
	-peers scripts/peers \
	-addr "127.0.0.1:$capture_port" \
	-report-port "$report_port" \
	-servers "node-ws=$p_nodews,py-websockets=$p_pyws,aiohttp=$p_aiohttp,nginx=$p_nginx/node-ws,haproxy=$p_haproxy/node-ws" \
	-forwarders "nginx=$p_nginx_cap,haproxy=$p_haproxy_cap" \
	"$@"

echo "capture-corpus: done in $((SECONDS - t0))s"
