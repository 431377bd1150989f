package statemachine

import (
	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/rules"
)

// After a TLS/1.0 101 the server switches to TLS at the empty line that
// ends the 101 (RFC 2817 §3.3) and answers the original request only once
// the TLS handshake succeeds, over TLS; a failed handshake ends the
// connection. The machine reads only TLS record headers (RFC 5246 §6.2.1),
// never their protected content.

// TLS record content types (RFC 5246 §6.2.1, A.1).
const (
	tlsChangeCipherSpec = 20
	tlsAlert            = 21
	tlsApplicationData  = 23
	tlsRecordHeaderLen  = 5 // type, version (2), length (2)
	tlsAlertFatal       = 2 // AlertLevel fatal (RFC 5246 §7.2)
)

// guardTLSServer checks the server's octets after a TLS/1.0 101: the first
// is a TLS record, not HTTP in the clear (the response to the original
// request comes only after the handshake); after a fatal alert in the
// first record nothing more follows (RFC 2817 §3.3).
func (m *Machine) guardTLSServer(ev Event) (Outcome, *parser.Violation) {
	m.srvCount += len(ev.Data)
	const want = tlsRecordHeaderLen + 1 // the header and an alert's level
	if len(m.srvPre) < want && len(ev.Data) > 0 {
		n := min(want-len(m.srvPre), len(ev.Data))
		m.srvPre = append(m.srvPre, ev.Data[:n]...)
		got := m.srvPre
		if got[0] < tlsChangeCipherSpec || got[0] > tlsApplicationData || len(got) > 1 && got[1] != 3 {
			return citeAlso(rules.RFC2817_3_3_2, []rules.ID{rules.RFC2817_3_1}, "ServerBytes",
				"the server's first octets after the TLS/1.0 101 are not a TLS record: it answered the request in the clear")
		}
		if len(got) == want && got[0] == tlsAlert && got[want-1] == tlsAlertFatal {
			m.tlsAfter = tlsRecordHeaderLen + (int(got[3])<<8 | int(got[4]))
		}
	}
	if m.tlsAfter > 0 && m.srvCount > m.tlsAfter {
		return cite(rules.RFC2817_3_3_2, "ServerBytes", "server octets after a fatal TLS alert: a failed TLS handshake ends the connection")
	}
	return m.stay(), nil
}
