package judge

import (
	"fmt"

	"github.com/switchyard/switchyard/parser"

	"github.com/switchyard/switchyard/rules"
)

// Class sorts a divergence by what it means for the implementation's
// maintainer (DESIGN.md principle 2).
type Class string

// The classes, worst first.
const (
	// Violation: the implementation broke an RFC MUST that binds its own
	// role: a recipient duty it skipped (it accepted what it must refuse,
	// refused what it must accept) or a sender duty it broke in what it
	// sent.
	Violation Class = "violation"
	// Robustness: a panic, a hang past the deadline, a reset, an
	// oversized head.
	Robustness Class = "robustness"
	// Interop: a valid, conforming handshake refused or dropped. The RFC
	// permits it, but it breaks real peers.
	Interop Class = "interop"
	// Policy: the implementation departs only from Switchyard's strict
	// policy (AMB-n, STRICT-n, LIMIT-n, PROXY-n) or from an RFC SHOULD.
	// Never a violation.
	Policy Class = "policy"
)

// Divergence is one departure from the reference, with the rule it rests
// on and the role that rule binds.
type Divergence struct {
	Class  Class       `json:"class"`
	Rule   rules.ID    `json:"rule"`
	Level  rules.Level `json:"level"`
	Blamed Side        `json:"blamed"` // the role the rule binds: the side under test
	// InMessage reports a rule broken by the octets of one message (the
	// request or a response), which the reference parser cites on that
	// message; otherwise the rule is about what the implementation did
	// (refused, dropped, switched, hung).
	InMessage bool `json:"in_message,omitempty"`
	// Cause tells apart distinct faults under one rule: for a fault in a
	// message, the field and what is wrong with it, as the parser says;
	// for a refused valid handshake, the variation the case made. Findings
	// are deduplicated by (implementation, rule, class, cause).
	Cause   string `json:"cause,omitempty"`
	Summary string `json:"summary"`
}

// Judgement is the judge's reading of one observation.
type Judgement struct {
	// Divergences lists each departure, worst class first; empty when the
	// implementation did what the reference allows.
	Divergences []Divergence `json:"divergences,omitempty"`
	// Permitted, when set, says that the implementation made a choice the
	// RFCs leave open and that differs from the reference's (it declined
	// an upgrade it may decline, say). It is no divergence.
	Permitted string `json:"permitted,omitempty"`
	// Note says in a few words what the implementation did, for reports.
	Note string `json:"note"`
	// Got is the implementation's decision, Want the reference's.
	Got  Decision `json:"got"`
	Want Decision `json:"want"`
}

// Decision is the normalized decision of one side on one case, the unit
// compared between implementations.
type Decision struct {
	Switched    bool   `json:"switched"`     // a 101 was sent (server), the client opened (client), the proxy tunnelled
	StatusClass int    `json:"status_class"` // 1..5 for a final response, 0 for none
	Protocol    string `json:"protocol,omitempty"`
	Subprotocol string `json:"subprotocol,omitempty"`
	Extensions  string `json:"extensions,omitempty"`
	AcceptOK    bool   `json:"accept_ok"` // Sec-WebSocket-Accept matches the key
	Fate        Fate   `json:"fate"`
}

// add appends a divergence, keeping the level rule of DESIGN.md principle
// 2: a violation is only ever an RFC MUST. A rule of any other level makes
// a policy divergence, whatever class was asked for.
func (j *Judgement) add(class Class, blamed Side, rule rules.ID, format string, args ...any) {
	lvl := rules.LevelOf(rule)
	if class == Violation && lvl != rules.Must {
		class = Policy
	}
	j.Divergences = append(j.Divergences, Divergence{Class: class, Rule: rule, Level: lvl, Blamed: blamed, Summary: fmt.Sprintf(format, args...)})
}

// fault is add for a rule broken by the octets of a message, which the
// reference cites on it as x.
func (j *Judgement) fault(class Class, blamed Side, rule rules.ID, x *parser.Violation, format string, args ...any) {
	j.add(class, blamed, rule, format, args...)
	d := &j.Divergences[len(j.Divergences)-1]
	d.InMessage, d.Cause = true, x.Field+": "+x.Message
}

// permit records a choice the RFCs leave open.
func (j *Judgement) permit(format string, args ...any) {
	j.Permitted = fmt.Sprintf(format, args...)
}

// note records what the implementation did.
func (j *Judgement) note(format string, args ...any) {
	j.Note = fmt.Sprintf(format, args...)
}

// Worst returns the most serious divergence, or nil.
func (j *Judgement) Worst() *Divergence {
	for _, c := range classOrder {
		for i := range j.Divergences {
			if j.Divergences[i].Class == c {
				return &j.Divergences[i]
			}
		}
	}
	return nil
}

var classOrder = [...]Class{Violation, Robustness, Interop, Policy}
