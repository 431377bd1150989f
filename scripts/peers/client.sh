#!/usr/bin/env bash
# One-shot WebSocket client drivers over real client implementations.
#
#   scripts/peers/client.sh [-p PROTOCOL]... [-d on|off] KIND URL
#
# KIND: node-ws | py-websockets | aiohttp | chromium | firefox | curl
#       | go-gorilla | go-coder | go-gobwas | go-xnet | go-gws
#       | tornado | autobahn | wsproto | faye-websocket | websocket-node
#       | curl-h2c | nghttp                      (h2c clients: URL http://127.0.0.1:PORT/path)
# URL:  ws://127.0.0.1:PORT/path
# -p    offer this subprotocol (repeatable, in order)
# -d    permessage-deflate offer: on|off (default: the client's own default;
#       browsers always offer it, curl and x/net never do, see docs/peers.md)
# Prints exactly one line, "open" or "error: <reason>", and exits 0; bounded by
# (for the h2c clients "open" means the response came over HTTP/2 after a 101)
# a timeout (CLIENT_TIMEOUT seconds, default 40 for browsers, 15 otherwise).
set -euo pipefail
# shellcheck source=scripts/peers/lib.sh
source "$(dirname "$0")/lib.sh"

protocols=()
deflate=default
while getopts "p:d:" opt; do
	case $opt in
	p) protocols+=("$OPTARG") ;;
	d) deflate=$OPTARG ;;
	*) die "usage: client.sh [-p PROTOCOL]... [-d on|off] KIND URL" ;;
	esac
done
shift $((OPTIND - 1))
(($# == 2)) || die "usage: client.sh [-p PROTOCOL]... [-d on|off] KIND URL"
kind=$1 url=$2
[[ $deflate == default || $deflate == on || $deflate == off ]] || die "-d takes on or off"
case $kind in
curl-h2c | nghttp) [[ $url == http://127.0.0.1:* ]] || die "URL must be http://127.0.0.1:PORT/...: $url" ;;
*) [[ $url == ws://127.0.0.1:* ]] || die "URL must be ws://127.0.0.1:PORT/...: $url" ;;
esac

case $kind in
chromium | firefox) bound=${CLIENT_TIMEOUT:-40} ;;
*) bound=${CLIENT_TIMEOUT:-15} ;;
esac

# run CMD...: print the driver's first output line, or an error line; always exit 0.
run() {
	local out rc=0
	out=$(timeout -k 3 "$bound" "$@" 2>/dev/null | head -n 1) || rc=$?
	if [[ -n $out ]]; then
		echo "$out"
	elif ((rc == 124)); then
		echo "error: timeout after ${bound}s"
	else
		echo "error: $kind driver failed (exit $rc)"
	fi
}

# go_client LIB: build (once, cached by go) and run the Go dialer program.
go_client() {
	local bin=$WORK_DIR/bin/goclients
	mkdir -p "$WORK_DIR/bin"
	(cd "$REPO_ROOT" && go build -o "$bin" ./scripts/capture/goclients) >&2
	local args=(-lib "$1" -url "$url" -deflate "$deflate")
	if ((${#protocols[@]})); then
		args+=(-protocols "$(
			IFS=,
			echo "${protocols[*]}"
		)")
	fi
	run "$bin" "${args[@]}"
}

case $kind in
node-ws)
	"$PEERS_DIR/install.sh" node-ws
	run node "$PEERS_DIR/node-ws-client.js" "$url" "$deflate" "${protocols[@]+"${protocols[@]}"}"
	;;
py-websockets)
	"$PEERS_DIR/install.sh" py-websockets
	run "$PY" "$PEERS_DIR/py-websockets-client.py" "$url" "$deflate" "${protocols[@]+"${protocols[@]}"}"
	;;
aiohttp)
	"$PEERS_DIR/install.sh" aiohttp
	run "$PY" "$PEERS_DIR/aiohttp-client.py" "$url" "$deflate" "${protocols[@]+"${protocols[@]}"}"
	;;
tornado | autobahn | wsproto)
	"$PEERS_DIR/install.sh" "$kind"
	run "$PY" "$PEERS_DIR/$kind-client.py" "$url" "$deflate" "${protocols[@]+"${protocols[@]}"}"
	;;
faye-websocket)
	"$PEERS_DIR/install.sh" faye-websocket
	FAYE_NODE_MODULES=$(npm_modules faye-websocket) run node "$PEERS_DIR/faye-websocket-client.js" "$url" "$deflate" "${protocols[@]+"${protocols[@]}"}"
	;;
websocket-node)
	"$PEERS_DIR/install.sh" websocket-node
	WSNODE_NODE_MODULES=$(npm_modules websocket) run node "$PEERS_DIR/websocket-node-client.js" "$url" "$deflate" "${protocols[@]+"${protocols[@]}"}"
	;;
chromium | firefox)
	"$PEERS_DIR/install.sh" "$kind" node-ws
	BROWSER_TIMEOUT=$((bound - 8)) run node "$PEERS_DIR/browser-client.js" "$kind" "$url" "${protocols[@]+"${protocols[@]}"}"
	;;
curl)
	# Debian bookworm's curl (7.88) is built without ws:// support, so curl sends
	# the handshake as a plain HTTP/1.1 GET with explicit headers; "open" means a
	# 101 whose Sec-WebSocket-Accept matches the key (RFC 6455 section 4.2.2).
	"$PEERS_DIR/install.sh" curl
	key=$(head -c 16 /dev/urandom | base64)
	want=$(printf '%s' "${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11" | openssl dgst -sha1 -binary | base64)
	hdrs=(-H "Connection: Upgrade" -H "Upgrade: websocket" -H "Sec-WebSocket-Version: 13" -H "Sec-WebSocket-Key: $key")
	if ((${#protocols[@]})); then
		joined=$(printf '%s, ' "${protocols[@]}")
		hdrs+=(-H "Sec-WebSocket-Protocol: ${joined%, }")
	fi
	if [[ $deflate == on ]]; then
		hdrs+=(-H "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits")
	fi
	# After a 101 curl reads the upgraded stream as a body until the server
	# closes, so the headers are dumped to a file and --max-time bounds the rest.
	tmp=$(mktemp)
	trap 'rm -f "$tmp"' EXIT
	rc=0
	timeout -k 3 "$bound" curl --http1.1 -sS -o /dev/null -D "$tmp" --max-time 3 "${hdrs[@]}" "http://${url#ws://}" 2>/dev/null || rc=$?
	status=$(head -n 1 "$tmp" | tr -d '\r')
	accept=$(grep -i '^sec-websocket-accept:' "$tmp" | head -n 1 | cut -d: -f2- | tr -d ' \r' || true)
	if [[ $status == "HTTP/1.1 101"* && $accept == "$want" ]]; then
		echo open
	elif [[ $status == "HTTP/1.1 101"* ]]; then
		echo "error: 101 with wrong Sec-WebSocket-Accept"
	elif [[ -n $status ]]; then
		echo "error: unexpected response: $status"
	else
		echo "error: curl failed (exit $rc)"
	fi
	;;
go-gorilla | go-coder | go-gobwas | go-xnet | go-gws)
	go_client "${kind#go-}"
	;;
curl-h2c)
	# curl(1) --http2: "For HTTP, this means curl attempts to upgrade the
	# request to HTTP/2 using the Upgrade: response header" (h2c, RFC 7540
	# §3.2). %{http_version} is 2 when the response came over HTTP/2.
	"$PEERS_DIR/install.sh" curl
	rc=0
	got=$(timeout -k 3 "$bound" curl --http2 -sS -o /dev/null -w '%{http_version} %{http_code}' --max-time $((bound - 1)) "$url" 2>&1) || rc=$?
	got=${got//$'\n'/ }
	if ((rc == 0)) && [[ $got == "2 200" ]]; then
		echo open
	elif ((rc == 0)); then
		echo "error: not upgraded: HTTP/$got"
	else
		echo "error: curl exit $rc: $got"
	fi
	;;
nghttp)
	# nghttp(1) -u, --upgrade: "Perform HTTP Upgrade for HTTP/2" (h2c); -v
	# prints the frames, and "HTTP Upgrade success" once the 101 is taken;
	# -n discards the body.
	"$PEERS_DIR/install.sh" nghttp
	rc=0
	got=$(timeout -k 3 "$bound" nghttp -u -v -n -t $((bound - 1)) "$url" 2>&1) || rc=$?
	if ((rc == 0)) && grep -q 'HTTP Upgrade success' <<<"$got" && grep -q ':status: 200' <<<"$got"; then
		echo open
	elif ((rc == 0)); then
		echo "error: not upgraded: $(grep -m1 -oE 'HTTP Upgrade [a-z]+|:status: [0-9]+' <<<"$got" || echo 'no status')"
	else
		echo "error: nghttp exit $rc: $(grep -m1 -iE 'error|fail' <<<"$got" || echo "${got%%$'\n'*}")"
	fi
	;;
*)
	die "unknown client kind: $kind"
	;;
esac
