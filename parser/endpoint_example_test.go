package parser_test

import (
	"fmt"

	"github.com/switchyard/switchyard/parser"
)

// A browser given ws://example.com:8080/chat?room=1 must send the URI's
// resource name as the request-target, its host and port in Host, and
// Origin. This one dropped the query and forgot Origin: the message alone
// is a valid handshake, so only the client's configuration shows the faults.
func ExampleEndpoint_CheckRequest() {
	req := parser.ParseRequest([]byte("GET /chat HTTP/1.1\r\n" +
		"Host: example.com:8080\r\n" +
		"Upgrade: websocket\r\n" +
		"Connection: Upgrade\r\n" +
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
		"Sec-WebSocket-Version: 13\r\n\r\n"))
	fmt.Println("valid message:", req.Valid(parser.Strict))

	client := parser.Endpoint{URI: "ws://example.com:8080/chat?room=1", Browser: true}
	v := client.CheckRequest(req)
	for _, x := range v.Violations {
		fmt.Println(x.Rule, x.Role, x.Field)
	}
	// Output:
	// valid message: true
	// RFC6455-4.1-8 sender request-line
	// RFC6455-3-2 sender request-line
	// RFC6455-4.1-13 sender Origin
}

// A server that serves only /chat to https://app.example must refuse a
// handshake for another resource, or from another origin, with an HTTP
// error: a 101 breaks RFC 6455 §4.2.2, a 404 does not.
func ExampleEndpoint_CheckResponse() {
	var p1, p2 parser.Parser
	req := p1.ParseRequest([]byte("GET /admin HTTP/1.1\r\n" +
		"Host: example.com\r\n" +
		"Origin: https://evil.example\r\n" +
		"Upgrade: websocket\r\n" +
		"Connection: Upgrade\r\n" +
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
		"Sec-WebSocket-Version: 13\r\n\r\n"))
	server := parser.Endpoint{Origins: []string{"https://app.example"}, Resources: []string{"/chat"}}

	accepted := p2.ParseResponse([]byte("HTTP/1.1 101 Switching Protocols\r\n"+
		"Upgrade: websocket\r\n"+
		"Connection: Upgrade\r\n"+
		"Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"), req)
	v := server.CheckResponse(req, accepted)
	for _, x := range v.Violations {
		fmt.Println(x.Rule, x.Level, x.Role)
	}

	refused := p2.ParseResponse([]byte("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"), req)
	v = server.CheckResponse(req, refused)
	fmt.Println("after 404:", len(v.Violations), "violations")
	// Output:
	// RFC6455-4.2.2-3 MUST sender
	// RFC6455-4.2.2-5 MUST sender
	// after 404: 0 violations
}

// ParseWebSocketURI splits a ws or wss URI into the components a client
// connects with, and refuses a URI RFC 6455 §3 forbids.
func ExampleParseWebSocketURI() {
	u, err := parser.ParseWebSocketURI("wss://example.com/chat?room=1")
	fmt.Println(u.Secure, u.Host, u.Port, u.ResourceName(), u.HostValue(), err)

	_, err = parser.ParseWebSocketURI("ws://example.com/chat#top")
	fmt.Println(err)
	// Output:
	// true example.com 443 /chat?room=1 example.com <nil>
	// RFC6455-3-1 (MUST): ws/wss URIs carry no fragment; a literal '#' is escaped as %23
}
