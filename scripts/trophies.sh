#!/usr/bin/env bash
# Replay every entry of docs/trophies.md and fail when one no longer reproduces.
#
#   scripts/trophies.sh [ID...]      (no argument: every entry)
#
# The entries live in scripts/trophies.tsv (one line each, numbered as in
# docs/trophies.md). In-process entries go through `fuzzrun replay --json`
# and must give back their rule and class; inproc-proxy entries replay their
# proxy-mode case (fuzzrun replay --proxy-case) the same way. Real-peer entries start the peer
# with scripts/peers/start.sh (installing it with scripts/peers/install.sh if
# needed) on 127.0.0.1, send the bytes with nc and check the decisive part of
# the answer; suite-proxy / suite-client entries re-run their suite case,
# which must FAIL citing the entry's rule. Every peer started here is stopped
# by PID on exit (scripts/peers/stop.sh), even on failure.
# Ports: TROPHY_PORT_BASE (default 29800, below the ephemeral range) and up.
# Prints one line per entry, OK or GONE; exits 1 if any entry is GONE.
set -euo pipefail
cd "$(dirname "$0")/.."

table=scripts/trophies.tsv
fuzzrun=.work/bin/fuzzrun
out=.work/trophies-run
base=${TROPHY_PORT_BASE:-29800}
want=("$@")

mkdir -p .work/bin "$out"
go build -o "$fuzzrun" ./cmd/fuzzrun
command -v nc >/dev/null || {
	echo "trophies.sh: nc is missing (Debian: apt-get install netcat-openbsd)" >&2
	exit 2
}

# shellcheck source=scripts/lib/started-peers.sh
. scripts/lib/started-peers.sh

declare -A port_of=()
next_port=$base
free_port() { # sets fp to the next free port at or after next_port
	while (echo >"/dev/tcp/127.0.0.1/$next_port") 2>/dev/null; do
		next_port=$((next_port + 1))
	done
	fp=$next_port
	next_port=$((next_port + 1))
}

# peer_port KIND [backend]: start KIND@trophies once; sets port (and
# port_of[KIND:backend]). Runs in this shell, never in $(...), so that
# started and port_of are kept.
peer_port() {
	local kind=$1 name=$1@trophies p
	if [[ -n ${port_of[$kind]:-} ]]; then
		port=${port_of[$kind]}
		return
	fi
	scripts/peers/install.sh "$kind" >&2
	free_port
	p=$fp
	started+=("$name")
	if [[ ${2:-} == backend ]]; then
		free_port
		port_of[$kind:backend]=$fp
		scripts/peers/start.sh "$name" "$p" "$fp" >&2
	else
		scripts/peers/start.sh "$name" "$p" >&2
	fi
	port_of[$kind]=$p
	port=$p
}

# check FILE EXPECT: every " && "-joined clause holds on FILE's lines.
check() {
	local file=$1 rest=$2 clause
	while [[ -n $rest ]]; do
		clause=${rest%% && *}
		if [[ $rest == *" && "* ]]; then rest=${rest#* && }; else rest=; fi
		if [[ $clause == !* ]]; then
			if tr -d '\r' <"$file" | grep -aiqE -- "${clause#!}"; then return 1; fi
		else
			tr -d '\r' <"$file" | grep -aiqE -- "$clause" || return 1
		fi
	done
}

# judged FILE RULE CLASS: FILE is a `fuzzrun replay --json` report whose
# judgement holds a divergence of RULE in CLASS.
judged() {
	python3 - "$1" "$2" "$3" <<'PY'
import json, sys
path, rule, cls = sys.argv[1:]
try:
    j = json.load(open(path))
except ValueError:
    sys.exit(1)
divs = j["verdict"]["divergences"] or []
sys.exit(0 if any(d["rule"] == rule and d["class"] == cls for d in divs) else 1)
PY
}

# suite_case DIR CASE RULE: the case ran, FAILed and cited RULE.
suite_case() {
	python3 - "$1/index.json" "$2" "$3" <<'PY'
import json, sys
path, case, rule = sys.argv[1:]
for r in json.load(open(path))["results"]:
    if r["name"] == case and r["outcome"] == "FAIL" and r.get("cited") == rule:
        sys.exit(0)
sys.exit(1)
PY
}

gone=0 total=0
while IFS=$'\t' read -r id kind impl case rule class bytes expect; do
	[[ -z $id || $id == \#* ]] && continue
	if ((${#want[@]})) && [[ " ${want[*]} " != *" $id "* ]]; then continue; fi
	total=$((total + 1))
	ok=0
	f=$out/$id.out
	case $kind in
	inproc)
		# shellcheck disable=SC2059 # the table's bytes are printf formats
		if printf "$bytes" | "$fuzzrun" replay --impl "$impl" --json - >"$f" 2>&1 || true; then
			judged "$f" "$rule" "$class" && ok=1
		fi
		;;
	inproc-proxy)
		# An in-process intermediary: its proxy-mode case, replayed.
		"$fuzzrun" replay --impl "$impl" --proxy-case "$case" --json >"$f" 2>&1 || true
		judged "$f" "$rule" "$class" && ok=1
		;;
	peer)
		peer_port "$impl"
		# shellcheck disable=SC2059
		# stdin stays open a second: some peers (aiohttp) drop the answer
		# when the client half-closes at once.
		{
			printf "$bytes"
			sleep 1
		} | nc -q 1 -w 5 127.0.0.1 "$port" >"$f" 2>/dev/null || true
		check "$f" "$expect" && ok=1
		;;
	suite-proxy)
		peer_port "$impl" backend
		rm -rf "${out:?}/$id"
		"$fuzzrun" suite --proxy "tcp://127.0.0.1:$port" --backend-listen "127.0.0.1:${port_of[$impl:backend]}" \
			--name "$impl" --timeout 5s --only "$case" --report "$out/$id" >"$f" 2>&1 || true
		suite_case "$out/$id" "$case" "$rule" && ok=1
		;;
	suite-client)
		scripts/peers/install.sh "$impl" >&2
		rm -rf "${out:?}/$id"
		"$fuzzrun" suite --client "$impl" --name "$impl" --only "$case" --report "$out/$id" >"$f" 2>&1 || true
		suite_case "$out/$id" "$case" "$rule" && ok=1
		;;
	*)
		echo "trophies.sh: entry $id: unknown kind $kind" >&2
		exit 2
		;;
	esac
	label="$impl ${case/#-/}"
	if ((ok)); then
		printf 'OK    %3s  %-14s %-22s %s\n' "$id" "$impl" "$rule" "${label#"$impl "}"
	else
		printf 'GONE  %3s  %-14s %-22s %s (answer: %s)\n' "$id" "$impl" "$rule" "${label#"$impl "}" "$f"
		gone=$((gone + 1))
	fi
done <"$table"

echo "trophies: $total entries, $((total - gone)) reproduce, $gone gone"
((gone == 0))
