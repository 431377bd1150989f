package campaign

import (
	"testing"
	"time"
)

func TestParseProgress(t *testing.T) {
	for _, tc := range []struct {
		line string
		want Progress
		ok   bool
	}{
		{"fuzz: elapsed: 3s, execs: 1234 (411/sec), new interesting: 5 (total: 40)",
			Progress{Elapsed: 3 * time.Second, Execs: 1234, Rate: 411, NewInteresting: 5, Total: 40, Fuzzing: true}, true},
		{"fuzz: elapsed: 1m3s, execs: 99 (33/sec)",
			Progress{Elapsed: 63 * time.Second, Execs: 99, Rate: 33, Fuzzing: true}, true},
		{"fuzz: elapsed: 0s, gathering baseline coverage: 0/40 completed",
			Progress{Baseline: true, BaselineTotal: 40}, true},
		{"fuzz: elapsed: 1s, gathering baseline coverage: 40/40 completed, now fuzzing with 2 workers",
			Progress{Elapsed: time.Second, Baseline: true, BaselineDone: 40, BaselineTotal: 40, Fuzzing: true, Workers: 2}, true},
		{"fuzz: minimizing 57-byte failing input file", Progress{Minimizing: 57}, true},
		{"--- FAIL: FuzzX (0.93s)", Progress{}, false},
		{"PASS", Progress{}, false},
	} {
		got, ok := ParseProgress(tc.line)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParseProgress(%q) = %+v, %v; want %+v, %v", tc.line, got, ok, tc.want, tc.ok)
		}
	}
}
