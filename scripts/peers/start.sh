#!/usr/bin/env bash
# Start one server or proxy peer in the background, bound to 127.0.0.1 only.
#
#   scripts/peers/start.sh PEER PORT [BACKEND_PORT]
#
# PEER: node-ws | py-websockets | aiohttp        (echo WebSocket servers)
#       nginx | haproxy                          (reverse proxies; BACKEND_PORT required)
#       KIND@NAME runs a second instance of KIND under its own name (e.g. nginx@capture).
# Prints exactly "PEER listening on 127.0.0.1:PORT" once the port accepts
# connections (bounded wait, ~10 s), else fails with the peer's log on stderr.
# State (pid file, log, configs, temp dirs): .work/peers/PEER/. Stop with stop.sh PEER.
set -euo pipefail
# shellcheck source=scripts/peers/lib.sh
source "$(dirname "$0")/lib.sh"

(($# >= 2)) || die "usage: start.sh PEER PORT [BACKEND_PORT]"
peer=$1 port=$2 backend=${3:-}
kind=${peer%%@*}
check_port_arg "$port"

dir=$(peer_dir "$peer")
pidfile=$dir/pid
mkdir -p "$dir"
if pid_alive "$pidfile"; then
	die "$peer already running (pid $(cat "$pidfile")); stop it first: scripts/peers/stop.sh $peer"
fi
if port_open "$port"; then
	die "127.0.0.1:$port is already in use"
fi
log=$dir/log
: >"$log"

render() { # render TEMPLATE OUT
	sed -e "s|@DIR@|$dir|g" -e "s|@PORT@|$port|g" -e "s|@BACKEND_PORT@|$backend|g" "$1" >"$2"
}

case $kind in
node-ws)
	"$PEERS_DIR/install.sh" node-ws
	setsid node "$PEERS_DIR/node-ws-server.js" "$port" >>"$log" 2>&1 </dev/null &
	;;
py-websockets)
	"$PEERS_DIR/install.sh" py-websockets
	setsid "$PY" -u "$PEERS_DIR/py-websockets-server.py" "$port" >>"$log" 2>&1 </dev/null &
	;;
aiohttp)
	"$PEERS_DIR/install.sh" aiohttp
	setsid "$PY" -u "$PEERS_DIR/aiohttp-server.py" "$port" >>"$log" 2>&1 </dev/null &
	;;
nginx)
	[[ -n $backend ]] || die "nginx needs BACKEND_PORT"
	check_port_arg "$backend"
	"$PEERS_DIR/install.sh" nginx
	mkdir -p "$dir/tmp"
	render "$PEERS_DIR/nginx.conf.tmpl" "$dir/nginx.conf"
	# -e: early error log before the config is read (else /var/log/nginx is used).
	setsid nginx -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf" -g 'daemon off;' >>"$log" 2>&1 </dev/null &
	;;
haproxy)
	[[ -n $backend ]] || die "haproxy needs BACKEND_PORT"
	check_port_arg "$backend"
	"$PEERS_DIR/install.sh" haproxy
	render "$PEERS_DIR/haproxy.cfg.tmpl" "$dir/haproxy.cfg"
	# -db: stay in the foreground (no daemon); we background it ourselves.
	setsid haproxy -db -f "$dir/haproxy.cfg" >>"$log" 2>&1 </dev/null &
	;;
*)
	die "unknown peer: $peer (known: $SERVER_PEERS)"
	;;
esac
pid=$!
echo "$pid" >"$pidfile"
echo "$port" >"$dir/port"
if ! wait_port "$port" "$pid"; then
	echo "--- $log" >&2
	cat "$log" >&2 || true
	"$PEERS_DIR/stop.sh" "$peer" >/dev/null 2>&1 || true
	die "$peer did not start listening on 127.0.0.1:$port"
fi
echo "$peer listening on 127.0.0.1:$port"
