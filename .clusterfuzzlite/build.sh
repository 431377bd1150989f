#!/bin/bash -eu
# ClusterFuzzLite / OSS-Fuzz build script (runs inside the base-builder-go
# image, in $SRC/switchyard; binaries and their inputs go to $OUT).
#
# Every native target that go test lists in ./fuzz is compiled for
# libFuzzer with compile_native_go_fuzzer, which is go-118-fuzz-build plus
# clang -fsanitize=fuzzer; beside each binary go its seed corpus
# (<target>_seed_corpus.zip, from the real handshakes of corpus/) and its
# dictionary (<target>.dict: fuzz/switchyard.dict, or one generated from
# the catalogue's field names), both written by inputs.py.
cd "$SRC/switchyard"

targets=$(go test -list '^Fuzz' ./fuzz | grep '^Fuzz')
for t in $targets; do
	compile_native_go_fuzzer github.com/switchyard/switchyard/fuzz "$t" "$t"
done
# shellcheck disable=SC2086
python3 .clusterfuzzlite/inputs.py . "$OUT" $targets
