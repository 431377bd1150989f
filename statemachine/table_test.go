package statemachine_test

import (
	"testing"

	"github.com/switchyard/switchyard/rules"
	sm "github.com/switchyard/switchyard/statemachine"
)

// TestTableComplete: every (role, state, event) pair has an entry, every
// error cites a rule the catalogue knows, and guards exist exactly where
// there is a choice or memory.
func TestTableComplete(t *testing.T) {
	tab := sm.Transitions()
	for _, r := range sm.Roles {
		for _, s := range sm.States {
			for _, k := range sm.Events {
				e := tab[r][s][k]
				inRole := k != sm.Tunnel || r == sm.Intermediary
				if !inRole {
					if len(e.Outcomes) != 0 {
						t.Errorf("%s %s %s: entry for an event outside the role", r, s, k)
					}
					continue
				}
				if len(e.Outcomes) == 0 {
					t.Errorf("%s %s %s: no entry", r, s, k)
					continue
				}
				if e.Why == "" {
					t.Errorf("%s %s %s: no Why", r, s, k)
				}
				if len(e.Outcomes) > 1 && e.Guard == sm.GuardNone {
					t.Errorf("%s %s %s: %d outcomes and no guard", r, s, k, len(e.Outcomes))
				}
				for _, o := range e.Outcomes {
					if o.IsError() && !o.FromVerdict {
						if _, ok := rules.Lookup(o.Rule); !ok {
							t.Errorf("%s %s %s: rule %q is not in the catalogue", r, s, k, o.Rule)
						}
					}
					if !o.IsError() && o.Rule != "" {
						t.Errorf("%s %s %s: a transition to %s cites %s", r, s, k, o.Next, o.Rule)
					}
				}
			}
		}
	}
}

// reach lists events that bring any role's machine to each state.
var reach = map[sm.State][]sm.Event{
	sm.Idle:          nil,
	sm.SendBody:      {req(h2cPOST)},
	sm.AwaitResponse: {req(plainGET)},
	sm.MightSwitch:   {req(wsGET)},
	sm.Response:      {req(plainGET), resp(ok200)},
	sm.Refused:       {req(wsGET), resp(refused426)},
	sm.Switched:      {req(wsGET), resp(ws101)},
	sm.MustClose:     {req(closeGET), resp(ok200), ev(sm.ResponseEnd)},
	sm.Closed:        {ev(sm.Close)},
	sm.Error:         {ev(sm.ResponseEnd)},
}

// canonical is one ordinary event of each kind.
var canonical = map[sm.EventKind]sm.Event{
	sm.RequestHead:  req(plainGET),
	sm.RequestData:  data(sm.RequestData, "hello"),
	sm.RequestEnd:   ev(sm.RequestEnd),
	sm.ClientBytes:  data(sm.ClientBytes, "x"),
	sm.InterimHead:  resp(continue100),
	sm.SwitchHead:   resp(ws101),
	sm.FinalHead:    resp(ok200),
	sm.ResponseData: data(sm.ResponseData, "ok"),
	sm.ResponseEnd:  ev(sm.ResponseEnd),
	sm.ServerBytes:  data(sm.ServerBytes, "x"),
	sm.Close:        ev(sm.Close),
	sm.Tunnel:       ev(sm.Tunnel),
}

// TestEveryPair drives every role into every state and applies an ordinary
// event of every kind: the outcome must be one the table lists, and an
// error must cite the listed rule.
func TestEveryPair(t *testing.T) {
	tab := sm.Transitions()
	for _, r := range sm.Roles {
		for _, s := range sm.States {
			for _, k := range sm.EventsFor(r) {
				m := newMachine(r)
				if got, _ := run(t, m, reach[s]...); got != s {
					t.Fatalf("%s: reach %s got %s", r, s, got)
				}
				got, err := m.Step(canonical[k])
				e := tab[r][s][k]
				ok := false
				for _, o := range e.Outcomes {
					if o.Next == got && (!o.IsError() || o.FromVerdict || o.Rule == ruleOf(err)) {
						ok = true
					}
				}
				if !ok || (got == sm.Error) != (err != nil) {
					t.Errorf("%s %s %s = %s, %v; want one of %v", r, s, k, got, err, e.Outcomes)
				}
			}
		}
	}
}

// TestTunnelOutsideIntermediary: Tunnel is not in the endpoints' tables.
func TestTunnelOutsideIntermediary(t *testing.T) {
	m := sm.New(sm.Client)
	if s, err := m.Step(ev(sm.Tunnel)); err != sm.ErrUnknownEvent || s != sm.Idle {
		t.Errorf("client Tunnel = %s, %v; want Idle, ErrUnknownEvent", s, err)
	}
}
