package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os/exec"
	"regexp"
	"sync"
	"testing"

	"github.com/switchyard/switchyard/judge"
	"github.com/switchyard/switchyard/oracle"
	"github.com/switchyard/switchyard/oracle/adapters"
)

// replayLine is the form of an in-process finding's replay command.
var replayLine = regexp.MustCompile(`^printf '([^']*)' \| fuzzrun replay --impl (\S+)$`)

// proxyReplayLine is the form of an in-process intermediary's replay
// command: a proxy-mode case run through it.
var proxyReplayLine = regexp.MustCompile(`^fuzzrun replay --impl (\S+) --proxy-case (\S+)$`)

// stdinMu serializes the tests that swap replay's stdin.
var stdinMu sync.Mutex

// TestBaselineAudit is the self-audit of every committed finding
// (oracle/baseline.json): its replay command, run as printed, sends the
// reproducer to its implementation, and
//   - the same finding comes back: the same rule and class (and, for a
//     fault in a message, the same cause), from the same shared layer;
//   - for a fault in a message, the parser cites the rule on the
//     reproducer or on the answer to it;
//   - a violation cites a rule that binds the blamed side's own role.
func TestBaselineAudit(t *testing.T) {
	bl, err := oracle.DefaultBaseline()
	if err != nil {
		t.Fatal(err)
	}
	if len(bl.Entries) == 0 {
		t.Fatal("the baseline is empty")
	}
	for _, e := range bl.Entries {
		name := fmt.Sprintf("%s/%s/%s/%s", e.Target, e.Class, e.Rule, e.Cause)
		t.Run(name, func(t *testing.T) {
			if e.Class == judge.Violation && !judge.Binds(e.Rule, e.Blamed) {
				t.Errorf("violation of %s, which does not bind a %s", e.Rule, e.Blamed)
			}
			if pm := proxyReplayLine.FindStringSubmatch(e.Replay); pm != nil {
				auditProxy(t, e, pm[1], pm[2])
				return
			}
			m := replayLine.FindStringSubmatch(e.Replay)
			if m == nil {
				t.Fatalf("replay %q is not `printf '…' | fuzzrun replay --impl NAME`", e.Replay)
			}
			if want := e.Via; want != "" && m[2] != want {
				t.Errorf("replay goes through %s; the entry names %s", m[2], want)
			}
			if why, ok := adapters.Omitted()[m[2]]; ok {
				t.Skipf("%s is left out of this build: %s", m[2], why)
			}
			msg, err := exec.Command("sh", "-c", "printf '"+m[1]+"'").Output()
			if err != nil {
				t.Fatalf("printf: %v", err)
			}
			if !bytes.Equal(msg, []byte(e.Reproducer)) {
				t.Fatalf("the replay command prints %q; the reproducer is %q", msg, e.Reproducer)
			}
			// A hang is replayed with replay's own timeout; anything else
			// gets more, so that a loaded machine does not pass for a hang.
			timeout := "2s"
			if e.Class == judge.Robustness {
				timeout = oracle.DefaultTimeout.String()
			}
			rep := replayJSON(t, m[2], timeout, msg)
			if e.Via != "" && rep.Layer != e.Target {
				t.Errorf("decided by %q; the finding is the shared layer %s's", rep.Layer, e.Target)
			}
			var got *judge.Divergence
			for i, d := range rep.Verdict.Divergences {
				if d.Rule == e.Rule && d.Class == e.Class && (!e.InMessage || d.Cause == e.Cause) {
					got = &rep.Verdict.Divergences[i]
				}
			}
			if got == nil {
				t.Fatalf("the replay did not give %s %s (%s); it gave %+v\nanswer: %q", e.Class, e.Rule, e.Cause, rep.Verdict.Divergences, rep.Received)
			}
			if e.InMessage && !rep.Cited[e.Rule] {
				t.Errorf("a fault in a message, but the parser cites %s on neither the reproducer nor the answer", e.Rule)
			}
		})
	}
}

// replayJSON runs `fuzzrun replay --impl name --timeout timeout --json`
// with msg on its standard input.
func replayJSON(t *testing.T, name, timeout string, msg []byte) replayReport {
	t.Helper()
	stdinMu.Lock()
	stdin = bytes.NewReader(msg)
	var out, errb bytes.Buffer
	code := run([]string{"replay", "--impl", name, "--timeout", timeout, "--json"}, &out, &errb)
	stdin = nil
	stdinMu.Unlock()
	if code == exitError {
		t.Fatalf("replay exited %d: %s", code, errb.String())
	}
	var rep replayReport
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("replay --json: %v\n%s", err, out.String())
	}
	return rep
}

// auditProxy replays an in-process intermediary's entry: its proxy-mode
// case must give the same rule and class again.
func auditProxy(t *testing.T, e oracle.BaselineEntry, impl, kase string) {
	t.Helper()
	var out, errb bytes.Buffer
	if code := run([]string{"replay", "--impl", impl, "--proxy-case", kase, "--json"}, &out, &errb); code == exitError {
		t.Fatalf("replay exited %d: %s", code, errb.String())
	}
	var rep replayReport
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("replay --json: %v\n%s", err, out.String())
	}
	for _, d := range rep.Verdict.Divergences {
		if d.Rule == e.Rule && d.Class == e.Class {
			return
		}
	}
	t.Errorf("the replay did not give %s %s; it gave %+v", e.Class, e.Rule, rep.Verdict.Divergences)
}
