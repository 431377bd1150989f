package fuzz

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/rules"
	"github.com/switchyard/switchyard/statemachine"
)

// eventSep separates the events of a state machine input.
const eventSep = 0xff

// DecodeEvents reads a state machine input: the first octet picks the role
// (modulo 3) and, when its quotient by 3 is odd, a secure connection (see
// Secure), the rest is a list of events separated by 0xFF octets, each
// an event kind octet (modulo the number of kinds) followed by its payload:
// the head of a head event, the octets of a data event. A response head is
// an InterimHead, SwitchHead or FinalHead by its status code, whichever of
// the three the kind octet names, so that the fuzzer spends its time on
// heads rather than on the machine's kind check.
func DecodeEvents(data []byte) (statemachine.Role, []statemachine.Event) {
	var p parser.Parser
	return appendEvents(nil, &p, data)
}

// appendEvents is DecodeEvents, appending the events to dst and parsing
// response heads with p.
func appendEvents(dst []statemachine.Event, p *parser.Parser, data []byte) (statemachine.Role, []statemachine.Event) {
	if len(data) == 0 {
		return statemachine.Client, dst
	}
	role := statemachine.Roles[int(data[0])%len(statemachine.Roles)]
	for rest := data[1:]; ; {
		rec := rest
		i := bytes.IndexByte(rest, eventSep)
		if i >= 0 {
			rec, rest = rest[:i], rest[i+1:]
		}
		if len(rec) > 0 {
			kind := statemachine.Events[int(rec[0])%len(statemachine.Events)]
			ev := statemachine.Event{Kind: kind}
			switch kind {
			case statemachine.RequestHead:
				ev.Head = rec[1:]
			case statemachine.InterimHead, statemachine.SwitchHead, statemachine.FinalHead:
				ev.Head = rec[1:]
				ev.Kind = responseKind(p, rec[1:])
			default:
				ev.Data = rec[1:]
			}
			dst = append(dst, ev)
		}
		if i < 0 {
			return role, dst
		}
	}
}

// responseKind is the head event kind for a response head, by the status
// p reads in it.
func responseKind(p *parser.Parser, head []byte) statemachine.EventKind {
	switch status := p.ParseResponse(head, nil).Status; {
	case status == 101:
		return statemachine.SwitchHead
	case status >= 100 && status < 200:
		return statemachine.InterimHead
	}
	return statemachine.FinalHead
}

// EncodeEvents is the inverse of DecodeEvents, for seeds. Payloads must
// not contain 0xFF.
func EncodeEvents(role statemachine.Role, evs []statemachine.Event) []byte {
	b := []byte{byte(role)}
	for _, ev := range evs {
		b = append(b, eventSep, byte(ev.Kind))
		b = append(b, ev.Head...)
		b = append(b, ev.Data...)
	}
	return b
}

// Secure reports whether a state machine input asks for a machine made by
// statemachine.NewSecure: the first octet divided by 3 is odd. Inputs whose
// first octet is 0, 1 or 2 keep meaning a plain connection.
func Secure(data []byte) bool { return len(data) > 0 && data[0]/3%2 == 1 }

// step is what one event did: the state Step returned and its error, a
// violation kept by value (so that nothing the machine does later can
// change it).
type step struct {
	State statemachine.State
	Viol  parser.Violation // the error, when it is a *parser.Violation
	Other error            // any other error
}

func makeStep(st statemachine.State, err error) step {
	s := step{State: st}
	if v, ok := err.(*parser.Violation); ok {
		s.Viol = *v
	} else {
		s.Other = err
	}
	return s
}

// sameStep reports whether two machines' steps agree: the same state, the
// same violation field by field, and the same other error, by value or,
// failing that, by text.
func sameStep(a, b step) bool {
	if a.State != b.State || a.Viol != b.Viol || (a.Other == nil) != (b.Other == nil) {
		return false
	}
	return a.Other == b.Other || a.Other.Error() == b.Other.Error()
}

// CheckStateMachine drives a Machine with the events decoded from data and
// checks: every transition is one the table lists for (role, state,
// event); an error is a *parser.Violation citing a catalogue rule at its
// level; Error is absorbing; the events' octets are not changed; and a
// second Machine fed the same events takes the same steps.
func CheckStateMachine(data []byte) error {
	s := getScratch()
	defer putScratch(s)
	var role statemachine.Role
	role, s.events = appendEvents(s.events[:0], &s.aux, data)
	s.orig = append(s.orig[:0], data...)
	newMachine := func() *statemachine.Machine {
		if Secure(data) {
			return statemachine.NewSecure(role)
		}
		return statemachine.New(role)
	}
	s.bad = nil
	m := newMachine()
	m.Trace = s.traceFunc()
	s.steps = s.steps[:0]
	for _, ev := range s.events {
		before := m.State()
		st, err := m.Step(ev)
		if err != nil {
			if errors.As(err, &s.violation) {
				v := s.violation
				if r, ok := rules.Lookup(v.Rule); !ok || r.Level != v.Level {
					if s.bad == nil {
						s.bad = fmt.Errorf("error cites %q at level %v; the catalogue has %v (known %v)", v.Rule, v.Level, r.Level, ok)
					}
				}
			} else if st != before && s.bad == nil {
				// Other errors are the caller's mistakes (an event the
				// role has no row for, a head of the wrong kind): they
				// change nothing.
				s.bad = fmt.Errorf("error %v (not a *parser.Violation) moved the machine from %v to %v", err, before, st)
			}
		}
		// Error is left only by the connection closing (STRICT-9).
		if before == statemachine.Error && st != statemachine.Error && !(ev.Kind == statemachine.Close && st == statemachine.Closed) && s.bad == nil {
			s.bad = fmt.Errorf("left Error for %v on %v", st, ev.Kind)
		}
		if st != m.State() && s.bad == nil {
			s.bad = fmt.Errorf("Step returned %v but the machine is in %v", st, m.State())
		}
		s.steps = append(s.steps, makeStep(st, err))
	}
	if s.bad != nil {
		return s.bad
	}
	if !bytes.Equal(data, s.orig) {
		return fmt.Errorf("the machine changed the events' octets")
	}
	m2 := newMachine()
	for i, ev := range s.events {
		st, err := m2.Step(ev)
		if a := s.steps[i]; !sameStep(a, makeStep(st, err)) {
			return fmt.Errorf("two machines took different steps at event %d (%v): %v, %+v, %v vs %v, %v", i, ev.Kind, a.State, a.Viol, a.Other, st, err)
		}
	}
	return nil
}

// traceFunc returns the Trace of s's machines, made once per scratch: it
// records in s.bad, unless an error is there already, a transition that
// is not in the table for (role, state, event).
func (s *scratch) traceFunc() func(statemachine.Transition) {
	if s.trace == nil {
		s.trace = func(t statemachine.Transition) {
			if s.bad != nil {
				return
			}
			for _, o := range statemachine.Lookup(t.Role, t.From, t.Event).Outcomes {
				if o == t.Outcome {
					return
				}
			}
			s.bad = fmt.Errorf("transition %v/%v/%v -> %v is not in the table", t.Role, t.From, t.Event, t.Outcome)
		}
	}
	return s.trace
}
