package statemachine

import "strconv"

// Role is the point of view a Machine takes.
type Role uint8

// The roles.
const (
	// Client sends requests and receives responses.
	Client Role = iota
	// Server receives requests and sends responses.
	Server
	// Intermediary is a proxy that receives requests from a client,
	// forwards them to a server, and forwards the responses back; it
	// becomes a blind tunnel only after a valid switch.
	Intermediary
	numRoles
)

// Roles lists every role, in table order.
var Roles = [...]Role{Client, Server, Intermediary}

var roleNames = [...]string{Client: "client", Server: "server", Intermediary: "intermediary"}

// String returns "client", "server" or "intermediary".
func (r Role) String() string {
	if r < numRoles {
		return roleNames[r]
	}
	return "Role(" + strconv.Itoa(int(r)) + ")"
}

// State is the state of one connection as a role sees it.
type State uint8

// The states. One exchange (request and response) moves a connection from
// Idle through the request states to a response state and back to Idle,
// or to Switched, MustClose, Closed or Error.
const (
	// Idle: no exchange in progress; the next event is a request head.
	Idle State = iota
	// SendBody: a request head is complete and its body is in progress.
	SendBody
	// AwaitResponse: the request is complete and offers no upgrade the
	// peer can act on; its response is awaited (1xx included).
	AwaitResponse
	// MightSwitch: the request is complete and offers an upgrade; a 101
	// switches, any final status refuses (RFC 9110 §7.8).
	MightSwitch
	// Response: a final response to a request without an upgrade offer is
	// in progress.
	Response
	// Refused: a final response declined the upgrade offer; the
	// connection goes on as HTTP/1.1 after it, or must close.
	Refused
	// Switched: a 101 switched the connection; every later octet belongs
	// to the new protocol (RFC 9112 §6.3).
	Switched
	// MustClose: the exchange is over and the connection must close
	// (RFC 9112 §9.6, AMB-24, Switchyard's proxy policy).
	MustClose
	// Closed: the connection is closed.
	Closed
	// Error: a rule was broken; no further octets are processed (STRICT-9).
	Error
	numStates
)

// States lists every state, in table order.
var States = [...]State{Idle, SendBody, AwaitResponse, MightSwitch, Response, Refused, Switched, MustClose, Closed, Error}

var stateNames = [...]string{
	Idle: "Idle", SendBody: "SendBody", AwaitResponse: "AwaitResponse", MightSwitch: "MightSwitch",
	Response: "Response", Refused: "Refused", Switched: "Switched", MustClose: "MustClose",
	Closed: "Closed", Error: "Error",
}

// String returns the state's name.
func (s State) String() string {
	if s < numStates {
		return stateNames[s]
	}
	return "State(" + strconv.Itoa(int(s)) + ")"
}

// EventKind says what happened on the connection.
type EventKind uint8

// The event kinds. Request events come from the client's side, response
// events from the server's; a client Machine sees the first as sent and the
// second as received, a server Machine the other way round.
const (
	// RequestHead: a complete request head (Event.Head).
	RequestHead EventKind = iota
	// RequestData: request body octets (Event.Data).
	RequestData
	// RequestEnd: the end of the request message.
	RequestEnd
	// ClientBytes: octets from the client beyond the request message as
	// framed so far: pipelined requests, or the new protocol's octets
	// (a WebSocket frame, the HTTP/2 client preface, a TLS ClientHello).
	ClientBytes
	// InterimHead: a 1xx response head other than 101 (100, 102, 103).
	InterimHead
	// SwitchHead: a 101 Switching Protocols response head.
	SwitchHead
	// FinalHead: a final (2xx-5xx) response head.
	FinalHead
	// ResponseData: response body octets.
	ResponseData
	// ResponseEnd: the end of the final response message.
	ResponseEnd
	// ServerBytes: octets from the server beyond the response messages: the
	// new protocol's octets after a 101.
	ServerBytes
	// Close: either side closed the connection.
	Close
	// Tunnel: the intermediary starts relaying octets blindly in both
	// directions. Intermediary only.
	Tunnel
	numEvents
)

// Events lists every event kind, in table order.
var Events = [...]EventKind{RequestHead, RequestData, RequestEnd, ClientBytes, InterimHead, SwitchHead, FinalHead, ResponseData, ResponseEnd, ServerBytes, Close, Tunnel}

var eventNames = [...]string{
	RequestHead: "RequestHead", RequestData: "RequestData", RequestEnd: "RequestEnd", ClientBytes: "ClientBytes",
	InterimHead: "InterimHead", SwitchHead: "SwitchHead", FinalHead: "FinalHead", ResponseData: "ResponseData",
	ResponseEnd: "ResponseEnd", ServerBytes: "ServerBytes", Close: "Close", Tunnel: "Tunnel",
}

// String returns the event kind's name.
func (k EventKind) String() string {
	if k < numEvents {
		return eventNames[k]
	}
	return "EventKind(" + strconv.Itoa(int(k)) + ")"
}

// EventsFor lists the event kinds a role's table has: Tunnel belongs to the
// intermediary alone.
func EventsFor(r Role) []EventKind {
	if r == Intermediary {
		return Events[:]
	}
	return Events[:Tunnel]
}
