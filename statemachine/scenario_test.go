package statemachine_test

import (
	"testing"

	"github.com/switchyard/switchyard/rules"
	sm "github.com/switchyard/switchyard/statemachine"
)

const (
	http10Upgrade = "GET /chat HTTP/1.0\r\nHost: example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
	http10POST    = "POST / HTTP/1.0\r\nHost: example.com\r\nContent-Length: 5\r\n\r\n"
	plainPOST     = "POST / HTTP/1.1\r\nHost: example.com\r\nContent-Length: 5\r\n\r\n"
	h2cExpect     = "POST /upload HTTP/1.1\r\nHost: example.com\r\nContent-Length: 5\r\nExpect: 100-continue\r\nUpgrade: h2c\r\nConnection: Upgrade, HTTP2-Settings\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n"
	h2cNoSettings = "GET / HTTP/1.1\r\nHost: example.com\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n"
	wsVersion8    = "GET /chat HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n"
	wsClose       = "GET /chat HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\nConnection: Upgrade, close\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
	tlsGET        = "GET /secret HTTP/1.1\r\nHost: example.com\r\nUpgrade: TLS/1.0\r\nConnection: Upgrade\r\n\r\n"
	tlsOPTIONS    = "OPTIONS * HTTP/1.1\r\nHost: example.com\r\nUpgrade: TLS/1.0\r\nConnection: Upgrade\r\n\r\n"
	tls101        = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: TLS/1.0, HTTP/1.1\r\nConnection: Upgrade\r\n\r\n"
	tls426        = "HTTP/1.1 426 Upgrade Required\r\nUpgrade: TLS/1.0, HTTP/1.1\r\nConnection: Upgrade\r\nContent-Length: 0\r\n\r\n"
	fooGET        = "GET / HTTP/1.1\r\nHost: example.com\r\nUpgrade: foo/2, bar\r\nConnection: Upgrade\r\n\r\n"
	bar101CL      = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: bar\r\nConnection: Upgrade\r\nContent-Length: 10\r\n\r\n"
	ws101CL       = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nContent-Length: 0\r\n\r\n"
	ws101BadKey   = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n\r\n"
	close200      = "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n"
	bad400        = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
	early103      = "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
)

var endpoints = []sm.Role{sm.Client, sm.Server, sm.Intermediary}

// scenario is one connection's events; the last one is judged.
type scenario struct {
	name     string
	roles    []sm.Role
	events   []sm.Event
	want     sm.State
	wantRule rules.ID // "" when the last event must succeed
	protocol string   // when Switched: the protocol
}

var scenarios = []scenario{
	// WebSocket.
	{name: "websocket upgrade", roles: endpoints, events: []sm.Event{req(wsGET), resp(ws101), data(sm.ServerBytes, "\x81\x02hi"), data(sm.ClientBytes, "\x81\x82abcd")}, want: sm.Switched, protocol: "websocket"},
	{name: "websocket 101 with a bad accept", roles: endpoints, events: []sm.Event{req(wsGET), resp(ws101BadKey)}, want: sm.Error, wantRule: rules.RFC6455_4_1_22},
	// RFC 9112 §6.3: the 101 ends at its empty line whatever its fields
	// say, so the switch stands; failing it is only AMB-20's policy.
	{name: "websocket 101 with Content-Length (AMB-20)", roles: endpoints, events: []sm.Event{req(wsGET), resp(ws101CL)}, want: sm.Switched, protocol: "websocket"},
	{name: "websocket refused by 426, then a new request", roles: endpoints, events: []sm.Event{req(wsGET), resp(refused426), ev(sm.ResponseEnd), req(plainGET)}, want: sm.AwaitResponse},
	{name: "websocket 101 to an invalid request (STRICT-5)", roles: endpoints, events: []sm.Event{req(wsVersion8), resp(ws101)}, want: sm.Error, wantRule: rules.STRICT_5},
	{name: "interim 103 before the 101", roles: endpoints, events: []sm.Event{req(wsGET), resp(early103), resp(ws101)}, want: sm.Switched, protocol: "websocket"},
	{name: "Connection: close with Upgrade, refused: must close (AMB-22)", roles: endpoints, events: []sm.Event{req(wsClose), resp(refused426), ev(sm.ResponseEnd)}, want: sm.MustClose},
	{name: "Connection: close with Upgrade, switched", roles: endpoints, events: []sm.Event{req(wsClose), resp(ws101)}, want: sm.Switched},
	{name: "server speaks websocket after refusing", roles: endpoints, events: []sm.Event{req(wsGET), resp(refused426), data(sm.ServerBytes, "\x81\x00")}, want: sm.Error, wantRule: rules.RFC6455_4_1_19},
	{name: "websocket client sends a frame before the 101", roles: []sm.Role{sm.Client}, events: []sm.Event{req(wsGET), data(sm.ClientBytes, "\x81\x82abcd")}, want: sm.Error, wantRule: rules.RFC6455_4_1_18},
	{name: "server: octets before the 101 (AMB-24)", roles: []sm.Role{sm.Server}, events: []sm.Event{req(wsGET), data(sm.ClientBytes, "\x81\x82abcd")}, want: sm.Error, wantRule: rules.AMB_24},
	{name: "server: pipelined request behind an upgrade request (AMB-24)", roles: []sm.Role{sm.Server}, events: []sm.Event{req(h2cGET), req(plainGET)}, want: sm.Error, wantRule: rules.AMB_24},

	// h2c.
	{name: "h2c upgrade with prefaces in pieces", roles: endpoints, events: []sm.Event{req(h2cGET), resp(h2c101),
		data(sm.ClientBytes, h2ClientPreface[:5]), data(sm.ServerBytes, h2ServerPreface), data(sm.ClientBytes, h2ClientPreface[5:]), data(sm.ClientBytes, "\x00\x00\x00\x01")}, want: sm.Switched, protocol: "h2c"},
	{name: "h2c client sends HTTP/1.1 after the 101", roles: endpoints, events: []sm.Event{req(h2cGET), resp(h2c101), data(sm.ClientBytes, "GET / HTTP/1.1\r\n")}, want: sm.Error, wantRule: rules.RFC7540_3_2_6},
	{name: "h2c preface followed by HEADERS, not SETTINGS", roles: endpoints, events: []sm.Event{req(h2cGET), resp(h2c101), data(sm.ClientBytes, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x00\x01")}, want: sm.Error, wantRule: rules.RFC7540_3_2_6},
	{name: "h2c server's first frame is HEADERS", roles: endpoints, events: []sm.Event{req(h2cGET), resp(h2c101), data(sm.ServerBytes, "\x00\x00\x05\x01\x04")}, want: sm.Error, wantRule: rules.RFC7540_3_2_5},
	{name: "h2c server's first frame is a SETTINGS ACK", roles: endpoints, events: []sm.Event{req(h2cGET), resp(h2c101), data(sm.ServerBytes, "\x00\x00\x00\x04\x01")}, want: sm.Error, wantRule: rules.RFC7540_3_2_5},
	{name: "h2c 101 without HTTP2-Settings", roles: endpoints, events: []sm.Event{req(h2cNoSettings), resp(h2c101)}, want: sm.Error, wantRule: rules.RFC7540_3_2_1_1},
	{name: "h2c with a body: 101 only after the complete request", roles: endpoints, events: []sm.Event{req(h2cPOST), data(sm.RequestData, "hello"), ev(sm.RequestEnd), resp(h2c101)}, want: sm.Switched, protocol: "h2c"},
	{name: "h2c with a body: 101 before the request is complete", roles: endpoints, events: []sm.Event{req(h2cPOST), data(sm.RequestData, "he"), resp(h2c101)}, want: sm.Error, wantRule: rules.RFC9110_7_8_14},
	{name: "h2c with a body: client switches mid-body", roles: endpoints, events: []sm.Event{req(h2cPOST), data(sm.ClientBytes, h2ClientPreface)}, want: sm.Error, wantRule: rules.RFC9110_7_8_14},
	{name: "Expect: 100-continue: 100 before 101", roles: endpoints, events: []sm.Event{req(h2cExpect), resp(continue100), data(sm.RequestData, "hello"), ev(sm.RequestEnd), resp(h2c101)}, want: sm.Switched},
	{name: "Expect: 100-continue: 101 without the 100", roles: endpoints, events: []sm.Event{req(h2cExpect), data(sm.RequestData, "hello"), ev(sm.RequestEnd), resp(h2c101)}, want: sm.Error, wantRule: rules.RFC9110_7_8_15},
	{name: "upgrade with a body refused early, body finished after", roles: endpoints, events: []sm.Event{req(h2cPOST), resp(bad400), data(sm.RequestData, "hello"), ev(sm.RequestEnd), ev(sm.ResponseEnd), ev(sm.Close)}, want: sm.Closed},
	{name: "early refusal: a request head inside the unfinished body", roles: endpoints, events: []sm.Event{req(h2cPOST), resp(bad400), req(plainGET)}, want: sm.Error, wantRule: rules.RFC9110_2_2_1},
	{name: "early refusal: new-protocol octets inside the unfinished body", roles: endpoints, events: []sm.Event{req(h2cPOST), resp(bad400), data(sm.ClientBytes, "x")}, want: sm.Error, wantRule: rules.RFC9110_7_8_14},
	{name: "early response ends before the body: must close, rest of body allowed", roles: endpoints, events: []sm.Event{req(plainPOST), resp(ok200), ev(sm.ResponseEnd), data(sm.RequestData, "hello"), ev(sm.RequestEnd)}, want: sm.MustClose},
	{name: "early response: head inside the unfinished body", roles: endpoints, events: []sm.Event{req(plainPOST), resp(ok200), req(plainGET)}, want: sm.Error, wantRule: rules.RFC9110_2_2_1},
	{name: "early response: octets inside the unfinished body", roles: endpoints, events: []sm.Event{req(plainPOST), resp(ok200), data(sm.ClientBytes, "x")}, want: sm.Error, wantRule: rules.RFC9110_7_8_14},
	{name: "plain POST, 101 unasked", roles: endpoints, events: []sm.Event{req(plainPOST), resp(h2c101)}, want: sm.Error, wantRule: rules.RFC9110_7_8_6},
	{name: "plain POST completes", roles: endpoints, events: []sm.Event{req(plainPOST), data(sm.RequestData, "hello"), ev(sm.RequestEnd), resp(ok200), data(sm.ResponseData, "ok"), ev(sm.ResponseEnd)}, want: sm.Idle},

	// Octets behind an upgrade request (AMB-24), flagged by clients and intermediaries.
	{name: "h2c: client octets before the 101, switched", roles: []sm.Role{sm.Client, sm.Intermediary}, events: []sm.Event{req(h2cGET), data(sm.ClientBytes, h2ClientPreface), resp(h2c101)}, want: sm.Switched},
	{name: "h2c: pipelined request before a refusal: must close", roles: []sm.Role{sm.Client}, events: []sm.Event{req(h2cGET), req(plainGET), data(sm.RequestData, "x"), ev(sm.RequestEnd), resp(ok200), ev(sm.ResponseEnd), req(plainGET)}, want: sm.Error, wantRule: rules.AMB_24},
	{name: "h2c: octets before a refusal, more octets after", roles: []sm.Role{sm.Client}, events: []sm.Event{req(h2cGET), data(sm.ClientBytes, "x"), resp(ok200), ev(sm.ResponseEnd), data(sm.ClientBytes, "y")}, want: sm.Error, wantRule: rules.AMB_24},
	{name: "proxy: held octets before a refusal, then a request (PROXY-5)", roles: []sm.Role{sm.Intermediary}, events: []sm.Event{req(wsGET), data(sm.ClientBytes, "\x81\x82abcd"), req(plainGET), data(sm.RequestData, "x"), ev(sm.RequestEnd), resp(refused426), ev(sm.ResponseEnd), req(plainGET)}, want: sm.Error, wantRule: rules.PROXY_5},

	// TLS/1.0 (RFC 2817).
	{name: "TLS optional upgrade switched", roles: endpoints, events: []sm.Event{req(tlsGET), resp(tls101), data(sm.ClientBytes, "\x16\x03\x01")}, want: sm.Switched, protocol: "TLS/1.0"},
	{name: "TLS mandatory upgrade via OPTIONS after a 426", roles: endpoints, events: []sm.Event{req(tlsGET), resp(tls426), ev(sm.ResponseEnd), req(tlsOPTIONS), resp(tls101)}, want: sm.Switched, protocol: "TLS/1.0"},
	{name: "TLS started right after a 426", roles: endpoints, events: []sm.Event{req(tlsGET), resp(tls426), data(sm.ClientBytes, "\x16\x03\x01\x00")}, want: sm.Error, wantRule: rules.RFC2817_4_2_3},
	{name: "server octets after a refused TLS upgrade", roles: endpoints, events: []sm.Event{req(tlsGET), resp(tls426), data(sm.ServerBytes, "\x16\x03\x01")}, want: sm.Error, wantRule: rules.RFC9110_2_2_1},
	{name: "pipelined request after a refusal is HTTP", roles: endpoints, events: []sm.Event{req(tlsGET), resp(tls426), data(sm.ClientBytes, "GET / HTTP/1.1\r\n"), ev(sm.ResponseEnd)}, want: sm.Idle},

	// Generic protocol lists; 101 with Content-Length on a non-WebSocket switch.
	{name: "generic protocol list, 101 with Content-Length: octets after are the new protocol", roles: endpoints, events: []sm.Event{req(fooGET), resp(bar101CL), data(sm.ResponseData, "0123456789")}, want: sm.Error, wantRule: rules.RFC9112_6_3_1},
	{name: "generic protocol switched", roles: endpoints, events: []sm.Event{req(fooGET), resp(bar101CL)}, want: sm.Switched, protocol: "bar"},

	// HTTP/1.0: Upgrade ignored, no 1xx.
	{name: "HTTP/1.0: Upgrade ignored, 101 refused", roles: []sm.Role{sm.Client, sm.Server}, events: []sm.Event{req(http10Upgrade), resp(ws101)}, want: sm.Error, wantRule: rules.RFC9110_15_2_1},
	{name: "HTTP/1.0: no 100", roles: endpoints, events: []sm.Event{as11(req(http10Upgrade)), resp(continue100)}, want: sm.Error, wantRule: rules.RFC9110_15_2_1},
	{name: "HTTP/1.0 with a body: no 100", roles: endpoints, events: []sm.Event{as11(req(http10POST)), resp(continue100)}, want: sm.Error, wantRule: rules.RFC9110_15_2_1},
	{name: "HTTP/1.0 with a body: no 101", roles: endpoints, events: []sm.Event{as11(req(http10POST)), resp(ws101)}, want: sm.Error, wantRule: rules.RFC9110_15_2_1},
	{name: "HTTP/1.0: closes after the response", roles: endpoints, events: []sm.Event{as11(req(http10Upgrade)), resp(ok200), ev(sm.ResponseEnd)}, want: sm.MustClose},

	// Connection: close.
	{name: "response Connection: close", roles: endpoints, events: []sm.Event{req(plainGET), resp(close200), ev(sm.ResponseEnd), req(plainGET)}, want: sm.Error, wantRule: rules.RFC9112_9_6_1},
	{name: "after close, the rest of no body", roles: endpoints, events: []sm.Event{req(closeGET), resp(ok200), ev(sm.ResponseEnd), ev(sm.RequestEnd)}, want: sm.Error, wantRule: rules.RFC9112_9_6_1},
}

func TestScenarios(t *testing.T) {
	for _, sc := range scenarios {
		for _, r := range sc.roles {
			t.Run(r.String()+"/"+sc.name, func(t *testing.T) {
				m := newMachine(r)
				got, err := run(t, m, sc.events...)
				if got != sc.want || ruleOf(err) != sc.wantRule {
					t.Fatalf("got %s, %v; want %s, %q", got, err, sc.want, sc.wantRule)
				}
				if sc.protocol != "" && m.Protocol() != sc.protocol {
					t.Errorf("Protocol() = %q; want %q", m.Protocol(), sc.protocol)
				}
				if (got == sm.Error) != (m.Err() != nil) {
					t.Errorf("Err() = %v in %s", m.Err(), got)
				}
			})
		}
	}
}
