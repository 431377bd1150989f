package proxymode_test

import (
	"context"
	"testing"

	"github.com/switchyard/switchyard/internal/testpeers"
	"github.com/switchyard/switchyard/suite"
	"github.com/switchyard/switchyard/suite/proxymode"
)

// TestParallelKeepsCaseOrder checks that cases in flight side by side
// (Config.Parallel) give the results one after the other gives, in case
// order, and that Each sees them in that order too.
func TestParallelKeepsCaseOrder(t *testing.T) {
	for _, defect := range []testpeers.Defect{testpeers.Strict, testpeers.TunnelAfterRefusal} {
		run := func(parallel int) []suite.Result {
			backend := testpeers.FreeAddr(t)
			p, err := testpeers.NewProxy(backend, defect)
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close()
			var seen []int
			cfg := proxymode.Config{Proxy: p.Addr(), BackendListen: backend, Parallel: parallel,
				Each: func(r suite.Result) { seen = append(seen, r.Number) }}
			rs, err := proxymode.Run(context.Background(), cfg, proxymode.Cases())
			if err != nil {
				t.Fatal(err)
			}
			for i, n := range seen {
				if n != i+1 {
					t.Fatalf("parallel %d: Each saw case %d in place %d", parallel, n, i+1)
				}
			}
			return rs
		}
		one, many := run(1), run(6)
		if len(one) != len(proxymode.Cases()) || len(many) != len(one) {
			t.Fatalf("%d and %d results; want %d", len(one), len(many), len(proxymode.Cases()))
		}
		for i := range one {
			a, b := one[i], many[i]
			if a.Name != b.Name || a.Number != b.Number || a.Outcome != b.Outcome || a.Cited != b.Cited || a.Got != b.Got {
				t.Errorf("case %d: one at a time %s %s %s %q; side by side %s %s %s %q",
					i+1, a.Name, a.Outcome, a.Cited, a.Got, b.Name, b.Outcome, b.Cited, b.Got)
			}
		}
	}
}
