package oracle

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/switchyard/switchyard/internal/testpeers"
	"github.com/switchyard/switchyard/rules"
)

// TestResumeAfterKill: a run stopped early (as by a kill) leaves its
// findings and progress in the log; the same run again starts where it
// stopped and reports every finding of both parts.
func TestResumeAfterKill(t *testing.T) {
	path := filepath.Join(t.TempDir(), "findings.jsonl")
	cfg := Config{
		Servers: []ServerTarget{plantedTarget(testpeers.WrongAccept)}, Seed: 3, Cases: 300,
		Timeout: 300 * time.Millisecond, NoMinimize: true, LogPath: path,
	}
	// The killed run: its log holds a finding and progress through case
	// 64, written as Run writes them, and no "done" record.
	l, _, _, err := OpenLog(path, runKey(cfg, []string{"planted/wrong-accept"}))
	if err != nil {
		t.Fatal(err)
	}
	planted := Finding{Target: "planted/wrong-accept", Class: Violation, Rule: rules.RFC6455_4_2_2_11, Summary: "from the killed run"}
	if err := l.Finding(planted); err != nil {
		t.Fatal(err)
	}
	if err := l.Progress(64); err != nil {
		t.Fatal(err)
	}
	l.f.Close() // killed: no "done" record

	res, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if res.Resumed != 64 {
		t.Errorf("resumed after %d cases, want 64", res.Resumed)
	}
	found := false
	for _, f := range res.Findings {
		if f.Sig() == planted.Sig() {
			found = f.Summary == planted.Summary
		}
	}
	if !found {
		t.Errorf("the killed run's finding is not reported as it was logged: %+v", res.Findings)
	}

	// Finished now: the same run again starts afresh.
	res, err = Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if res.Resumed != 0 {
		t.Errorf("a finished run was resumed after %d cases", res.Resumed)
	}
}

// TestLogRuns: runs with different keys keep their own state; a log whose
// runs have all finished starts afresh.
func TestLogRuns(t *testing.T) {
	path := filepath.Join(t.TempDir(), "log.jsonl")
	a, _, _, err := OpenLog(path, "a")
	if err != nil {
		t.Fatal(err)
	}
	a.Finding(Finding{Target: "x", Rule: "R", Class: Violation})
	a.Progress(32)
	a.Close(false) // killed
	b, _, _, err := OpenLog(path, "b")
	if err != nil {
		t.Fatal(err)
	}
	b.Progress(64)
	b.Close(true)
	a, found, done, err := OpenLog(path, "a")
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 1 || done != 32 {
		t.Errorf("resumed run a: %d findings, %d done; want 1, 32", len(found), done)
	}
	a.Close(true)
	b, found, done, err = OpenLog(path, "b")
	if err != nil {
		t.Fatal(err)
	}
	if found != nil || done != 0 {
		t.Errorf("finished run b resumed: %v, %d", found, done)
	}
	b.Close(true)
	runs, err := readLog(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 1 || runs["b"] == nil {
		t.Errorf("a log of finished runs did not start afresh: %v", runs)
	}
}
