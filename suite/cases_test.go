package suite

import (
	"testing"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/rules"
)

// The table says what each case wants; the strict reference must agree.
func TestTableWantsAgreeWithReference(t *testing.T) {
	for _, r := range table {
		req, _ := r.request()
		c := Case{Rule: r.rule, Request: req}
		derive(&c)
		if c.Want != r.want {
			t.Errorf("%s/%s: reference wants %s; table says %s", r.group, r.name, c.Want, r.want)
		}
	}
}

// A refusal case names a rule the reference actually cites for its request.
func TestTableRefusalsCiteTheirRule(t *testing.T) {
	for _, r := range table {
		if r.want != Refuse {
			continue
		}
		req, _ := r.request()
		p := parser.ParseRequest(Bind(req, "example.com", "/chat"))
		if !p.Verdict.Has(r.rule) {
			t.Errorf("%s/%s: the reference does not cite %s; it cites %v", r.group, r.name, r.rule, p.Violations)
		}
	}
}

func TestCasesDeterministicUniqueAndRuled(t *testing.T) {
	a, b := Cases(), Cases()
	if len(a) < 300 {
		t.Fatalf("Cases() has %d cases; want a few hundred", len(a))
	}
	seen := map[string]bool{}
	for i := range a {
		if a[i].Name != b[i].Name || string(a[i].Request) != string(b[i].Request) {
			t.Fatalf("case %d differs between two calls: %q vs %q", i, a[i].Name, b[i].Name)
		}
		if seen[a[i].Name] {
			t.Errorf("duplicate case name %q", a[i].Name)
		}
		seen[a[i].Name] = true
		if _, ok := rules.Lookup(a[i].Rule); !ok {
			t.Errorf("%s: unknown rule %q", a[i].Name, a[i].Rule)
		}
		if a[i].Want == 0 {
			t.Errorf("%s: no want", a[i].Name)
		}
	}
}

// A case only policy refuses must never produce a NON-STRICT outcome that
// cites a MUST rule, nor a FAIL.
func TestStrictCasesCitePolicy(t *testing.T) {
	for _, c := range Cases() {
		if !c.Strict {
			continue
		}
		if lvl := rules.LevelOf(c.Because); lvl != rules.Policy {
			t.Errorf("%s: only policy refuses it, but Because = %s (%s)", c.Name, c.Because, lvl)
		}
		r := JudgeServer(c, Observation{Request: Bind(c.Request, "example.com", "/chat"), Fate: Answered,
			Reply: []byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n")})
		if r.Outcome == Fail {
			continue // the 101 itself is broken for this request (another key)
		}
		if r.Outcome != NonStrict || rules.LevelOf(r.Cited) != rules.Policy {
			t.Errorf("%s: switching gives %s citing %s; want NON-STRICT citing a policy rule", c.Name, r.Outcome, r.Cited)
		}
	}
}
