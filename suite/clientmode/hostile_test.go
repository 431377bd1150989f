package clientmode_test

import (
	"context"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/switchyard/switchyard/internal/testpeers"
	"github.com/switchyard/switchyard/internal/wire"
	"github.com/switchyard/switchyard/judge"
	"github.com/switchyard/switchyard/rules"
	"github.com/switchyard/switchyard/suite"
	"github.com/switchyard/switchyard/suite/clientmode"
)

// twoCases are the first two cases: a run that goes on past a hostile
// driver's case reaches the second.
func twoCases() []clientmode.Case { return clientmode.Cases()[:2] }

// runAll runs cases and fails the test on a run error: a hostile client
// or driver fails its case, never the run.
func runAll(t *testing.T, d clientmode.Driver, cases []clientmode.Case) []suite.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	rs, err := clientmode.Run(ctx, d, "127.0.0.1:0", cases)
	if err != nil {
		t.Fatalf("a hostile driver aborted the run: %v", err)
	}
	if len(rs) != len(cases) {
		t.Fatalf("%d results for %d cases", len(rs), len(cases))
	}
	return rs
}

// A driver that prints without end and never a newline is read up to
// MaxDriverLine, killed, and fails its case only; the message quotes a
// few hundred octets of it, not the flood.
func TestFloodingDriverFailsItsCase(t *testing.T) {
	dir := t.TempDir()
	d := clientmode.Script{Path: testpeers.FloodDriver(t, dir), Kind: "flood", Timeout: time.Second, Grace: time.Second}
	var rs []suite.Result
	testpeers.Bounded(t, "two cases of a flooding driver", 4<<20, 6*time.Second, func() { rs = runAll(t, d, twoCases()) })
	for _, r := range rs {
		if r.Outcome != suite.Fail {
			t.Errorf("%s: %s %s (%s); want FAIL", r.Name, r.Outcome, r.Cited, r.Why)
		}
		if len(r.Why) > 2*clientmode.MaxQuote+1024 || !strings.Contains(r.Why, "without a newline") {
			t.Errorf("%s: why (%d octets) %.300q; want a short message naming the flood", r.Name, len(r.Why), r.Why)
		}
	}
}

// A driver that hangs, its children holding its output open, is killed
// whole at its limit (Timeout + Grace), children included, and fails its
// case only.
func TestHungDriverKilledWithItsChildren(t *testing.T) {
	dir := t.TempDir()
	d := clientmode.Script{Path: testpeers.HangDriver(t, dir), Kind: "hang", Timeout: time.Second, Grace: 500 * time.Millisecond}
	var rs []suite.Result
	// Two cases of 1.5 s each, and the wait for the kill.
	testpeers.Bounded(t, "two cases of a hung driver", 4<<20, 5*time.Second, func() { rs = runAll(t, d, twoCases()) })
	for _, r := range rs {
		if r.Outcome != suite.Fail || !strings.Contains(r.Why, "killed after") {
			t.Errorf("%s: %s %s (%s); want FAIL naming the kill", r.Name, r.Outcome, r.Cited, r.Why)
		}
	}
	pids, err := os.ReadFile(testpeers.HangPids(dir))
	if err != nil {
		t.Fatal(err)
	}
	fields := strings.Fields(string(pids))
	if len(fields) != 4 {
		t.Fatalf("the hung driver started %d children, want 2 per case: %q", len(fields), pids)
	}
	deadline := time.Now().Add(2 * time.Second)
	for _, f := range fields {
		pid, _ := strconv.Atoi(f)
		for testpeers.Alive(pid) && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		if testpeers.Alive(pid) {
			t.Errorf("the hung driver's child %d outlived its case", pid)
		}
	}
}

// A driver that cannot run at all is still a run error.
func TestMissingDriverIsARunError(t *testing.T) {
	d := clientmode.Script{Path: t.TempDir() + "/missing.sh", Kind: "x", Timeout: time.Second, Grace: time.Second}
	_, err := clientmode.Run(context.Background(), d, "127.0.0.1:0", twoCases())
	if err == nil || errors.Is(err, clientmode.ErrNoVerdict) {
		t.Errorf("a missing driver: %v; want a run error", err)
	}
}

// A client that never ends its head is cut off at wire.MaxHeadBytes and
// judged on what it sent: no complete request, RFC6455-4.1-6. It fails
// even when it sends a valid request on another connection too (the
// valid one was all that was judged before).
func TestEndlessHeadClientFails(t *testing.T) {
	for _, alsoValid := range []bool{false, true} {
		d := clientmode.Func{ClientName: "endless-head", Dial: func(ctx context.Context, url string, protocols []string) error {
			err := testpeers.EndlessHeadClient(testpeers.HostPort(url), testpeers.Path(url))
			if alsoValid {
				return testpeers.Dial(ctx, url, protocols, testpeers.Strict)
			}
			if err == nil {
				err = errors.New("the server closed the connection")
			}
			return err
		}}
		var rs []suite.Result
		testpeers.Bounded(t, "two cases of a client that never ends its head", 8<<20, 8*time.Second, func() { rs = runAll(t, d, twoCases()) })
		for _, r := range rs {
			if r.Outcome != suite.Fail || r.Cited != rules.RFC6455_4_1_6 {
				t.Errorf("also valid %v, %s: %s %s (%s); want FAIL %s", alsoValid, r.Name, r.Outcome, r.Cited, r.Why, rules.RFC6455_4_1_6)
			}
			if len(r.Request) != wire.MaxHeadBytes || !strings.Contains(r.Got, string(judge.Oversized)) {
				t.Errorf("also valid %v, %s: got %q with %d octets of request; want the %d octets of an oversized head",
					alsoValid, r.Name, r.Got, len(r.Request), wire.MaxHeadBytes)
			}
		}
	}
}

// A client that opens thousands of connections gets MaxConnsPerCase of
// them served; the rest are closed at once and counted, and the case
// fails on the heads that never ended.
func TestConnectionFloodCapped(t *testing.T) {
	const n = 2000
	opened := 0
	d := clientmode.Func{ClientName: "conn-flood", Dial: func(ctx context.Context, url string, protocols []string) error {
		opened = testpeers.ConnFlood(testpeers.HostPort(url), testpeers.Path(url), n)
		return errors.New("gave up")
	}}
	var rs []suite.Result
	// The flooding client runs in this process: its own connections are
	// most of what is allocated.
	testpeers.Bounded(t, "a case of a client opening 2000 connections", 24<<20, 10*time.Second, func() { rs = runAll(t, d, twoCases()[:1]) })
	if opened < n/2 {
		t.Skipf("only %d connections could be opened", opened)
	}
	r := rs[0]
	if r.Outcome != suite.Fail || r.Cited != rules.RFC6455_4_1_6 {
		t.Errorf("%s: %s %s (%s); want FAIL %s", r.Name, r.Outcome, r.Cited, r.Why, rules.RFC6455_4_1_6)
	}
	if !strings.Contains(r.Why, "closed unread") {
		t.Errorf("why %q does not count the connections over the cap", r.Why)
	}
}

// A client that opens and then sends without end is read within the caps
// of the closing handshake (MaxCloseFrames frames, CloseWait): it opened
// on a valid 101, which passes.
func TestFloodingClientAfter101(t *testing.T) {
	d := clientmode.Func{ClientName: "flooding", Dial: func(ctx context.Context, url string, protocols []string) error {
		return testpeers.FloodingClient(testpeers.HostPort(url), testpeers.Path(url))
	}}
	var rs []suite.Result
	testpeers.Bounded(t, "a case of a client flooding after the 101", 4<<20, clientmode.CloseWait+2*time.Second, func() {
		rs = runAll(t, d, clientmode.Cases()[:1])
	})
	if r := rs[0]; r.Outcome != suite.Pass {
		t.Errorf("%s: %s %s (%s); want PASS", r.Name, r.Outcome, r.Cited, r.Why)
	}
}
