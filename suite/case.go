package suite

import (
	"github.com/switchyard/switchyard/rules"
)

// Want is the outcome a case requires of a server.
type Want uint8

// What a server must do with a case's request.
const (
	// Switch: a valid WebSocket handshake; the server must answer with a
	// 101 that the client accepts (Switched, RFC 6455 §4.2.2).
	Switch Want = 1 + iota
	// Refuse: a WebSocket handshake the server must refuse with an HTTP
	// error status (RFC 6455 §4.2.1: "stop processing ... and return an
	// HTTP response with an appropriate error code").
	Refuse
	// NoSwitch: the request offers nothing the server may switch to; any
	// final status is right, a 101 is not (RFC 9110 §7.8).
	NoSwitch
	// Either: the server may switch (with a valid 101) or answer with a
	// final status (an upgrade it need not support, or a request whose
	// sender broke a MUST the recipient may tolerate); a refusal is
	// informational.
	Either
)

var wantNames = [...]string{Switch: "switch", Refuse: "refuse", NoSwitch: "no-switch", Either: "either"}

// String returns "switch", "refuse", "no-switch" or "either".
func (w Want) String() string {
	if int(w) < len(wantNames) && wantNames[w] != "" {
		return wantNames[w]
	}
	return "want?"
}

// MarshalText encodes the want as its name, for JSON.
func (w Want) MarshalText() ([]byte, error) { return []byte(w.String()), nil }

// Case is one server case: a raw request and what the server must do.
type Case struct {
	// Name is unique in the suite: "GROUP/NAME", or the properties
	// mutant's name.
	Name  string
	Group string
	// Rule is the catalogue rule the case is about; Level is its level.
	Rule  rules.ID
	Level rules.Level
	// Want is what the strict reference requires; Strict reports that
	// only a POLICY rule requires it, so that a departure is NON-STRICT.
	Want   Want
	Strict bool
	// Because is the rule the reference refuses the request for (the
	// first that makes it invalid, strict policy included); a departure
	// from a Strict case cites it, so that a NON-STRICT outcome always
	// names a policy rule.
	Because rules.ID
	// Status is the refusal status the reference would send (400, 426,
	// 431, 505), 0 when it would not refuse.
	Status int
	// Request is the raw request head, and Body the octets that follow it
	// (a body the head announces). Host and the request-target carry
	// the placeholders HostPlaceholder and PathPlaceholder until Bind
	// fills them in.
	Request []byte
	Body    []byte
	// Protocol is the upgrade protocol of the server the case is for
	// (judge.WebSocket, judge.H2C or judge.TLS): the judge's
	// Observation.Protocol. "" is WebSocket.
	Protocol string
}

// The placeholders a table case's request carries until it is bound to a
// target.
const (
	HostPlaceholder = "$HOST"
	PathPlaceholder = "$PATH"
)
