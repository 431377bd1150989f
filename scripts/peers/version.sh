#!/usr/bin/env bash
# Print the real version string of a peer, read from the installed tool itself.
#
#   scripts/peers/version.sh PEER
#
# PEER: node-ws py-websockets aiohttp nginx haproxy chromium firefox curl
#       nghttpd nghttpx apache2-h2c apache2-tls cups-tls
#       go-gorilla go-coder go-gobwas go-xnet go-gws
#       tornado uvicorn-websockets uvicorn-wsproto hypercorn autobahn wsproto websocketd
#       lws-test-server faye-websocket websocket-node lighttpd-wstunnel lighttpd-proxy
#       apache2-wstunnel apache2-upgrade varnish squid caddy tinyproxy trafficserver h2o tomcat10
#       jetty9 jetty9-h2c nghttp curl-h2c
set -euo pipefail
# shellcheck source=scripts/peers/lib.sh
source "$(dirname "$0")/lib.sh"

(($# == 1)) || die "usage: version.sh PEER"
pyv() { "$PY" -c 'import platform; print(platform.python_version())'; }
# pymod MODULE DEBIAN_PACKAGE: "MODULE VERSION (Debian PACKAGE VERSION)".
pymod() { echo "$1 $("$PY" -c "import importlib.metadata as m; print(m.version('$1'))" 2>/dev/null || echo unknown) (Debian $2 $(deb "$2"))"; }
# npmv PACKAGE [IN]: the version of npm PACKAGE installed in the prefix of IN (default PACKAGE).
npmv() { node -p "require('$(npm_modules "${2:-$1}")/$1/package.json').version" 2>/dev/null || echo unknown; }
deb() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo unknown; }
# first_line CMD...: the first line of CMD's stdout. No "| head" here: under
# pipefail, head exiting early would fail the pipeline with SIGPIPE.
first_line() {
	local out
	out=$("$@" 2>/dev/null) || true
	printf '%s\n' "${out%%$'\n'*}"
}

case $1 in
node-ws)
	echo "ws $(node -p "require('$NODE_PREFIX/node_modules/ws/package.json').version") (npm) on Node.js $(node --version)"
	;;
py-websockets)
	echo "websockets $("$PY" -c 'import websockets; print(websockets.__version__)') (Debian python3-websockets $(deb python3-websockets)) on Python $("$PY" -c 'import platform; print(platform.python_version())')"
	;;
aiohttp)
	echo "aiohttp $("$PY" -c 'import aiohttp; print(aiohttp.__version__)') (Debian python3-aiohttp $(deb python3-aiohttp)) on Python $("$PY" -c 'import platform; print(platform.python_version())')"
	;;
nginx)
	v=$(nginx -v 2>&1)
	echo "${v#nginx version: } (Debian $(deb nginx-common))"
	;;
haproxy)
	first_line haproxy -v
	;;
chromium)
	# The Debian wrapper script may print shell noise on stderr; keep stdout.
	first_line chromium --version
	;;
firefox)
	h=$(mktemp -d)
	HOME=$h first_line timeout 30 firefox-esr --version
	rm -rf "$h"
	;;
curl | curl-h2c)
	first_line curl --version
	;;
nghttp)
	echo "$(first_line nghttp --version) (Debian nghttp2-client $(deb nghttp2-client))"
	;;
nghttpd)
	echo "$(first_line nghttpd --version) (Debian nghttp2-server $(deb nghttp2-server))"
	;;
nghttpx)
	echo "$(first_line nghttpx --version) (Debian nghttp2-proxy $(deb nghttp2-proxy))"
	;;
apache2-h2c | apache2-tls)
	v=$(first_line apache2 -v)
	echo "${v#Server version: } (Debian apache2-bin $(deb apache2-bin))"
	;;
cups-tls)
	echo "cupsd (Debian cups-daemon $(deb cups-daemon))"
	;;
tornado | autobahn | wsproto | hypercorn)
	echo "$(pymod "$1" "python3-$1") on Python $(pyv)"
	;;
uvicorn-websockets)
	echo "$(pymod uvicorn python3-uvicorn), $(pymod websockets python3-websockets) on Python $(pyv)"
	;;
uvicorn-wsproto)
	echo "$(pymod uvicorn python3-uvicorn), $(pymod wsproto python3-wsproto) on Python $(pyv)"
	;;
websocketd)
	# The Debian build reports "DEVBUILD"; the package version is the real one.
	v=$(first_line websocketd --version)
	echo "websocketd (Debian websocketd $(deb websocketd)), ${v% --}"
	;;
lws-test-server)
	echo "libwebsockets test server (Debian libwebsockets-test-server $(deb libwebsockets-test-server), libwebsockets17 $(deb libwebsockets17))"
	;;
faye-websocket)
	echo "faye-websocket $(npmv faye-websocket) (npm, websocket-driver $(npmv websocket-driver faye-websocket)) on Node.js $(node --version)"
	;;
websocket-node)
	echo "websocket $(npmv websocket) (npm, WebSocket-Node) on Node.js $(node --version)"
	;;
lighttpd-wstunnel | lighttpd-proxy)
	v=$(first_line lighttpd -v)
	echo "${v%% - *} (Debian lighttpd $(deb lighttpd))"
	;;
apache2-wstunnel | apache2-upgrade)
	v=$(first_line apache2 -v)
	echo "${v#Server version: } (Debian apache2-bin $(deb apache2-bin))"
	;;
varnish)
	v=$(varnishd -V 2>&1) || true
	v=${v%%$'\n'*}
	echo "$v (Debian varnish $(deb varnish))"
	;;
squid)
	echo "$(first_line squid -v) (Debian squid $(deb squid))"
	;;
caddy)
	echo "caddy $(first_line caddy version) (Debian caddy $(deb caddy))"
	;;
tinyproxy)
	echo "$(first_line tinyproxy -v) (Debian tinyproxy $(deb tinyproxy))"
	;;
trafficserver)
	v=$(traffic_server -V 2>&1) || true
	v=${v%%$'\n'*}
	echo "${v%% [A-Z][a-z][a-z] *} (Debian trafficserver $(deb trafficserver))"
	;;
tomcat10)
	v=$(CATALINA_HOME=/usr/share/tomcat10 /usr/share/tomcat10/bin/version.sh 2>/dev/null | grep '^Server version:') || true
	echo "${v#Server version: } (Debian tomcat10 $(deb tomcat10)) on Java $(java -version 2>&1 | sed -n '1s/.*"\(.*\)".*/\1/p')"
	;;
h2o)
	echo "$(first_line h2o --version) (Debian h2o $(deb h2o))"
	;;
jetty9 | jetty9-h2c)
	# The jar names of jetty.home carry Jetty's own version (9.4.57.v20241219).
	jar=$(compgen -G "$JETTY_HOME/lib/jetty-server-*.jar" | head -n 1) || true
	jar=${jar##*/jetty-server-}
	echo "Jetty ${jar%.jar} (Debian jetty9 $(deb jetty9)) on Java $(java -version 2>&1 | sed -n '1s/.*"\(.*\)".*/\1/p')"
	;;
go-gorilla | go-coder | go-gobwas | go-xnet | go-gws)
	bin=$WORK_DIR/bin/goclients
	mkdir -p "$WORK_DIR/bin"
	(cd "$REPO_ROOT" && go build -o "$bin" ./scripts/capture/goclients) >&2
	case $1 in
	go-gorilla) mod=github.com/gorilla/websocket ;;
	go-coder) mod=github.com/coder/websocket ;;
	go-gobwas) mod=github.com/gobwas/ws ;;
	go-xnet) mod=golang.org/x/net ;;
	go-gws) mod=github.com/lxzan/gws ;;
	esac
	line=$(first_line grep "^$mod " <<<"$("$bin" -versions)")
	echo "$line ($(go env GOVERSION))"
	;;
*)
	die "unknown peer: $1"
	;;
esac
