package statemachine

import (
	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/rules"
)

// A secure connection starts with TLS: a WebSocket client whose URI is wss
// completes the TLS handshake before it sends its handshake (RFC 6455 §4.1
// step 5), and a server on an HTTPS port completes it before it reads one
// (RFC 6455 §4.2.2 step 1). The machine sees TLS as record headers only
// (RFC 5246 §6.2.1): the events before the first request head are the TLS
// handshake's records, the client's ClientHello first; from the first
// request head on, events are what TLS carries.

// tlsHandshake is the TLS content type of handshake records (RFC 5246
// §6.2.1), the first record each side sends.
const tlsHandshake = 22

// NewSecure returns a Machine for the role, in Idle, for a connection that
// must start with TLS: a client's for a wss URI, a server's or an
// intermediary's on an HTTPS port. Feed it each side's TLS handshake
// records as ClientBytes and ServerBytes, then the HTTP events TLS
// carries.
func NewSecure(r Role) *Machine { return &Machine{role: r, secure: true} }

// Secure reports whether the machine was made by NewSecure.
func (m *Machine) Secure() bool { return m.secure }

// guardIdleOctets: octets before any request head are garbage (RFC 9112
// §2.2), except on a secure connection before its first request: there
// they are the TLS handshake, which the client starts.
func (m *Machine) guardIdleOctets(ev Event) (Outcome, *parser.Violation) {
	if m.secure && !m.http && len(ev.Data) > 0 {
		switch {
		case ev.Kind == ClientBytes && (m.tlsClient || isTLSHandshakeStart(ev.Data)):
			m.tlsClient = true
			return m.stay(), nil
		case ev.Kind == ServerBytes && m.tlsClient:
			m.tlsServer = true
			return m.stay(), nil
		}
	}
	if ev.Kind == ServerBytes {
		return cite(rules.RFC9110_2_2_1, "ServerBytes", whyNoRequest)
	}
	garbage := rules.RFC9112_2_2_7
	if m.role == Client {
		garbage = rules.RFC9110_2_2_1
	}
	return cite(garbage, "ClientBytes", "octets where a request-line must start")
}

// isTLSHandshakeStart reports whether b starts like a TLS handshake record
// of version 3.x, as a ClientHello does; b may hold only its first octet.
func isTLSHandshakeStart(b []byte) bool {
	return b[0] == tlsHandshake && (len(b) < 2 || b[1] == 3)
}

// guardSecureRequest: on a secure connection the first request head comes
// only after both sides' TLS handshake records: the client must not send
// it in the clear (RFC 6455 §4.1 step 5), the server must not read it so
// (§4.2.2 step 1).
func (m *Machine) guardSecureRequest() (Outcome, *parser.Violation) {
	if !m.secure || m.http {
		return Outcome{}, nil
	}
	if !m.tlsClient || !m.tlsServer {
		if m.role == Client {
			return cite(rules.RFC6455_4_1_5, "RequestHead", "the client sent its handshake on a wss connection before completing TLS")
		}
		return cite(rules.RFC6455_4_2_2_1, "RequestHead", "the server read a handshake on its HTTPS port before completing TLS")
	}
	m.http = true
	return Outcome{}, nil
}
