# Shared by scripts/bench-parser.sh and scripts/perf-record.sh: the parser
# benchmarks of ./bench (Switchyard against net/http.ReadRequest and
# gobwas/ws on the same bytes, one sub-benchmark per input), run in
# interleaved rounds, their medians and the ratios per input. Source it; it
# defines functions and one table only.

# bench_inputs: each input of bench/handshake_test.go (its inputs list, in
# the same order): sub-benchmark name, file, what it is.
bench_inputs() {
	cat <<'LIST'
minimal	bench/testdata/minimal.http	the smallest handshake RFC 6455 §4.1 allows (written for the benchmark)
chromium	corpus/requests/chromium-default.http	the handshake headless Chromium sent (captured): Origin, permessage-deflate, User-Agent, Cache-Control, Pragma and more
cookies	bench/testdata/chromium-cookies.http	Chromium's fields with a 1336-octet Cookie, Edge's User-Agent and a longer target (written for the benchmark, bench/testdata/README.md)
LIST
}

# bench_cmd COUNT: the command bench_rounds runs, as reports print it.
bench_cmd() {
	echo "go test ./bench -run '^\$' -bench . -benchmem -count 1 -cpu 1, $1 times interleaved"
}

# bench_rounds COUNT RAW: builds the benchmark binary once and runs COUNT
# rounds, each every benchmark on every input once, appending their output
# to RAW. Interleaved rounds let a change in the machine's load hit every
# benchmark alike instead of one block of rounds.
bench_rounds() {
	local bin
	bin=$(mktemp -d)
	go test -c -o "$bin/bench.test" ./bench
	for _ in $(seq "$1"); do
		(cd bench && "$bin/bench.test" -test.run '^$' -test.bench . -test.benchmem -test.count 1 -test.cpu 1) >>"$2"
	done
	rm -rf "$bin"
}

# bench_medians RAW: one line per benchmark and input, sorted: name (as
# "Switchyard/chromium"), median ns/op, median cpu-ns/op ("-" where the
# benchmark could not read CPU time), B/op, allocs/op.
bench_medians() {
	awk '
	function median(list,    k, v, i, j, t) {
		k = split(substr(list, 2), v, " ")
		if (k == 0) return "-"
		for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
		return (k % 2) ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2
	}
	/^Benchmark/ {
		name = $1; sub(/-[0-9]+$/, "", name); sub(/^Benchmark/, "", name)
		seen[name] = 1
		for (i = 2; i < NF; i++) {
			if ($(i+1) == "ns/op") ns[name] = ns[name] " " $i
			if ($(i+1) == "cpu-ns/op") cpu[name] = cpu[name] " " $i
			if ($(i+1) == "B/op") bytes[name] = $i
			if ($(i+1) == "allocs/op") allocs[name] = $i
		}
	}
	END {
		for (n in seen) printf "%s %s %s %s %s\n", n, median(ns[n]), median(cpu[n]), bytes[n], allocs[n]
	}' "$1" | sort
}

# bench_paired RAW PEER INPUT [UNIT]: the median over rounds of PEER's time
# on INPUT divided by Switchyard's in the same round, and the lowest and
# highest of them: "1.31 1.22 1.40". UNIT is ns/op (wall time, the
# default) or cpu-ns/op (CPU time); "n/a n/a n/a" when it was not measured.
bench_paired() {
	awk -v peer="$2/$3" -v sy="Switchyard/$3" -v unit="${4:-ns/op}" '
	/^Benchmark/ {
		name = $1; sub(/-[0-9]+$/, "", name); sub(/^Benchmark/, "", name)
		t = ""
		for (i = 2; i < NF; i++) if ($(i+1) == unit) t = $i
		if (t == "") next
		if (name == sy) s[++n] = t
		if (name == peer) p[++m] = t
	}
	END {
		k = (n < m) ? n : m
		if (k == 0) { print "n/a n/a n/a"; exit }
		for (i = 1; i <= k; i++) r[i] = p[i] / s[i]
		for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (r[j] < r[i]) { x = r[i]; r[i] = r[j]; r[j] = x }
		printf "%.2f %.2f %.2f\n", (k % 2) ? r[(k + 1) / 2] : (r[k / 2] + r[k / 2 + 1]) / 2, r[1], r[k]
	}' "$1"
}

# bench_get MEDIANS NAME FIELD: field FIELD of NAME's line of bench_medians.
bench_get() {
	echo "$1" | awk -v n="$2" -v f="$3" '$1 == n { print $f }'
}

# bench_ratio RAW PEER INPUT UNIT: bench_paired's median and range, written
# "1.31× (1.22–1.40)", or n/a.
bench_ratio() {
	local m l h
	read -r m l h < <(bench_paired "$1" "$2" "$3" "$4")
	if [ "$m" = n/a ]; then echo "n/a"; else echo "${m}× (${l}–${h})"; fi
}

# bench_tables RAW: the Markdown both reports print: per input, the
# medians of the three benchmarks; then every ratio, per input, by CPU time
# and by wall time, with the targets (issue 14: gobwas/ws at least 1.25×
# Switchyard's time, net/http 5×, no allocation).
bench_tables() {
	local med name path what size
	med=$(bench_medians "$1")
	echo "| input | octets | benchmark | ns/op | cpu-ns/op | B/op | allocs/op |"
	echo "|---|---:|---|---:|---:|---:|---:|"
	while IFS=$'\t' read -r name path what; do
		size=$(wc -c <"$path" | tr -d ' ')
		for b in Switchyard GobwasUpgrader NetHTTPReadRequest; do
			echo "| $name | $size | $b | $(bench_get "$med" "$b/$name" 2) | $(bench_get "$med" "$b/$name" 3) | $(bench_get "$med" "$b/$name" 4) | $(bench_get "$med" "$b/$name" 5) |"
		done
	done < <(bench_inputs)
	echo
	echo "Ratios: the peer's time over Switchyard's in the same round, median over rounds (lowest–highest);"
	echo "above 1 means Switchyard is faster. CPU time (cpu-ns/op: the process's CPU time per op, garbage"
	echo "collection included) leaves out the time a benchmark waited for a core, which wall time (ns/op)"
	echo "counts: on a loaded machine the CPU-time ratios are the ones to read, and a wide wall-time range"
	echo "says the load changed during the run. Targets: gobwas/ws ≥ 1.25×, net/http ≥ 5×, Switchyard 0 allocs/op."
	echo
	echo "| input | gobwas/ws ÷ Switchyard, CPU time | gobwas/ws ÷ Switchyard, wall time | net/http ÷ Switchyard, CPU time | net/http ÷ Switchyard, wall time | Switchyard allocs/op |"
	echo "|---|---:|---:|---:|---:|---:|"
	while IFS=$'\t' read -r name path what; do
		echo "| $name | $(bench_ratio "$1" GobwasUpgrader "$name" cpu-ns/op) | $(bench_ratio "$1" GobwasUpgrader "$name" ns/op) | $(bench_ratio "$1" NetHTTPReadRequest "$name" cpu-ns/op) | $(bench_ratio "$1" NetHTTPReadRequest "$name" ns/op) | $(bench_get "$med" "Switchyard/$name" 5) |"
	done < <(bench_inputs)
	echo
	echo "Inputs:"
	echo
	while IFS=$'\t' read -r name path what; do
		echo "- $name: \`$path\`, $what."
	done < <(bench_inputs)
}
