package clientmode

import (
	"strings"

	"github.com/switchyard/switchyard/rules"
)

// Case is one crafted response for the client under test.
type Case struct {
	Name string
	Rule rules.ID
	// Protocol is the upgrade the client offers: "" (judge.WebSocket) or
	// judge.H2C (H2CCases).
	Protocol string
	// Protocols are the subprotocols the client is asked to offer.
	Protocols []string
	// Response is the template answered to the client's request:
	// "$ACCEPT" is the correct Sec-WebSocket-Accept for the key it sent,
	// "$PROTO" its first offered subprotocol.
	Response string
	// Either marks a case where failing a valid 101 is common practice
	// outside the RFC (the WHATWG WebSocket standard): the outcome is
	// informational.
	Either bool
	// Browser marks the cases in the short list run against browsers,
	// which take about a second each.
	Browser bool
}

// The lines crafted responses are made of.
const (
	status101 = "HTTP/1.1 101 Switching Protocols"
	upgradeWS = "Upgrade: websocket"
	connUpg   = "Connection: Upgrade"
	accept    = "Sec-WebSocket-Accept: $ACCEPT"
)

func head(lines ...string) string { return strings.Join(lines, "\r\n") + "\r\n\r\n" }

var chat = []string{"chat", "superchat"}

// Cases returns the client cases, in a fixed order.
func Cases() []Case {
	return []Case{
		{Name: "valid", Rule: rules.RFC6455_4_1_27, Browser: true, Response: head(status101, upgradeWS, connUpg, accept)},
		{Name: "valid-case-insensitive", Rule: rules.RFC6455_4_1_26, Browser: true, Response: head(status101, "upgrade: WebSocket", "connection: upgrade", "sec-websocket-accept: $ACCEPT")},
		{Name: "valid-connection-list", Rule: rules.RFC6455_4_1_21, Response: head(status101, upgradeWS, "Connection: keep-alive, Upgrade", accept)},
		{Name: "valid-other-reason", Rule: rules.RFC9112_4_G1, Response: head("HTTP/1.1 101 OK", upgradeWS, connUpg, accept)},
		{Name: "valid-subprotocol", Rule: rules.RFC6455_4_2_2_6, Protocols: chat, Browser: true, Response: head(status101, upgradeWS, connUpg, accept, "Sec-WebSocket-Protocol: $PROTO")},
		{Name: "valid-subprotocol-none-selected", Rule: rules.RFC6455_4_1_27, Protocols: chat, Either: true, Response: head(status101, upgradeWS, connUpg, accept)},
		{Name: "wrong-accept", Rule: rules.RFC6455_4_1_22, Browser: true, Response: head(status101, upgradeWS, connUpg, "Sec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=")},
		{Name: "accept-of-rfc-example", Rule: rules.RFC6455_4_1_22, Response: head(status101, upgradeWS, connUpg, "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")},
		{Name: "no-accept", Rule: rules.RFC6455_4_1_22, Browser: true, Response: head(status101, upgradeWS, connUpg)},
		{Name: "missing-upgrade", Rule: rules.RFC9110_15_2_2_1, Browser: true, Response: head(status101, connUpg, accept)},
		{Name: "upgrade-websockets", Rule: rules.RFC6455_4_1_20, Response: head(status101, "Upgrade: websockets", connUpg, accept)},
		{Name: "missing-connection", Rule: rules.RFC6455_4_1_21, Browser: true, Response: head(status101, upgradeWS, accept)},
		{Name: "unsolicited-subprotocol", Rule: rules.RFC6455_4_1_24, Browser: true, Response: head(status101, upgradeWS, connUpg, accept, "Sec-WebSocket-Protocol: chat")},
		{Name: "subprotocol-not-offered", Rule: rules.RFC6455_4_1_24, Protocols: chat, Response: head(status101, upgradeWS, connUpg, accept, "Sec-WebSocket-Protocol: mqtt")},
		{Name: "extension-not-offered", Rule: rules.RFC6455_4_1_23, Browser: true, Response: head(status101, upgradeWS, connUpg, accept, "Sec-WebSocket-Extensions: x-switchyard")},
		{Name: "content-length", Rule: rules.AMB_20, Browser: true, Response: head(status101, upgradeWS, connUpg, accept, "Content-Length: 0")},
		{Name: "two-accepts", Rule: rules.RFC6455_4_1_25, Response: head(status101, upgradeWS, connUpg, accept, accept)},
		{Name: "200-ok", Rule: rules.RFC6455_4_1_19, Browser: true, Response: head("HTTP/1.1 200 OK", upgradeWS, connUpg, accept, "Content-Length: 0")},
		{Name: "http-1.0-101", Rule: rules.AMB_21, Browser: true, Response: head("HTTP/1.0 101 Switching Protocols", upgradeWS, connUpg, accept)},
		{Name: "bare-lf", Rule: rules.STRICT_2, Response: strings.ReplaceAll(head(status101, upgradeWS, connUpg, accept), "\r\n", "\n")},
	}
}

// BrowserCases returns the short list of cases run against browsers.
func BrowserCases() []Case {
	var out []Case
	for _, c := range Cases() {
		if c.Browser {
			out = append(out, c)
		}
	}
	return out
}
