#!/usr/bin/env bash
# perf-record.sh: regenerate docs/performance.md in one run (about 8-10
# minutes on 2 cores with the defaults):
#
#   1. the parser against net/http.ReadRequest and gobwas/ws on the same
#      bytes, for each input of ./bench (go test ./bench, medians of
#      BENCH_COUNT interleaved rounds, one CPU; scripts/lib/bench.sh);
#   2. execs/s of every fuzz target of ./fuzz with 1 and 2 engine workers,
#      against FuzzCeiling, a trivial target in ./fuzz itself (build tag
#      fuzzceiling: the same link set and instrumentation), and FuzzCeiling
#      against campaign/internal/trivialfuzz's FuzzTrivial, the engine's
#      bare ceiling, all in the same run, interleaved (FUZZ_SECONDS per
#      target and worker count, through fuzzrun fuzz with a fresh fuzz
#      cache, so every target starts from its seeds, minimization bounded
#      by FUZZ_MINIMIZE so that its executions are counted, on a copy of
#      the working tree, so that builds in the tree meanwhile cannot
#      disturb it: go-118-fuzz-build rewrites fuzz/ while it builds);
#   3. diff cases/s end to end (the default run as CI runs it, wall
#      clock, median of DIFF_ROUNDS rounds; scripts/lib/diff-rate.sh) and
#      per in-process adapter (the oracle's benchmarks, DIFF_CASES cases);
#   4. suite wall time per real peer (scripts/peers, fuzzrun suite);
#   5. time to detect each planted defect: the fuzz engine on
#      campaign/internal/plantedfuzz, and every Test*Planted* test of
#      oracle/ and suite/.
#
#   scripts/perf-record.sh
#   FUZZ_SECONDS=20 BENCH_COUNT=10 scripts/perf-record.sh   # steadier numbers
#
# Ratios measured in this one run are the headline; absolute numbers are
# context only (they depend on the machine).
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZ_SECONDS=${FUZZ_SECONDS:-8}
FUZZ_MINIMIZE=${FUZZ_MINIMIZE:-2000x}
BENCH_COUNT=${BENCH_COUNT:-5}
DIFF_CASES=${DIFF_CASES:-3000}
DIFF_ROUNDS=${DIFF_ROUNDS:-3}
OUT=docs/performance.md
KEEP=$PWD/.work/perf-record # each fuzz run's JSON and engine log (gitignored)
tmp=$(mktemp -d)
trap 'scripts/peers/stop.sh >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
log() { printf '== %s\n' "$*" >&2; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "n/a" }'; }
started=$(date +%s)

log "building fuzzrun"
go build -o "$tmp/fuzzrun" ./cmd/fuzzrun
FUZZRUN=$tmp/fuzzrun

# 1. Parser benchmarks.
. scripts/lib/bench.sh
bench_cmd=$(bench_cmd "$BENCH_COUNT")
log "$bench_cmd"
bench_rounds "$BENCH_COUNT" "$tmp/bench.txt"

# 2. Fuzz targets, 1 and 2 workers, against the same-package ceiling
# (FuzzCeiling, built with -tags fuzzceiling, as every ./fuzz run here is,
# so that all of them run the same binary) and the bare one (FuzzTrivial),
# on a copy. Runs are interleaved: each target with 1 worker, then 2; the
# two trivial targets side by side at the start, the middle and the end
# (median taken), so that a change in the machine's load during the run
# shifts both sides of each ratio.
src=$tmp/src
mkdir -p "$src"
git ls-files -z -co --exclude-standard | tar --null -T - --ignore-failed-read -cf - 2>/dev/null | tar -xf - -C "$src"
targets=$(cd "$src" && go test -list '^Fuzz' ./fuzz | grep '^Fuzz')
rm -rf "$KEEP"
mkdir -p "$KEEP"
fuzz() { # pkg tags target workers name
	log "fuzzrun fuzz --pkg $1 --tags '$2' --targets $3 --workers $4 --duration ${FUZZ_SECONDS}s --minimize-time $FUZZ_MINIMIZE"
	(cd "$src" && "$FUZZRUN" fuzz --pkg "$1" --tags "$2" --targets "$3" --workers "$4" --duration "${FUZZ_SECONDS}s" \
		--minimize-time "$FUZZ_MINIMIZE" --cache-dir "$tmp/cache-$5" --corpus "" --json "$KEEP/$5.json" --report "$KEEP/$5" >&2) || true
}
rate() { jq -r '.targets[0].execs_per_sec // 0 | floor' "$KEEP/$1.json" 2>/dev/null || echo 0; }
field() { jq -r ".targets[0].$2 // \"-\"" "$KEEP/$1.json" 2>/dev/null || echo -; }
median3() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
trivial() {
	for w in 1 2; do
		fuzz ./campaign/internal/trivialfuzz "" FuzzTrivial "$w" "trivial-$1-$w"
		fuzz ./fuzz fuzzceiling FuzzCeiling "$w" "ceiling-$1-$w"
	done
}
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
trivial a
n=0
for t in $targets; do
	n=$((n + 1))
	for w in 1 2; do fuzz ./fuzz fuzzceiling "$t" "$w" "$t-$w"; done
	if [ "$n" = $(($(echo "$targets" | wc -l) / 2)) ]; then trivial b; fi
done
trivial c
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
# counters PKG TAGS TARGET NAME: the instrumented 8-bit counters (ELF
# section .go.fuzzcntrs) of the test binary go test -fuzz builds for
# TARGET in PKG (built with -c, which keeps the symbols a run's binary is
# stripped of); and in $tmp/NAME.pkgs, how many of them each package's code
# bumps (each counter has one "MOVB $0x1, counter(IP)" in the disassembly:
# the increment's wrap from 255 to 1).
counters() {
	local bin=$tmp/$4.test n
	(cd "$src" && go test -c -tags "$2" -fuzz "^$3\$" -o "$bin" "$1") >&2 || { echo "n/a"; return; }
	n=$(readelf -SW "$bin" 2>/dev/null | awk '$2 == ".go.fuzzcntrs" { print $6 }')
	go tool objdump "$bin" 2>/dev/null | awk '
		/^TEXT / { # the package of the symbol, its type arguments cut and the
			# compiler'"'"'s equality functions counted with their type'"'"'s package
			sym = $2; sub(/^type:\.eq\.(\[[0-9]+\])?/, "", sym); if (b = index(sym, "[")) sym = substr(sym, 1, b - 1)
			i = match(sym, /\/[^\/]*$/); rest = substr(sym, i + 1)
			pkg = (i ? substr(sym, 1, i) : "") substr(rest, 1, index(rest ".", ".") - 1) }
		/MOVB \$0x1, 0x[0-9a-f]+\(IP\)/ { c[pkg]++ }
		END { for (p in c) print c[p], p }' >"$tmp/$4.pkgs"
	rm -f "$bin"
	if [ -n "$n" ]; then printf '%d' "0x$n"; else echo "n/a"; fi
}
cntr_trivial=$(counters ./campaign/internal/trivialfuzz "" FuzzTrivial trivial)
cntr_ceiling=$(counters ./fuzz fuzzceiling FuzzCeiling ceiling)
# extra_counters: the packages whose counters ./fuzz has beyond FuzzTrivial's
# binary, most first.
extra_counters() {
	awk 'NR == FNR { base[$2] = $1; next } { d = $1 - base[$2]; if (d > 0) print d, $2 }' \
		"$tmp/trivial.pkgs" "$tmp/ceiling.pkgs" | sort -rn | head -"$1" |
		awk '{ printf "%s%s %d", (NR > 1 ? ", " : ""), $2, $1 }'
}
# walk_share: in a profile (perf, when this machine has it) of FuzzCeiling
# with 1 worker, the share of CPU samples in the engine's walks over the
# counters after each execution: the snapshot (testdeps' SnapshotCoverage)
# and the comparison with the coverage so far (countNewCoverageBits,
# inlined in workerServer.fuzz's fuzzOnce closure, func4 in Go 1.26).
walk_share="n/a (perf is not installed)"
if command -v perf >/dev/null 2>&1; then
	# The test binary is built first and run directly, as fuzzrun runs it
	# (GOMAXPROCS=1 in each engine process), so that it outlives the run
	# for perf report to read its symbols, and no build tool's samples mix in.
	log "perf record of FuzzCeiling, 1 worker"
	mkdir -p "$tmp/perf"
	if (cd "$src" && go test -c -fuzz . -tags fuzzceiling -o "$tmp/perf/fuzz.test" ./fuzz) &&
		(cd "$src/fuzz" && GOMAXPROCS=1 perf record -q -F 999 -o "$tmp/perf/ceiling.data" -- "$tmp/perf/fuzz.test" \
			-test.run '^$' -test.fuzz '^FuzzCeiling$' -test.fuzztime "${FUZZ_SECONDS}s" -test.parallel 1 \
			-test.fuzzminimizetime "$FUZZ_MINIMIZE" -test.fuzzcachedir "$tmp/perf/cache" >/dev/null 2>&1); then
		walk_share=$(perf report -i "$tmp/perf/ceiling.data" --no-children --sort sym --stdio 2>/dev/null | awk '
			/SnapshotCoverage *$/ { snap += $1 } /internal\/fuzz\.\(\*workerServer\)\.fuzz\.func4 *$/ { cmp += $1 }
			END { printf "%.0f%% in the snapshot and %.0f%% in the comparison, %.0f%% together", snap, cmp, snap + cmp }')
	else
		walk_share="n/a (perf record failed)"
	fi
fi
# need70: the counters at which FuzzCeiling would run at 0.70 of FuzzTrivial,
# on the line through the two binaries' (counters, seconds per execution).
need70() {
	awk -v ct="$cntr_trivial" -v cc="$cntr_ceiling" -v rt="$1" -v rc="$2" 'BEGIN {
		tt = 1 / rt; tc = 1 / rc
		if (cc == ct || tc <= tt) { print "?"; exit }
		printf "%.0f", ct + (tt / 0.70 - tt) / ((tc - tt) / (cc - ct))
	}'
}
triv1=$(median3 "$(rate trivial-a-1)" "$(rate trivial-b-1)" "$(rate trivial-c-1)")
triv2=$(median3 "$(rate trivial-a-2)" "$(rate trivial-b-2)" "$(rate trivial-c-2)")
ceil1=$(median3 "$(rate ceiling-a-1)" "$(rate ceiling-b-1)" "$(rate ceiling-c-1)")
need70=$(need70 "$triv1" "$ceil1")
ceil2=$(median3 "$(rate ceiling-a-2)" "$(rate ceiling-b-2)" "$(rate ceiling-c-2)")

# 3. diff cases/s end to end (the default run as CI runs it, from the
# process's start to its exit), then per adapter: the oracle's own
# benchmarks when it has them (oracle/adapters: BenchmarkServer,
# BenchmarkClient, one sub-benchmark per adapter, reporting cases/s), else
# fuzzrun diff timed per adapter.
. scripts/lib/diff-rate.sh
log "$(diff_rate_cmd), $DIFF_ROUNDS rounds"
diff_e2e=""
if diff_rate "$FUZZRUN" "$DIFF_ROUNDS" "$tmp/diff-rate.txt"; then
	diff_e2e=$(diff_rate_median "$tmp/diff-rate.txt")
fi
diff_rows=""
diff_how=""
oracle_benchmarks=$(go test -list '^Benchmark(Server|Client)$' ./oracle/adapters 2>/dev/null || true)
if echo "$oracle_benchmarks" | grep -q '^Benchmark'; then
	diff_how="\`go test -run '^\$' -bench 'Server|Client' -benchtime ${DIFF_CASES}x ./oracle/adapters\` (the oracle's benchmarks: one case judged per op)"
	log "go test -bench 'Server|Client' ./oracle/adapters"
	go test -run '^$' -bench 'Server|Client' -benchtime "${DIFF_CASES}x" ./oracle/adapters >"$tmp/oracle-bench.txt" 2>&1 || true
	diff_rows=$(awk '/^Benchmark(Server|Client)\// {
		name = $1; sub(/-[0-9]+$/, "", name); side = (name ~ /^BenchmarkServer/) ? "server" : "client"; sub(/^Benchmark(Server|Client)\//, "", name)
		for (i = 2; i < NF; i++) if ($(i+1) == "cases/s") printf "| %s | %s | %.0f |\n", name, side, $i
	}' "$tmp/oracle-bench.txt")
elif "$FUZZRUN" diff --list >"$tmp/impls.txt" 2>/dev/null; then
	diff_how="\`fuzzrun diff --impl NAME --cases $DIFF_CASES --no-minimize --log \"\"\` per adapter, cases and seconds as its JSON reports them"
	for impl in $(awk 'NF && !seen[$1]++ { print $1 }' "$tmp/impls.txt"); do
		sides=$(awk -v n="$impl" '$1 == n { print $2 }' "$tmp/impls.txt" | paste -sd+)
		log "fuzzrun diff --impl $impl --cases $DIFF_CASES"
		js=$tmp/diff-$(echo "$impl" | tr -c 'A-Za-z0-9\n-' _).json
		code=0
		"$FUZZRUN" diff --impl "$impl" --cases "$DIFF_CASES" --duration 60s --no-minimize --log "" \
			--json "$js" >/dev/null 2>"$js.err" || code=$?
		if [ "$code" = 2 ] || [ ! -s "$js" ]; then
			sed 's/^/    /' "$js.err" >&2
			diff_rows+="| $impl | $sides | run error (exit $code) |"$'\n'
			continue
		fi
		diff_rows+="| $impl | $sides | $(ratio "$(jq .cases "$js")" "$(jq .duration_s "$js")") |"$'\n'
	done
fi
fastest=$(echo "$diff_rows" | awk -F'|' '$4 + 0 > m { m = $4 + 0 } END { print m + 0 }')

# 4. suite wall time per peer (docs/peers.md: start.sh, then fuzzrun suite).
suite_rows=""
suite_note=""
if ! "$FUZZRUN" suite --help >/dev/null 2>&1; then
	suite_note="not yet available: this build of fuzzrun has no suite command."
else
	# Below the kernel's ephemeral range (32768-60999), so no outgoing
	# connection of this machine can hold one; each proxy's backend is
	# on port + 100, as in scripts/nightly.sh (which uses 31810-31814).
	port=31820
	for peer in node-ws py-websockets aiohttp nginx haproxy; do
		port=$((port + 1))
		if ! scripts/peers/install.sh "$peer" >"$tmp/install-$peer.log" 2>&1; then
			suite_rows+="| $peer | not installed (scripts/peers/install.sh failed) | | |"$'\n'
			continue
		fi
		case $peer in
		nginx | haproxy)
			args=(--proxy "tcp://127.0.0.1:$port" --backend-listen "127.0.0.1:$((port + 100))")
			start_rc=0
			start_out=$(scripts/peers/start.sh "$peer" "$port" "$((port + 100))" 2>&1) || start_rc=$?
			;;
		*)
			args=(--target "tcp://127.0.0.1:$port")
			start_rc=0
			start_out=$(scripts/peers/start.sh "$peer" "$port" 2>&1) || start_rc=$?
			;;
		esac
		if [ "$start_rc" != 0 ]; then
			scripts/peers/stop.sh "$peer" >/dev/null 2>&1 || true
			suite_rows+="| $peer | did not start (exit $start_rc): $(echo "$start_out" | tail -n 1 | tr '|' '/') | | |"$'\n'
			continue
		fi
		log "fuzzrun suite ${args[*]} ($peer)"
		t0=$(date +%s.%N)
		code=0
		"$FUZZRUN" suite "${args[@]}" >"$tmp/suite-$peer.txt" 2>&1 || code=$?
		t1=$(date +%s.%N)
		scripts/peers/stop.sh "$peer" >/dev/null 2>&1 || true
		summary=$(tail -n 1 "$tmp/suite-$peer.txt" | tr '|' '/')
		suite_rows+="| $peer | $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }') | $code | $summary |"$'\n'
	done
fi

# 5. Time to detect planted defects.
log "planted defect: fuzz engine on FuzzPlanted"
mkdir -p "$tmp/planted"
printf 'module example.com/planted\n\ngo 1.26\n' >"$tmp/planted/go.mod"
for f in campaign/internal/plantedfuzz/*.go; do
	sed 's/^package plantedfuzz$/package planted/' "$f" >"$tmp/planted/$(basename "$f")"
done
(cd "$tmp/planted" && "$FUZZRUN" fuzz --pkg . --workers 2 --duration 60s --cache-dir "$tmp/cache-planted" \
	--corpus "" --json "$KEEP/planted.json" >&2) || true
planted_rows="| fuzz engine finds FuzzPlanted's magic prefix (campaign/internal/plantedfuzz, 2 workers) | $(field planted elapsed_seconds | xargs printf '%.2f') | $(field planted status) |"$'\n'
for pkg in $(go list ./oracle/... ./suite/... 2>/dev/null); do
	for t in $(go test -list 'Planted' "$pkg" 2>/dev/null | grep '^Test' || true); do
		log "go test -run ^$t\$ $pkg"
		t0=$(date +%s.%N)
		code=0
		go test -count=1 -run "^$t\$" -v "$pkg" >"$tmp/$t.txt" 2>&1 || code=$?
		t1=$(date +%s.%N)
		v=PASS
		[ "$code" = 0 ] || v="FAIL (exit $code)"
		planted_rows+="| \`$t\` (${pkg#github.com/switchyard/switchyard/}) | $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }') | $v |"$'\n'
	done
done

elapsed=$(($(date +%s) - started))
{
	echo "# Performance record"
	echo
	echo "Generated by \`scripts/perf-record.sh\` in one run of ${elapsed}s on $(date -u +%Y-%m-%d) —"
	echo "$(go version | cut -d' ' -f3), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores."
	echo "Ratios measured in this one run are the headline; absolute numbers are context only."
	echo
	echo "## Parser against net/http and gobwas/ws"
	echo
	echo "\`$bench_cmd\`, medians; each input the same bytes for all three. Switchyard parses, validates"
	echo "every field strictly and builds the 101; gobwas/ws's Upgrader parses, checks its subset and writes the 101;"
	echo "net/http.ReadRequest only parses."
	echo
	bench_tables "$tmp/bench.txt"
	echo
	echo "## Fuzz targets: execs/s with 1 and 2 workers, against the same-package ceiling"
	echo
	echo "\`fuzzrun fuzz --tags fuzzceiling --workers W --minimize-time $FUZZ_MINIMIZE\` (go test -fuzz -parallel W"
	echo "-fuzzminimizetime $FUZZ_MINIMIZE, each engine process with GOMAXPROCS=1, fuzzrun's default), ${FUZZ_SECONDS}s per target, each from its seeds (fresh fuzz cache). execs/s is counted"
	echo "over the time spent fuzzing, after the engine's baseline pass over the seeds. Two trivial targets (they only"
	echo "check the length of the input) run in the same run: \`FuzzCeiling\`, in ./fuzz itself (build tag"
	echo "\`fuzzceiling\`, so campaigns never run it), links and instruments exactly what the real targets do, so its"
	echo "execs/s is the ceiling they can reach and \"of ceiling\" says how close each comes; \`FuzzTrivial\`"
	echo "(campaign/internal/trivialfuzz) links nearly nothing, and \"of bare\" says what ./fuzz's link set costs every"
	echo "execution (the engine walks every instrumented edge's counter after each run)."
	echo
	echo "| target | execs/s, 1 worker | execs/s, 2 workers | 2 / 1 workers | of ceiling (1 worker) | of ceiling (2 workers) | corpus | new interesting (2 workers) | status (1 / 2) |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---|"
	echo "| FuzzTrivial, bare (median of 3) | $triv1 | $triv2 | $(ratio "$triv2" "$triv1")× | | | | | |"
	echo "| FuzzCeiling (median of 3) | $ceil1 | $ceil2 | $(ratio "$ceil2" "$ceil1")× | 1.00 | 1.00 | | | |"
	errors=""
	for t in $targets; do
		r1=$(rate "$t-1"); r2=$(rate "$t-2")
		echo "| $t | $r1 | $r2 | $(ratio "$r2" "$r1")× | $(ratio "$r1" "$ceil1") | $(ratio "$r2" "$ceil2") | $(field "$t-2" corpus) | $(field "$t-2" new_interesting) | $(field "$t-1" status) / $(field "$t-2" status) |"
		for w in 1 2; do
			case $(field "$t-$w" status) in
			ok) ;;
			*) errors+="- $t, $w worker(s): $(field "$t-$w" status): $(jq -r '.targets[0] | (.error // "") + ([.crashers[]?.message] | join("; "))' "$KEEP/$t-$w.json" 2>/dev/null | head -n 3 | tr '\n' ' ')"$'\n' ;;
			esac
		done
	done
	echo
	echo "FuzzCeiling of bare: $(ratio "$ceil1" "$triv1") with 1 worker, $(ratio "$ceil2" "$triv2") with 2 workers (medians)."
	echo "Samples side by side (start, middle, end of the run), FuzzCeiling / FuzzTrivial execs/s:"
	echo "1 worker $(rate ceiling-a-1) / $(rate trivial-a-1), $(rate ceiling-b-1) / $(rate trivial-b-1), $(rate ceiling-c-1) / $(rate trivial-c-1);"
	echo "2 workers $(rate ceiling-a-2) / $(rate trivial-a-2), $(rate ceiling-b-2) / $(rate trivial-b-2), $(rate ceiling-c-2) / $(rate trivial-c-2)."
	echo "Load average at the start $load_start, at the end $load_end (other work on the machine shows there; a wide"
	echo "spread means the absolute numbers are noisy)."
	echo
	echo "Why FuzzCeiling runs well below FuzzTrivial: after every execution the engine copies and compares every"
	echo "instrumented 8-bit counter of the binary (ELF section \`.go.fuzzcntrs\`), and minimizing a new input compares"
	echo "them again per attempt, so the cost of an execution grows with their number; go test -fuzz instruments every"
	echo "package the fuzzed package links, the standard library's included. In a profile of FuzzCeiling with 1 worker"
	echo "(perf, this run, the engine's two processes): $walk_share of the CPU samples."
	echo "Counters in this run's binaries: FuzzTrivial $cntr_trivial, ./fuzz (FuzzCeiling and every target) $cntr_ceiling; the"
	echo "packages with the most beyond FuzzTrivial's, counted in the disassembly: $(extra_counters 12)."
	echo "A line through this run's two points (counters, time per execution with 1 worker) puts FuzzCeiling at 0.70"
	echo "of bare at about $need70 counters in ./fuzz."
	echo
	echo "The engine minimizes every new interesting input and reports the executions spent doing so only when the"
	echo "minimization ends; with its default bound (60 s) a short run's count freezes (\`execs: N (0/sec)\`) and"
	echo "under-counts, the more so with one worker. Here it is bounded by $FUZZ_MINIMIZE (FUZZ_MINIMIZE; a count of executions"
	echo "rather than a time, because a minimization that runs out of time makes the engine restart the worker and lose"
	echo "its count), so those executions count."
	echo "A target that finds new coverage still spends part of its time minimizing and adding to the corpus, which"
	echo "the ceiling never does. Longer runs (\`FUZZ_SECONDS=60\`) are steadier."
	if [ -n "$errors" ]; then
		echo
		echo "Runs that did not end ok (logs in \`$KEEP/\`):"
		echo
		printf '%s' "$errors"
	fi
	echo
	echo "## Differential oracle: cases/s end to end and per adapter"
	echo
	if [ -n "$diff_e2e" ]; then
		echo "End to end, the default run as CI runs it (\`$(diff_rate_cmd)\`: every in-process implementation,"
		echo "new findings minimized, the in-process proxies, the reports written), wall clock from the process's"
		echo "start to its exit, median of $DIFF_ROUNDS rounds: **$diff_e2e cases/s** (target: 5,000 on 2 cores); rounds:"
		echo "$(awk '{ printf "%s%s cases in %s s", (NR > 1 ? "; " : ""), $1, $2 }' "$tmp/diff-rate.txt")."
	else
		echo "End to end: the default run failed (run error); see the log above."
	fi
	echo
	if [ -n "$diff_rows" ]; then
		echo "$diff_how."
		echo
		echo "| adapter | side | cases/s | of the fastest |"
		echo "|---|---|---:|---:|"
		echo "$diff_rows" | while IFS='|' read -r _ name side rate _; do
			[ -n "$name" ] || continue
			echo "|$name|$side| $(echo $rate) | $(ratio "$rate" "$fastest") |"
		done
	else
		echo "Not available: neither the oracle's benchmarks nor \`fuzzrun diff --list\` ran in this build."
	fi
	echo
	echo "## Conformance suite: wall time per real peer"
	echo
	if [ -n "$suite_note" ]; then
		echo "$suite_note"
	else
		echo "\`fuzzrun suite --target\` (servers) or \`--proxy --backend-listen\` (proxies), each peer started by"
		echo "\`scripts/peers/start.sh\` as docs/peers.md describes. Exit 1 means some case FAILs (a finding about the peer)."
		echo
		echo "| peer | wall time (s) | exit | summary |"
		echo "|---|---:|---:|---|"
		printf '%s' "$suite_rows"
	fi
	echo
	echo "## Time to detect each planted defect"
	echo
	echo "Wall time of the run that must find it (for tests: \`go test -count=1 -run '^T\$' -v PKG\`, build cache warm)."
	echo
	echo "| planted defect | seconds | result |"
	echo "|---|---:|---|"
	printf '%s' "$planted_rows"
	if [ -f docs/nightly.md ] && grep -q '^## libFuzzer build verified' docs/nightly.md; then
		echo
		echo "The libFuzzer builds (go-118-fuzz-build + clang, as ClusterFuzzLite builds them) are verified by"
		echo "\`scripts/verify-libfuzzer.sh\`; its last result, with execs/s under libFuzzer, is in docs/nightly.md."
	fi
} >"$OUT"
log "wrote $OUT in ${elapsed}s"
