package proxymode

import (
	"github.com/switchyard/switchyard/rules"
)

// Case is one proxy case: what the client sends, what the scripted
// backend answers, and the rule the case is about.
type Case struct {
	Name string
	Rule rules.ID
	// Tunnel says whether a correct proxy tunnels after this exchange:
	// only after a valid 101 that answers the client's own offer.
	Tunnel bool
	// Request is the client's request head; "$PATH" becomes the case's
	// path on the backend ("/sy/N") and "$HOST" the proxy's address.
	Request string
	// Response is the backend's answer; "$ACCEPT" becomes the
	// Sec-WebSocket-Accept for the key the backend received.
	Response string
	// Pipelined sends the probe right behind the request, before the
	// response (AMB-24): after a refusal a proxy must not forward it as
	// HTTP (PROXY-5); after a 101 it belongs in the tunnel.
	Pipelined bool
}

const (
	wsRequest = "GET $PATH HTTP/1.1\r\nHost: $HOST\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
	plainRequest = "GET $PATH HTTP/1.1\r\nHost: $HOST\r\n\r\n"
	ws101        = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: $ACCEPT\r\n\r\n"
)

// Cases returns the proxy cases, in a fixed order.
func Cases() []Case {
	return []Case{
		{Name: "ws/101", Rule: rules.PROXY_1, Tunnel: true, Request: wsRequest, Response: ws101},
		{Name: "ws/426", Rule: rules.PROXY_2, Request: wsRequest,
			Response: "HTTP/1.1 426 Upgrade Required\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nContent-Length: 0\r\n\r\n"},
		{Name: "ws/400", Rule: rules.PROXY_2, Request: wsRequest,
			Response: "HTTP/1.1 400 Bad Request\r\nSec-WebSocket-Version: 13\r\nContent-Length: 0\r\n\r\n"},
		{Name: "ws/200", Rule: rules.PROXY_2, Request: wsRequest,
			Response: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"},
		{Name: "ws/403", Rule: rules.PROXY_2, Request: wsRequest,
			Response: "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"},
		{Name: "ws/101-without-upgrade", Rule: rules.PROXY_1, Request: wsRequest,
			Response: "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: $ACCEPT\r\n\r\n"},
		{Name: "ws/101-without-connection", Rule: rules.PROXY_1, Request: wsRequest,
			Response: "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: $ACCEPT\r\n\r\n"},
		{Name: "ws/101-wrong-accept", Rule: rules.PROXY_1, Request: wsRequest,
			Response: "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n\r\n"},
		// RFC 9112 §6.3: the 101 ends at its empty line whatever its
		// Content-Length says; refusing it is only AMB-20's policy, so a
		// proxy may tunnel.
		{Name: "ws/101-content-length", Rule: rules.AMB_20, Tunnel: true, Request: wsRequest,
			Response: "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: $ACCEPT\r\nContent-Length: 0\r\n\r\n"},
		{Name: "ws/101-other-protocol", Rule: rules.PROXY_3, Request: wsRequest,
			Response: "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n"},
		{Name: "plain/101-unsolicited", Rule: rules.PROXY_3, Request: plainRequest, Response: ws101},
		{Name: "plain/200", Rule: rules.PROXY_1, Request: plainRequest,
			Response: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"},
		{Name: "pipelined/101", Rule: rules.AMB_24, Tunnel: true, Pipelined: true, Request: wsRequest, Response: ws101},
		{Name: "pipelined/400", Rule: rules.PROXY_5, Pipelined: true, Request: wsRequest,
			Response: "HTTP/1.1 400 Bad Request\r\nSec-WebSocket-Version: 13\r\nContent-Length: 0\r\n\r\n"},
		{Name: "hop-by-hop/connection-named", Rule: rules.RFC9110_7_6_1_3, Tunnel: true,
			Request:  "GET $PATH HTTP/1.1\r\nHost: $HOST\r\nUpgrade: websocket\r\nConnection: Upgrade, X-Hop\r\nX-Hop: 1\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
			Response: ws101},
		{Name: "hop-by-hop/keep-alive", Rule: rules.RFC9110_7_6_1_4, Tunnel: true,
			Request:  "GET $PATH HTTP/1.1\r\nHost: $HOST\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nKeep-Alive: timeout=5\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
			Response: ws101},
		{Name: "h2c/settings-forwarded", Rule: rules.RFC9110_7_6_1_2,
			Request:  "GET $PATH HTTP/1.1\r\nHost: $HOST\r\nUpgrade: h2c\r\nConnection: Upgrade, HTTP2-Settings\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n",
			Response: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"},
	}
}
