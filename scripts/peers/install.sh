#!/usr/bin/env bash
# Install the real third-party peers used by the harness and the corpus capture.
#
#   scripts/peers/install.sh [peer...]     (no argument: all peers)
#
# peers: node-ws py-websockets aiohttp nginx haproxy chromium firefox curl
#        nghttpd nghttpx apache2-h2c apache2-tls cups-tls   (HTTP/2, h2c and TLS/1.0 upgrade servers)
#        tornado uvicorn-websockets uvicorn-wsproto hypercorn autobahn wsproto websocketd
#        lws-test-server faye-websocket websocket-node lighttpd-wstunnel   (WebSocket servers/clients)
#        apache2-wstunnel apache2-upgrade lighttpd-proxy varnish squid caddy tinyproxy
#        trafficserver h2o                                   (proxies)
#        tomcat10                                            (Tomcat's WebSocket examples)
#        jetty9                                              (Jetty 9's WebSocket echo example; h2c)
#        nghttp                                              (nghttp2's client: h2c through Upgrade)
# Debian packages come from apt; the npm package ws goes into .work/node_modules,
# faye-websocket and websocket into .work/npm/<package>/node_modules.
# Idempotent and fast when everything is already installed (no network then).
set -euo pipefail
# shellcheck source=scripts/peers/lib.sh
source "$(dirname "$0")/lib.sh"

ALL="node-ws py-websockets aiohttp nginx haproxy chromium firefox curl nghttpd nghttpx apache2-h2c apache2-tls cups-tls
 tornado uvicorn-websockets uvicorn-wsproto hypercorn autobahn wsproto websocketd lws-test-server faye-websocket
 websocket-node lighttpd-wstunnel apache2-wstunnel apache2-upgrade lighttpd-proxy varnish squid caddy tinyproxy
 trafficserver h2o tomcat10 jetty9 nghttp"
peers=("$@")
if ((${#peers[@]} == 0)); then
	read -r -a peers <<<"$ALL"
fi

debs=()
need_ws=0
npms=() # PACKAGE@VERSION, each into its own prefix
for p in "${peers[@]}"; do
	case $p in
	node-ws) need_ws=1 ;;
	py-websockets) debs+=(python3-websockets) ;;
	aiohttp) debs+=(python3-aiohttp) ;;
	nginx) debs+=(nginx) ;;
	haproxy) debs+=(haproxy) ;;
	chromium) debs+=(chromium) ;;
	firefox) debs+=(firefox-esr) ;;
	curl) debs+=(curl openssl) ;;
	# nghttpd, nghttp2's HTTP/2 server: with --no-tls it serves h2c with
	# prior knowledge only; it has no HTTP/1.1 Upgrade (docs/peers.md).
	nghttpd) debs+=(nghttp2-server) ;;
	# nghttpx, nghttp2's proxy: a no-tls frontend upgrades HTTP/1.1 to
	# h2c through Upgrade (RFC 7540 §3.2).
	nghttpx) debs+=(nghttp2-proxy) ;;
	# Apache httpd: mod_http2 serves h2c through Upgrade (Protocols h2c
	# http/1.1). apache2-tls is mod_ssl's "SSLEngine optional" (RFC 2817),
	# which httpd 2.4.64 removed (CVE-2025-49812; docs/peers.md).
	apache2-h2c) debs+=(apache2) ;;
	apache2-tls) debs+=(apache2 openssl) ;;
	# cupsd, the CUPS scheduler, answers Upgrade: TLS/1.x (RFC 2817).
	cups-tls) debs+=(cups-daemon openssl) ;;
	tornado) debs+=(python3-tornado) ;;
	uvicorn-websockets) debs+=(python3-uvicorn python3-websockets) ;;
	uvicorn-wsproto) debs+=(python3-uvicorn python3-wsproto) ;;
	hypercorn) debs+=(python3-hypercorn) ;;
	autobahn) debs+=(python3-autobahn) ;;
	wsproto) debs+=(python3-wsproto) ;;
	websocketd) debs+=(websocketd) ;;
	lws-test-server) debs+=(libwebsockets-test-server) ;;
	faye-websocket) npms+=("faye-websocket@$FAYE_NPM_VERSION") ;;
	websocket-node) npms+=("websocket@$WSNODE_NPM_VERSION") ;;
	lighttpd-wstunnel | lighttpd-proxy) debs+=(lighttpd) ;;
	apache2-wstunnel | apache2-upgrade) debs+=(apache2) ;;
	varnish) debs+=(varnish) ;;
	squid) debs+=(squid) ;;
	caddy) debs+=(caddy) ;;
	tinyproxy) debs+=(tinyproxy) ;;
	trafficserver) debs+=(trafficserver) ;;
	h2o) debs+=(h2o) ;;
	tomcat10) debs+=(tomcat10 tomcat10-examples) ;;
	# jetty9: Debian's Jetty 9.4 (jetty-home in /usr/share/jetty9); the echo
	# endpoint scripts/peers/jetty9/ is compiled with javac against its jars.
	jetty9) debs+=(jetty9 default-jdk-headless) ;;
	nghttp) debs+=(nghttp2-client) ;;
	*) die "unknown peer: $p (known: $ALL)" ;;
	esac
done
if ((need_ws || ${#npms[@]})); then
	command -v node >/dev/null || debs+=(nodejs)
	command -v npm >/dev/null || debs+=(npm)
fi

# Debian packages: install only the missing ones.
missing=()
for d in "${debs[@]}"; do
	if [[ $(dpkg-query -W -f='${Status}' "$d" 2>/dev/null || true) != "install ok installed" ]]; then
		missing+=("$d")
	fi
done
if ((${#missing[@]})); then
	echo "installing Debian packages: ${missing[*]}" >&2
	# Keep package maintainer scripts from starting nginx/haproxy as system
	# services (they would listen on 0.0.0.0:80): policy-rc.d exit 101 = "not allowed".
	added_policy=0
	if [[ ! -e /usr/sbin/policy-rc.d ]]; then
		printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
		chmod 755 /usr/sbin/policy-rc.d
		added_policy=1
	fi
	cleanup_policy() { if ((added_policy)); then rm -f /usr/sbin/policy-rc.d; fi; }
	trap cleanup_policy EXIT
	# apt-get update once if the lists are empty or older than a day.
	if [[ -z $(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mtime -1 2>/dev/null | head -1) ]]; then
		timeout 600 apt-get update -qq
	fi
	DEBIAN_FRONTEND=noninteractive timeout 1200 apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

if ((need_ws)); then
	have=""
	if [[ -f $NODE_PREFIX/node_modules/ws/package.json ]]; then
		have=$(node -p "require('$NODE_PREFIX/node_modules/ws/package.json').version")
	fi
	if [[ $have != "$WS_NPM_VERSION" ]]; then
		echo "installing npm ws@$WS_NPM_VERSION into $NODE_PREFIX/node_modules" >&2
		mkdir -p "$NODE_PREFIX"
		timeout 300 npm install --silent --no-audit --no-fund --no-save --prefix "$NODE_PREFIX" "ws@$WS_NPM_VERSION" >&2
	fi
fi

for spec in "${npms[@]+"${npms[@]}"}"; do
	name=${spec%@*} want=${spec##*@}
	mods=$(npm_modules "$name")
	have=""
	if [[ -f $mods/$name/package.json ]]; then
		have=$(node -p "require('$mods/$name/package.json').version")
	fi
	if [[ $have != "$want" ]]; then
		echo "installing npm $spec into ${mods%/node_modules}/node_modules" >&2
		mkdir -p "${mods%/node_modules}"
		timeout 300 npm install --silent --no-audit --no-fund --no-save --prefix "${mods%/node_modules}" "$spec" >&2
	fi
done
