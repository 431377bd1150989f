package oracle

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/switchyard/switchyard/internal/testpeers"
	"github.com/switchyard/switchyard/internal/wire"
	"github.com/switchyard/switchyard/rules"
)

// A findings log torn by a crash mid-write (half a record, no newline)
// loses only the torn record: the earlier findings are resumed, and the
// first finding the resumed run writes is read back too.
func TestTornLogKeepsTheNextRecord(t *testing.T) {
	path := filepath.Join(t.TempDir(), "findings.jsonl")
	const key = "torn"
	l, _, _, err := OpenLog(path, key)
	if err != nil {
		t.Fatal(err)
	}
	first := Finding{Target: "x", Class: Violation, Rule: rules.RFC6455_4_2_2_11, Summary: "first"}
	second := Finding{Target: "x", Class: Violation, Rule: rules.RFC6455_4_1_22, Summary: "second"}
	for _, f := range []Finding{first, second} {
		if err := l.Finding(f); err != nil {
			t.Fatal(err)
		}
	}
	l.f.Close() // killed: no "done" record
	// The crash: half a record, no newline.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"type":"finding","key":"torn","finding":{"target":"x","rule":"RFC9110-`)
	f.Close()

	l, resumed, _, err := OpenLog(path, key)
	if err != nil {
		t.Fatal(err)
	}
	if len(resumed) != 2 {
		t.Errorf("resumed %d findings, want the 2 complete ones", len(resumed))
	}
	third := Finding{Target: "x", Class: Violation, Rule: rules.RFC6455_4_1_25, Summary: "after the crash"}
	if err := l.Finding(third); err != nil {
		t.Fatal(err)
	}
	l.f.Close()

	runs, err := readLog(path)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, f := range runs[key].findings {
		got[f.Summary] = true
	}
	for _, want := range []string{"first", "second", "after the crash"} {
		if !got[want] {
			t.Errorf("finding %q is not in the log after the torn record; the log holds %v", want, got)
		}
	}
}

// hostileCase is the plain valid handshake sent to a hostile server.
func hostileCase() Case {
	return Case{Name: "valid/plain", Side: ServerSide, Message: []byte(testpeers.WebSocketRequest)}
}

// observeHostile sends the plain handshake to the server at addr, within
// bounded memory and time, and returns the observation and its judgement.
func observeHostile(t *testing.T, what, addr string) (Observation, Judgement) {
	t.Helper()
	tt, err := ParseTCPTarget("tcp://" + addr + "/chat")
	if err != nil {
		t.Fatal(err)
	}
	var o Observation
	testpeers.Bounded(t, what, 2<<20, 2*time.Second, func() {
		o = ObserveServer(context.Background(), tt, tt.Rewrite(hostileCase()), time.Second)
	})
	return o, Judge("websocket", hostileCase(), o)
}

// A server whose response head never ends is cut off at wire.MaxHeadBytes:
// robustness, LIMIT-1 (row S3).
func TestEndlessHeadServer(t *testing.T) {
	o, j := observeHostile(t, "a server whose head never ends", testpeers.EndlessHeadServer(t))
	if o.Fate != FateOversized || len(o.Reply) > wire.MaxHeadBytes {
		t.Errorf("fate %s with %d octets of head; want oversized, at most %d", o.Fate, len(o.Reply), wire.MaxHeadBytes)
	}
	if d := j.Worst(); d == nil || d.Class != Robustness || d.Rule != rules.LIMIT_1 {
		t.Errorf("judgement %+v; want robustness LIMIT-1", d)
	}
}

// A server that switches and then sends without end is read up to
// wire.MaxAfterBytes past its 101; the valid 101 is judged as valid.
func TestEndlessAfter101Server(t *testing.T) {
	o, j := observeHostile(t, "a server sending without end after its 101", testpeers.EndlessAfter101Server(t))
	if o.Fate != FateAnswered || len(o.After) > wire.MaxAfterBytes {
		t.Errorf("fate %s with %d octets after the head; want answered, at most %d", o.Fate, len(o.After), wire.MaxAfterBytes)
	}
	if d := j.Worst(); d != nil && d.Class != Policy {
		t.Errorf("judgement %+v; a valid 101 followed by octets of the new protocol breaks no MUST", d)
	}
}

// A server that answers garbage breaks RFC 9112 §4's status-line grammar
// (row S8).
func TestGarbageServer(t *testing.T) {
	_, j := observeHostile(t, "a server answering garbage", testpeers.GarbageServer(t))
	if d := j.Worst(); d == nil || d.Class != Violation || d.Rule != rules.RFC9112_4_G1 {
		t.Errorf("judgement %+v; want violation RFC9112-4-G1", d)
	}
}
