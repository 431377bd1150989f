package statemachine_test

import (
	"testing"

	"github.com/switchyard/switchyard/rules"
	sm "github.com/switchyard/switchyard/statemachine"
)

// Tests of secure connections (NewSecure): TLS before the handshake (RFC
// 6455 §4.1 step 5, §4.2.2 step 1).

const (
	tlsClientHello = "\x16\x03\x01\x00\x05\x01\x00\x00\x01\x03"
	tlsServerHello = "\x16\x03\x03\x00\x05\x02\x00\x00\x01\x03"
)

func TestSecure(t *testing.T) {
	for _, tc := range []struct {
		name     string
		events   []sm.Event
		want     sm.State
		wantRule map[sm.Role]rules.ID // by role; nil when the last event must succeed
	}{
		{"TLS handshake, then the WebSocket handshake", []sm.Event{data(sm.ClientBytes, tlsClientHello), data(sm.ServerBytes, tlsServerHello), req(wsGET), resp(ws101)}, sm.Switched, nil},
		{"ClientHello in pieces", []sm.Event{data(sm.ClientBytes, "\x16"), data(sm.ClientBytes, "\x03\x01\x00"), data(sm.ServerBytes, tlsServerHello), data(sm.ClientBytes, "\x14\x03\x03"), req(wsGET)}, sm.MightSwitch, nil},
		{"the handshake in the clear", []sm.Event{req(wsGET)}, sm.Error,
			map[sm.Role]rules.ID{sm.Client: rules.RFC6455_4_1_5, sm.Server: rules.RFC6455_4_2_2_1, sm.Intermediary: rules.RFC6455_4_2_2_1}},
		{"the handshake after the ClientHello alone", []sm.Event{data(sm.ClientBytes, tlsClientHello), req(wsGET)}, sm.Error,
			map[sm.Role]rules.ID{sm.Client: rules.RFC6455_4_1_5, sm.Server: rules.RFC6455_4_2_2_1, sm.Intermediary: rules.RFC6455_4_2_2_1}},
		{"cleartext octets first", []sm.Event{data(sm.ClientBytes, "GET / HTTP/1.1\r\n")}, sm.Error,
			map[sm.Role]rules.ID{sm.Client: rules.RFC9110_2_2_1, sm.Server: rules.RFC9112_2_2_7, sm.Intermediary: rules.RFC9112_2_2_7}},
		{"the server speaks first", []sm.Event{data(sm.ServerBytes, tlsServerHello)}, sm.Error,
			map[sm.Role]rules.ID{sm.Client: rules.RFC9110_2_2_1, sm.Server: rules.RFC9110_2_2_1, sm.Intermediary: rules.RFC9110_2_2_1}},
		{"after the first exchange, octets are garbage again", []sm.Event{data(sm.ClientBytes, tlsClientHello), data(sm.ServerBytes, tlsServerHello), req(plainGET), resp(ok200), data(sm.ResponseData, "ok"), ev(sm.ResponseEnd), data(sm.ClientBytes, tlsClientHello)}, sm.Error,
			map[sm.Role]rules.ID{sm.Client: rules.RFC9110_2_2_1, sm.Server: rules.RFC9112_2_2_7, sm.Intermediary: rules.RFC9112_2_2_7}},
	} {
		for _, r := range sm.Roles {
			t.Run(r.String()+"/"+tc.name, func(t *testing.T) {
				m := sm.NewSecure(r)
				m.Trace = newMachine(r).Trace
				if !m.Secure() {
					t.Fatal("NewSecure gave a machine that is not Secure")
				}
				got, err := run(t, m, tc.events...)
				if got != tc.want || ruleOf(err) != tc.wantRule[r] {
					t.Fatalf("got %s, %v; want %s, %q", got, err, tc.want, tc.wantRule[r])
				}
			})
		}
	}
}

// TestNotSecure: without NewSecure, TLS records before a request are
// garbage and a handshake in the clear is fine.
func TestNotSecure(t *testing.T) {
	for _, r := range sm.Roles {
		if sm.New(r).Secure() {
			t.Errorf("%s: New gave a Secure machine", r)
		}
		m := newMachine(r)
		if _, err := m.Step(data(sm.ClientBytes, tlsClientHello)); err == nil {
			t.Errorf("%s: a ClientHello on a plain connection was taken", r)
		}
	}
}
