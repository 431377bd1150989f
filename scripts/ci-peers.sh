#!/usr/bin/env bash
# CI against real peers: the conformance suite against the Node ws server,
# and proxy mode against nginx in front of the harness's scripted backend.
# Called by .ci/run.
#
#   scripts/ci-peers.sh [--browsers] [--update-known]
#
# It installs node-ws and nginx (scripts/peers/install.sh), starts them on
# 127.0.0.1, runs `fuzzrun suite` against each, and stops them by PID on
# exit, even when it fails. It also runs the differential oracle (fuzzrun
# diff) against both. CI gates on new failures only: the cases each peer is
# known to FAIL for are in suite/testdata/known/<peer>.json, its known
# diff findings in suite/testdata/known/<peer>-diff.json, both baselines in
# fuzzrun diff's format keyed by the peer's name (--update-known
# rewrites both from this run). --browsers (the
# nightly job) also runs client mode against Chromium and Firefox.
# Ports: PORT_BASE (default 31800, below the ephemeral range) +0 node-ws, +1 nginx, +2 its backend.
# Reports: .work/ci-peers/<peer>/ (index.json, index.html, cases.txt), JUnit
# in .work/ci-peers/<peer>-junit.xml and <peer>-diff-junit.xml. The
# per-connection deadline is 5 s, generous for a loaded CI machine.
set -euo pipefail
cd "$(dirname "$0")/.."

browsers=0 update=()
for arg in "$@"; do
	case $arg in
	--browsers) browsers=1 ;;
	--update-known) update=(--update-known) ;;
	*)
		echo "usage: scripts/ci-peers.sh [--browsers] [--update-known]" >&2
		exit 2
		;;
	esac
done

base=${PORT_BASE:-31800}
out=.work/ci-peers
known=suite/testdata/known
fuzzrun=.work/bin/fuzzrun
# shellcheck source=scripts/lib/started-peers.sh
. scripts/lib/started-peers.sh

start() { # start NAME PORT [BACKEND_PORT]
	started+=("$1")
	scripts/peers/start.sh "$@"
}

t0=$SECONDS
peers=(node-ws nginx)
if ((browsers)); then
	peers+=(chromium firefox)
fi
scripts/peers/install.sh "${peers[@]}"
mkdir -p .work/bin
go build -o "$fuzzrun" ./cmd/fuzzrun
rm -rf "$out"
mkdir -p "$out"

start node-ws@ci "$base"
start nginx@ci "$((base + 1))" "$((base + 2))"

rc=0
run() { # run PEER ARGS...: one suite, gated by the peer's known failures
	local peer=$1
	shift
	echo "== fuzzrun suite $* ($peer)"
	"$fuzzrun" suite "$@" --name "$peer" --peer-version "$(scripts/peers/version.sh "$peer")" --timeout 5s --report "$out/$peer" --junit "$out/$peer-junit.xml" --known "$known/$peer.json" "${update[@]+"${update[@]}"}" || rc=1
}
run node-ws --target "tcp://127.0.0.1:$base/chat"
run nginx --proxy "tcp://127.0.0.1:$((base + 1))" --backend-listen "127.0.0.1:$((base + 2))"

# The differential oracle against the same peers, gated by their baselines
# (suite/testdata/known/<peer>-diff.json; --update-known rewrites them).
diff() { # diff PEER ARGS...
	local peer=$1
	shift
	local bl=$known/$peer-diff.json
	echo "== fuzzrun diff $* ($peer)"
	if ((${#update[@]})); then
		"$fuzzrun" diff "$@" --name "$peer" --log "" --baseline "$bl" --update-baseline || rc=1
	else
		"$fuzzrun" diff "$@" --name "$peer" --peer-version "$(scripts/peers/version.sh "$peer")" --log "" --baseline "$bl" --json "$out/$peer-diff.json" --junit "$out/$peer-diff-junit.xml" || rc=1
	fi
}
diff node-ws --target "tcp://127.0.0.1:$base/chat" --cases 200 --duration 60s
diff nginx --proxy "tcp://127.0.0.1:$((base + 1))" --backend-listen "127.0.0.1:$((base + 2))"
if ((browsers)); then
	run chromium --client chromium
	run firefox --client firefox
fi
echo "ci-peers: done in $((SECONDS - t0)) s (reports in $out/)"
exit "$rc"
