package statemachine

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/rules"
)

// Guard names the function that picks among an entry's outcomes. Guards
// read the event and what the machine remembers of the exchange, and may
// update that memory; they never set the state themselves.
type Guard uint8

// The guards.
const (
	GuardNone               Guard = iota // one outcome, nothing to remember
	GuardRequestHead                     // parse the request: body, upgrade offer; an intermediary's forwarding
	GuardRequestEnd                      // the request is complete: offer or not
	GuardInterim                         // a 1xx: HTTP/1.0, forwarding, 100 seen
	GuardSwitch                          // a 101 to an upgrade request
	GuardSwitchUnoffered                 // a 101 to a request that offered nothing
	GuardSwitchEarly                     // a 101 while the request body is in progress
	GuardFinal                           // a final status: refused or plain, close, a faked 101
	GuardResponseEnd                     // the exchange ends: persist or close
	GuardEarly                           // client octets before the upgrade is decided
	GuardHeldHead                        // a request head while a response is in progress
	GuardHeldBody                        // request body octets or end after the response began
	GuardAfterClientBytes                // client octets after a final response head
	GuardRefusedServerBytes              // server octets after a refusal
	GuardMustClose                       // new octets on a connection that must close: why
	GuardClientFrames                    // the client's first octets after an h2c 101
	GuardServerFrames                    // the server's first octets after an h2c 101
	GuardTunnelAfter                     // a tunnel after an exchange ended
	GuardNoFinal                         // response body octets before any final head: after a 1xx or not
	GuardAfterError                      // an event after an error: a failed WebSocket connection or not
	GuardResponseData                    // response body octets: none after a 204 or 304
	GuardIdleOctets                      // octets before any request: a secure connection's TLS handshake or not
	numGuards
)

var guardNames = [...]string{
	"none", "requestHead", "requestEnd", "interim", "switch", "switchUnoffered", "switchEarly", "final",
	"responseEnd", "early", "heldHead", "heldBody", "afterClientBytes", "refusedServerBytes", "mustClose",
	"clientFrames", "serverFrames", "tunnelAfter", "noFinal", "afterError", "responseData",
	"idleOctets",
}

// String returns the guard's name as diagrams print it.
func (g Guard) String() string {
	if g < numGuards {
		return guardNames[g]
	}
	return "Guard(" + strconv.Itoa(int(g)) + ")"
}

type guardFunc func(m *Machine, ev Event) (Outcome, *parser.Violation)

var guards = [numGuards]guardFunc{
	GuardRequestHead:        (*Machine).guardRequestHead,
	GuardRequestEnd:         (*Machine).guardRequestEnd,
	GuardInterim:            (*Machine).guardInterim,
	GuardSwitch:             (*Machine).guardSwitch,
	GuardSwitchUnoffered:    (*Machine).guardSwitchUnoffered,
	GuardSwitchEarly:        (*Machine).guardSwitchEarly,
	GuardFinal:              (*Machine).guardFinal,
	GuardResponseEnd:        (*Machine).guardResponseEnd,
	GuardEarly:              (*Machine).guardEarly,
	GuardHeldHead:           (*Machine).guardHeldHead,
	GuardHeldBody:           (*Machine).guardHeldBody,
	GuardAfterClientBytes:   (*Machine).guardAfterClientBytes,
	GuardRefusedServerBytes: (*Machine).guardRefusedServerBytes,
	GuardMustClose:          (*Machine).guardMustClose,
	GuardClientFrames:       (*Machine).guardClientFrames,
	GuardServerFrames:       (*Machine).guardServerFrames,
	GuardTunnelAfter:        (*Machine).guardTunnelAfter,
	GuardNoFinal:            (*Machine).guardNoFinal,
	GuardAfterError:         (*Machine).guardAfterError,
	GuardResponseData:       (*Machine).guardResponseData,
	GuardIdleOctets:         (*Machine).guardIdleOctets,
}

// stay is the outcome that keeps the current state.
func (m *Machine) stay() Outcome { return to(m.state) }

// cite builds the violation for an error outcome with its own message.
func cite(id rules.ID, field, msg string) (Outcome, *parser.Violation) {
	return fail(id), &parser.Violation{Rule: id, Level: rules.LevelOf(id), Role: parser.Sender, Field: field, Length: 1, Message: msg}
}

// citeAlso is cite for a fault that breaks further rules beside id.
func citeAlso(id rules.ID, also []rules.ID, field, msg string) (Outcome, *parser.Violation) {
	o, v := cite(id, field, msg)
	copy(o.Also[:], also)
	return o, v
}

// fromVerdict turns the parser's first refusing violation into the outcome.
func fromVerdict(v *parser.Verdict) (Outcome, *parser.Violation) {
	x := v.First(parser.Lenient)
	if x == nil && len(v.Violations) > 0 {
		x = &v.Violations[0]
	}
	if x == nil {
		// The parser found the message incomplete (no closing empty line).
		return verdict(), &parser.Violation{Rule: rules.RFC9110_2_2_1, Level: rules.LevelOf(rules.RFC9110_2_2_1), Role: parser.Sender, Field: "head", Length: 1, Message: "incomplete response head"}
	}
	c := *x
	return verdict(), &c
}

func (m *Machine) guardRequestHead(ev Event) (Outcome, *parser.Violation) {
	if o, v := m.guardSecureRequest(); v != nil {
		return o, v
	}
	m.ex = exchange{}
	m.reqBuf = append(m.reqBuf[:0], ev.Head...)
	m.req = m.reqP.ParseRequest(m.reqBuf)
	r := m.req
	m.warns = append(m.warns[:0], r.Warnings...)
	x := &m.ex
	x.http10 = r.Major == 1 && r.Minor == 0
	x.body = r.ContentLength > 0 || r.TransferEncoding
	x.reqOpen = x.body
	// RFC 9112 §9.3, §9.6: close after this exchange on "close", or for
	// HTTP/1.0 without keep-alive; RFC 9112 §6.1: after a request with
	// both Content-Length and Transfer-Encoding; STRICT-9: a refused
	// request is answered and the connection closed.
	x.clte = r.TransferEncoding && r.Get("Content-Length") != nil
	switch {
	case hasOption(r.Connection, "close"):
		x.closeRule = rules.RFC9112_9_6_1
	case x.clte:
		x.closeRule = rules.RFC9112_6_1_3
	case x.http10 && !hasOption(r.Connection, "keep-alive"):
		x.closeRule = rules.RFC9112_9_3_1
	case !r.Verdict.Valid(parser.Strict):
		x.closeRule = rules.RFC9112_9_6_1
	}
	x.closeAfter = x.closeRule != ""
	x.expect100 = r.Expect100
	x.offer = offers(r)
	if m.role == Intermediary {
		if o, v := m.forwardRequest(ev); v != nil {
			return o, v
		}
	}
	switch {
	case x.body:
		return to(SendBody), nil
	case x.offer:
		return to(MightSwitch), nil
	}
	return to(AwaitResponse), nil
}

func (m *Machine) guardRequestEnd(Event) (Outcome, *parser.Violation) {
	m.ex.reqOpen = false
	if m.ex.offer {
		return to(MightSwitch), nil
	}
	return to(AwaitResponse), nil
}

// guardInterim: 1xx responses change nothing (RFC 9110 §15.2, AMB-19) but
// are never sent to an HTTP/1.0 client, and a proxy forwards them.
func (m *Machine) guardInterim(ev Event) (Outcome, *parser.Violation) {
	forwards := m.role != Intermediary || !ev.NotForwarded
	if m.ex.http10 && forwards {
		return cite(rules.RFC9110_15_2_1, "status-line", "a 1xx response to an HTTP/1.0 request")
	}
	if m.role == Intermediary && ev.NotForwarded && !m.ex.http10 {
		return cite(rules.RFC9110_15_2_4, "status-line", "the intermediary did not forward a 1xx response")
	}
	if m.head.Status == 100 {
		m.ex.saw100 = true
	}
	m.ex.interim = true
	return m.stay(), nil
}

// guardNoFinal: response body octets with no final response head. After a
// 1xx they would be the 1xx's content, which it never has (RFC 9110
// §15.2); otherwise there is no response at all (RFC 9110 §2.2).
func (m *Machine) guardNoFinal(Event) (Outcome, *parser.Violation) {
	if m.ex.interim {
		return citeAlso(rules.RFC9110_15_2_2, []rules.ID{rules.RFC9110_6_4_1_1}, "ResponseData", "response body octets after a 1xx response, which ends at its empty line")
	}
	return cite(rules.RFC9110_2_2_1, "ResponseData", "response body octets before any final response head")
}

// guardResponseData: body octets of a final response; a 204 or 304 has
// none (RFC 9110 §6.4.1, RFC 9112 §6.3).
func (m *Machine) guardResponseData(Event) (Outcome, *parser.Violation) {
	if m.ex.noContent {
		return cite(rules.RFC9110_6_4_1_1, "ResponseData", "response content after a 204 or 304, which never has content")
	}
	return m.stay(), nil
}

// guardAfterError: nothing is processed after an error (STRICT-9); after a
// failed WebSocket opening handshake or connection, that is RFC 6455
// §7.1.7: to Fail the WebSocket connection is to close it.
func (m *Machine) guardAfterError(ev Event) (Outcome, *parser.Violation) {
	if m.wsFailed {
		return cite(rules.RFC6455_7_1_7_1, ev.Kind.String(), "octets after the WebSocket connection was Failed, which closes it")
	}
	return cite(rules.STRICT_9, ev.Kind.String(), "octets after a handshake error")
}

// guardSwitch judges a 101 to an upgrade request (RFC 9110 §7.8, §15.2.2).
func (m *Machine) guardSwitch(ev Event) (Outcome, *parser.Violation) {
	req := m.req
	if m.role == Intermediary {
		req = m.fwd // the 101 answers what the server received
	}
	if m.ex.clte {
		return cite(rules.RFC9112_6_1_3, "status-line", "101 to a request with both Content-Length and Transfer-Encoding, after which the connection must close")
	}
	if m.ex.expect100 && !m.ex.saw100 {
		return cite(rules.RFC9110_7_8_15, "status-line", "101 without the 100 (Continue) owed to Expect: 100-continue")
	}
	r := m.respP.ParseResponse(ev.Head, req)
	if !r.Switched {
		return fromVerdict(&r.Verdict)
	}
	for _, x := range r.Violations {
		m.warn(x) // sender faults the switch tolerates, e.g. Content-Length on a non-WebSocket 101
	}
	p := r.Upgrade[0]
	name := strings.ToLower(string(p.Name))
	switch {
	case name == "websocket" && !switchable(req, "websocket"):
		return cite(rules.STRICT_5, "status-line", "101 to a WebSocket request that fails the handshake checks")
	case name == "h2c" && !switchable(req, "h2c"):
		return cite(rules.RFC7540_3_2_1_1, "status-line", "101 to an h2c request without one valid HTTP2-Settings")
	}
	if m.role == Intermediary {
		if !offersProtocol(m.req, p) {
			return cite(rules.PROXY_3, "Upgrade", "101 switches to "+p.String()+", which the client did not ask for")
		}
		if ev.NotForwarded {
			return cite(rules.RFC9110_15_2_4, "status-line", "the intermediary did not forward the 101")
		}
		fr, o, v := m.forwardResponse(ev, r)
		if !fr.Switched {
			return fromVerdict(&fr.Verdict)
		}
		if v != nil {
			return o, v
		}
	}
	m.protocol = p.String()
	m.h2c = name == "h2c"
	m.tls, m.tlsAfter, m.srvCount = name == "tls", 0, 0
	m.cliPre, m.srvPre = m.cliPre[:0], m.srvPre[:0]
	m.wsDeflateOffered, m.wsDeflate, m.wsFirstSeen = false, false, name != "websocket"
	if name == "websocket" {
		m.wsDeflateOffered = hasExtension(m.req.WebSocket.Extensions, parser.PermessageDeflate)
		m.wsDeflate = hasExtension(r.Extensions, parser.PermessageDeflate)
	}
	return to(Switched), nil
}

func (m *Machine) guardSwitchUnoffered(ev Event) (Outcome, *parser.Violation) {
	if m.role == Intermediary && offers(m.fwd) {
		return cite(rules.PROXY_3, "Upgrade", "101 answering an upgrade the intermediary offered, not the client")
	}
	if m.ex.http10 {
		return cite(rules.RFC9110_15_2_1, "status-line", "101 to an HTTP/1.0 request")
	}
	return cite(rules.RFC9110_7_8_6, "Upgrade", "101 to a request that offered no upgrade")
}

func (m *Machine) guardSwitchEarly(ev Event) (Outcome, *parser.Violation) {
	switch {
	case m.ex.http10:
		return cite(rules.RFC9110_15_2_1, "status-line", "101 to an HTTP/1.0 request")
	case m.ex.offer:
		return cite(rules.RFC9110_7_8_14, "status-line", "101 before the request is complete")
	}
	return cite(rules.RFC9110_7_8_6, "Upgrade", "101 to a request that offered no upgrade")
}

// guardFinal: a final status ends the chance of a switch (RFC 9110 §7.8).
func (m *Machine) guardFinal(ev Event) (Outcome, *parser.Violation) {
	r := m.head
	m.ex.interim = false
	m.ex.noContent = r.Status == 204 || r.Status == 304
	// RFC 9112 §9.3, §9.6: the response's own close, or HTTP/1.0 without
	// keep-alive, ends the connection after it.
	switch {
	case m.ex.closeAfter:
	case hasOption(r.Connection, "close"):
		m.ex.closeAfter, m.ex.closeRule = true, rules.RFC9112_9_6_1
	case r.Major == 1 && r.Minor == 0 && !hasOption(r.Connection, "keep-alive"):
		m.ex.closeAfter, m.ex.closeRule = true, rules.RFC9112_9_3_1
	}
	if m.role == Intermediary {
		fr, o, v := m.forwardResponse(ev, r)
		if fr.Status == 101 {
			return cite(rules.PROXY_2, "status-line", "the intermediary forwarded a "+strconv.Itoa(r.Status)+" as a 101")
		}
		if v != nil {
			return o, v
		}
	}
	if m.ex.offer {
		m.ex.refused = true
		return to(Refused), nil
	}
	return to(Response), nil
}

func (m *Machine) guardResponseEnd(Event) (Outcome, *parser.Violation) {
	x := &m.ex
	switch {
	case m.role == Intermediary && x.early && x.refused:
		x.closeWhy = rules.PROXY_5
	case m.role == Intermediary && x.body && x.refused:
		x.closeWhy = rules.PROXY_4
	case x.early && x.refused:
		x.closeWhy = rules.AMB_24
	case x.closeAfter:
		x.closeWhy = x.closeRule
	case x.reqOpen:
		x.closeWhy = rules.RFC9112_9_6_1
	default:
		return to(Idle), nil
	}
	return to(MustClose), nil
}

// guardEarly: octets behind an upgrade request before its answer. A
// WebSocket client must wait (RFC 6455 §4.1); others are flagged (AMB-24).
func (m *Machine) guardEarly(ev Event) (Outcome, *parser.Violation) {
	if m.role == Client && m.req.WebSocket.Offered {
		return cite(rules.RFC6455_4_1_18, ev.Kind.String(), "the client sent octets before the server's handshake response")
	}
	if !m.ex.early {
		m.ex.early = true
		m.warn(parser.Violation{Rule: rules.AMB_24, Level: rules.LevelOf(rules.AMB_24), Role: parser.Sender, Field: ev.Kind.String(), Length: 1,
			Message: "client octets behind an upgrade request before the 101: new protocol if it switches, HTTP if refused"})
	}
	return m.stay(), nil
}

func (m *Machine) guardHeldHead(Event) (Outcome, *parser.Violation) {
	if m.ex.reqOpen {
		return cite(rules.RFC9110_2_2_1, "head", "a request head inside an unfinished request body")
	}
	return m.stay(), nil
}

func (m *Machine) guardHeldBody(ev Event) (Outcome, *parser.Violation) {
	switch {
	case m.ex.reqOpen:
		if ev.Kind == RequestEnd {
			m.ex.reqOpen = false
		}
	case m.state == MustClose:
		return cite(rules.RFC9112_9_6_1, ev.Kind.String(), "request octets on a connection that must close")
	}
	return m.stay(), nil
}

func (m *Machine) guardAfterClientBytes(ev Event) (Outcome, *parser.Violation) {
	if m.ex.reqOpen {
		return cite(rules.RFC9110_7_8_14, "ClientBytes", "octets outside HTTP framing before the request is complete")
	}
	// RFC 2817 §4.2: after a 426 the client cannot start TLS; it must send
	// a new upgrade request. A TLS handshake record starts 0x16 0x03.
	if m.state == Refused && m.req.TLS && len(ev.Data) >= 2 && ev.Data[0] == 0x16 && ev.Data[1] == 0x03 {
		return cite(rules.RFC2817_4_2_3, "ClientBytes", "TLS started after the upgrade was refused")
	}
	return m.stay(), nil
}

func (m *Machine) guardRefusedServerBytes(Event) (Outcome, *parser.Violation) {
	if m.req.WebSocket.Offered {
		return cite(rules.RFC6455_4_1_19, "ServerBytes", "the server sent octets outside HTTP after refusing the WebSocket handshake")
	}
	return cite(rules.RFC9110_2_2_1, "ServerBytes", "octets beyond the response as framed")
}

func (m *Machine) guardMustClose(ev Event) (Outcome, *parser.Violation) {
	id := m.ex.closeWhy
	if id == "" {
		id = rules.RFC9112_9_6_1
	}
	return cite(id, ev.Kind.String(), "octets on a connection that must close")
}

// hasExtension reports whether an extension list names ext
// (case-insensitive, as the parser compares them).
func hasExtension(es []parser.Extension, ext string) bool {
	for _, e := range es {
		if bytes.EqualFold(e.Name, []byte(ext)) {
			return true
		}
	}
	return false
}

func (m *Machine) guardTunnelAfter(Event) (Outcome, *parser.Violation) {
	if m.ex.refused {
		return cite(rules.PROXY_2, "Tunnel", "tunnel after a refused upgrade")
	}
	return cite(rules.PROXY_1, "Tunnel", "tunnel with no 101")
}
