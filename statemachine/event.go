package statemachine

import "github.com/switchyard/switchyard/parser"

// Event is one thing that happened on the connection. Build events with
// Request, ResponseHeadEvent, Data and Simple; ResponseHeadEvent fills
// Kind in from the status code.
type Event struct {
	Kind EventKind
	// Head is the raw message head, through its empty line, for
	// RequestHead, InterimHead, SwitchHead and FinalHead. The Machine
	// parses it with package parser and copies what it keeps.
	Head []byte
	// Forwarded is, for an Intermediary, the head as the intermediary sent
	// it on: the request to the server, the response to the client. Nil
	// means Head was forwarded unchanged.
	Forwarded []byte
	// NotForwarded reports that an Intermediary did not forward this
	// response head (a 1xx it swallowed, RFC 9110 §15.2).
	NotForwarded bool
	// Data is the octets of RequestData, ResponseData, ClientBytes and
	// ServerBytes.
	Data []byte
}

// Request returns a RequestHead event for a raw request head.
func Request(head []byte) Event { return Event{Kind: RequestHead, Head: head} }

// ResponseHeadEvent returns the event for a raw response head: InterimHead,
// SwitchHead or FinalHead by its status code. A head without a readable
// status-line is a FinalHead.
func ResponseHeadEvent(head []byte) Event {
	var p parser.Parser
	return Event{Kind: kindOfStatus(p.ParseResponse(head, nil).Status), Head: head}
}

// kindOfStatus sorts a status code: 101 switches, other 1xx are interim
// (RFC 9110 §15.2), everything else is final.
func kindOfStatus(status int) EventKind {
	switch {
	case status == 101:
		return SwitchHead
	case status >= 100 && status < 200:
		return InterimHead
	}
	return FinalHead
}

// Data returns an event of kind k (RequestData, ResponseData,
// ClientBytes or ServerBytes) carrying b.
func Data(k EventKind, b []byte) Event { return Event{Kind: k, Data: b} }

// Simple returns an event without payload: RequestEnd, ResponseEnd,
// Close or Tunnel.
func Simple(k EventKind) Event { return Event{Kind: k} }
