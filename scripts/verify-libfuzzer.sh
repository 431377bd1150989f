#!/usr/bin/env bash
# verify-libfuzzer.sh: prove here that the native fuzz targets of ./fuzz
# build for libFuzzer as ClusterFuzzLite/OSS-Fuzz builds them
# (go-118-fuzz-build, then clang -fsanitize=fuzzer: what
# compile_native_go_fuzzer does in .clusterfuzzlite/build.sh), and that
# each binary fuzzes with the seed corpus and dictionary that build.sh
# ships (.clusterfuzzlite/inputs.py): it runs FUZZ_SECONDS (default 10),
# exits 0, and libFuzzer reports more than 0 executed inputs.
#
#	scripts/verify-libfuzzer.sh             # every target of go test -list '^Fuzz' ./fuzz
#	FUZZ_SECONDS=30 scripts/verify-libfuzzer.sh
#	TARGETS="FuzzKey FuzzHost" scripts/verify-libfuzzer.sh
#
# The builds are scripts/build-fuzzers.sh's (libfuzzer mode: it installs
# clang, libclang-rt-14-dev and go-118-fuzz-build when missing, and gives
# each binary a short smoke run of its own, SMOKE_SECONDS, default 1).
# go-118-fuzz-build rewrites the fuzz package's test file in place while it
# builds, so everything runs on a copy of the working tree in a temporary
# directory, never in the tree itself. Each run's log and any crash input
# libFuzzer writes are kept in .work/verify-libfuzzer/ (gitignored).
# Prints a Markdown table: target, exit status, executed inputs, execs/s.
# Exit 0 when every target built and ran, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${FUZZ_SECONDS:-10}

[ -f scripts/build-fuzzers.sh ] || { echo "verify-libfuzzer: scripts/build-fuzzers.sh is missing" >&2; exit 1; }
targets=${TARGETS:-$(go test -list '^Fuzz' ./fuzz | grep '^Fuzz')}
[ -n "$targets" ] || { echo "verify-libfuzzer: go test -list found no fuzz target in ./fuzz" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
keep=$PWD/.work/verify-libfuzzer
rm -rf "$keep"
mkdir -p "$keep"
src=$work/src
mkdir -p "$src"
git ls-files -z -co --exclude-standard | tar --null -T - --ignore-failed-read -cf - 2>/dev/null | tar -xf - -C "$src"

status=0
# build-fuzzers.sh builds every target it finds (TARGETS limits the runs).
(cd "$src" && FUZZ_SECONDS=${SMOKE_SECONDS:-1} sh scripts/build-fuzzers.sh libfuzzer) >&2 || status=1
# shellcheck disable=SC2086
python3 .clusterfuzzlite/inputs.py . "$work/inputs" $targets

# The path .clusterfuzzlite/build.sh takes: compile_native_go_fuzzer always
# passes -tags gofuzz, so build.sh first keeps only the native targets
# (native-only.sh). Built here for the first target, on its own copy.
first=$(echo "$targets" | head -n 1)
cfl=$work/cfl
mkdir -p "$cfl"
git ls-files -z -co --exclude-standard | tar --null -T - --ignore-failed-read -cf - 2>/dev/null | tar -xf - -C "$cfl"
bash .clusterfuzzlite/native-only.sh "$cfl/fuzz"
(cd "$cfl" && "$src/.work/bin/go-118-fuzz-build" -tags gofuzz -o "$cfl/$first.a" -func "$first" ./fuzz &&
	clang -fsanitize=fuzzer "$cfl/$first.a" -o "$cfl/$first") >&2 || status=1

# run NAME TARGET BINARY SRC: run one binary on the target's seeds and
# dictionary and print its row.
run() {
	local name=$1 t=$2 bin=$3 dir=$4 corpus=$work/corpus-$1 built=no rc=- execs=0 seeds
	mkdir -p "$corpus"
	(cd "$corpus" && unzip -q -o "$work/inputs/${t}_seed_corpus.zip" 2>/dev/null) || true
	seeds=$(find "$corpus" -type f | wc -l)
	if [ -x "$bin" ]; then
		built=yes
		rc=0
		# Run in the copy's fuzz/, where the targets find corpus/ as go test does.
		(cd "$dir/fuzz" && "$bin" -max_total_time="$SECS" -print_final_stats=1 \
			-artifact_prefix="$keep/$name-" -dict="$work/inputs/$t.dict" "$corpus" >"$keep/$name.log" 2>&1) || rc=$?
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$keep/$name.log" | tail -n 1)
		execs=${execs:-0}
		if [ "$rc" -ne 0 ]; then
			echo "verify-libfuzzer: $name exited $rc (log and crash input in $keep):" >&2
			grep -m 5 -E 'panic|fatal|ERROR' "$keep/$name.log" >&2 || true
		fi
	fi
	[ "$built" = yes ] && [ "$rc" = 0 ] && [ "$execs" -gt 0 ] || status=1
	echo "| $name | $built | $rc | $execs | $(awk -v e="$execs" -v s="$SECS" 'BEGIN { printf "%.0f", e / s }') | $seeds |"
}

echo "| target | built | exit | executed inputs in ${SECS}s | execs/s | seeds |"
echo "|---|---|---|---:|---:|---:|"
for t in $targets; do
	run "$t" "$t" "$src/.work/fuzzers/libfuzzer-$t" "$src"
done
run "$first (as build.sh: -tags gofuzz)" "$first" "$cfl/$first" "$cfl"
exit $status
