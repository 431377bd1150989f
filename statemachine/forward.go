package statemachine

import (
	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/parser/rules"
)

// What an intermediary forwards: the heads it sends on are parsed and
// checked against the ones it received.

// forwardRequest parses the request as the intermediary forwarded it and
// checks its hop-by-hop fields (RFC 9110 §7.6.1). The offer the server
// can answer is the forwarded one, and only if the client made one too.
func (m *Machine) forwardRequest(ev Event) (Outcome, *parser.Violation) {
	out := ev.Forwarded
	if out == nil {
		out = ev.Head
	}
	m.fwdBuf = append(m.fwdBuf[:0], out...)
	m.fwd = m.fwdP.ParseRequest(m.fwdBuf)
	in, f := m.req, m.fwd
	if o, v := hopByHop(&in.Head, in.Connection, &f.Head, f.Connection); v != nil {
		return o, v
	}
	// RFC 7540 §3.2.1 / RFC 9110 §7.6.1: HTTP2-Settings is connection
	// control data and must be named in Connection.
	if f.Get("HTTP2-Settings") != nil && !hasOption(f.Connection, "http2-settings") {
		return cite(rules.RFC9110_7_6_1_2, "HTTP2-Settings", "forwarded HTTP2-Settings without naming it in Connection")
	}
	// RFC 9110 §7.8: Upgrade needs the "upgrade" connection option.
	if len(f.Upgrade) > 0 && !hasOption(f.Connection, "upgrade") {
		return cite(rules.RFC9110_7_8_12, "Upgrade", "forwarded Upgrade without the \"upgrade\" connection option")
	}
	m.ex.offer = offers(f) && offers(in)
	m.ex.expect100 = f.Expect100
	return Outcome{}, nil
}

// hopByHop checks a message an intermediary forwarded against the one it
// received (RFC 9110 §7.6.1): every field the received Connection names is
// removed — it may reappear only as the intermediary's own connection
// option — and so are the known hop-by-hop fields Connection need not list.
func hopByHop(in *parser.Head, inConn []parser.Token, out *parser.Head, outConn []parser.Token) (Outcome, *parser.Violation) {
	for _, t := range inConn {
		name := string(t.Value)
		if out.Get(name) != nil && !hasOption(outConn, name) {
			return cite(rules.RFC9110_7_6_1_3, parser.CanonicalName(name), "forwarded "+parser.CanonicalName(name)+", which the received Connection named, without naming it in its own")
		}
	}
	for _, name := range [...]string{"Keep-Alive", "Proxy-Connection", "TE"} {
		if out.Get(name) != nil && !hasOption(outConn, name) {
			return cite(rules.RFC9110_7_6_1_4, name, "forwarded the hop-by-hop field "+name)
		}
	}
	return Outcome{}, nil
}

// forwardResponse parses the response head as the intermediary forwarded
// it and checks its hop-by-hop fields against the one received, r.
func (m *Machine) forwardResponse(ev Event, r *parser.Response) (*parser.Response, Outcome, *parser.Violation) {
	out := ev.Forwarded
	if out == nil {
		out = ev.Head
	}
	fr := m.fwdRespP.ParseResponse(out, m.req)
	o, v := hopByHop(&r.Head, r.Connection, &fr.Head, fr.Connection)
	return fr, o, v
}
