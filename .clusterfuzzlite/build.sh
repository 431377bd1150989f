#!/bin/bash -eu
# ClusterFuzzLite / OSS-Fuzz build script (runs inside the base-builder-go
# image, in $SRC/switchyard, a throwaway copy of the repository; binaries
# and their inputs go to $OUT).
#
# Every native target that go test lists in ./fuzz is compiled for
# libFuzzer with compile_native_go_fuzzer, which is go-118-fuzz-build plus
# clang -fsanitize=fuzzer (or go test -cover for coverage builds); beside
# each binary go its seed corpus (<target>_seed_corpus.zip, from the real
# handshakes of corpus/) and its dictionary (<target>.dict:
# fuzz/switchyard.dict, or one generated from the catalogue's field names),
# both written by inputs.py.
cd "$SRC/switchyard"

targets=$(go test -list '^Fuzz' ./fuzz | grep '^Fuzz')

# compile_native_go_fuzzer always builds with -tags gofuzz, the tag under
# which fuzz/ swaps its native targets (fuzz_test.go, //go:build !gofuzz)
# for go-fuzz entry points of the same names (gofuzz.go, //go:build gofuzz).
# In this copy, keep only the native targets, visible under any tags.
bash .clusterfuzzlite/native-only.sh fuzz

for t in $targets; do
	compile_native_go_fuzzer github.com/switchyard/switchyard/fuzz "$t" "$t"
done
# shellcheck disable=SC2086
python3 .clusterfuzzlite/inputs.py . "$OUT" $targets
