package oracle

import (
	"bytes"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/rules"
)

// Case is one input to the implementations of one side.
//
// A server case is a raw request. A client case is a raw response template
// answering whatever request the client sends: "$ACCEPT" stands for the
// correct Sec-WebSocket-Accept of the client's key and "$PROTO" for the
// first subprotocol the client offered.
type Case struct {
	Name    string // what the case is, e.g. "valid/split-connection" or "mutant/bad-key"
	Side    Side
	Message []byte   // the request (server case) or response template (client case)
	Rule    rules.ID // the rule the case is built around; "" for a plain valid case
	Level   rules.Level
}

// The placeholders of a client case's response template.
const (
	PlaceholderAccept = "$ACCEPT"
	PlaceholderProto  = "$PROTO"
)

// Render fills a response template for the request the client sent.
func Render(template []byte, req *parser.Request) []byte {
	var acc [parser.AcceptLen]byte
	out := bytes.ReplaceAll(template, []byte(PlaceholderAccept), parser.AppendAccept(acc[:0], req.WebSocket.Key))
	proto := []byte("chat")
	if len(req.WebSocket.Protocols) > 0 {
		proto = req.WebSocket.Protocols[0].Value
	}
	return bytes.ReplaceAll(out, []byte(PlaceholderProto), proto)
}
