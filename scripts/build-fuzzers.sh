#!/bin/sh
# build-fuzzers.sh: build the fuzz targets of ./fuzz for go-fuzz and for
# libFuzzer, and run each built binary for a few seconds to prove it works.
#
#	scripts/build-fuzzers.sh [gofuzz|libfuzzer|all]     (default: all)
#
# Environment: FUZZ_SECONDS, how long each binary runs (default 10; go-fuzz
# spends its first seconds loading). Tools and binaries go to .work/
# (gitignored): .work/bin for go-fuzz, go-fuzz-build and go-118-fuzz-build
# (installed at the versions go.mod pins), .work/fuzzers for the builds
# and their working directories. clang and libclang-rt-14-dev (Debian) are
# apt-installed when missing. Exits non-zero when a build fails, a binary
# does not run, or a run finds a crasher (left in .work/fuzzers/...).
set -eu

cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=$ROOT/.work/bin
OUT=$ROOT/.work/fuzzers
SECS=${FUZZ_SECONDS:-10}
MODE=${1:-all}
mkdir -p "$BIN" "$OUT"

log() { printf '== %s\n' "$*"; }
die() { printf 'build-fuzzers: %s\n' "$*" >&2; exit 1; }

# The native targets (func FuzzXxx(f *testing.F)) and the go-fuzz entry
# points (func FuzzXxx(data []byte) int).
NATIVE=$(sed -n 's/^func \(Fuzz[A-Za-z0-9]*\)(f \*testing\.F).*/\1/p' fuzz/fuzz_test.go)
GOFUZZ=$(sed -n 's/^func \(Fuzz[A-Za-z0-9]*\)(data \[\]byte) int.*/\1/p' fuzz/gofuzz.go)
[ -n "$NATIVE" ] && [ -n "$GOFUZZ" ] || die "no targets found in fuzz/"

modversion() { go list -m -f '{{.Version}}' "$1"; }

# PRESERVE: packages go-fuzz must not instrument (instrumenting this one
# breaks the build of anything that links net/http).
PRESERVE=crypto/internal/fips140/bigmod

# seed WORKDIR DIR...: copy the captures in DIR... into WORKDIR/corpus,
# each named after its folder so that names do not collide.
seed() {
	work=$1
	shift
	for d in "$@"; do
		for f in "$d"/*.http; do
			cp "$f" "$work/corpus/$(basename "$d")-$(basename "$f")"
		done
	done
}

gofuzz() {
	v=$(modversion github.com/dvyukov/go-fuzz) || die "go.mod lacks github.com/dvyukov/go-fuzz (go get github.com/dvyukov/go-fuzz/go-fuzz-dep)"
	if [ ! -x "$BIN/go-fuzz" ] || [ ! -x "$BIN/go-fuzz-build" ]; then
		log "installing go-fuzz $v"
		GOBIN=$BIN go install "github.com/dvyukov/go-fuzz/go-fuzz@$v" "github.com/dvyukov/go-fuzz/go-fuzz-build@$v"
	fi
	for t in $GOFUZZ; do
		work=$OUT/gofuzz-$t
		log "go-fuzz-build $t"
		"$BIN/go-fuzz-build" -func "$t" -preserve "$PRESERVE" -o "$work.zip" ./fuzz
		mkdir -p "$work/corpus"
		case $t in
		FuzzRequestHead) seed "$work" corpus/requests ;;
		FuzzResponseHead) seed "$work" corpus/responses ;;
		FuzzRoundTrip) seed "$work" corpus/requests corpus/responses ;;
		esac
		log "go-fuzz $t for ${SECS}s"
		timeout -s INT "$SECS" "$BIN/go-fuzz" -bin="$work.zip" -workdir="$work" -procs=2 >"$work.log" 2>&1 || true
		grep 'execs:' "$work.log" | tail -n 1
		execs=$(sed -n 's/.*execs: \([0-9]*\).*/\1/p' "$work.log" | tail -n 1)
		[ "${execs:-0}" -gt 0 ] || die "go-fuzz $t ran no input (see $work.log)"
		crashers=$(find "$work/crashers" -type f ! -name '*.output' ! -name '*.quoted' 2>/dev/null | wc -l)
		[ "$crashers" -eq 0 ] || die "go-fuzz $t found $crashers crasher(s) in $work/crashers"
	done
}

libfuzzer() {
	if ! command -v clang >/dev/null || [ ! -d /usr/lib/llvm-14/lib/clang ] ||
		! ls /usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
		log "installing clang and libclang-rt-14-dev"
		sudo=""
		[ "$(id -u)" -eq 0 ] || sudo=sudo
		$sudo apt-get update -q
		$sudo apt-get install -y -q clang libclang-rt-14-dev
	fi
	v=$(modversion github.com/AdamKorcz/go-118-fuzz-build) || die "go.mod lacks github.com/AdamKorcz/go-118-fuzz-build (go get github.com/AdamKorcz/go-118-fuzz-build/testing)"
	if [ ! -x "$BIN/go-118-fuzz-build" ]; then
		log "installing go-118-fuzz-build $v"
		GOBIN=$BIN go install "github.com/AdamKorcz/go-118-fuzz-build@$v"
	fi
	for t in $NATIVE; do
		bin=$OUT/libfuzzer-$t
		log "go-118-fuzz-build $t"
		"$BIN/go-118-fuzz-build" -o "$bin.a" -func "$t" ./fuzz
		clang -fsanitize=fuzzer "$bin.a" -o "$bin"
		mkdir -p "$bin.corpus"
		log "libFuzzer $t for ${SECS}s"
		# Run in fuzz/, where the targets find corpus/ as go test does.
		(cd fuzz && "$bin" -max_total_time="$SECS" -print_final_stats=1 "$bin.corpus" >"$bin.log" 2>&1) ||
			die "libFuzzer $t failed (see $bin.log)"
		grep -E '^stat::number_of_executed_units' "$bin.log" || true
	done
}

case $MODE in
gofuzz) gofuzz ;;
libfuzzer) libfuzzer ;;
all) gofuzz && libfuzzer ;;
*) die "usage: $0 [gofuzz|libfuzzer|all]" ;;
esac
log "done"
