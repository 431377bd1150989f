package proxymode_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/switchyard/switchyard/internal/testpeers"
	"github.com/switchyard/switchyard/rules"
	"github.com/switchyard/switchyard/suite"
	"github.com/switchyard/switchyard/suite/proxymode"
)

// runHostile runs cases through the proxy at addr, its backend at
// backend, within bounded memory and time, and returns the results by
// name.
func runHostile(t *testing.T, what string, cfg proxymode.Config, cases []proxymode.Case, maxTime time.Duration) map[string]suite.Result {
	t.Helper()
	var (
		rs  []suite.Result
		err error
	)
	testpeers.Bounded(t, what, 8<<20, maxTime, func() {
		rs, err = proxymode.Run(context.Background(), cfg, cases)
	})
	if err != nil {
		t.Fatalf("%s: a hostile proxy aborted the run: %v", what, err)
	}
	out := map[string]suite.Result{}
	for _, r := range rs {
		out[r.Name] = r
	}
	return out
}

// casesNamed returns the proxy cases of the given names.
func casesNamed(names ...string) []proxymode.Case {
	var out []proxymode.Case
	for _, c := range proxymode.Cases() {
		for _, n := range names {
			if c.Name == n {
				out = append(out, c)
			}
		}
	}
	return out
}

// A proxy that echoes the client's request back sends it something that
// is not an HTTP response: a violation of RFC 9112 §4 (row P0).
func TestEchoingProxy(t *testing.T) {
	cfg := proxymode.Config{Proxy: testpeers.EchoProxy(t), BackendListen: testpeers.FreeAddr(t), Timeout: time.Second, ProbeWait: 100 * time.Millisecond}
	cases := casesNamed("ws/101", "ws/426", "plain/200")
	rs := runHostile(t, "three cases through an echoing proxy", cfg, cases, 3*time.Second)
	for _, c := range cases {
		if r := rs[c.Name]; r.Outcome != suite.Fail || r.Cited != rules.RFC9112_4_G1 {
			t.Errorf("%s: %s %s (%s); want FAIL %s", c.Name, r.Outcome, r.Cited, r.Why, rules.RFC9112_4_G1)
		}
	}
}

// A proxy that relays the backend's answer and then floods both ends in
// place of a tunnel is read within the wire caps on both sides (the
// backend stops at wire.MaxHeadBytes, the client at wire.MaxAfterBytes);
// after a 101 the probe never came through the tunnel, which fails the
// case.
func TestFloodingProxy(t *testing.T) {
	backend := testpeers.FreeAddr(t)
	cfg := proxymode.Config{Proxy: testpeers.FloodingProxy(t, backend), BackendListen: backend, Timeout: time.Second, ProbeWait: 100 * time.Millisecond}
	cases := casesNamed("ws/101", "ws/426")
	rs := runHostile(t, "two cases through a flooding proxy", cfg, cases, 4*time.Second)
	if r := rs["ws/101"]; r.Outcome != suite.Fail || r.Cited != rules.RFC9112_6_3_1 {
		t.Errorf("ws/101: %s %s (%s); want FAIL %s: what came back is no tunnel", r.Outcome, r.Cited, r.Why, rules.RFC9112_6_3_1)
	}
}

// A proxy that never answers costs each case its timeout, and --duration
// (Config.Duration) stops the run from starting new cases.
func TestSilentProxyAndDuration(t *testing.T) {
	cfg := proxymode.Config{Proxy: testpeers.SilentPeer(t), BackendListen: testpeers.FreeAddr(t), Timeout: 200 * time.Millisecond,
		ProbeWait: 50 * time.Millisecond, Duration: 500 * time.Millisecond}
	var each []string
	cfg.Each = func(r suite.Result) { each = append(each, r.Name) }
	rs := runHostile(t, "a silent proxy within a 500ms duration", cfg, proxymode.Cases(), 2*time.Second)
	if len(rs) == 0 || len(rs) >= len(proxymode.Cases())/2 {
		t.Errorf("%d cases ran within the duration; want a few of %d", len(rs), len(proxymode.Cases()))
	}
	if len(each) != len(rs) {
		t.Errorf("Each saw %d results, Run returned %d", len(each), len(rs))
	}
	for name, r := range rs {
		if r.Outcome != suite.Fail || !strings.Contains(r.Why+r.Got, "hung") && !strings.Contains(r.Why, "deadline") {
			t.Errorf("%s: %s %s (%s, got %s); want FAIL for a hang", name, r.Outcome, r.Cited, r.Why, r.Got)
		}
	}
}
