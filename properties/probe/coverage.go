package probe

import (
	"math/rand"
	"strings"

	"github.com/switchyard/switchyard/properties/handshake"
	"github.com/switchyard/switchyard/properties/mutate"
	"github.com/switchyard/switchyard/rules"
)

// CoverageRow is one MUST rule of Parts A–H of the catalogue and how the
// mutators cover it.
type CoverageRow struct {
	Rule rules.Rule
	// Mutators names the mutators labelled with the rule.
	Mutators []string
	// Probes names the probes labelled with the rule, each with its kind
	// in parentheses.
	Probes []string
	// Passed reports that every mutator was rejected citing the rule on
	// every exchange tried, and every probe caught on every draw.
	Passed bool
	// Failures says, for each mutator or probe that did not pass, what the
	// reference did instead.
	Failures []string
	// Kinds counts the passing breakers of the rule by kind.
	Kinds [numKinds]int
	// NotMessage, when not empty, says why no single message can break the
	// rule (it binds a proxy, a connection, TLS, timing, ...).
	NotMessage string
	// Gap, when not empty, says why a message property has no mutator.
	Gap string
}

// broken reports whether any mutator or probe breaks the rule.
func (c CoverageRow) broken() bool { return len(c.Mutators)+len(c.Probes) > 0 }

// breakers names the mutators, then the probes with their kinds.
func (c CoverageRow) breakers() []string {
	return append(append([]string(nil), c.Mutators...), c.Probes...)
}

// Judgeable reports whether the rule is a property of a message.
func (c CoverageRow) Judgeable() bool { return c.NotMessage == "" }

// Status is the row's one-line status for the coverage table.
func (c CoverageRow) Status() string {
	switch {
	case c.broken() && c.Passed:
		return "pass: " + strings.Join(c.breakers(), ", ")
	case c.broken():
		return "FAIL: " + strings.Join(c.breakers(), ", ")
	case c.NotMessage != "":
		return "not a message property: " + c.NotMessage
	case c.Gap != "":
		return "gap: " + c.Gap
	}
	return "gap: no mutator yet"
}

// InCoverage reports whether a rule is counted by the coverage table: a
// MUST-level rule of Parts A to H.
func InCoverage(r rules.Rule) bool {
	return r.Level == rules.Must && r.Part != "" && r.Part[0] >= 'A' && r.Part[0] <= 'H'
}

// Coverage runs every mutator on n exchanges and every probe n times,
// drawn from seed, and returns one row per MUST rule of Parts A–H, in
// catalogue order.
func Coverage(seed int64, n int) []CoverageRow {
	r := rand.New(rand.NewSource(seed))
	var out []CoverageRow
	for _, rule := range rules.All() {
		if !InCoverage(rule) {
			continue
		}
		row := CoverageRow{Rule: rule, Passed: true, NotMessage: notMessage[rule.ID], Gap: gaps[rule.ID]}
		for _, m := range mutate.MutatorsFor(rule.ID) {
			row.Mutators = append(row.Mutators, m.Name)
			ok := true
			for i := 0; i < n && ok; i++ {
				if e := handshake.NewExchange(r, m.Upgrade); !m.Rejects(e) {
					ok = false
					row.Failures = append(row.Failures, m.Name+": not rejected citing the rule:\n"+m.Apply(e).String())
				}
			}
			row.Passed = row.Passed && ok
			if ok {
				row.Kinds[KindMessage]++
			}
		}
		for _, p := range ProbesFor(rule.ID) {
			row.Probes = append(row.Probes, p.Name+" ("+p.Kind.String()+")")
			ok := true
			for i := 0; i < n && ok; i++ {
				if err := p.Check(r); err != nil {
					ok = false
					row.Failures = append(row.Failures, p.Name+": "+err.Error())
				}
			}
			row.Passed = row.Passed && ok
			if ok {
				row.Kinds[p.Kind]++
			}
		}
		row.Passed = row.Passed && row.broken()
		out = append(out, row)
	}
	return out
}
