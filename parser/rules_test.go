package parser_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/rules"
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
		name := string(c.rule) + "/" + strconv.Itoa(i)
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

// TestBuildingBlockPlaces checks where the building-block citations point,
// over every rule case's mutant: a tchar citation at an octet that is not a
// tchar, an OWS citation at a VT or FF, and a missing-comma citation at an
// element that holds whitespace.
func TestBuildingBlockPlaces(t *testing.T) {
	const tchars = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	seen := map[rules.ID]int{}
	for i, c := range ruleCases {
		msg := wire(c.req)
		if c.resp != "" {
			msg = wire(c.resp)
		}
		v := judge(t, c.req, c.resp, c.pairReq)
		for _, x := range v.Violations {
			if x.Offset < 0 || x.Offset+x.Length > len(msg) {
				continue
			}
			at := msg[x.Offset : x.Offset+x.Length]
			ok := true
			switch x.Rule {
			case rules.RFC9110_5_6_2_G2:
				ok = len(at) == 1 && !strings.ContainsRune(tchars, rune(at[0]))
			case rules.RFC9110_5_6_3_G1:
				ok = len(at) == 1 && (at[0] == '\v' || at[0] == '\f')
			case rules.RFC9110_5_6_1_G1, rules.RFC2616_2_1_G1:
				ok = x.Length == 1 || strings.ContainsAny(string(at), " \t")
			default:
				continue
			}
			seen[x.Rule]++
			if !ok {
				t.Errorf("case %d: %s cited at %q (offset %d, length %d)", i, x.Rule, at, x.Offset, x.Length)
			}
		}
	}
	for _, id := range []rules.ID{rules.RFC9110_5_6_2_G2, rules.RFC9110_5_6_3_G1, rules.RFC9110_5_6_1_G1, rules.RFC2616_2_1_G1} {
		if seen[id] == 0 {
			t.Errorf("no rule case cites %s", id)
		}
	}
}
