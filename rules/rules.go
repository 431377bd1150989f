// Package rules is Switchyard's rule catalogue as data: every rule of
// catalog.md, the catalogue's source text beside this file (generated into
// catalog_gen.go), plus the few local rules
// that the catalogue does not number (local.go). Every rejection the parser
// or the state machine makes, and every finding the oracle reports, cites
// one of these IDs.
//
// Levels are kept apart everywhere: Must is what an RFC requires (MUST,
// MUST NOT, an ABNF production, or a normative definition), Should is RFC
// advice, Policy is Switchyard's own strict decision beyond the RFC text
// (STRICT-n, AMB-n, and the local rules). May marks a permission, which no
// message can break; such rules are cited only to explain a decision.
package rules

//go:generate go run gen.go -in catalog.md -out catalog_gen.go

import "fmt"

// ID is a stable rule identifier such as "RFC9110-7.8-4", "STRICT-1",
// "AMB-23" or "LIMIT-1".
type ID string

// Level says how binding a rule is.
type Level uint8

// The levels, strongest first.
const (
	Must   Level = 1 + iota // an RFC MUST / MUST NOT, ABNF production or normative definition
	Should                  // an RFC SHOULD / SHOULD NOT / RECOMMENDED, or "ought to" advice
	May                     // an RFC permission (MAY): cited to explain, never broken
	Policy                  // Switchyard's strict policy beyond the RFC text
)

var levelNames = [...]string{Must: "MUST", Should: "SHOULD", May: "MAY", Policy: "POLICY"}

// String returns "MUST", "SHOULD", "MAY" or "POLICY".
func (l Level) String() string {
	if int(l) < len(levelNames) && levelNames[l] != "" {
		return levelNames[l]
	}
	return fmt.Sprintf("Level(%d)", uint8(l))
}

// MarshalText encodes the level as its name, for JSON reports.
func (l Level) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// UnmarshalText decodes a level from its name, so that stored reports and
// observations can be read back.
func (l *Level) UnmarshalText(b []byte) error {
	for i, n := range levelNames {
		if n != "" && n == string(b) {
			*l = Level(i)
			return nil
		}
	}
	return fmt.Errorf("rules: unknown level %q", b)
}

// Rule is one catalogue entry.
type Rule struct {
	ID      ID
	Level   Level
	Keyword string // the keyword as the catalogue prints it: "MUST NOT", "ABNF", "DEF", "STRICT", ...
	Subject string // whom the rule binds: "server", "client", "sender", "recipient", ...
	Section string // where it comes from: "RFC 9110 §7.8", or "catalog.md Part K" for local policy
	Part    string // the catalogue part: "A.3", "D", "J", ...
	Summary string // one line
	Text    string // the whole rule text
}

// All returns every rule: the catalogue in its order, then the local rules.
// The slice is a fresh copy.
func All() []Rule {
	out := make([]Rule, 0, len(catalogue)+len(local))
	out = append(out, catalogue[:]...)
	return append(out, local[:]...)
}

// index maps an ID to its rule; built once from the two tables, read-only after.
var index = func() map[ID]*Rule {
	m := make(map[ID]*Rule, len(catalogue)+len(local))
	for i := range catalogue {
		m[catalogue[i].ID] = &catalogue[i]
	}
	for i := range local {
		m[local[i].ID] = &local[i]
	}
	return m
}()

// Lookup returns the rule with the given ID.
func Lookup(id ID) (Rule, bool) {
	if r, ok := index[id]; ok {
		return *r, true
	}
	return Rule{}, false
}

// LevelOf returns the level of the rule with the given ID, or 0 when the ID
// is unknown.
func LevelOf(id ID) Level {
	if r, ok := index[id]; ok {
		return r.Level
	}
	return 0
}
