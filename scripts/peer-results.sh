#!/usr/bin/env bash
# Reproduce docs/peer-results.md: run `fuzzrun suite` against every real peer
# and render the results.
#
#   scripts/peer-results.sh [--no-browsers]
#
# Servers (server mode): node-ws, py-websockets, aiohttp.
# Proxies (proxy mode, in front of the harness's scripted backend): nginx, haproxy.
# Clients (client mode): chromium, firefox (short list), node-ws, py-websockets,
#   aiohttp, go-gorilla, go-coder, go-gobwas, go-xnet, go-gws.
# Ports: PORT_BASE (default 31700, below the ephemeral range) +0..+2 servers, +3 nginx, +4 haproxy,
# +5/+6 their scripted backends. Reports: .work/suite-results/<peer>-<mode>/.
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
started=()
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
	local p
	for p in "${started[@]+"${started[@]}"}"; do
		scripts/peers/stop.sh "$p" >/dev/null 2>&1 || true
	done
}
trap cleanup EXIT

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

clients=(node-ws py-websockets aiohttp go-gorilla go-coder go-gobwas go-xnet go-gws)
peers=(node-ws py-websockets aiohttp nginx haproxy "${clients[@]}")
if ((browsers)); then
	clients=(chromium firefox "${clients[@]}")
	peers+=(chromium firefox)
fi

scripts/peers/install.sh
mkdir -p .work/bin
go build -o "$fuzzrun" ./cmd/fuzzrun
rm -rf "$out"
mkdir -p "$out"
: >"$out/versions.tsv"
for p in "${peers[@]}"; do
	printf '%s\t%s\n' "$p" "$(scripts/peers/version.sh "$p" 2>/dev/null || echo '?')" >>"$out/versions.tsv"
done

start node-ws@results "$base"
start py-websockets@results "$((base + 1))"
start aiohttp@results "$((base + 2))"
start nginx@results "$((base + 3))" "$((base + 5))"
start haproxy@results "$((base + 4))" "$((base + 6))"

suite node-ws server --target "tcp://127.0.0.1:$base/chat"
suite py-websockets server --target "tcp://127.0.0.1:$((base + 1))/chat"
suite aiohttp server --target "tcp://127.0.0.1:$((base + 2))/chat"
suite nginx proxy --proxy "tcp://127.0.0.1:$((base + 3))" --backend-listen "127.0.0.1:$((base + 5))"
suite haproxy proxy --proxy "tcp://127.0.0.1:$((base + 4))" --backend-listen "127.0.0.1:$((base + 6))"
for c in "${clients[@]}"; do
	suite "$c" client --client "$c"
done

go run ./suite/peerresults -versions "$out/versions.tsv" -o docs/peer-results.md "${results[@]}"
echo "wrote docs/peer-results.md (reports in $out/)" >&2
