package statemachine

import (
	"bytes"
	"errors"
	"strings"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/rules"
)

// ErrUnknownEvent is returned for an event kind the role's table does not
// have (Tunnel for a client or server). The state does not change.
var ErrUnknownEvent = errors.New("statemachine: event kind not in this role's table")

// ErrKindMismatch is returned for a response head event whose Kind does not
// match its status code (build it with ResponseHeadEvent). The state does not
// change.
var ErrKindMismatch = errors.New("statemachine: response head event kind does not match its status code")

// Transition records one step: the pair looked up and the outcome taken.
type Transition struct {
	Role    Role
	From    State
	Event   EventKind
	Outcome Outcome
}

// Machine is one connection's state machine for one role. Its zero value
// is not usable; call New. A Machine is not safe for concurrent use.
type Machine struct {
	// Trace, when not nil, is called with every transition taken.
	Trace func(Transition)

	role  Role
	state State
	err   *parser.Violation
	also  [2]rules.ID // rules the error breaks beside err.Rule
	warns []parser.Violation

	// The request of the exchange in progress, copied and parsed; for an
	// Intermediary also the request as forwarded. Each parser keeps its
	// own buffers so that the requests stay valid while responses are
	// parsed against them.
	reqP, fwdP, respP, fwdRespP parser.Parser
	head                        *parser.Response // the response head of the current event, parsed by Step without its request
	reqBuf, fwdBuf              []byte
	req, fwd                    *parser.Request

	ex exchange

	protocol string
	h2c      bool
	cliPre   []byte // the client's first octets after an h2c 101, until checked
	srvPre   []byte // the server's first octets after an h2c 101, until checked

	// After a WebSocket 101: the client offered permessage-deflate, the
	// 101 selected it, and the client's first frame header was checked.
	wsDeflateOffered, wsDeflate, wsFirstSeen bool

	secure                     bool // NewSecure: TLS comes before any HTTP
	tlsClient, tlsServer, http bool // on a secure connection: each side's TLS records seen; the first request head read

	tls      bool // switched to TLS/1.0 (RFC 2817 §3)
	tlsAfter int  // for TLS/1.0: the server octets a fatal alert ends at, once seen (0: none)
	srvCount int  // for TLS/1.0: the server octets seen since the 101
	// wsFailed: the machine failed in a WebSocket opening handshake or a
	// WebSocket connection (RFC 6455 §7.1.7).
	wsFailed bool
}

// exchange is what one request-response exchange must remember.
type exchange struct {
	offer      bool     // an upgrade offer the responder may act on (for an Intermediary: as forwarded)
	http10     bool     // the client's request is HTTP/1.0: Upgrade ignored, no 1xx (RFC 9110 §7.8, §15.2)
	body       bool     // the request has a body
	reqOpen    bool     // the request body is not finished
	expect100  bool     // Expect: 100-continue on the request answered (RFC 9110 §7.8)
	saw100     bool     // a 100 (Continue) arrived
	early      bool     // client octets arrived behind an upgrade request before its answer (AMB-24)
	refused    bool     // a final status refused the upgrade offer
	interim    bool     // a 1xx (not 101) arrived and no final head yet (RFC 9110 §15.2)
	clte       bool     // the request has both Content-Length and Transfer-Encoding (RFC 9112 §6.1)
	noContent  bool     // the final response is a 204 or 304, which has no content (RFC 9110 §6.4.1)
	closeAfter bool     // Connection: close, HTTP/1.0 without keep-alive, CL with TE, or a refused request (RFC 9112 §6.1, §9.3, §9.6)
	closeRule  rules.ID // with closeAfter: the rule that obliges the close
	closeWhy   rules.ID // once in MustClose: why
}

// New returns a Machine for the role, in Idle.
func New(r Role) *Machine { return &Machine{role: r} }

// Role returns the machine's role.
func (m *Machine) Role() Role { return m.role }

// State returns the current state.
func (m *Machine) State() State { return m.state }

// Err returns the violation that put the machine in Error, or nil. It is
// kept after a Close moves the machine on to Closed.
func (m *Machine) Err() *parser.Violation { return m.err }

// Cited returns the rules the violation that put the machine in Error
// breaks: Err().Rule first, then any the same fault breaks beside it (an
// intermediary that forwards a field the received Connection named breaks
// RFC 9110 §7.6 as well as §7.6.1). Nil when Err is nil.
func (m *Machine) Cited() []rules.ID {
	if m.err == nil {
		return nil
	}
	out := []rules.ID{m.err.Rule}
	for _, a := range m.also {
		if a != "" {
			out = append(out, a)
		}
	}
	return out
}

// Protocol returns the protocol switched to, as the 101's Upgrade names it
// first (e.g. "websocket", "h2c", "TLS/1.0"), once Switched.
func (m *Machine) Protocol() string { return m.protocol }

// Request returns the parsed request of the current (or last) exchange, or
// nil. It is valid until the next RequestHead.
func (m *Machine) Request() *parser.Request { return m.req }

// Warnings returns what the machine noted in the current (or last)
// exchange that breaks no rule it enforces: the parser's warnings on the
// request (AMB-22, h2c deprecation), sender faults in a 101 that the switch
// tolerates (RFC 9110 §8.6 on a non-WebSocket 101), and octets flagged
// before a 101 (AMB-24). It is valid until the next RequestHead.
func (m *Machine) Warnings() []parser.Violation { return m.warns }

// Step applies one event and returns the new state. An error is a
// *parser.Violation citing the rule broken; the machine is then in Error.
// The violation's Role is Sender — the peer that sent the offending octets,
// or for an intermediary's own faults (PROXY-n, RFC 9110 §7.6.1) the
// intermediary — except where the rule comes from the parser's verdict on a
// 101, which keeps the parser's role.
func (m *Machine) Step(ev Event) (State, error) {
	if ev.Kind >= numEvents || (ev.Kind == Tunnel && m.role != Intermediary) {
		return m.state, ErrUnknownEvent
	}
	if k := ev.Kind; k == InterimHead || k == SwitchHead || k == FinalHead {
		// Parsed once here, without its request: the guards of interim
		// and final heads read this; a 101 is parsed again against the
		// request it answers (guardSwitch).
		m.head = m.respP.ParseResponse(ev.Head, nil)
		if kindOfStatus(m.head.Status) != k {
			return m.state, ErrKindMismatch
		}
	}
	e := &table[m.role][m.state][ev.Kind]
	o, v := e.Outcomes[0], (*parser.Violation)(nil)
	if e.Guard != GuardNone {
		o, v = guards[e.Guard](m, ev)
		if !listed(e.Outcomes, o) {
			panic("statemachine: guard " + e.Guard.String() + " picked " + o.String() + ", which the table does not list for " +
				m.role.String() + "/" + m.state.String() + "/" + ev.Kind.String())
		}
	}
	if m.Trace != nil {
		m.Trace(Transition{Role: m.role, From: m.state, Event: ev.Kind, Outcome: o})
	}
	from := m.state
	m.state = o.Next
	if !o.IsError() {
		return m.state, nil
	}
	// RFC 6455 §7.1.7: a fault in a WebSocket opening handshake, or on a
	// WebSocket connection, Fails the WebSocket connection.
	if from != Error && m.req != nil && m.req.WebSocket.Offered &&
		(from == SendBody || from == MightSwitch || (from == Switched && m.protocol != "" && strings.EqualFold(m.protocol, "websocket"))) {
		m.wsFailed = true
	}
	m.also = o.Also
	if v == nil {
		v = &parser.Violation{Rule: o.Rule, Level: rules.LevelOf(o.Rule), Role: parser.Sender, Field: ev.Kind.String(), Length: 1, Message: e.Why}
	}
	m.err = v
	return Error, v
}

func listed(os []Outcome, o Outcome) bool {
	for _, x := range os {
		if x == o {
			return true
		}
	}
	return false
}

// hasOption reports whether a connection-option list names opt
// (case-insensitive, RFC 9110 §7.6.1).
func hasOption(ts []parser.Token, opt string) bool {
	for _, t := range ts {
		if bytes.EqualFold(t.Value, []byte(opt)) {
			return true
		}
	}
	return false
}

// offers reports whether a request offers an upgrade a server may act on:
// HTTP/1.1 or later, an Upgrade list, and the "upgrade" connection option
// (RFC 9110 §7.8; an HTTP/1.0 request's Upgrade is ignored).
func offers(r *parser.Request) bool {
	return r != nil && !(r.Major == 1 && r.Minor == 0) && len(r.Upgrade) > 0 && hasOption(r.Connection, "upgrade")
}

// offersProtocol reports whether the request's Upgrade lists the protocol,
// name and version compared case-insensitively (RFC 9110 §7.8, §16.7).
func offersProtocol(r *parser.Request, p parser.Protocol) bool {
	for _, o := range r.Upgrade {
		if bytes.EqualFold(o.Name, p.Name) && bytes.EqualFold(o.Version, p.Version) {
			return true
		}
	}
	return false
}

// switchable reports whether the parser found the request's offer of the
// named protocol valid.
func switchable(r *parser.Request, name string) bool {
	for _, p := range r.Switchable {
		if bytes.EqualFold(p.Name, []byte(name)) {
			return true
		}
	}
	return false
}

func (m *Machine) warn(v parser.Violation) { m.warns = append(m.warns, v) }
