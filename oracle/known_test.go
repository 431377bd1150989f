package oracle

import (
	"context"
	"testing"
	"time"

	"github.com/switchyard/switchyard/internal/testpeers"
	"github.com/switchyard/switchyard/rules"
)

// knownRun runs the planted http10 server with minimization and returns
// its finding of RFC 9110 §15.2's rule.
func knownRun(t *testing.T, bl *Baseline, minimizeKnown bool) Finding {
	t.Helper()
	res, err := Run(context.Background(), Config{
		Servers: []ServerTarget{plantedTarget(testpeers.HTTP10)}, Seed: 7, Cases: 200,
		Timeout: time.Second, Baseline: bl, MinimizeKnown: minimizeKnown,
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Findings {
		if f.Class == Violation && f.Rule == rules.RFC9110_15_2_1 {
			return f
		}
	}
	t.Fatal("the planted http10 defect was not found")
	return Finding{}
}

// A finding the baseline lists exactly takes the entry's reproducer when
// it still gives the finding; with MinimizeKnown, or when the entry's
// reproducer no longer gives it, the finding is minimized afresh.
func TestKnownReproducer(t *testing.T) {
	fresh := knownRun(t, nil, false)
	if fresh.Reproducer == fresh.Request {
		t.Fatalf("minimization did not shrink %q", fresh.Request)
	}
	entry := func(repro string) *Baseline {
		return &Baseline{Entries: []BaselineEntry{{Target: fresh.Target, Version: fresh.Version, Class: fresh.Class,
			Rule: fresh.Rule, Cause: fresh.Cause, Reproducer: repro}}}
	}
	// The whole case reproduces the finding: the entry may give it.
	known := entry(fresh.Request)
	if f := knownRun(t, known, false); f.Reproducer != fresh.Request || f.New {
		t.Errorf("baseline reproducer: got %q (new %v), want the entry's %q", f.Reproducer, f.New, fresh.Request)
	}
	if f := knownRun(t, known, true); f.Reproducer != fresh.Reproducer {
		t.Errorf("MinimizeKnown: got %q, want the minimized %q", f.Reproducer, fresh.Reproducer)
	}
	// RFC 6455 §1.2's handshake does not give the finding: minimized.
	if f := knownRun(t, entry(finishedRequest), false); f.Reproducer != fresh.Reproducer {
		t.Errorf("stale entry: got %q, want the minimized %q", f.Reproducer, fresh.Reproducer)
	}
}
