package fuzz

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/parser/rules"
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
	if len(data) == 0 {
		return statemachine.Client, nil
	}
	role := statemachine.Roles[int(data[0])%len(statemachine.Roles)]
	var evs []statemachine.Event
	for _, rec := range bytes.Split(data[1:], []byte{eventSep}) {
		if len(rec) == 0 {
			continue
		}
		kind := statemachine.Events[int(rec[0])%len(statemachine.Events)]
		ev := statemachine.Event{Kind: kind}
		switch kind {
		case statemachine.RequestHead:
			ev.Head = rec[1:]
		case statemachine.InterimHead, statemachine.SwitchHead, statemachine.FinalHead:
			ev.Head = rec[1:]
			ev.Kind = responseKind(rec[1:])
		default:
			ev.Data = rec[1:]
		}
		evs = append(evs, ev)
	}
	return role, evs
}

// responseKind is the head event kind for a response head, by its status.
func responseKind(head []byte) statemachine.EventKind {
	var p parser.Parser
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

// step is what one event did.
// Secure reports whether a state machine input asks for a machine made by
// statemachine.NewSecure: the first octet divided by 3 is odd. Inputs whose
// first octet is 0, 1 or 2 keep meaning a plain connection.
func Secure(data []byte) bool { return len(data) > 0 && data[0]/3%2 == 1 }

type step struct {
	State statemachine.State
	Err   string
}

// CheckStateMachine drives a Machine with the events decoded from data and
// checks: every transition is one the table lists for (role, state,
// event); an error is a *parser.Violation citing a catalogue rule at its
// level; Error is absorbing; the events' octets are not changed; and a
// second Machine fed the same events takes the same steps.
func CheckStateMachine(data []byte) error {
	role, evs := DecodeEvents(data)
	orig := bytes.Clone(data)
	var bad error
	run := func() []step {
		m := statemachine.New(role)
		if Secure(data) {
			m = statemachine.NewSecure(role)
		}
		m.Trace = func(t statemachine.Transition) {
			e := statemachine.Lookup(t.Role, t.From, t.Event)
			listed := false
			for _, o := range e.Outcomes {
				listed = listed || reflect.DeepEqual(o, t.Outcome)
			}
			if !listed && bad == nil {
				bad = fmt.Errorf("transition %v/%v/%v -> %v is not in the table", t.Role, t.From, t.Event, t.Outcome)
			}
		}
		var steps []step
		for _, ev := range evs {
			before := m.State()
			s, err := m.Step(ev)
			st := step{State: s}
			if err != nil {
				st.Err = err.Error()
				var v *parser.Violation
				if errors.As(err, &v) {
					if r, ok := rules.Lookup(v.Rule); !ok || r.Level != v.Level {
						if bad == nil {
							bad = fmt.Errorf("error cites %q at level %v; the catalogue has %v (known %v)", v.Rule, v.Level, r.Level, ok)
						}
					}
				} else if s != before && bad == nil {
					// Other errors are the caller's mistakes (an event the
					// role has no row for, a head of the wrong kind): they
					// change nothing.
					bad = fmt.Errorf("error %v (not a *parser.Violation) moved the machine from %v to %v", err, before, s)
				}
			}
			// Error is left only by the connection closing (STRICT-9).
			if before == statemachine.Error && s != statemachine.Error && !(ev.Kind == statemachine.Close && s == statemachine.Closed) && bad == nil {
				bad = fmt.Errorf("left Error for %v on %v", s, ev.Kind)
			}
			if s != m.State() && bad == nil {
				bad = fmt.Errorf("Step returned %v but the machine is in %v", s, m.State())
			}
			steps = append(steps, st)
		}
		return steps
	}
	a := run()
	if bad != nil {
		return bad
	}
	if !bytes.Equal(data, orig) {
		return fmt.Errorf("the machine changed the events' octets")
	}
	if b := run(); !reflect.DeepEqual(a, b) {
		return fmt.Errorf("two machines took different steps:\n%v\n%v", a, b)
	}
	return nil
}
