# shellcheck shell=bash
# Shared helpers for scripts/peers/*.sh. Sourced, never executed.
#
# shellcheck disable=SC2034 # variables are used by the scripts that source this file

# Layout of run-time state (all under the repo-local, git-ignored .work/):
#   .work/node_modules/        npm packages (ws) installed by install.sh
#   .work/peers/<peer>/        one directory per running peer: pid, log, configs, temp dirs

PEERS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$PEERS_DIR/../.." && pwd)"
WORK_DIR="$REPO_ROOT/.work"
NODE_PREFIX="$WORK_DIR"
# Debian's python3-* modules are only importable by Debian's interpreter.
PY=/usr/bin/python3
# Debian jetty9's jetty.home.
JETTY_HOME=/usr/share/jetty9
# Pinned npm version of the ws package (see docs/peers.md).
WS_NPM_VERSION="8.23.0"
# Other pinned npm packages, each in its own prefix .work/npm/<package>/ (an
# npm install --no-save into one shared prefix would prune the others).
FAYE_NPM_VERSION="0.11.4"      # faye-websocket
WSNODE_NPM_VERSION="1.0.35"    # websocket (WebSocket-Node)
npm_modules() { # npm_modules PACKAGE: the node_modules directory holding PACKAGE
	echo "$WORK_DIR/npm/$1/node_modules"
}

# Server/proxy peers understood by start.sh / stop.sh.
SERVER_PEERS="node-ws py-websockets aiohttp nginx haproxy nghttpd nghttpx apache2-h2c apache2-tls cups-tls
 tornado uvicorn-websockets uvicorn-wsproto hypercorn autobahn websocketd lws-test-server faye-websocket
 websocket-node lighttpd-wstunnel apache2-wstunnel apache2-upgrade lighttpd-proxy varnish squid caddy
 tinyproxy trafficserver h2o tomcat10 jetty9"

die() {
	echo "error: $*" >&2
	exit 1
}

peer_dir() {
	echo "$WORK_DIR/peers/$1"
}

# port_open PORT: true when 127.0.0.1:PORT accepts a TCP connection (1 s bound).
port_open() {
	timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

# wait_port PORT PID: poll until PORT accepts, at most ~10 s; fail early if PID died.
wait_port() {
	local port=$1 pid=$2 i
	for ((i = 0; i < 100; i++)); do
		if port_open "$port"; then
			return 0
		fi
		if ! kill -0 "$pid" 2>/dev/null; then
			return 1
		fi
		sleep 0.1
	done
	return 1
}

# pid_alive FILE: true when FILE holds the PID of a live process.
pid_alive() {
	[[ -s $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null
}

check_port_arg() {
	if ! [[ $1 =~ ^[0-9]+$ ]] || (($1 < 1 || $1 > 65535)); then
		die "bad port: $1"
	fi
}
