package statemachine_test

import (
	"slices"
	"testing"

	"github.com/switchyard/switchyard/rules"
	sm "github.com/switchyard/switchyard/statemachine"
)

// Tests of content a response never has (RFC 9110 §6.4.1) and of the
// server's octets after a TLS/1.0 101 (RFC 2817 §3.3).

const (
	noContent204  = "HTTP/1.1 204 No Content\r\n\r\n"
	notModified   = "HTTP/1.1 304 Not Modified\r\n\r\n"
	refused204    = "HTTP/1.1 204 No Content\r\n\r\n"
	tlsServerHelo = "\x16\x03\x03\x00\x02\x02\x00" // a handshake record header and two octets of its body
	tlsFatalAlert = "\x15\x03\x03\x00\x02\x02\x28" // fatal handshake_failure
	tlsWarnAlert  = "\x15\x03\x03\x00\x02\x01\x00" // warning close_notify
)

var contentTLSScenarios = []scenario{
	// RFC 9110 §6.4.1: 204 and 304 have no content.
	{name: "204 then response data", roles: endpoints, events: []sm.Event{req(plainGET), resp(noContent204), data(sm.ResponseData, "x")}, want: sm.Error, wantRule: rules.RFC9110_6_4_1_1},
	{name: "304 then response data", roles: endpoints, events: []sm.Event{req(plainGET), resp(notModified), data(sm.ResponseData, "x")}, want: sm.Error, wantRule: rules.RFC9110_6_4_1_1},
	{name: "upgrade refused by a 204, then response data", roles: endpoints, events: []sm.Event{req(wsGET), resp(refused204), data(sm.ResponseData, "x")}, want: sm.Error, wantRule: rules.RFC9110_6_4_1_1},
	{name: "204 ends with no data", roles: endpoints, events: []sm.Event{req(plainGET), resp(noContent204), ev(sm.ResponseEnd)}, want: sm.Idle},
	{name: "upgrade refused by a 200 with data", roles: endpoints, events: []sm.Event{req(wsGET), resp(ok200), data(sm.ResponseData, "ok")}, want: sm.Refused},

	// RFC 2817 §3.3: after a TLS/1.0 101 the server speaks TLS; a fatal
	// alert ends the connection.
	{name: "TLS/1.0 101, then the server's handshake records", roles: endpoints, events: []sm.Event{req(tlsGET), resp(tls101), data(sm.ClientBytes, "\x16\x03\x01"), data(sm.ServerBytes, tlsServerHelo), data(sm.ServerBytes, "\x17\x03\x03\x00\x01x")}, want: sm.Switched, protocol: "TLS/1.0"},
	{name: "TLS/1.0 101, then the server's record header in pieces", roles: endpoints, events: []sm.Event{req(tlsGET), resp(tls101), data(sm.ServerBytes, "\x16"), data(sm.ServerBytes, "\x03\x03\x00"), data(sm.ServerBytes, "\x02\x02\x00")}, want: sm.Switched, protocol: "TLS/1.0"},
	{name: "TLS/1.0 101, then the response in the clear", roles: endpoints, events: []sm.Event{req(tlsGET), resp(tls101), data(sm.ServerBytes, ok200+"ok")}, want: sm.Error, wantRule: rules.RFC2817_3_3_2},
	{name: "TLS/1.0 101, then a record of another version", roles: endpoints, events: []sm.Event{req(tlsGET), resp(tls101), data(sm.ServerBytes, "\x16\x02\x00")}, want: sm.Error, wantRule: rules.RFC2817_3_3_2},
	{name: "TLS/1.0 101, a fatal alert, then more octets in the same event", roles: endpoints, events: []sm.Event{req(tlsGET), resp(tls101), data(sm.ServerBytes, tlsFatalAlert+ok200)}, want: sm.Error, wantRule: rules.RFC2817_3_3_2},
	{name: "TLS/1.0 101, a fatal alert, then more octets", roles: endpoints, events: []sm.Event{req(tlsGET), resp(tls101), data(sm.ServerBytes, tlsFatalAlert), data(sm.ServerBytes, "\x17")}, want: sm.Error, wantRule: rules.RFC2817_3_3_2},
	{name: "TLS/1.0 101, a fatal alert, then the close", roles: endpoints, events: []sm.Event{req(tlsGET), resp(tls101), data(sm.ServerBytes, tlsFatalAlert), ev(sm.Close)}, want: sm.Closed},
	{name: "TLS/1.0 101, a warning alert, then more records", roles: endpoints, events: []sm.Event{req(tlsGET), resp(tls101), data(sm.ServerBytes, tlsWarnAlert), data(sm.ServerBytes, tlsServerHelo)}, want: sm.Switched, protocol: "TLS/1.0"},
	{name: "h2c 101: the TLS check does not apply", roles: endpoints, events: []sm.Event{req(h2cGET), resp(h2c101), data(sm.ServerBytes, "\x00\x00\x00\x04\x00\x00\x00\x00\x00")}, want: sm.Switched, protocol: "h2c"},
}

func TestContentAndTLS(t *testing.T) {
	testRuleScenarios(t, contentTLSScenarios, false)
}

// TestAlsoCited: a fault that breaks two rules cites both.
func TestAlsoCited(t *testing.T) {
	for _, tc := range []struct {
		name   string
		events []sm.Event
		want   []rules.ID
	}{
		{"data after a 1xx is its content", []sm.Event{req(plainGET), resp(early103), data(sm.ResponseData, "x")}, []rules.ID{rules.RFC9110_15_2_2, rules.RFC9110_6_4_1_1}},
		{"a response in the clear after a TLS/1.0 101", []sm.Event{req(tlsGET), resp(tls101), data(sm.ServerBytes, ok200)}, []rules.ID{rules.RFC2817_3_3_2, rules.RFC2817_3_1}},
	} {
		for _, r := range endpoints {
			m := newMachine(r)
			runThrough(m, tc.events...)
			for _, id := range tc.want {
				if !slices.Contains(m.Cited(), id) {
					t.Errorf("%s/%s: Cited() = %v; want it to hold %s", r, tc.name, m.Cited(), id)
				}
			}
		}
	}
}
