# Shared by scripts/bench-oracle.sh and scripts/perf-record.sh: the
# differential oracle's default run end to end, as CI runs it (fuzzrun diff
# with --json, --junit and --report), timed from the process's start to its
# exit: servers started, every case, minimization of new findings, the
# in-process proxies and the reports written. Source it; it defines
# functions only.

# diff_rate_cmd: the command diff_rate runs, as reports print it.
diff_rate_cmd() {
	echo "fuzzrun diff --log '' --json F --junit F --report DIR"
}

# diff_rate FUZZRUN ROUNDS OUT: runs the command ROUNDS times with the
# fuzzrun binary FUZZRUN and writes to OUT one line per round: cases,
# wall seconds, cases per wall second, exit status, then the run's own
# summary line. A status above 1 is a run error: the function stops and
# returns it.
diff_rate() {
	local dir status t0 t1 cases
	dir=$(mktemp -d)
	: >"$3"
	for _ in $(seq "$2"); do
		status=0
		t0=$(date +%s.%N)
		"$1" diff --log '' --json "$dir/diff.json" --junit "$dir/diff.xml" --report "$dir/report" >"$dir/out.txt" 2>&1 || status=$?
		t1=$(date +%s.%N)
		if [ "$status" -gt 1 ]; then
			cat "$dir/out.txt" >&2
			rm -rf "$dir"
			return "$status"
		fi
		cases=$(jq .cases "$dir/diff.json")
		printf '%s %s %s %s %s\n' "$cases" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')" \
			"$(awk -v n="$cases" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", n / (b - a) }')" "$status" "$(tail -n 1 "$dir/out.txt")" >>"$3"
	done
	rm -rf "$dir"
}

# diff_rate_median OUT: the median cases per wall second of diff_rate's
# rounds.
diff_rate_median() {
	awk '{ print $3 }' "$1" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
