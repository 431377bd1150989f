#!/usr/bin/env bash
# Print the real version string of a peer, read from the installed tool itself.
#
#   scripts/peers/version.sh PEER
#
# PEER: node-ws py-websockets aiohttp nginx haproxy chromium firefox curl
#       nghttpd nghttpx apache2-h2c apache2-tls cups-tls
#       go-gorilla go-coder go-gobwas go-xnet go-gws
set -euo pipefail
# shellcheck source=scripts/peers/lib.sh
source "$(dirname "$0")/lib.sh"

(($# == 1)) || die "usage: version.sh PEER"
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
curl)
	first_line curl --version
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
