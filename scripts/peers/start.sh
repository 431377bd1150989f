#!/usr/bin/env bash
# Start one server or proxy peer in the background, bound to 127.0.0.1 only.
#
#   scripts/peers/start.sh PEER PORT [BACKEND_PORT]
#
# PEER: node-ws | py-websockets | aiohttp        (echo WebSocket servers)
#       nginx | haproxy                          (reverse proxies; BACKEND_PORT required)
#       nghttpx                                  (h2c through Upgrade; BACKEND_PORT required)
#       apache2-h2c                              (h2c through Upgrade, mod_http2)
#       apache2-tls                              (mod_ssl; RFC 2817 removed in httpd 2.4.64)
#       cups-tls                                 (cupsd: RFC 2817 Upgrade: TLS/1.x)
#       nghttpd                                  (HTTP/2 with prior knowledge only: no Upgrade)
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
nghttpd)
	# nghttpd(1): "--no-tls Disable SSL/TLS"; -d the document root. It
	# speaks HTTP/2 from the first octet (no HTTP/1.1 Upgrade).
	"$PEERS_DIR/install.sh" nghttpd
	mkdir -p "$dir/htdocs"
	echo "switchyard nghttpd peer" >"$dir/htdocs/index.html"
	setsid nghttpd --no-tls -a 127.0.0.1 -d "$dir/htdocs" "$port" >>"$log" 2>&1 </dev/null &
	;;
nghttpx)
	# nghttpx-howto, "Default mode": a frontend with the no-tls keyword
	# accepts HTTP/1 and upgrades it to HTTP/2 through HTTP Upgrade.
	[[ -n $backend ]] || die "nghttpx needs BACKEND_PORT"
	check_port_arg "$backend"
	"$PEERS_DIR/install.sh" nghttpx
	: >"$dir/nghttpx.conf"
	setsid nghttpx --conf="$dir/nghttpx.conf" --frontend="127.0.0.1,$port;no-tls" \
		--backend="127.0.0.1,$backend" --workers=1 --pid-file="$dir/nghttpx.pid" >>"$log" 2>&1 </dev/null &
	;;
apache2-h2c | apache2-tls)
	"$PEERS_DIR/install.sh" "$kind"
	mkdir -p "$dir/htdocs/secure" "$dir/run"
	echo "switchyard $kind peer" >"$dir/htdocs/index.html"
	echo "switchyard $kind peer, TLS only" >"$dir/htdocs/secure/index.html"
	chmod -R a+rX "$dir/htdocs"
	if [[ $kind == apache2-tls && ! -s $dir/cert.pem ]]; then
		openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=127.0.0.1 \
			-keyout "$dir/key.pem" -out "$dir/cert.pem" >>"$log" 2>&1
	fi
	render "$PEERS_DIR/$kind.conf.tmpl" "$dir/httpd.conf"
	# -DFOREGROUND: no daemon; we background it ourselves.
	setsid apache2 -f "$dir/httpd.conf" -DFOREGROUND >>"$log" 2>&1 </dev/null &
	;;
cups-tls)
	"$PEERS_DIR/install.sh" cups-tls
	mkdir -p "$dir/root" "$dir/cache" "$dir/state" "$dir/tmp" "$dir/ssl" "$dir/spool"
	chmod 700 "$dir/spool"
	render "$PEERS_DIR/cupsd.conf.tmpl" "$dir/root/cupsd.conf"
	render "$PEERS_DIR/cups-files.conf.tmpl" "$dir/root/cups-files.conf"
	# -f: stay in the foreground; we background it ourselves.
	setsid cupsd -f -c "$dir/root/cupsd.conf" -s "$dir/root/cups-files.conf" >>"$log" 2>&1 </dev/null &
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
