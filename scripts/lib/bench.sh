# Shared by scripts/bench-parser.sh and scripts/perf-record.sh: the parser
# benchmarks of ./bench (Switchyard against net/http.ReadRequest and
# gobwas/ws on the same bytes), run in interleaved rounds, and their
# medians. Source it; it defines functions only.

# bench_cmd COUNT: the command bench_rounds runs, as reports print it.
bench_cmd() {
	echo "go test ./bench -run '^\$' -bench . -benchmem -count 1 -cpu 1, $1 times interleaved"
}

# bench_rounds COUNT RAW: builds the benchmark binary once and runs COUNT
# rounds, each all three benchmarks once, appending their output to RAW.
# Interleaved rounds let a change in the machine's load hit every
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

# bench_medians RAW: one line per benchmark, sorted: name, median ns/op,
# B/op, allocs/op.
bench_medians() {
	awk '
	/^Benchmark/ {
		name = $1; sub(/-[0-9]+$/, "", name); sub(/^Benchmark/, "", name)
		for (i = 2; i < NF; i++) {
			if ($(i+1) == "ns/op") ns[name] = ns[name] " " $i
			if ($(i+1) == "B/op") bytes[name] = $i
			if ($(i+1) == "allocs/op") allocs[name] = $i
		}
	}
	END {
		for (n in ns) {
			k = split(substr(ns[n], 2), v, " ")
			for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
			printf "%s %s %s %s\n", n, (k % 2) ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2, bytes[n], allocs[n]
		}
	}' "$1" | sort
}

# bench_paired RAW PEER: the median over rounds of PEER's time divided by
# Switchyard's in the same round, and the lowest and highest of them.
bench_paired() {
	awk -v peer="$2" '
	/^Benchmark/ {
		name = $1; sub(/-[0-9]+$/, "", name); sub(/^Benchmark/, "", name)
		for (i = 2; i < NF; i++) if ($(i+1) == "ns/op") t = $i
		if (name == "Switchyard") sy[++n] = t
		if (name == peer) pe[++m] = t
	}
	END {
		k = (n < m) ? n : m
		for (i = 1; i <= k; i++) r[i] = pe[i] / sy[i]
		for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (r[j] < r[i]) { x = r[i]; r[i] = r[j]; r[j] = x }
		printf "median %.2f×, %.2f–%.2f", (k % 2) ? r[(k + 1) / 2] : (r[k / 2] + r[k / 2 + 1]) / 2, r[1], r[k]
	}' "$1"
}
