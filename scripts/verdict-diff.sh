#!/usr/bin/env bash
# verdict-diff.sh: do the parser and the judge say the same of the same
# bytes at another revision as in the working tree?
#
#   scripts/verdict-diff.sh            # against the merge-base with main
#   scripts/verdict-diff.sh b2156be    # against any revision
#   SEED=7 CASES=4000 scripts/verdict-diff.sh HEAD~3
#
# OLD_REV defaults to the merge-base of HEAD and main, or HEAD~1 when HEAD
# is on main (the merge-base is HEAD itself) or there is no main branch.
#
# The inputs, made once from the working tree (scripts/verdictdump inputs):
# every file of corpus/ (responses with the request index.json pairs them
# with); CASES generated request cases, CASES/2 response cases and CASES/2
# targeted cases of package properties, seed SEED; every reproducer of
# oracle/baseline.json. Each request is also judged with a strict 101, a
# 101 to each other protocol it offers and a 400 made for it, and each
# request with a reply of its own as a client's exchange too (opened, and
# failed); and CASES ws URIs (well-formed and mutated). Besides the
# parser's verdicts and the judge's judgements, parser.Endpoint's checks
# of every request and reply are compared in four configurations, and
# ParseWebSocketURI's result for every URI. scripts/verdictdump/main.go,
# the dump step, uses only the exported APIs of parser and judge; it is
# copied into a temporary
# `git worktree` of OLD_REV (over any copy there, so both sides print the
# same format) and built there with the tag verdictdump_dumponly.
#
# Exit 0: the same line for every input. Exit 1: the unified diff of the
# lines that differ (`-` OLD_REV, `+` working tree). Exit 2: could not
# build or run either side.
set -euo pipefail
cd "$(dirname "$0")/.."
SEED=${SEED:-1}
CASES=${CASES:-2000}

old=${1:-}
if [ -z "$old" ]; then
	old=$(git merge-base HEAD main 2>/dev/null || true)
	if [ -z "$old" ] || [ "$old" = "$(git rev-parse HEAD)" ]; then
		old=HEAD~1
	fi
fi
oldsha=$(git rev-parse --verify --quiet "$old^{commit}") || { echo "verdict-diff: no revision $old" >&2; exit 2; }

tmp=$(mktemp -d)
cleanup() {
	git worktree remove --force "$tmp/old" >/dev/null 2>&1 || true
	git worktree prune >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap cleanup EXIT

git worktree add --detach --quiet "$tmp/old" "$oldsha" || exit 2
mkdir -p "$tmp/old/scripts/verdictdump"
cp scripts/verdictdump/main.go "$tmp/old/scripts/verdictdump/main.go"
rm -f "$tmp/old/scripts/verdictdump/inputs.go"

go build -o "$tmp/new" ./scripts/verdictdump || exit 2
(cd "$tmp/old" && go build -tags verdictdump_dumponly -o "$tmp/oldbin" ./scripts/verdictdump) || {
	echo "verdict-diff: scripts/verdictdump/main.go does not build at $old: it must use only APIs present there" >&2
	exit 2
}

"$tmp/new" inputs -root . -seed "$SEED" -n "$CASES" >"$tmp/inputs.jsonl" || exit 2
"$tmp/oldbin" <"$tmp/inputs.jsonl" >"$tmp/old.txt" || exit 2
"$tmp/new" <"$tmp/inputs.jsonl" >"$tmp/new.txt" || exit 2

n=$(wc -l <"$tmp/inputs.jsonl" | tr -d ' ')
lines=$(wc -l <"$tmp/new.txt" | tr -d ' ')
short=$(git rev-parse --short "$oldsha")
if diff -u --label "$short" --label "working tree" "$tmp/old.txt" "$tmp/new.txt"; then
	echo "verdict-diff: identical: $n inputs, $lines verdict lines, $short against the working tree" >&2
	exit 0
fi
echo "verdict-diff: $(diff "$tmp/old.txt" "$tmp/new.txt" | grep -c '^>') of $lines verdict lines differ ($n inputs, $short against the working tree)" >&2
exit 1
