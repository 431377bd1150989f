package mutate

import (
	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/properties/handshake"
	"github.com/switchyard/switchyard/rules"
)

// Mutator breaks exactly one rule of the catalogue in a valid exchange.
type Mutator struct {
	// Name is unique among the mutators, e.g. "key-10-octets".
	Name string
	// Rule is the rule the mutant breaks; a strict parser rejects it citing
	// this rule.
	Rule rules.ID
	// Upgrade is the kind of exchange the mutator applies to.
	Upgrade handshake.Upgrade
	// Response reports whether the mutant is the response (judged against
	// its request); otherwise it is the request.
	Response bool

	mutate func(e *handshake.Exchange)
}

// Level returns the catalogue level of the rule the mutator breaks.
func (m Mutator) Level() rules.Level { return rules.LevelOf(m.Rule) }

// Apply returns a mutated copy of e; e itself is not changed. e must be a
// valid exchange of m.Upgrade.
func (m Mutator) Apply(e handshake.Exchange) handshake.Exchange {
	e = e.Clone()
	m.mutate(&e)
	return e
}

// Mutators returns every mutator, in catalogue order of their rules. The
// slice is a fresh copy.
func Mutators() []Mutator {
	return append([]Mutator(nil), mutators...)
}

// MutatorsFor returns the mutators labelled with rule id, the sender twins
// (see twinMutators) included.
func MutatorsFor(id rules.ID) []Mutator {
	var out []Mutator
	for _, list := range [][]Mutator{mutators, twinMutators} {
		for _, m := range list {
			if m.Rule == id {
				out = append(out, m)
			}
		}
	}
	return out
}

// Twins returns the sender twins of the mutators (see twinMutators). The
// slice is a fresh copy.
func Twins() []Mutator {
	return append([]Mutator(nil), twinMutators...)
}

// twinMutators relabels each mutator whose rule obliges the recipient to
// refuse, where the parser also cites the rule the sender broke
// (parser.SenderTwins: RFC 6455 §4.1 beside §4.2.1, §4.2.2 beside §4.1, RFC
// 9110 §2.2 beside a grammar rule): the same mutation breaks both, and the
// verdict cites both. They count for coverage only; Mutators and Cases keep
// one mutator per mutation.
var twinMutators = func() []Mutator {
	var out []Mutator
	seen := map[rules.ID]bool{}
	for _, m := range mutators {
		for _, twin := range parser.SenderTwins(m.Rule) {
			if seen[twin] {
				continue
			}
			seen[twin] = true
			t := m
			t.Name = m.Name + "@" + string(twin)
			t.Rule = twin
			out = append(out, t)
		}
	}
	return out
}()

// Rejects reports whether the reference parser rejects the mutant of e
// citing m.Rule: the verdict cites it and, for a MUST rule, the message is
// not conforming or not valid; for a POLICY rule, not strictly valid.
func (m Mutator) Rejects(e handshake.Exchange) bool {
	e = m.Apply(e)
	var p1, p2 parser.Parser
	req := p1.ParseRequest(e.Request.Print())
	v := &req.Verdict
	if m.Response {
		v = &p2.ParseResponse(e.Response.Print(), req).Verdict
	}
	if !v.Has(m.Rule) {
		return false
	}
	if m.Level() == rules.Policy {
		return !v.Valid(parser.Strict)
	}
	return !v.Conforming() || !v.Valid(parser.Strict)
}
