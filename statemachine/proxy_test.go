package statemachine_test

import (
	"strings"
	"testing"

	"github.com/switchyard/switchyard/rules"
	sm "github.com/switchyard/switchyard/statemachine"
)

const (
	h2cUnnamed    = "GET / HTTP/1.1\r\nHost: example.com\r\nUpgrade: h2c\r\nConnection: Upgrade\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n"
	wsKeepAlive   = "GET /chat HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\nConnection: keep-alive\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
	wsNoOption    = "GET /chat HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\nConnection: keep-alive\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
	plainKeep     = "GET / HTTP/1.1\r\nHost: example.com\r\nKeep-Alive: timeout=5\r\n\r\n"
	bazGET        = "GET / HTTP/1.1\r\nHost: example.com\r\nUpgrade: baz\r\nConnection: Upgrade\r\n\r\n"
	baz101        = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: baz\r\nConnection: Upgrade\r\n\r\n"
	wsStripped    = "GET /chat HTTP/1.1\r\nHost: example.com\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
	wsForwarded11 = "GET /chat HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
)

// withField adds a field line after the start-line of a head.
func withField(head, line string) string {
	i := strings.Index(head, "\r\n") + 2
	return head[:i] + line + "\r\n" + head[i:]
}

func notForwarded(e sm.Event) sm.Event {
	e.NotForwarded = true
	return e
}

var proxyScenarios = []scenario{
	// Hop-by-hop fields (RFC 9110 §7.6.1).
	{name: "Upgrade forwarded, its connection option dropped", events: []sm.Event{fwd(req(wsGET), wsKeepAlive)}, want: sm.Error, wantRule: rules.RFC9110_7_6_1_3},
	{name: "HTTP2-Settings forwarded without being named", events: []sm.Event{req(h2cUnnamed)}, want: sm.Error, wantRule: rules.RFC9110_7_6_1_2},
	{name: "Upgrade forwarded without an upgrade option", events: []sm.Event{req(wsNoOption)}, want: sm.Error, wantRule: rules.RFC9110_7_8_12},
	{name: "Keep-Alive forwarded", events: []sm.Event{req(plainKeep)}, want: sm.Error, wantRule: rules.RFC9110_7_6_1_4},
	{name: "Upgrade stripped: the backend's 101 is unasked", events: []sm.Event{fwd(req(wsGET), wsStripped), resp(ws101)}, want: sm.Error, wantRule: rules.RFC9110_7_8_6},
	{name: "HTTP/1.0 client: 1xx dropped, not forwarded", events: []sm.Event{as11(req(http10POST)), notForwarded(resp(continue100))}, want: sm.SendBody},

	// Tunnel only after a 101 answering the forwarded offer (PROXY-1..3).
	{name: "websocket tunnel", events: []sm.Event{req(wsGET), resp(ws101), ev(sm.Tunnel), data(sm.ClientBytes, "\x81\x00")}, want: sm.Switched},
	{name: "tunnel before the 101", events: []sm.Event{req(wsGET), ev(sm.Tunnel)}, want: sm.Error, wantRule: rules.PROXY_1},
	{name: "tunnel after a 426", events: []sm.Event{req(wsGET), resp(refused426), ev(sm.Tunnel)}, want: sm.Error, wantRule: rules.PROXY_2},
	{name: "tunnel after a 200", events: []sm.Event{req(plainGET), resp(ok200), ev(sm.Tunnel)}, want: sm.Error, wantRule: rules.PROXY_2},
	{name: "tunnel after a refused, closing exchange", events: []sm.Event{req(wsClose), resp(refused426), ev(sm.ResponseEnd), ev(sm.Tunnel)}, want: sm.Error, wantRule: rules.PROXY_2},
	{name: "426 forwarded to the client as a 101", events: []sm.Event{req(wsGET), fwd(resp(refused426), ws101)}, want: sm.Error, wantRule: rules.PROXY_2},
	{name: "200 forwarded as a 101", events: []sm.Event{req(plainGET), fwd(resp(ok200), ws101)}, want: sm.Error, wantRule: rules.PROXY_2},
	{name: "early 400 forwarded as a 101", events: []sm.Event{req(h2cPOST), fwd(resp(bad400), h2c101)}, want: sm.Error, wantRule: rules.PROXY_2},
	{name: "101 for a protocol the proxy offered, not the client", events: []sm.Event{fwd(req(fooGET), bazGET), resp(baz101)}, want: sm.Error, wantRule: rules.PROXY_3},
	{name: "101 to an offer the proxy added", events: []sm.Event{fwd(req(plainGET), wsForwarded11), resp(ws101)}, want: sm.Error, wantRule: rules.PROXY_3},
	{name: "HTTP/1.0 client, 101 from the backend", events: []sm.Event{fwd(req(http10Upgrade), wsStripped), resp(ws101)}, want: sm.Error, wantRule: rules.RFC9110_15_2_1},
	{name: "101 not forwarded", events: []sm.Event{req(wsGET), notForwarded(resp(ws101))}, want: sm.Error, wantRule: rules.RFC9110_15_2_4},
	{name: "101 forwarded broken", events: []sm.Event{req(wsGET), fwd(resp(ws101), ws101BadKey)}, want: sm.Error, wantRule: rules.RFC6455_4_1_22},

	// 1xx are forwarded (RFC 9110 §15.2).
	{name: "100 swallowed while the body is sent", events: []sm.Event{req(h2cPOST), notForwarded(resp(continue100))}, want: sm.Error, wantRule: rules.RFC9110_15_2_4},
	{name: "103 swallowed awaiting a response", events: []sm.Event{req(plainGET), notForwarded(resp(early103))}, want: sm.Error, wantRule: rules.RFC9110_15_2_4},
	{name: "103 swallowed before a 101", events: []sm.Event{req(wsGET), notForwarded(resp(early103))}, want: sm.Error, wantRule: rules.RFC9110_15_2_4},

	// Hop-by-hop fields of responses (RFC 9110 §7.6.1).
	{name: "early 400: a field its Connection named forwarded", events: []sm.Event{req(h2cPOST), fwd(resp(withField(bad400, "Connection: X-Trace\r\nX-Trace: 1")), withField(bad400, "X-Trace: 1"))}, want: sm.Error, wantRule: rules.RFC9110_7_6_1_3},
	{name: "early 400: Keep-Alive forwarded", events: []sm.Event{req(h2cPOST), resp(withField(bad400, "Keep-Alive: timeout=5"))}, want: sm.Error, wantRule: rules.RFC9110_7_6_1_4},
	{name: "200: a field its Connection named forwarded", events: []sm.Event{req(plainGET), fwd(resp(withField(ok200, "Connection: X-Trace\r\nX-Trace: 1")), withField(ok200, "X-Trace: 1"))}, want: sm.Error, wantRule: rules.RFC9110_7_6_1_3},
	{name: "200: Keep-Alive forwarded", events: []sm.Event{req(plainGET), resp(withField(ok200, "Keep-Alive: timeout=5"))}, want: sm.Error, wantRule: rules.RFC9110_7_6_1_4},
	{name: "200 with its own Connection option: forwarded as is", events: []sm.Event{req(plainGET), resp(withField(ok200, "Connection: X-Trace\r\nX-Trace: 1"))}, want: sm.Response},
	{name: "426: a field its Connection named forwarded", events: []sm.Event{req(wsGET), fwd(resp(withField(refused426, "Connection: X-Trace\r\nX-Trace: 1")), withField(refused426, "X-Trace: 1"))}, want: sm.Error, wantRule: rules.RFC9110_7_6_1_3},
	{name: "426: Keep-Alive forwarded", events: []sm.Event{req(wsGET), resp(withField(refused426, "Keep-Alive: timeout=5"))}, want: sm.Error, wantRule: rules.RFC9110_7_6_1_4},
	{name: "101: a field its Connection named forwarded", events: []sm.Event{req(wsGET), fwd(resp(withField(ws101, "Connection: X-Trace\r\nX-Trace: 1")), withField(ws101, "X-Trace: 1"))}, want: sm.Error, wantRule: rules.RFC9110_7_6_1_3},
	{name: "101: Keep-Alive forwarded", events: []sm.Event{req(wsGET), resp(withField(ws101, "Keep-Alive: timeout=5"))}, want: sm.Error, wantRule: rules.RFC9110_7_6_1_4},

	// No reuse (PROXY-4, PROXY-5).
	{name: "refused upgrade with a body: no reuse", events: []sm.Event{req(h2cPOST), data(sm.RequestData, "hello"), ev(sm.RequestEnd), resp(bad400), ev(sm.ResponseEnd), req(plainGET)}, want: sm.Error, wantRule: rules.PROXY_4},
	{name: "refused upgrade with a body: no more octets", events: []sm.Event{req(h2cPOST), data(sm.RequestData, "hello"), ev(sm.RequestEnd), resp(bad400), ev(sm.ResponseEnd), data(sm.ClientBytes, "GET")}, want: sm.Error, wantRule: rules.PROXY_4},
	{name: "held octets, refused: no more octets", events: []sm.Event{req(wsGET), data(sm.ClientBytes, "\x81"), resp(refused426), ev(sm.ResponseEnd), data(sm.ClientBytes, "\x81")}, want: sm.Error, wantRule: rules.PROXY_5},
}

func TestProxy(t *testing.T) {
	for _, sc := range proxyScenarios {
		t.Run(sc.name, func(t *testing.T) {
			m := newMachine(sm.Intermediary)
			got, err := run(t, m, sc.events...)
			if got != sc.want || ruleOf(err) != sc.wantRule {
				t.Fatalf("got %s, %v; want %s, %q", got, err, sc.want, sc.wantRule)
			}
		})
	}
}
