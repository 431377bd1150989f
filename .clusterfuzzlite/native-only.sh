#!/usr/bin/env bash
# native-only.sh DIR: in DIR (a throwaway copy of a package, never the
# working tree), delete the files built only with the gofuzz tag (go-fuzz
# entry points) and drop the "//go:build !gofuzz" line from the others, so
# that the native fuzz targets (func FuzzX(f *testing.F)) build whatever
# tags the builder sets: OSS-Fuzz's compile_native_go_fuzzer always sets
# -tags gofuzz.
set -euo pipefail
dir=${1:?usage: native-only.sh DIR}
for f in "$dir"/*.go; do
	case $(head -n 1 "$f") in
	"//go:build gofuzz") rm "$f" ;;
	"//go:build !gofuzz") sed -i 1d "$f" ;;
	esac
done
