package statemachine_test

import (
	"testing"

	"github.com/switchyard/switchyard/rules"
	sm "github.com/switchyard/switchyard/statemachine"
)

// TestKindMismatch: a response head event whose kind contradicts its
// status code is refused without changing the state.
func TestKindMismatch(t *testing.T) {
	m := sm.New(sm.Client)
	run(t, m, req(wsGET))
	e := sm.Event{Kind: sm.FinalHead, Head: []byte(ws101)}
	if s, err := m.Step(e); err != sm.ErrKindMismatch || s != sm.MightSwitch {
		t.Errorf("FinalHead carrying a 101 = %s, %v; want MightSwitch, ErrKindMismatch", s, err)
	}
}

// TestResponseHeadEvent sorts heads by status code.
func TestResponseHeadEvent(t *testing.T) {
	for _, c := range []struct {
		head string
		want sm.EventKind
	}{{continue100, sm.InterimHead}, {early103, sm.InterimHead}, {ws101, sm.SwitchHead}, {ok200, sm.FinalHead}, {refused426, sm.FinalHead}, {"garbage\r\n\r\n", sm.FinalHead}} {
		if got := sm.ResponseHeadEvent([]byte(c.head)).Kind; got != c.want {
			t.Errorf("ResponseHeadEvent(%q).Kind = %s; want %s", c.head, got, c.want)
		}
	}
}

func hasWarning(m *sm.Machine, id rules.ID) bool {
	for _, w := range m.Warnings() {
		if w.Rule == id {
			return true
		}
	}
	return false
}

// TestWarnings: AMB-22 (close with Upgrade), AMB-24 (octets flagged before
// the 101) and RFC 9110 §8.6 (Content-Length on a tolerated 101) are noted.
func TestWarnings(t *testing.T) {
	m := newMachine(sm.Server)
	run(t, m, req(wsClose))
	if !hasWarning(m, rules.AMB_22) {
		t.Errorf("no AMB-22 warning for Connection: close with Upgrade: %v", m.Warnings())
	}
	m = newMachine(sm.Client)
	run(t, m, req(h2cGET), data(sm.ClientBytes, "x"), data(sm.ClientBytes, "y"))
	if !hasWarning(m, rules.AMB_24) {
		t.Errorf("no AMB-24 warning for octets before the 101: %v", m.Warnings())
	}
	m = newMachine(sm.Client)
	run(t, m, req(fooGET), resp(bar101CL))
	if !hasWarning(m, rules.RFC9110_8_6_1) {
		t.Errorf("no RFC9110-8.6-1 warning for Content-Length on a 101: %v", m.Warnings())
	}
	m2 := newMachine(sm.Client)
	run(t, m2, req(plainGET))
	if len(m2.Warnings()) != 0 {
		t.Errorf("warnings on a plain GET: %v", m2.Warnings())
	}
}

// TestChunking: however the first octets after an h2c 101 are split, the
// outcome is the same (STYLE house rule 8).
func TestChunking(t *testing.T) {
	cases := []struct {
		kind  sm.EventKind
		bytes string
		want  rules.ID
	}{
		{sm.ClientBytes, h2ClientPreface, ""},
		{sm.ClientBytes, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x00\x01\x04\x00\x00\x00\x01", rules.RFC7540_3_2_6},
		{sm.ClientBytes, "PRI * HTTP/1.1\r\n\r\n", rules.RFC7540_3_2_6},
		{sm.ServerBytes, h2ServerPreface, ""},
		{sm.ServerBytes, "\x00\x00\x00\x04\x01\x00\x00\x00\x00", rules.RFC7540_3_2_5},
	}
	for _, c := range cases {
		for i := 0; i <= len(c.bytes); i++ {
			for j := i; j <= len(c.bytes); j++ {
				m := sm.New(sm.Client)
				run(t, m, req(h2cGET), resp(h2c101))
				var err error
				for _, part := range []string{c.bytes[:i], c.bytes[i:j], c.bytes[j:]} {
					if err == nil {
						_, err = m.Step(data(c.kind, part))
					}
				}
				if ruleOf(err) != c.want {
					t.Fatalf("%s %q split at %d, %d: %v; want %q", c.kind, c.bytes, i, j, err, c.want)
				}
			}
		}
	}
}
