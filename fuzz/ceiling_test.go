//go:build fuzzceiling

package fuzz

import "testing"

// ceilingMaxLen is the length FuzzCeiling checks its input against; go
// test -fuzz never produces longer inputs by default, so the check never
// fails.
const ceilingMaxLen = 1 << 20

// FuzzCeiling does almost nothing (it only checks the length of its input),
// like campaign/internal/trivialfuzz's FuzzTrivial, but in this package: its
// test binary links and instruments exactly what the real targets' does, so
// its execs/s is the ceiling those targets can reach here.
// scripts/perf-record.sh measures every target against it, and it against
// FuzzTrivial (the engine's bare ceiling), which shows what this package's
// link set costs every execution.
//
// It is no check, so it is built only with the fuzzceiling tag: go test
// -list, fuzzrun fuzz, CI's fuzz smoke and the go-fuzz and libFuzzer builds
// never see it. To run it:
//
//	go run ./cmd/fuzzrun fuzz --tags fuzzceiling --targets FuzzCeiling --duration 10s
func FuzzCeiling(f *testing.F) {
	f.Add([]byte("GET / HTTP/1.1\r\nHost: a\r\n\r\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) > ceilingMaxLen {
			t.Fatalf("input of %d octets, more than %d", len(in), ceilingMaxLen)
		}
	})
}
