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
#       tornado | uvicorn-websockets | uvicorn-wsproto | hypercorn | autobahn
#       | websocketd | lws-test-server | faye-websocket | websocket-node
#       | lighttpd-wstunnel                      (WebSocket servers, each its docs' example)
#       apache2-wstunnel | apache2-upgrade | lighttpd-proxy | varnish | squid
#       | caddy | tinyproxy | trafficserver | h2o (reverse proxies; BACKEND_PORT required)
#       tomcat10                                 (Tomcat's WebSocket examples, /examples/websocket/...)
#       jetty9                                   (Jetty 9.4, JSR-356 echo at /chat; h2c on the same port)
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
	sed -e "s|@DIR@|$dir|g" -e "s|@PORT@|$port|g" -e "s|@BACKEND_PORT@|$backend|g" -e "s|@PEERS@|$PEERS_DIR|g" "$1" >"$2"
}
need_backend() {
	[[ -n $backend ]] || die "$kind needs BACKEND_PORT"
	check_port_arg "$backend"
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
tornado)
	# tornado-server.py: the tornado.websocket docs' EchoWebSocket example.
	"$PEERS_DIR/install.sh" tornado
	setsid "$PY" -u "$PEERS_DIR/tornado-server.py" "$port" >>"$log" 2>&1 </dev/null &
	;;
uvicorn-websockets | uvicorn-wsproto)
	# uvicorn's docs, "Settings" > "Implementation": --ws websockets|wsproto
	# picks the WebSocket back end; the app is the ASGI echo asgi_echo.py.
	"$PEERS_DIR/install.sh" "$kind"
	# PYTHONDONTWRITEBYTECODE: no __pycache__ for asgi_echo.py in the work tree.
	PYTHONDONTWRITEBYTECODE=1 setsid "$PY" -m uvicorn --app-dir "$PEERS_DIR" asgi_echo:app --host 127.0.0.1 --port "$port" \
		--ws "${kind#uvicorn-}" --no-access-log >>"$log" 2>&1 </dev/null &
	;;
hypercorn)
	# hypercorn's docs, "Usage": hypercorn [options] module:app, --bind HOST:PORT;
	# its WebSocket support is wsproto. The app is the ASGI echo asgi_echo.py.
	"$PEERS_DIR/install.sh" hypercorn
	PYTHONDONTWRITEBYTECODE=1 setsid "$PY" -m hypercorn --bind "127.0.0.1:$port" "$PEERS_DIR/asgi_echo.py:app" >>"$log" 2>&1 </dev/null &
	;;
autobahn)
	# autobahn-server.py: autobahn's "WebSocket Programming" asyncio echo server.
	"$PEERS_DIR/install.sh" autobahn
	setsid "$PY" -u "$PEERS_DIR/autobahn-server.py" "$port" >>"$log" 2>&1 </dev/null &
	;;
websocketd)
	# websocketd(1) / its README "Tutorial": websocketd --port=PORT PROGRAM turns
	# each line of PROGRAM's stdout into a message; PROGRAM is cat (an echo).
	"$PEERS_DIR/install.sh" websocketd
	setsid websocketd --address=127.0.0.1 --port="$port" cat >>"$log" 2>&1 </dev/null &
	;;
lws-test-server)
	# libwebsockets' test server, as shipped (test-apps/test-server.c):
	# --port=PORT, --interface=lo (-i; an interface name: an address is ignored) binds
	# [::ffff:127.0.0.1] only. Its protocols are
	# "http-only", "dumb-increment-protocol", "lws-mirror-protocol".
	"$PEERS_DIR/install.sh" lws-test-server
	setsid libwebsockets-test-server --port="$port" --interface=lo >>"$log" 2>&1 </dev/null &
	;;
faye-websocket)
	"$PEERS_DIR/install.sh" faye-websocket
	FAYE_NODE_MODULES=$(npm_modules faye-websocket) setsid node "$PEERS_DIR/faye-websocket-server.js" "$port" >>"$log" 2>&1 </dev/null &
	;;
websocket-node)
	"$PEERS_DIR/install.sh" websocket-node
	WSNODE_NODE_MODULES=$(npm_modules websocket) setsid node "$PEERS_DIR/websocket-node-server.js" "$port" >>"$log" 2>&1 </dev/null &
	;;
lighttpd-wstunnel | lighttpd-proxy)
	[[ $kind == lighttpd-wstunnel ]] || need_backend
	"$PEERS_DIR/install.sh" "$kind"
	mkdir -p "$dir/htdocs"
	render "$PEERS_DIR/$kind.conf.tmpl" "$dir/lighttpd.conf"
	# -D: stay in the foreground; we background it ourselves.
	setsid lighttpd -D -f "$dir/lighttpd.conf" >>"$log" 2>&1 </dev/null &
	;;
apache2-wstunnel | apache2-upgrade)
	need_backend
	"$PEERS_DIR/install.sh" "$kind"
	mkdir -p "$dir/run"
	render "$PEERS_DIR/$kind.conf.tmpl" "$dir/httpd.conf"
	setsid apache2 -f "$dir/httpd.conf" -DFOREGROUND >>"$log" 2>&1 </dev/null &
	;;
varnish)
	# varnishd(1): -F foreground, -a listen address, -f VCL file, -n working
	# directory, -s storage, -T none (no management port).
	need_backend
	"$PEERS_DIR/install.sh" varnish
	mkdir -p "$dir/work"
	render "$PEERS_DIR/varnish.vcl.tmpl" "$dir/default.vcl"
	setsid varnishd -F -n "$dir/work" -a "127.0.0.1:$port" -f "$dir/default.vcl" -s malloc,32m -T none >>"$log" 2>&1 </dev/null &
	;;
squid)
	# squid(8): -N no daemon; -f the config.
	need_backend
	"$PEERS_DIR/install.sh" squid
	render "$PEERS_DIR/squid.conf.tmpl" "$dir/squid.conf"
	chown proxy "$dir"
	setsid squid -N -f "$dir/squid.conf" >>"$log" 2>&1 </dev/null &
	;;
caddy)
	# caddy run --config FILE --adapter caddyfile (Caddy docs, "Command Line").
	need_backend
	"$PEERS_DIR/install.sh" caddy
	mkdir -p "$dir/data" "$dir/config"
	render "$PEERS_DIR/Caddyfile.tmpl" "$dir/Caddyfile"
	HOME=$dir XDG_DATA_HOME=$dir/data XDG_CONFIG_HOME=$dir/config \
		setsid caddy run --config "$dir/Caddyfile" --adapter caddyfile >>"$log" 2>&1 </dev/null &
	;;
tinyproxy)
	# tinyproxy(8): -d stay in the foreground, -c the config.
	need_backend
	"$PEERS_DIR/install.sh" tinyproxy
	render "$PEERS_DIR/tinyproxy.conf.tmpl" "$dir/tinyproxy.conf"
	chown nobody "$dir"
	setsid tinyproxy -d -c "$dir/tinyproxy.conf" >>"$log" 2>&1 </dev/null &
	;;
trafficserver)
	# traffic_server(8) --run-root: a run root whose config is a copy of
	# Debian's /etc/trafficserver with the settings of
	# trafficserver-records.config.tmpl appended and trafficserver-remap.config.tmpl
	# as remap.config; the cache is a 64 MB file (storage.config(5)).
	need_backend
	"$PEERS_DIR/install.sh" trafficserver
	rm -rf "$dir/etc"
	mkdir -p "$dir/run" "$dir/logs" "$dir/cache"
	cp -r /etc/trafficserver "$dir/etc"
	render "$PEERS_DIR/trafficserver-runroot.yaml.tmpl" "$dir/runroot.yaml"
	render "$PEERS_DIR/trafficserver-records.config.tmpl" "$dir/records.add"
	cat "$dir/records.add" >>"$dir/etc/records.config"
	render "$PEERS_DIR/trafficserver-remap.config.tmpl" "$dir/etc/remap.config"
	echo "$dir/cache 64M" >"$dir/etc/storage.config"
	setsid traffic_server --run-root="$dir/runroot.yaml" >>"$log" 2>&1 </dev/null &
	;;
tomcat10)
	# catalina.sh run (Tomcat 10.1 docs, "RUNNING.txt": CATALINA_BASE for a
	# separate instance): CATALINA_BASE is the peer's state directory with
	# Debian's conf/ (server.xml replaced by tomcat10-server.xml.tmpl) and the
	# examples web application. catalina.sh execs java, so the PID is the JVM's.
	"$PEERS_DIR/install.sh" tomcat10
	mkdir -p "$dir/webapps" "$dir/logs" "$dir/temp" "$dir/work"
	rm -rf "$dir/conf"
	cp -r /etc/tomcat10 "$dir/conf"
	render "$PEERS_DIR/tomcat10-server.xml.tmpl" "$dir/conf/server.xml"
	ln -sfn /usr/share/tomcat10-examples/examples "$dir/webapps/examples"
	CATALINA_HOME=/usr/share/tomcat10 CATALINA_BASE=$dir CATALINA_TMPDIR=$dir/temp \
		setsid /usr/share/tomcat10/bin/catalina.sh run >>"$log" 2>&1 </dev/null &
	;;
jetty9)
	# java -jar start.jar jetty.home=... jetty.base=... (Jetty 9.4 documentation,
	# "Managing Jetty Base and Jetty Home"): jetty.base is the peer's state
	# directory with jetty9/start.ini.tmpl and one web application, root
	# (context path /), holding jetty9/ChatEndpoint.java compiled against
	# Jetty's javax.websocket API jar. The PID is the JVM's.
	"$PEERS_DIR/install.sh" jetty9
	rm -rf "$dir/webapps"
	mkdir -p "$dir/webapps/root/WEB-INF/classes" "$dir/tmp"
	javac -d "$dir/webapps/root/WEB-INF/classes" -cp "$JETTY_HOME/lib/websocket/javax.websocket-api-1.0.jar" \
		"$PEERS_DIR/jetty9/ChatEndpoint.java" >>"$log" 2>&1
	render "$PEERS_DIR/jetty9/start.ini.tmpl" "$dir/start.ini"
	setsid java -Djava.io.tmpdir="$dir/tmp" -jar "$JETTY_HOME/start.jar" \
		jetty.home="$JETTY_HOME" jetty.base="$dir" >>"$log" 2>&1 </dev/null &
	;;
h2o)
	# h2o(8): -c the config; it stays in the foreground.
	need_backend
	"$PEERS_DIR/install.sh" h2o
	render "$PEERS_DIR/h2o.conf.tmpl" "$dir/h2o.conf"
	setsid h2o -c "$dir/h2o.conf" >>"$log" 2>&1 </dev/null &
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
if [[ $kind == tomcat10 || $kind == jetty9 ]]; then
	# The connector accepts before the web applications are deployed: wait
	# (at most ~30 s) for catalina's "Server startup in" line, Jetty's "Started @".
	for ((i = 0; i < 300; i++)); do
		grep -qE 'Server startup in|Started @' "$log" && break
		sleep 0.1
	done
fi
echo "$peer listening on 127.0.0.1:$port"
