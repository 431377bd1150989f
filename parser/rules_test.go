package parser_test

import (
	"strings"
	"testing"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/parser/rules"
)

// wire turns a rule case's readable text into bytes: "\n" becomes CRLF and
// the marker <LF> a bare LF.
func wire(s string) []byte {
	return []byte(strings.ReplaceAll(string(crlf(s)), "<LF>", "\n"))
}

// judge parses a case's message: a request, or a response paired with its
// request when one is given.
func judge(t *testing.T, req, resp, pairReq string) *parser.Verdict {
	t.Helper()
	if resp == "" {
		return &parser.ParseRequest(wire(req)).Verdict
	}
	var paired *parser.Request
	if pairReq != "" {
		paired = parser.ParseRequest(wire(pairReq))
	}
	return &parser.ParseResponse(wire(resp), paired).Verdict
}

func cites(v *parser.Verdict, id rules.ID) bool {
	if v.Has(id) {
		return true
	}
	for _, w := range v.Warnings {
		if w.Rule == id {
			return true
		}
	}
	return false
}

// TestRuleCases checks each rule's minimal breaking message and its valid
// twin: the mutant cites the rule and is refused exactly as the case says;
// the twin is valid, conforming and cites nothing of the rule.
func TestRuleCases(t *testing.T) {
	for i, c := range ruleCases {
		name := string(c.rule) + "/" + itoa(i)
		t.Run(name, func(t *testing.T) {
			if _, ok := rules.Lookup(c.rule); !ok {
				t.Fatalf("rule %s is not in the catalogue", c.rule)
			}
			v := judge(t, c.req, c.resp, c.pairReq)
			if !cites(v, c.rule) {
				t.Fatalf("mutant does not cite %s; got %v", c.rule, ruleList(v))
			}
			switch {
			case c.refuse && v.Valid(false):
				t.Errorf("mutant is valid; want it refused (violations %v)", ruleList(v))
			case c.strictRefuse && (!v.Valid(false) || v.Valid(true)):
				t.Errorf("Valid(false)=%v Valid(true)=%v; want only strict policy to refuse (violations %v)", v.Valid(false), v.Valid(true), ruleList(v))
			case !c.refuse && !c.strictRefuse && !v.Valid(true):
				t.Errorf("mutant is refused; want it tolerated (violations %v)", ruleList(v))
			}
			if c.twin == "" {
				return
			}
			var tv *parser.Verdict
			if c.resp != "" {
				tv = judge(t, "", c.twin, c.pairReq)
			} else {
				tv = judge(t, c.twin, "", "")
			}
			if cites(tv, c.rule) || !tv.Valid(true) || !tv.Conforming() {
				t.Errorf("twin: cites %v, valid %v, conforming %v; want a clean message", ruleList(tv), tv.Valid(true), tv.Conforming())
			}
		})
	}
}

func ruleList(v *parser.Verdict) []string {
	var out []string
	for _, x := range v.Violations {
		out = append(out, string(x.Rule)+"("+x.Role.String()+")")
	}
	return out
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
