//go:build libfuzzer

package fuzz

// go-118-fuzz-build rewrites the native targets to import its testing
// package when it builds them for libFuzzer (scripts/build-fuzzers.sh,
// .clusterfuzzlite/build.sh). This import, seen only under the libfuzzer
// tag, keeps that package and its dependencies in go.mod and go.sum
// through `go mod tidy`.
import _ "github.com/AdamKorcz/go-118-fuzz-build/testing"
