package probe

import (
	"math/rand"
	"slices"
	"strings"
	"testing"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/properties/handshake"
	"github.com/switchyard/switchyard/properties/internal/naive"
	"github.com/switchyard/switchyard/properties/mutate"
	"github.com/switchyard/switchyard/properties/proptest"
	R "github.com/switchyard/switchyard/rules"
)

// varyRandomly applies one to four random variations to e and returns the names of
// those that applied.
func varyRandomly(r *rand.Rand, e *handshake.Exchange) []string {
	var names []string
	for k := 1 + r.Intn(4); k > 0; k-- {
		v := mutate.Variations()[r.Intn(len(mutate.Variations()))]
		if v.Apply(r, e) {
			names = append(names, v.Name)
		}
	}
	return names
}

// TestNaiveAgreesWithReference: the fault-free naive recipient decides as
// the reference on generated exchanges, their canonical form, and both
// under several variations at once.
func TestNaiveAgreesWithReference(t *testing.T) {
	r := rand.New(rand.NewSource(proptest.Seed()))
	for i := 0; i < proptest.Draws(3000); i++ {
		raw := handshake.NewExchange(r, handshake.WebSocket)
		for _, e := range []handshake.Exchange{raw, handshake.Canonical(raw)} {
			if err := naiveAgrees(e); err != nil {
				t.Fatalf("draw %d: %v", i, err)
			}
			names := varyRandomly(r, &e)
			if err := naiveAgrees(e); err != nil {
				t.Fatalf("draw %d, variations %v: %v", i, names, err)
			}
		}
	}
}

// TestNaiveRefusesMutants: the naive recipient is no accept-all: it refuses
// the mutants of the handshake rules it checks, as the reference does.
func TestNaiveRefusesMutants(t *testing.T) {
	names := []string{"method-post", "http10-handshake", "host-missing", "host-twice", "upgrade-websockets",
		"connection-keep-alive", "connection-upgraded", "key-missing", "key-10-octets", "key-3-octets", "key-base64url",
		"version-missing", "version-8", "version-list", "subprotocol-twice", "subprotocol-not-token", "extension-name-not-token",
		"extension-two-words", "extension-param-empty", "field-line-no-colon", "space-before-colon", "obs-fold", "value-nul",
		"bare-cr-in-value", "101-upgrade-two-protocols", "101-connection-upgraded", "accept-missing", "accept-no-padding",
		"server-subprotocol-list", "accept-other-key", "extension-not-offered", "subprotocol-not-offered", "subprotocol-case-only",
		"101-with-transfer-encoding", "deflate-accepted-twice", "deflate-accepted-without-valid-offer",
		"deflate-response-undefined-param", "deflate-response-bare-client-bits", "deflate-server-takeover-not-echoed",
		"deflate-server-bits-larger", "deflate-client-bits-not-offered",
		"101-content-length", "transfer-coding-not-chunked"}
	r := rand.New(rand.NewSource(proptest.Seed()))
	for _, name := range names {
		i := slices.IndexFunc(mutate.Mutators(), func(m mutate.Mutator) bool { return m.Name == name })
		if i < 0 {
			t.Errorf("no mutator %s", name)
			continue
		}
		m, judged := mutate.Mutators()[i], 0
		for k := 0; k < 50; k++ {
			mu := m.Apply(handshake.NewExchange(r, m.Upgrade))
			server, client := naive.Recipient{}.Judge(mu)
			rs, rc := naive.RefDecisions(mu)
			d, ref := server, rs
			if m.Response {
				d, ref = client, rc
			}
			if ref.Err == nil {
				continue
			}
			judged++
			if d.Err == nil {
				t.Errorf("%s: the naive recipient accepts the mutant: %v\n%v", name, d, mu)
				break
			}
		}
		if judged == 0 {
			t.Errorf("%s: the reference refused no mutant", name)
		}
	}
}

// TestVariationsStayValid: every variation applies to some exchanges, and
// what it makes is valid for the reference, the 101 still switching, with
// no violation cited but the sender rules it declares. The response is
// read as a stream (responseStream): interim heads before the 101 are
// judged too, and the statemachine's Client role must switch.
func TestVariationsStayValid(t *testing.T) {
	r := rand.New(rand.NewSource(proptest.Seed()))
	for _, v := range mutate.Variations() {
		applied := 0
		for i := 0; i < proptest.Draws(300); i++ {
			e := handshake.NewExchange(r, handshake.WebSocket)
			if i%2 == 0 {
				e = handshake.Canonical(e)
			}
			if !v.Apply(r, &e) {
				continue
			}
			applied++
			interim, final, err := naive.ResponseStream(e.Response)
			if err != nil {
				t.Fatalf("%s: %v\n%v", v.Name, err, e)
			}
			var p1, p2 parser.Parser
			req := p1.ParseRequest(e.Request.Print())
			resp := p2.ParseResponse(final, req)
			verdicts := []*parser.Verdict{&req.Verdict, &resp.Verdict}
			for _, h := range interim {
				var p parser.Parser
				x := p.ParseResponse(h, req)
				if !x.Informational() || x.Status == 101 {
					t.Fatalf("%s: %q is no interim response\n%v", v.Name, h, e)
				}
				verdicts = append(verdicts, &x.Verdict)
			}
			for _, verdict := range verdicts {
				for _, x := range verdict.Violations {
					if x.Role != parser.Sender || !slices.Contains(v.Sender, x.Rule) {
						t.Fatalf("%s: cites %v\n%v", v.Name, x, e)
					}
				}
				if !verdict.Valid(parser.Strict) {
					t.Fatalf("%s: not valid\n%v", v.Name, e)
				}
			}
			if !resp.Switched {
				t.Fatalf("%s: not switched\n%v", v.Name, e)
			}
			if err := naive.RefClientTrace(e.Request.Print(), req, interim, final); err != nil {
				t.Fatalf("%s: %v\n%v", v.Name, err, e)
			}
		}
		if applied < proptest.Draws(300)/100 {
			t.Errorf("%s applied to %d exchanges of %d", v.Name, applied, proptest.Draws(300))
		}
	}
}

// TestVariationTags: a variation that makes a faulty recipient misjudge an
// exchange is tagged with one of the rules the fault breaks — so that the
// harness, reporting the tags of the variations an implementation
// misjudges, names a duty it broke. The short buffer is the exception: any
// variation that lengthens a value may trip it.
func TestVariationTags(t *testing.T) {
	r := rand.New(rand.NewSource(proptest.Seed()))
	for _, f := range recipientFaults {
		bad, exposed := naive.Recipient{Faults: f.fault}, map[string]bool{}
		for i := 0; i < proptest.Draws(150); i++ {
			e := handshake.Canonical(handshake.NewExchange(r, handshake.WebSocket))
			if !bad.JudgesLikeReference(e) {
				continue
			}
			for _, v := range mutate.Variations() {
				ve := e.Clone()
				if !v.Apply(r, &ve) || bad.JudgesLikeReference(ve) {
					continue
				}
				exposed[v.Name] = true
				if f.fault != naive.FaultShortBuffer && !slices.ContainsFunc(f.rules, v.Tagged) {
					t.Errorf("fault %s (%v) is exposed by %s, tagged %v\n%v", f.name, f.rules, v.Name, v.Rules, ve)
				}
			}
		}
		for _, id := range f.rules {
			if !slices.ContainsFunc(mutate.Variations(), func(v mutate.Variation) bool { return exposed[v.Name] && v.Tagged(id) }) {
				t.Errorf("fault %s: no variation tagged %s exposed it (exposed by %v)", f.name, id, exposed)
			}
		}
	}
}

// TestRecipientProbesCanFail: a probe fails when its recipient has no fault,
// or when its fault is labelled with a rule no exposing variation carries.
func TestRecipientProbesCanFail(t *testing.T) {
	r := rand.New(rand.NewSource(proptest.Seed()))
	if err := recipientCheck(recipientFault{name: "none"}, R.RFC9110_5_5_1)(r); err == nil {
		t.Error("a probe with no fault passed")
	}
	if err := recipientCheck(recipientFault{name: "none"}, R.RFC9110_15_2_3)(r); err == nil {
		t.Error("the interim-response probe passed with no fault")
	}
	err := recipientCheck(recipientFault{name: "ascii-only", fault: naive.FaultASCIIOnly}, R.RFC6455_4_1_26)(r)
	if err == nil || !strings.Contains(err.Error(), "obs-text-in-comment") {
		t.Errorf("a probe labelled with the wrong rule: %v", err)
	}
	// The early probe fails without its fault (the server reads the
	// appended line), and with faults that misread repeated lines wherever
	// they are: reading only the first line of a field lets a second key
	// through even when it is read in time.
	if err := earlyCheck(0)(r); err == nil || !strings.Contains(err.Error(), "appended last") {
		t.Errorf("the early probe with no fault: %v", err)
	}
	if err := earlyCheck(naive.FaultFirstLineOnly)(r); err == nil || !strings.Contains(err.Error(), "missing check") {
		t.Errorf("the early probe with first-line-only: %v", err)
	}
	if err := earlyCheck(naive.FaultLastLineOnly)(r); err == nil {
		t.Error("the early probe passed with last-line-only")
	}
	for _, p := range recipientProbes {
		if err := p.Check(r); err != nil {
			t.Errorf("%s: %v", p.Name, err)
		}
	}
}

// TestInterimResponses: the naive client reads a response stream as the
// reference does (RFC 9110 §15.2, AMB-19): it skips 100, 102 and 103
// before the 101 where the statemachine's Client role does, and refuses
// the streams the reference refuses — a final response before the 101, or
// an interim head that is not a valid head; first-head-final refuses every
// stream with an interim head.
func TestInterimResponses(t *testing.T) {
	r := rand.New(rand.NewSource(proptest.Seed()))
	vi := slices.IndexFunc(mutate.Variations(), func(v mutate.Variation) bool { return v.Name == "interim-responses" })
	if vi < 0 {
		t.Fatal("no variation interim-responses")
	}
	bad := naive.Recipient{Faults: naive.FaultFirstHeadFinal}
	for i := 0; i < proptest.Draws(300); i++ {
		e := handshake.NewExchange(r, handshake.WebSocket)
		if !mutate.Variations()[vi].Apply(r, &e) {
			t.Fatalf("interim-responses does not apply to\n%v", e)
		}
		if err := naiveAgrees(e); err != nil {
			t.Fatalf("draw %d: %v", i, err)
		}
		if _, c := bad.Judge(e); c.Err == nil {
			t.Fatalf("first-head-final accepts a stream with interim heads: %v\n%v", c, e)
		}
		refused := map[string]string{
			"a final 200 before the 101":  "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
			"a 426 before the 101":        "HTTP/1.1 426 Upgrade Required\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nContent-Length: 0\r\n\r\n",
			"a 103 with a malformed line": "HTTP/1.1 103 Early Hints\r\nLink </style.css>; rel=preload\r\n\r\n",
			"a 102 with a bare CR":        "HTTP/1.1 102 Processing\r\nX-Progress: 5\r0\r\n\r\n",
		}
		for what, head := range refused {
			x := e.Clone()
			x.Response.Pre += head
			_, rc := naive.RefDecisions(x)
			_, nc := naive.Recipient{}.Judge(x)
			if rc.Err == nil || nc.Err == nil {
				t.Fatalf("%s: reference %v, naive client %v\n%v", what, rc, nc, x)
			}
		}
	}
}
