package properties

import (
	"bytes"
	"crypto/sha1"
	"encoding/base64"
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/properties/mutate"
	"github.com/switchyard/switchyard/properties/proptest"
	"github.com/switchyard/switchyard/rules"
)

// judge parses an exchange: the request, and the response against it.
func judge(e Exchange) (*parser.Request, *parser.Response) {
	var p1, p2 parser.Parser
	req := p1.ParseRequest(e.Request.Print())
	return req, p2.ParseResponse(e.Response.Print(), req)
}

func clean(v *parser.Verdict) bool { return v.Conforming() && v.Valid(parser.Strict) }

func TestValidHasNoViolation(t *testing.T) {
	proptest.Check(t, "a generated exchange is conforming and valid", 3000, prop.ForAll(
		func(e Exchange) string {
			req, resp := judge(e)
			if !clean(&req.Verdict) {
				return fmt.Sprintf("request: %v", req.Violations)
			}
			if !clean(&resp.Verdict) {
				return fmt.Sprintf("response: %v", resp.Violations)
			}
			if !resp.Switched {
				return "the 101 does not switch"
			}
			return ""
		}, GenExchange()))
}

// mutantVerdict is the verdict on the mutated message.
func mutantVerdict(m mutate.Mutator, e Exchange) *parser.Verdict {
	req, resp := judge(m.Apply(e))
	if m.Response {
		return &resp.Verdict
	}
	return &req.Verdict
}

func TestMutantRejectedCitingRule(t *testing.T) {
	for _, m := range mutate.Mutators() {
		t.Run(m.Name, func(t *testing.T) {
			proptest.Check(t, m.Name+" is rejected citing "+string(m.Rule), 100, prop.ForAll(
				func(e Exchange) string {
					v := mutantVerdict(m, e)
					if !v.Has(m.Rule) {
						return fmt.Sprintf("not cited: %v", v.Violations)
					}
					if m.Level() == rules.Must && v.Conforming() && v.Valid(parser.Strict) {
						return "cited but accepted"
					}
					if m.Level() == rules.Policy && v.Valid(parser.Strict) {
						return "policy rule cited but the strict recipient accepts"
					}
					return ""
				}, GenExchange(m.Upgrade)))
		})
	}
}

func TestPrintParseIdentity(t *testing.T) {
	proptest.Check(t, "print(parse(print(m))) == print(m)", 2000, prop.ForAll(
		func(e Exchange) string {
			for _, m := range []Message{e.Request, e.Response} {
				in := m.Print()
				var p parser.Parser
				h := &p.ParseRequest(in).Head
				if bytes.HasPrefix(in, []byte("HTTP/")) {
					h = &p.ParseResponse(in, nil).Head
				}
				if out := FromHead(h, in).Print(); !bytes.Equal(out, in) {
					return fmt.Sprintf("reprinted\n%q\nwant\n%q", out, in)
				}
			}
			return ""
		}, GenExchange()))
}

// ruleSet lists the rules a verdict cites, sorted, without repeats.
func ruleSet(v *parser.Verdict) []rules.ID {
	var ids []rules.ID
	for _, x := range v.Violations {
		ids = append(ids, x.Rule)
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

func TestVerdictInvariantUnderVariation(t *testing.T) {
	vary := func(e Exchange, seed int64) Exchange {
		r := rand.New(rand.NewSource(seed))
		e = e.Clone()
		e.Request, e.Response = Vary(r, e.Request), Vary(r, e.Response)
		return e
	}
	proptest.Check(t, "a valid exchange stays valid under legal variation", 2000, prop.ForAll(
		func(e Exchange, seed int64) string {
			req, resp := judge(vary(e, seed))
			if !clean(&req.Verdict) || !clean(&resp.Verdict) {
				return fmt.Sprintf("%v\n%v", req.Violations, resp.Violations)
			}
			return ""
		}, GenExchange(), gen.Int64()))
	for _, m := range mutate.Mutators() {
		t.Run(m.Name, func(t *testing.T) {
			proptest.Check(t, m.Name+": same rules cited under variation", 30, prop.ForAll(
				func(e Exchange, seed int64) string {
					a, b := ruleSet(mutantVerdict(m, e)), ruleSet(mutantVerdict(m, vary(e, seed)))
					if !slices.Equal(a, b) {
						return fmt.Sprintf("rules %v became %v", a, b)
					}
					return ""
				}, GenExchange(m.Upgrade), gen.Int64()))
		})
	}
}

const websocketGUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

func refAccept(key string) string {
	sum := sha1.Sum([]byte(key + websocketGUID))
	return base64.StdEncoding.EncodeToString(sum[:])
}

func TestAcceptIsBase64SHA1(t *testing.T) {
	accept := func(key string) bool {
		return string(parser.AppendAccept(nil, []byte(key))) == refAccept(key)
	}
	proptest.Check(t, "Accept(strict key) = base64(SHA-1(key + GUID))", 5000, prop.ForAll(accept, GenKey()))
	proptest.Check(t, "Accept(any key) = base64(SHA-1(key + GUID))", 5000, prop.ForAll(accept, gen.AnyString()))
	proptest.Check(t, "Accept(long key) = base64(SHA-1(key + GUID))", 500, prop.ForAll(
		func(parts []string) bool { return accept(strings.Join(parts, "")) },
		gen.SliceOfN(20, gen.AlphaString())))
}

// TestShrinkKeepsValid checks the shrinker's promise: every candidate of a
// valid exchange is valid, and shrinking ends.
func TestShrinkKeepsValid(t *testing.T) {
	proptest.Check(t, "shrink candidates are valid", 200, prop.ForAll(
		func(e Exchange) string {
			for steps := 0; ; steps++ {
				cands := shrinkCandidates(e)
				if len(cands) == 0 {
					return ""
				}
				for _, c := range cands {
					req, resp := judge(c)
					if !clean(&req.Verdict) || !clean(&resp.Verdict) {
						return fmt.Sprintf("candidate %v\njudged %v %v", c, req.Violations, resp.Violations)
					}
				}
				if steps > 200 {
					return "shrinking does not end"
				}
				e = cands[0]
			}
		}, GenExchange()))
}
