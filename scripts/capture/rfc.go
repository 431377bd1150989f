package main

import "strings"

// rfcExample is a message typed by hand from an RFC's example text, with CRLF
// line endings. Each one cites the section it was typed from.
type rfcExample struct {
	source  string // e.g. "rfc6455-1.2": RFC number and section
	variant string
	kind    string // "request" or "response"
	version string
	text    []string // lines without line endings; the head ends with an empty line
	answers string   // for responses: variant of the request it answers (same source or full name)
	notes   string
}

// crlf joins lines with CRLF; the last (empty) line yields the ending CRLF CRLF.
func crlf(lines ...string) []string { return lines }

func (e rfcExample) bytes() []byte { return []byte(strings.Join(e.text, "\r\n")) }

// rfcExamples are the examples of the RFC texts, §1.2/§1.3
// of RFC 6455, §7.8 of RFC 9110, §3.2 of RFC 7540 and §3.2/§3.3 of RFC 2817.
var rfcExamples = []rfcExample{
	{
		source: "rfc6455-1.2", variant: "example", kind: "request", version: "RFC 6455 (December 2011)",
		text: crlf("GET /chat HTTP/1.1",
			"Host: server.example.com",
			"Upgrade: websocket",
			"Connection: Upgrade",
			"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
			"Origin: http://example.com",
			"Sec-WebSocket-Protocol: chat, superchat",
			"Sec-WebSocket-Version: 13",
			"", ""),
		notes: "RFC 6455 section 1.2 (Protocol Overview), the client's opening handshake",
	},
	{
		source: "rfc6455-1.2", variant: "example", kind: "response", version: "RFC 6455 (December 2011)",
		text: crlf("HTTP/1.1 101 Switching Protocols",
			"Upgrade: websocket",
			"Connection: Upgrade",
			"Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
			"Sec-WebSocket-Protocol: chat",
			"", ""),
		answers: "rfc6455-1.2-example",
		notes:   "RFC 6455 section 1.2 (Protocol Overview), the server's handshake selecting subprotocol chat",
	},
	{
		source: "rfc6455-1.3", variant: "example", kind: "request", version: "RFC 6455 (December 2011)",
		text: crlf("GET /chat HTTP/1.1",
			"Host: server.example.com",
			"Upgrade: websocket",
			"Connection: Upgrade",
			"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
			"Origin: http://example.com",
			"Sec-WebSocket-Protocol: chat, superchat",
			"Sec-WebSocket-Version: 13",
			"", ""),
		notes: "RFC 6455 section 1.3 (Opening Handshake), the client's handshake (same bytes as section 1.2)",
	},
	{
		source: "rfc6455-1.3", variant: "example", kind: "response", version: "RFC 6455 (December 2011)",
		text: crlf("HTTP/1.1 101 Switching Protocols",
			"Upgrade: websocket",
			"Connection: Upgrade",
			"Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
			"", ""),
		answers: "rfc6455-1.3-example",
		notes: "RFC 6455 section 1.3 (Opening Handshake), the server's handshake with no subprotocol; " +
			"the accept value is the section's worked example for key dGhlIHNhbXBsZSBub25jZQ==",
	},
	{
		source: "rfc9110-7.8", variant: "example", kind: "request", version: "RFC 9110 (June 2022)",
		text: crlf("GET /hello HTTP/1.1",
			"Host: www.example.com",
			"Connection: upgrade",
			"Upgrade: websocket, IRC/6.9, RTA/x11",
			"", ""),
		notes: "RFC 9110 section 7.8 (Upgrade), hypothetical client request offering three protocols; " +
			"not a complete WebSocket handshake (no Sec-WebSocket-Key/Version)",
	},
	{
		source: "rfc9110-7.8", variant: "example", kind: "response", version: "RFC 9110 (June 2022)",
		text: crlf("HTTP/1.1 101 Switching Protocols",
			"Connection: upgrade",
			"Upgrade: websocket",
			"", ""),
		answers: "rfc9110-7.8-example",
		notes:   "RFC 9110 section 7.8 (Upgrade), example response to the hypothetical request",
	},
	{
		source: "rfc7540-3.2", variant: "example", kind: "request", version: "RFC 7540 (May 2015)",
		text: crlf("GET / HTTP/1.1",
			"Host: server.example.com",
			"Connection: Upgrade, HTTP2-Settings",
			"Upgrade: h2c",
			"HTTP2-Settings: AAMAAABkAAQAAP__",
			"", ""),
		notes: "RFC 7540 section 3.2 (Starting HTTP/2 for \"http\" URIs) h2c upgrade request; the RFC's " +
			"placeholder \"<base64url encoding of HTTP/2 SETTINGS payload>\" is replaced by a real " +
			"payload: SETTINGS_MAX_CONCURRENT_STREAMS=100, SETTINGS_INITIAL_WINDOW_SIZE=65535 " +
			"(see rfc7540-3.2-placeholder for the literal text)",
	},
	{
		source: "rfc7540-3.2", variant: "placeholder", kind: "request", version: "RFC 7540 (May 2015)",
		text: crlf("GET / HTTP/1.1",
			"Host: server.example.com",
			"Connection: Upgrade, HTTP2-Settings",
			"Upgrade: h2c",
			"HTTP2-Settings: <base64url encoding of HTTP/2 SETTINGS payload>",
			"", ""),
		notes: "RFC 7540 section 3.2 h2c upgrade request typed literally: the HTTP2-Settings value is the " +
			"RFC's placeholder text, which is NOT a valid token68 (a recipient must reject it)",
	},
	{
		source: "rfc7540-3.2", variant: "example", kind: "response", version: "RFC 7540 (May 2015)",
		text: crlf("HTTP/1.1 101 Switching Protocols",
			"Connection: Upgrade",
			"Upgrade: h2c",
			"", ""),
		answers: "rfc7540-3.2-example",
		notes:   "RFC 7540 section 3.2 server acceptance of h2c; HTTP/2 frames (\"[ HTTP/2 connection ...\") follow and are not part of the head",
	},
	{
		source: "rfc2817-3.2", variant: "example", kind: "request", version: "RFC 2817 (May 2000)",
		text: crlf("OPTIONS * HTTP/1.1",
			"Host: example.bank.com",
			"Upgrade: TLS/1.0",
			"Connection: Upgrade",
			"", ""),
		notes: "RFC 2817 section 3.2 (Mandatory Upgrade): OPTIONS * request to upgrade to TLS/1.0",
	},
	{
		source: "rfc2817-3.3", variant: "example", kind: "response", version: "RFC 2817 (May 2000)",
		text: crlf("HTTP/1.1 101 Switching Protocols",
			"Upgrade: TLS/1.0, HTTP/1.1",
			"Connection: Upgrade",
			"", ""),
		answers: "rfc2817-3.2-example",
		notes:   "RFC 2817 section 3.3 (Server Acceptance of Upgrade Request): 101 naming the bottom-up stack TLS/1.0, HTTP/1.1",
	},
}
