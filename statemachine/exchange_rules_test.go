package statemachine_test

import (
	"slices"
	"testing"

	"github.com/switchyard/switchyard/rules"
	sm "github.com/switchyard/switchyard/statemachine"
)

// Tests of the exchange rules the machine judges beside the handshake:
// 1xx content (RFC 9110 §15.2), persistence (RFC 9112 §9.3, §6.1), the
// Failed WebSocket connection (RFC 6455 §7.1.7), the response owed after a
// 101 (RFC 9110 §7.8) and extensions not selected (RFC 6455 §9.1).

const (
	http10GET  = "GET / HTTP/1.0\r\nHost: example.com\r\n\r\n"
	http10Keep = "GET / HTTP/1.0\r\nHost: example.com\r\nConnection: keep-alive\r\n\r\n"
	ok200v10   = "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n"
	ok200v10KA = "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\n"
	cltePOST   = "POST / HTTP/1.1\r\nHost: example.com\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
	h2cCLTE    = "POST /upload HTTP/1.1\r\nHost: example.com\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\nUpgrade: h2c\r\nConnection: Upgrade, HTTP2-Settings\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n"
	wsDeflate  = "GET /chat HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n"
	ws101Defl  = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n"
	// Client frames: a masked text frame, and the same with RSV1 set.
	wsFrame     = "\x81\x82abcdxy"
	wsFrameRSV1 = "\xc1\x82abcdxy"
)

var exchangeRuleScenarios = []scenario{
	// RFC 9110 §15.2: a 1xx has no content.
	{name: "100 then response data while the body is sent", roles: endpoints, events: []sm.Event{req(h2cPOST), resp(continue100), data(sm.ResponseData, "x")}, want: sm.Error, wantRule: rules.RFC9110_15_2_2},
	{name: "103 then response data", roles: endpoints, events: []sm.Event{req(plainGET), resp(early103), data(sm.ResponseData, "x")}, want: sm.Error, wantRule: rules.RFC9110_15_2_2},
	{name: "103 then response data before a 101", roles: endpoints, events: []sm.Event{req(wsGET), resp(early103), data(sm.ResponseData, "x")}, want: sm.Error, wantRule: rules.RFC9110_15_2_2},
	{name: "response data with no response at all", roles: endpoints, events: []sm.Event{req(plainGET), data(sm.ResponseData, "x")}, want: sm.Error, wantRule: rules.RFC9110_2_2_1},
	{name: "103 then the final response and its data", roles: endpoints, events: []sm.Event{req(plainGET), resp(early103), resp(ok200), data(sm.ResponseData, "ok"), ev(sm.ResponseEnd)}, want: sm.Idle},

	// RFC 9112 §9.3: persistence by version and Connection.
	{name: "HTTP/1.0 request without keep-alive: no second request", roles: endpoints, events: []sm.Event{as11(req(http10GET)), resp(ok200), ev(sm.ResponseEnd), req(plainGET)}, want: sm.Error, wantRule: rules.RFC9112_9_3_1},
	{name: "HTTP/1.0 request without keep-alive: no more octets", roles: endpoints, events: []sm.Event{as11(req(http10GET)), resp(ok200), ev(sm.ResponseEnd), data(sm.ClientBytes, "GET")}, want: sm.Error, wantRule: rules.RFC9112_9_3_1},
	{name: "HTTP/1.0 request with keep-alive persists", roles: endpoints, events: []sm.Event{as11(req(http10Keep)), resp(ok200), ev(sm.ResponseEnd), req(plainGET)}, want: sm.AwaitResponse},
	{name: "HTTP/1.0 response without keep-alive: no second request", roles: endpoints, events: []sm.Event{req(plainGET), as11(resp(ok200v10)), ev(sm.ResponseEnd), req(plainGET)}, want: sm.Error, wantRule: rules.RFC9112_9_3_1},
	{name: "HTTP/1.0 response with keep-alive persists", roles: endpoints, events: []sm.Event{req(plainGET), as11(resp(ok200v10KA)), ev(sm.ResponseEnd), req(plainGET)}, want: sm.AwaitResponse},
	{name: "HTTP/1.0 refusal of an upgrade: no second request", roles: endpoints, events: []sm.Event{req(wsGET), as11(resp(ok200v10)), ev(sm.ResponseEnd), req(wsGET)}, want: sm.Error, wantRule: rules.RFC9112_9_3_1},

	// RFC 9112 §6.1: Content-Length with Transfer-Encoding: close after
	// responding, so never a switch and never another request.
	{name: "CL+TE: no second request", roles: endpoints, events: []sm.Event{req(cltePOST), data(sm.RequestData, "0\r\n\r\n"), ev(sm.RequestEnd), resp(bad400), ev(sm.ResponseEnd), req(plainGET)}, want: sm.Error, wantRule: rules.RFC9112_6_1_3},
	{name: "CL+TE: no more octets", roles: endpoints, events: []sm.Event{req(cltePOST), data(sm.RequestData, "0\r\n\r\n"), ev(sm.RequestEnd), resp(bad400), ev(sm.ResponseEnd), data(sm.ClientBytes, "GET")}, want: sm.Error, wantRule: rules.RFC9112_6_1_3},
	{name: "CL+TE: answered, then closed", roles: endpoints, events: []sm.Event{req(cltePOST), data(sm.RequestData, "0\r\n\r\n"), ev(sm.RequestEnd), resp(bad400), ev(sm.ResponseEnd), ev(sm.Close)}, want: sm.Closed},
	{name: "CL+TE upgrade request: no 101", roles: endpoints, events: []sm.Event{req(h2cCLTE), data(sm.RequestData, "0\r\n\r\n"), ev(sm.RequestEnd), resp(h2c101)}, want: sm.Error, wantRule: rules.RFC9112_6_1_3},

	// RFC 9110 §7.8: after a 101 the response is owed in the new protocol.
	{name: "HTTP/1.1 final response after a 101", roles: endpoints, events: []sm.Event{req(wsGET), resp(ws101), resp(ok200)}, want: sm.Error, wantRule: rules.RFC9110_7_8_10},

	// RFC 6455 §9.1: no offered extension unless the server selected it.
	{name: "permessage-deflate offered, not selected: RSV1 on the first frame", roles: endpoints, events: []sm.Event{req(wsDeflate), resp(ws101), data(sm.ClientBytes, wsFrameRSV1)}, want: sm.Error, wantRule: rules.RFC6455_9_1_5},
	{name: "permessage-deflate offered, not selected: plain frames", roles: endpoints, events: []sm.Event{req(wsDeflate), resp(ws101), data(sm.ClientBytes, wsFrame), data(sm.ServerBytes, "\x81\x00")}, want: sm.Switched},
	{name: "permessage-deflate selected: RSV1 on the first frame", roles: endpoints, events: []sm.Event{req(wsDeflate), resp(ws101Defl), data(sm.ClientBytes, wsFrameRSV1)}, want: sm.Switched},
	{name: "nothing offered: RSV1 is framing, out of scope", roles: endpoints, events: []sm.Event{req(wsGET), resp(ws101), data(sm.ClientBytes, wsFrameRSV1)}, want: sm.Switched},
	{name: "h2c: RSV bits mean nothing", roles: endpoints, events: []sm.Event{req(h2cGET), resp(h2c101), data(sm.ClientBytes, h2ClientPreface)}, want: sm.Switched},
}

// afterFailScenarios go on after an error; only the last step is judged.
var afterFailScenarios = []scenario{

	// RFC 6455 §7.1.7: after Failing the WebSocket connection nothing more.
	{name: "WebSocket handshake failed, then a frame", roles: endpoints, events: []sm.Event{req(wsGET), resp(ws101BadKey), data(sm.ClientBytes, wsFrame)}, want: sm.Error, wantRule: rules.RFC6455_7_1_7_1},
	{name: "WebSocket connection failed after the 101, then a frame", roles: endpoints, events: []sm.Event{req(wsGET), resp(ws101), resp(ok200), data(sm.ServerBytes, "\x81\x00")}, want: sm.Error, wantRule: rules.RFC6455_7_1_7_1},
	{name: "WebSocket handshake failed, then closed", roles: endpoints, events: []sm.Event{req(wsGET), resp(ws101BadKey), ev(sm.Close)}, want: sm.Closed},
	{name: "WebSocket refused, a later HTTP error: not a Failed WebSocket", roles: endpoints, events: []sm.Event{req(wsGET), resp(refused426), data(sm.ServerBytes, "\x81\x00"), data(sm.ClientBytes, "x")}, want: sm.Error, wantRule: rules.STRICT_9},
	{name: "h2c handshake failed, then octets: STRICT-9", roles: endpoints, events: []sm.Event{req(h2cNoSettings), resp(h2c101), data(sm.ClientBytes, "x")}, want: sm.Error, wantRule: rules.STRICT_9},
}

func TestExchangeRules(t *testing.T) {
	testRuleScenarios(t, exchangeRuleScenarios, false)
	testRuleScenarios(t, afterFailScenarios, true)
}

func testRuleScenarios(t *testing.T, scs []scenario, goOn bool) {
	for _, sc := range scs {
		for _, r := range sc.roles {
			t.Run(r.String()+"/"+sc.name, func(t *testing.T) {
				m := newMachine(r)
				got, err := runThrough(m, sc.events...)
				if !goOn {
					m = newMachine(r)
					got, err = run(t, m, sc.events...)
				}
				if got != sc.want || ruleOf(err) != sc.wantRule {
					t.Fatalf("got %s, %v; want %s, %q", got, err, sc.want, sc.wantRule)
				}
				if sc.wantRule != "" && !slices.Contains(m.Cited(), sc.wantRule) {
					t.Errorf("Cited() = %v; want it to hold %s", m.Cited(), sc.wantRule)
				}
			})
		}
	}
}

// TestAfterWebSocketFail: every event but Close after a Failed WebSocket
// connection cites RFC 6455 §7.1.7, in every role.
func TestAfterWebSocketFail(t *testing.T) {
	for _, r := range sm.Roles {
		for _, k := range sm.EventsFor(r) {
			if k == sm.Close {
				continue
			}
			m := newMachine(r)
			if s, _ := runThrough(m, req(wsGET), resp(ws101BadKey)); s != sm.Error {
				t.Fatalf("%s: bad 101 gave %s", r, s)
			}
			if _, err := m.Step(canonical[k]); ruleOf(err) != rules.RFC6455_7_1_7_1 {
				t.Errorf("%s: %s after a Failed WebSocket connection: %v; want %s", r, k, err, rules.RFC6455_7_1_7_1)
			}
		}
	}
}

// runThrough steps through every event, errors or not, and returns the
// last step's state and error: these scenarios go on after an error.
func runThrough(m *sm.Machine, events ...sm.Event) (sm.State, error) {
	var s sm.State
	var err error
	for _, e := range events {
		s, err = m.Step(e)
	}
	return s, err
}
