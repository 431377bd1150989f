#!/usr/bin/env bash
# Reproduce docs/peer-results.md: run `fuzzrun suite` against every real peer
# and render the results.
#
#   scripts/peer-results.sh [--no-browsers]
#
# Servers (server mode), proxies (proxy mode, in front of the harness's
# scripted backend) and clients (client mode; browsers get the short list):
# the lists servers=, proxies= and clients= below (docs/peers.md describes each).
# Ports: PORT_BASE (default 31700, below the ephemeral range) +0.. the servers,
# +20.. the h2c and TLS/1.0 upgrade servers, +30.. the proxies, +60.. their scripted backends. Reports: .work/suite-results/<peer>-<mode>/.
# Every peer it starts is stopped by PID (scripts/peers/stop.sh) on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

browsers=1
case ${1:-} in
--no-browsers) browsers=0 ;;
"") ;;
*)
	echo "usage: scripts/peer-results.sh [--no-browsers]" >&2
	exit 2
	;;
esac

base=${PORT_BASE:-31700}
out=.work/suite-results
fuzzrun=.work/bin/fuzzrun
# shellcheck source=scripts/lib/started-peers.sh
. scripts/lib/started-peers.sh

start() { # start NAME PORT [BACKEND_PORT]
	started+=("$1")
	scripts/peers/start.sh "$@" >&2
}

# suite LABEL MODE ARGS...: run one suite; exit 1 (failed cases) is a result, 2 an error.
results=()
suite() {
	local label=$1 mode=$2 rc=0
	shift 2
	local dir=$out/$label-$mode
	"$fuzzrun" suite "$@" --report "$dir" >"$dir.txt" || rc=$?
	if ((rc > 1)); then
		echo "fuzzrun suite $* failed (exit $rc):" >&2
		cat "$dir.txt" >&2
		exit 1
	fi
	tail -n 1 "$dir.txt" >&2
	results+=("$label=$dir")
}

servers=(node-ws py-websockets aiohttp tornado uvicorn-websockets uvicorn-wsproto hypercorn autobahn
	websocketd faye-websocket websocket-node lighttpd-wstunnel tomcat10 jetty9 lws-test-server)
# Servers of the other upgrades (--protocol h2c|tls), at PORT_BASE+20..: the
# jetty9 server above also serves h2c on its port; nghttpx's backend is apache2-h2c.
h2c_tls=(apache2-h2c nghttpx cups-tls)
proxies=(nginx haproxy apache2-wstunnel apache2-upgrade lighttpd-proxy varnish squid caddy tinyproxy
	trafficserver h2o)
clients=(node-ws py-websockets aiohttp go-gorilla go-coder go-gobwas go-xnet go-gws
	tornado autobahn wsproto faye-websocket websocket-node curl-h2c nghttp)
peers=("${servers[@]}" jetty9-h2c "${h2c_tls[@]}" "${proxies[@]}" "${clients[@]}")
if ((browsers)); then
	clients=(chromium firefox "${clients[@]}")
	peers+=(chromium firefox)
fi

scripts/peers/install.sh
mkdir -p .work/bin
go build -o "$fuzzrun" ./cmd/fuzzrun
rm -rf "$out"
mkdir -p "$out"

for i in "${!servers[@]}"; do
	start "${servers[i]}@results" "$((base + i))"
done
for i in "${!proxies[@]}"; do
	start "${proxies[i]}@results" "$((base + 30 + i))" "$((base + 60 + i))"
done
start apache2-h2c@results "$((base + 20))"
start nghttpx@results "$((base + 21))" "$((base + 20))"
start cups-tls@results "$((base + 22))"

for i in "${!servers[@]}"; do
	path=/chat offer=()
	case ${servers[i]} in
	tomcat10) path=/examples/websocket/echoAnnotation ;;
	# The test server closes on subprotocols it does not serve: its preflight
	# offers one of its own (docs/peers.md).
	lws-test-server) path=/ offer=(--subprotocols dumb-increment-protocol) ;;
	esac
	suite "${servers[i]}" server --target "tcp://127.0.0.1:$((base + i))$path" "${offer[@]+"${offer[@]}"}"
done
for i in "${!servers[@]}"; do
	[[ ${servers[i]} == jetty9 ]] && suite jetty9-h2c server --target "tcp://127.0.0.1:$((base + i))/" --protocol h2c
done
for i in "${!h2c_tls[@]}"; do
	proto=h2c
	[[ ${h2c_tls[i]} != cups-tls ]] || proto=tls
	suite "${h2c_tls[i]}" server --target "tcp://127.0.0.1:$((base + 20 + i))/" --protocol "$proto"
done
for i in "${!proxies[@]}"; do
	suite "${proxies[i]}" proxy --proxy "tcp://127.0.0.1:$((base + 30 + i))" --backend-listen "127.0.0.1:$((base + 60 + i))"
done
for c in "${clients[@]}"; do
	suite "$c" client --client "$c"
done

# The versions last, when every peer has been installed and run: looked up
# before, in a fresh clone, the npm peers' came out "unknown".
: >"$out/versions.tsv"
for p in "${peers[@]}"; do
	printf '%s\t%s\n' "$p" "$(scripts/peers/version.sh "$p" 2>/dev/null || echo '?')" >>"$out/versions.tsv"
done
if grep -q 'unknown' "$out/versions.tsv"; then
	echo "peer-results.sh: some versions are unknown:" >&2
	grep 'unknown' "$out/versions.tsv" >&2
fi

go run ./scripts/peerresults -versions "$out/versions.tsv" -o docs/peer-results.md "${results[@]}"
echo "wrote docs/peer-results.md (reports in $out/)" >&2
