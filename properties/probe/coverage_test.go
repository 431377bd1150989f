package probe

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/switchyard/switchyard/properties/handshake"
	"github.com/switchyard/switchyard/properties/mutate"
	"github.com/switchyard/switchyard/properties/proptest"
	"github.com/switchyard/switchyard/rules"
)

// coverageFloor is how many MUST rules of Parts A–H must have a passing
// mutator or probe: what the suite reached when the floor was set. Raise it as
// mutators are added; never lower it.
const coverageFloor = 198

// knownFailing lists mutators the reference parser does not yet reject as
// labelled: each is a parser bug reported to its owner. Remove an entry
// once fixed (the test says so).
var knownFailing = map[string]bool{}

func TestCoverage(t *testing.T) {
	n := 20
	if proptest.Nightly() {
		n *= proptest.NightlyFactor
	}
	rows := Coverage(proptest.Seed(), n)
	var b strings.Builder
	pass, judgeable, judgeablePass := 0, 0, 0
	var byKind [numKinds]int // rules passed, by the first kind that breaks them
	for _, r := range rows {
		fmt.Fprintf(&b, "%-20s %-4s %s\n", r.Rule.ID, r.Rule.Part, r.Status())
		if r.Passed {
			pass++
			for k, n := range r.Kinds {
				if n > 0 {
					byKind[k]++
					break
				}
			}
		}
		if r.Judgeable() {
			judgeable++
			if r.Passed && r.Kinds[KindMessage] > 0 {
				judgeablePass++
			}
		}
		for _, f := range r.Failures {
			name, _, _ := strings.Cut(f, ":")
			if !knownFailing[name] {
				t.Errorf("%s: %s", r.Rule.ID, f)
			}
		}
	}
	fmt.Fprintf(&b, "\nMUST rules of Parts A-H: %d; broken by a passing mutator or probe: %d (%.1f%%)\n", len(rows), pass, 100*float64(pass)/float64(len(rows)))
	for k, n := range byKind {
		fmt.Fprintf(&b, "  first broken by kind %s: %d\n", Kind(k), n)
	}
	fmt.Fprintf(&b, "message-judgeable: %d; with a passing message mutator: %d (%.1f%%)\n", judgeable, judgeablePass, 100*float64(judgeablePass)/float64(judgeable))
	fmt.Fprintf(&b, "not a message property: %d\n", len(rows)-judgeable)
	t.Log("rule coverage of the mutators\n" + b.String())
	if pass < coverageFloor {
		t.Errorf("%d MUST rules have a passing mutator; the floor is %d", pass, coverageFloor)
	}
	for name := range knownFailing {
		for _, m := range mutate.Mutators() {
			if m.Name == name && m.Rejects(handshake.NewExchange(rand.New(rand.NewSource(1)), m.Upgrade)) {
				t.Errorf("mutator %s now passes: remove it from knownFailing", name)
			}
		}
	}
}

// TestCoverageReasons keeps the reason tables honest: every entry names a
// MUST rule of Parts A–H, and no rule is both "not a message property" and
// broken by a mutator.
func TestCoverageReasons(t *testing.T) {
	names := map[string]bool{}
	for _, table := range []map[rules.ID]string{notMessage, gaps} {
		for id := range table {
			r, ok := rules.Lookup(id)
			if !ok || !InCoverage(r) {
				t.Errorf("%s is not a MUST rule of Parts A-H", id)
			}
			if _, both := notMessage[id]; both && len(gaps[id]) > 0 {
				t.Errorf("%s is both a gap and not a message property", id)
			}
		}
	}
	for _, p := range Probes() {
		if p.Kind == KindMessage || p.Kind >= numKinds || p.Check == nil {
			t.Errorf("probe %s: kind %s, or no Check", p.Name, p.Kind)
		}
		if _, ok := rules.Lookup(p.Rule); !ok {
			t.Errorf("probe %s cites unknown rule %s", p.Name, p.Rule)
		}
		if names[p.Name] {
			t.Errorf("duplicate probe name %s", p.Name)
		}
		names[p.Name] = true
	}
	for _, m := range append(append([]mutate.Mutator(nil), mutate.Mutators()...), mutate.Twins()...) {
		if reason, ok := notMessage[m.Rule]; ok {
			t.Errorf("mutator %s breaks %s, listed as not a message property (%s)", m.Name, m.Rule, reason)
		}
		if _, ok := rules.Lookup(m.Rule); !ok {
			t.Errorf("mutator %s cites unknown rule %s", m.Name, m.Rule)
		}
	}
	for _, m := range mutate.Mutators() {
		if names[m.Name] {
			t.Errorf("duplicate mutator name %s", m.Name)
		}
		names[m.Name] = true
	}
}
