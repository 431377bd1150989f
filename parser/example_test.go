package parser_test

import (
	"fmt"
	"strings"

	"github.com/switchyard/switchyard/parser"
)

// A server parses a handshake, checks the verdict, and builds its 101 —
// reusing one Parser, which then allocates nothing.
func ExampleParser_ParseRequest() {
	var p parser.Parser
	raw := []byte("GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: chat\r\n\r\n")
	req := p.ParseRequest(raw)
	if !req.Valid(parser.Strict) {
		fmt.Println("refuse with", req.RefusalStatus(parser.Strict))
		return
	}
	out := parser.AppendSwitchingProtocols(nil, req.WebSocket.Key, parser.Selection{Subprotocol: req.WebSocket.Protocols[0].Value})
	fmt.Print(strings.ReplaceAll(string(out), "\r\n", "\n")) // CRLF shown as line breaks
	// Output:
	// HTTP/1.1 101 Switching Protocols
	// Upgrade: websocket
	// Connection: Upgrade
	// Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=
	// Sec-WebSocket-Protocol: chat
}

// A verdict keeps the sender's faults apart from what the recipient must
// do: an empty list element breaks a sender MUST, but recipients must
// ignore it (RFC 9110 §5.6.1), so the message is valid yet not conforming.
func ExampleVerdict() {
	raw := []byte("GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, , close\r\n\r\n")
	req := parser.ParseRequest(raw)
	fmt.Println("valid:", req.Valid(parser.Strict), "conforming:", req.Conforming())
	for _, v := range req.Violations {
		fmt.Println(v.Rule, v.Level, v.Role, v.Field, v.Offset)
	}
	// Output:
	// valid: true conforming: false
	// RFC9110-5.6.1.1-1 MUST sender Connection 48
	// RFC9110-5.6.1.1-G1 MUST sender Connection 48
}

// A client checks the 101 against the request it sent.
func ExampleParser_ParseResponse() {
	var p, q parser.Parser
	req := q.ParseRequest([]byte("GET /chat HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"))
	resp := p.ParseResponse([]byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"+
		"Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nContent-Length: 0\r\n\r\n"), req)
	fmt.Println("switched:", resp.Switched)
	for _, v := range resp.Violations {
		fmt.Println(v.Rule, v.Level, v.Role)
	}
	// Output:
	// switched: true
	// RFC9110-8.6-1 MUST sender
	// AMB-20 POLICY recipient
}
