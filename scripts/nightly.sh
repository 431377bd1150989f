#!/usr/bin/env bash
# The nightly's jobs, one entry point each: .github/workflows/nightly.yml
# runs `scripts/nightly.sh JOB ARGS` as its steps, and
# scripts/nightly-local.sh runs those same steps, read from the workflow,
# on this machine (docs/nightly.md).
#
#   scripts/nightly.sh fuzz SHARD              (SHARD as fuzzrun fuzz --shard: 1/4)
#   scripts/nightly.sh diff
#   scripts/nightly.sh peer PEER [--update-known]
#   scripts/nightly.sh ci-peers
#   scripts/nightly.sh every-peer              (docs/peer-results.md for every peer; every trophy replayed)
#   scripts/nightly.sh summary                 (out/report.md to the run's summary page)
#
# Budgets come from the environment: FUZZ_DURATION (default 40m), DIFF_DURATION
# (default 15m); the workflow sets them from its inputs. Reports go to out/;
# JUnit to out/*junit.xml. Exit status: 0 nothing new, 1 a new crasher, finding
# or FAIL (not in oracle/baseline.json or suite/testdata/known/), 2 a run error.
set -euo pipefail
cd "$(dirname "$0")/.."

# The peer job's peers: MODE and PORT (below Linux's ephemeral range,
# 32768-60999; a proxy's scripted backend listens on PORT + 100). The
# workflow's matrix lists the same names (nightly-local checks it).
declare -A PEER_MODE=([node-ws]=server [py-websockets]=server [aiohttp]=server [nginx]=proxy [haproxy]=proxy)
declare -A PEER_PORT=([node-ws]=31810 [py-websockets]=31811 [aiohttp]=31812 [nginx]=31813 [haproxy]=31814)
# PEER_CASES is how many generated cases diff sends a peer: the number its
# baseline (suite/testdata/known/PEER-diff.json) was recorded with, so the
# same cases run every night and only a change of the peer shows as new.
PEER_CASES=200
KNOWN=suite/testdata/known

usage() {
	sed -n '7,12p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

fuzzrun() { go run ./cmd/fuzzrun "$@"; }

job=${1:-}
(($#)) && shift
mkdir -p out
case $job in
fuzz)
	(($# == 1)) || usage
	fuzzrun fuzz --shard "$1" --duration "${FUZZ_DURATION:-40m}" \
		--json out/fuzz.json --junit out/fuzz-junit.xml --report out
	;;
diff)
	(($# == 0)) || usage
	# --timeout 2s, not the default 500 ms: on a loaded machine nbio has
	# been seen silent past 500 ms on a plain handshake that replays fine
	# (a hang that is only load); a real hang is silent for good.
	fuzzrun diff --impl all --duration "${DIFF_DURATION:-15m}" --cases 5000 --timeout 2s --log "" \
		--json out/diff.json --junit out/diff-junit.xml --report out
	;;
peer)
	(($# >= 1)) || usage
	peer=$1 update=0
	shift
	if [[ ${1:-} == --update-known ]]; then
		update=1
		shift
	fi
	(($# == 0)) || usage
	[[ -n ${PEER_MODE[$peer]:-} ]] || {
		echo "nightly.sh: unknown peer $peer (known: ${!PEER_MODE[*]})" >&2
		exit 2
	}
	port=${PEER_PORT[$peer]} backend=$((PEER_PORT[$peer] + 100))
	scripts/peers/install.sh "$peer"
	trap 'scripts/peers/stop.sh "$peer" >/dev/null 2>&1 || true' EXIT
	if [[ ${PEER_MODE[$peer]} == server ]]; then
		scripts/peers/start.sh "$peer" "$port"
		how=(--target "tcp://127.0.0.1:$port/chat")
	else
		scripts/peers/start.sh "$peer" "$port" "$backend"
		how=(--proxy "tcp://127.0.0.1:$port" --backend-listen "127.0.0.1:$backend")
	fi
	version=$(scripts/peers/version.sh "$peer" 2>/dev/null) || version=""
	rc=0
	worst() { if (($1 > rc)); then rc=$1; fi; }
	suite=(--known "$KNOWN/$peer.json") diff=(--baseline "$KNOWN/$peer-diff.json")
	if ((update)); then
		suite+=(--update-known) diff+=(--update-baseline)
	fi
	# The suite, then the differential oracle, each gated by the peer's
	# known failures: exit 1 only on one missing from suite/testdata/known/.
	fuzzrun suite "${how[@]}" --name "$peer" --peer-version "$version" --timeout 5s "${suite[@]}" \
		--report out/suite --junit out/suite-junit.xml || worst $?
	extra=()
	[[ ${PEER_MODE[$peer]} == server ]] && extra=(--cases "$PEER_CASES" --duration 10m)
	fuzzrun diff "${how[@]}" --name "$peer" --peer-version "$version" --log "" "${extra[@]+"${extra[@]}"}" "${diff[@]}" \
		--json out/diff.json --junit out/diff-junit.xml --report out/diff || worst $?
	exit "$rc"
	;;
ci-peers)
	(($# == 0)) || usage
	# In GitHub's container HOME is /github/home, owned by the runner's
	# user, while the steps run as root; Firefox refuses to run as root
	# with a HOME another user owns. Root's own home is /root.
	if [[ $(id -u) == 0 && -d ${HOME:-/nonexistent} && $(stat -c %u "$HOME") != 0 ]]; then
		export HOME=/root
	fi
	bash scripts/ci-peers.sh --browsers
	;;
every-peer)
	(($# == 0)) || usage
	# Every peer of docs/peers.md through the suite (the results page,
	# informational: a peer's FAILs are its own, recorded, not gated), then
	# every entry of docs/trophies.md replayed: exit 1 when one no longer
	# reproduces, so the list is corrected when a peer changes.
	if [[ $(id -u) == 0 && -d ${HOME:-/nonexistent} && $(stat -c %u "$HOME") != 0 ]]; then
		export HOME=/root # as for ci-peers: Firefox and a HOME another user owns
	fi
	scripts/peer-results.sh
	mkdir -p out/every-peer
	cp docs/peer-results.md out/every-peer/
	scripts/trophies.sh | tee out/every-peer/trophies.txt
	;;
summary)
	# The job's report.md, if it got that far, on the run's summary page.
	for f in out/report.md out/diff/report.md; do
		if [[ -f $f && -n ${GITHUB_STEP_SUMMARY:-} ]]; then
			cat "$f" >>"$GITHUB_STEP_SUMMARY"
		fi
	done
	;;
*) usage ;;
esac
