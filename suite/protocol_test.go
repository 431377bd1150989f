package suite_test

import (
	"context"
	"strings"
	"testing"

	"github.com/switchyard/switchyard/internal/upgradecases"
	"github.com/switchyard/switchyard/judge"
	"github.com/switchyard/switchyard/rules"
	"github.com/switchyard/switchyard/suite"
)

// runProtocol runs the protocol's suite, preflight first, against a test
// fixture (upgradecases.TestPeer: a parser-built stand-in, not a real
// server).
func runProtocol(t *testing.T, proto string, defect upgradecases.PeerDefect) []suite.Result {
	t.Helper()
	p, err := upgradecases.NewTestPeer(proto, defect)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	tgt := suite.Target{Addr: p.Addr(), Path: "/"}
	opt := suite.Options{Protocol: proto}
	if err := suite.Preflight(context.Background(), tgt, opt); err != nil {
		t.Fatalf("%s preflight: %v", proto, err)
	}
	cases := suite.CasesFor(proto)
	if len(cases) < 15 {
		t.Fatalf("%s: only %d cases", proto, len(cases))
	}
	rs, err := suite.Run(context.Background(), tgt, cases, opt)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// A server that does what the reference does passes every h2c and TLS
// case with a required answer.
func TestProtocolSuiteStrictPeer(t *testing.T) {
	for _, proto := range []string{judge.H2C, judge.TLS} {
		for _, r := range runProtocol(t, proto, upgradecases.NoDefect) {
			if r.Outcome == suite.Fail || r.Outcome == suite.NonStrict {
				t.Errorf("%s %s: %s (%s: %s)\nrequest %q\nresponse %q", proto, r.Name, r.Outcome, r.Cited, r.Why, r.Request, r.Response)
			}
		}
	}
}

// The planted faults fail the cases they are about, citing their rules.
func TestProtocolSuiteDefects(t *testing.T) {
	for _, r := range runProtocol(t, judge.H2C, upgradecases.PingFirst) {
		if r.Want == suite.Switch.String() && (r.Outcome != suite.Fail || r.Cited != rules.RFC7540_3_2_5) {
			t.Errorf("%s: %s citing %s; want FAIL citing RFC7540-3.2-5 (PING before SETTINGS)", r.Name, r.Outcome, r.Cited)
		}
	}
	failed := map[string]rules.ID{}
	for _, r := range runProtocol(t, judge.TLS, upgradecases.SwitchAnyTLS) {
		if r.Outcome == suite.Fail {
			failed[r.Name] = r.Cited
		}
	}
	for _, name := range []string{"tls/http-1.0", "tls/get-http-1.0", "tls/other-version", "tls/unversioned"} {
		if _, ok := failed[name]; !ok {
			t.Errorf("%s: not FAIL against a peer that switches on any TLS offer", name)
		}
	}
	for name := range failed {
		if !strings.HasPrefix(name, "tls/") && !strings.HasPrefix(name, "generated/") {
			t.Errorf("%s FAILs, but the fault is the TLS switch", name)
		}
	}
}

// Every case of a protocol is labelled with it, and the websocket suite is
// unchanged.
func TestCasesForLabels(t *testing.T) {
	for _, proto := range []string{judge.H2C, judge.TLS} {
		for _, c := range suite.CasesFor(proto) {
			if c.Protocol != proto {
				t.Errorf("%s: protocol %q; want %q", c.Name, c.Protocol, proto)
			}
			if _, ok := rules.Lookup(c.Rule); !ok {
				t.Errorf("%s: unknown rule %q", c.Name, c.Rule)
			}
		}
	}
	if len(suite.CasesFor(judge.WebSocket)) != len(suite.Cases()) {
		t.Error("CasesFor(websocket) is not Cases()")
	}
	if suite.CasesFor("spdy") != nil {
		t.Error("an unknown protocol has cases")
	}
}
