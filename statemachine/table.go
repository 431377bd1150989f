package statemachine

import "github.com/switchyard/switchyard/rules"

// Outcome is one possible result of an event: a next state, or an error
// citing a rule (Next is then Error).
type Outcome struct {
	Next State
	// Rule is the rule an error outcome cites.
	Rule rules.ID
	// FromVerdict marks an error outcome whose rule is the first violation
	// in the parser's verdict on the message (Rule is then empty).
	FromVerdict bool
	// Also lists, for an error outcome, rules the same fault breaks beside
	// Rule (empty entries unused); Machine.Cited reports them.
	Also [2]rules.ID
}

// IsError reports whether the outcome is an error.
func (o Outcome) IsError() bool { return o.Next == Error }

// String returns the next state, or "error(RULE)".
func (o Outcome) String() string {
	switch {
	case o.FromVerdict:
		return "error(parser verdict)"
	case o.IsError():
		s := string(o.Rule)
		for _, a := range o.Also {
			if a != "" {
				s += "+" + string(a)
			}
		}
		return "error(" + s + ")"
	}
	return o.Next.String()
}

// Entry is the table's answer for one (role, state, event) pair.
type Entry struct {
	// Outcomes lists every outcome the event can have here; when there is
	// more than one, Guard picks.
	Outcomes []Outcome
	// Guard names the function that picks among Outcomes and records what
	// the machine must remember; GuardNone when there is one outcome and
	// nothing to remember.
	Guard Guard
	// Why says, in one line, why, with the RFC section.
	Why string
}

// Table holds every role's transitions: Table[role][state][event]. An
// entry for an event kind outside EventsFor(role) is empty.
type Table [numRoles][numStates][numEvents]Entry

// Transitions returns the table. It is a copy: changing it changes nothing.
func Transitions() Table {
	var t Table
	for r := range table {
		for s := range table[r] {
			for e := range table[r][s] {
				x := table[r][s][e]
				x.Outcomes = append([]Outcome(nil), x.Outcomes...)
				t[r][s][e] = x
			}
		}
	}
	return t
}

// Lookup returns the entry for one pair.
func Lookup(r Role, s State, k EventKind) Entry { return table[r][s][k] }

// Helpers that keep the table literal short.

func to(s State) Outcome       { return Outcome{Next: s} }
func fail(id rules.ID) Outcome { return Outcome{Next: Error, Rule: id} }
func failAlso(id rules.ID, also ...rules.ID) Outcome {
	o := fail(id)
	copy(o.Also[:], also)
	return o
}
func verdict() Outcome              { return Outcome{Next: Error, FromVerdict: true} }
func go1(s State, why string) Entry { return Entry{Outcomes: []Outcome{to(s)}, Why: why} }
func err1(id rules.ID, why string) Entry {
	return Entry{Outcomes: []Outcome{fail(id)}, Why: why}
}
func pick(g Guard, why string, o ...Outcome) Entry { return Entry{Outcomes: o, Guard: g, Why: why} }
