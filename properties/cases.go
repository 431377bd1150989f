package properties

import (
	"fmt"
	"iter"
	"math/rand"

	"github.com/switchyard/switchyard/properties/handshake"
	"github.com/switchyard/switchyard/properties/mutate"
	"github.com/switchyard/switchyard/rules"
)

// Case is one generated handshake for the differential oracle.
type Case struct {
	// Name is unique within one list, e.g. "valid/websocket/0003" or
	// "RFC6455-4.2.1-6/key-10-octets/0042".
	Name string
	// Request is the raw request head.
	Request []byte
	// Rule is the rule the case breaks, "" for a valid handshake. In a
	// list from Cases the request breaks it; in a list from ResponseCases
	// the response does.
	Rule rules.ID
	// Level is the level of Rule (0 for a valid handshake).
	Level rules.Level
	// Response is the 101 that answers Request: valid, except in a response
	// case that breaks Rule. Nil for a request mutant.
	Response []byte
}

// Cases returns n request cases, deterministic from seed: valid WebSocket,
// h2c and TLS/1.0 upgrade requests in their legal variety, interleaved with
// one-rule mutants, each request mutator in turn.
func Cases(seed int64, n int) []Case {
	return cases(seed, n, false)
}

// ResponseCases returns n response cases, deterministic from seed: valid
// exchanges interleaved with exchanges whose 101 breaks one rule, each
// response mutator in turn. Request is always valid.
func ResponseCases(seed int64, n int) []Case {
	return cases(seed, n, true)
}

// CaseSeq yields the request cases of Cases one at a time, without end:
// its first n cases are Cases(seed, n), generated only as the caller asks
// for them. The caller stops ranging when it has enough.
func CaseSeq(seed int64) iter.Seq[Case] {
	return caseSeq(seed, false)
}

func cases(seed int64, n int, response bool) []Case {
	out := make([]Case, 0, n)
	if n <= 0 {
		return out
	}
	for c := range caseSeq(seed, response) {
		out = append(out, c)
		if len(out) == n {
			break
		}
	}
	return out
}

// caseSeq generates the cases of cases in order, without end.
func caseSeq(seed int64, response bool) iter.Seq[Case] {
	return func(yield func(Case) bool) {
		r := rand.New(rand.NewSource(seed))
		var ms []mutate.Mutator
		for _, m := range mutate.Mutators() {
			if m.Response == response {
				ms = append(ms, m)
			}
		}
		// One round: a valid case of each upgrade, then every mutator.
		round := int(handshake.NumUpgrades) + len(ms)
		for i := 0; ; i++ {
			k := i % round
			if k < int(handshake.NumUpgrades) {
				e := NewExchange(r, Upgrade(k))
				if !yield(Case{
					Name:     fmt.Sprintf("valid/%s/%04d", Upgrade(k), i),
					Request:  e.Request.Print(),
					Response: e.Response.Print(),
				}) {
					return
				}
				continue
			}
			m := ms[k-int(handshake.NumUpgrades)]
			e := m.Apply(NewExchange(r, m.Upgrade))
			c := Case{
				Name:    fmt.Sprintf("%s/%s/%04d", m.Rule, m.Name, i),
				Request: e.Request.Print(),
				Rule:    m.Rule,
				Level:   m.Level(),
			}
			if response {
				c.Response = e.Response.Print()
			}
			if !yield(c) {
				return
			}
		}
	}
}
