package properties

import (
	"bytes"
	"testing"

	"github.com/switchyard/switchyard/parser"
)

func TestCasesDeterministic(t *testing.T) {
	a, b := Cases(7, 300), Cases(7, 300)
	if len(a) != 300 {
		t.Fatalf("len(Cases(7, 300)) = %d; want 300", len(a))
	}
	for i := range a {
		if a[i].Name != b[i].Name || !bytes.Equal(a[i].Request, b[i].Request) {
			t.Fatalf("case %d differs between two calls with the same seed: %q vs %q", i, a[i].Name, b[i].Name)
		}
	}
	if c := Cases(8, 300); bytes.Equal(c[0].Request, a[0].Request) && bytes.Equal(c[1].Request, a[1].Request) {
		t.Errorf("seeds 7 and 8 gave the same first cases")
	}
}

// TestCasesJudged checks every case against the reference parser: a valid
// case is conforming and valid, a mutant cites its rule.
func TestCasesJudged(t *testing.T) {
	check := func(cs []Case, response bool) {
		names := map[string]bool{}
		for _, c := range cs {
			if names[c.Name] {
				t.Errorf("duplicate case name %q", c.Name)
			}
			names[c.Name] = true
			var p1, p2 parser.Parser
			req := p1.ParseRequest(c.Request)
			v := &req.Verdict
			if response || c.Rule == "" {
				v2 := &p2.ParseResponse(c.Response, req).Verdict
				if response {
					v = v2
				} else if !v2.Conforming() || !v2.Valid(parser.Strict) {
					t.Errorf("%s: response not valid: %v\n%q", c.Name, v2.Violations, c.Response)
				}
			}
			if c.Rule == "" {
				if !v.Conforming() || !v.Valid(parser.Strict) {
					t.Errorf("%s: valid case judged %v\n%q", c.Name, v.Violations, c.Request)
				}
				continue
			}
			if !v.Has(c.Rule) {
				t.Errorf("%s: verdict %v does not cite %s", c.Name, v.Violations, c.Rule)
			}
		}
	}
	check(Cases(1, 500), false)
	check(ResponseCases(1, 300), true)
}
