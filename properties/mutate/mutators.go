package mutate

import (
	"strings"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/properties/handshake"
	R "github.com/switchyard/switchyard/rules"
)

// The table below is written with these constructors: q makes a request
// mutator, p a response mutator, each from a name, the rule it breaks, the
// upgrade it applies to and the mutation; set, add, start and status are
// the common mutations.

// q makes a request mutator: the mutant is the request.
func q(name string, id R.ID, u handshake.Upgrade, f func(*handshake.Exchange)) Mutator {
	return Mutator{Name: name, Rule: id, Upgrade: u, mutate: f}
}

// p makes a response mutator: the mutant is the 101, judged against its
// request.
func p(name string, id R.ID, u handshake.Upgrade, f func(*handshake.Exchange)) Mutator {
	return Mutator{Name: name, Rule: id, Upgrade: u, Response: true, mutate: f}
}

// set replaces the request's field lines of that name by one line.
func set(name, value string) func(*handshake.Exchange) {
	return func(e *handshake.Exchange) { e.Request.Set(name, value) }
}

// add appends a field line to the request.
func add(name, value string) func(*handshake.Exchange) {
	return func(e *handshake.Exchange) { e.Request.Add(name, value) }
}

// start replaces the request-line.
func start(line string) func(*handshake.Exchange) {
	return func(e *handshake.Exchange) { e.Request.Start = line }
}

// status replaces the status-line.
func status(line string) func(*handshake.Exchange) {
	return func(e *handshake.Exchange) { e.Response.Start = line }
}

// The mutator table. Each entry changes one thing; the comment is the Bad
// example of the catalogue it follows where there is one.
var mutators = []Mutator{
	// Part A: grammar.
	q("field-name-not-token", R.RFC9110_5_1_G1, handshake.WebSocket, add("X-Bad(Name)", "1")),
	q("quoted-string-unterminated", R.RFC9110_5_6_4_G1, handshake.WebSocket, set("Sec-WebSocket-Extensions", `foo; x="abc`)),
	q("value-control-octet", R.RFC9110_5_5_G2, handshake.WebSocket, add("User-Agent", "a\x01b")),
	q("value-nul", R.RFC9110_5_5_G2, handshake.WebSocket, add("User-Agent", "a\x00b")),
	q("connection-option-not-token", R.RFC9110_7_6_1_G1, handshake.WebSocket, set("Connection", "Upgrade, ke@p")),
	q("protocol-name-not-token", R.RFC9110_7_8_G3, handshake.WebSocket, set("Upgrade", "websocket, f@o")),
	q("protocol-version-empty", R.RFC9110_7_8_G4, handshake.WebSocket, set("Upgrade", "websocket, foo/")),
	q("line-ends-in-bare-lf", R.RFC9112_2_1_G1, handshake.WebSocket, func(e *handshake.Exchange) { e.Request.Fields[0].End = "\n" }),
	q("http-version-lowercase", R.RFC9112_2_3_G1, handshake.WebSocket, start("GET /chat http/1.1")),
	q("http-version-two-digits", R.RFC9112_2_3_G1, handshake.WebSocket, start("GET /chat HTTP/1.10")),
	q("request-line-no-target", R.RFC9112_3_G1, handshake.WebSocket, start("GET HTTP/1.1")),
	q("request-target-fragment", R.RFC9112_3_2_G1, handshake.WebSocket, start("GET /chat#x HTTP/1.1")),
	q("request-target-no-slash", R.RFC9112_3_2_G1, handshake.WebSocket, start("GET chat HTTP/1.1")),
	p("status-code-not-digits", R.RFC9112_4_G1, handshake.WebSocket, status("HTTP/1.1 1O1 Switching Protocols")),
	p("reason-control-octet", R.RFC9112_4_G1, handshake.WebSocket, status("HTTP/1.1 101 Switching\x01Protocols")),
	// A continuation line can break obs-fold = OWS CRLF RWS only after a
	// line that is not a field line: after a field line it is an obs-fold
	// (RFC9112-5.2-1). So this mutant also breaks RFC9110-5.1-G1.
	q("continuation-of-bad-line", R.RFC9112_5_2_G1, handshake.WebSocket, func(e *handshake.Exchange) {
		e.Request.Add("User-Agent", "a")
		e.Request.Fields[len(e.Request.Fields)-1].End = "\r\nBad Name: x\r\n\tmore\r\n"
	}),
	q("field-line-no-colon", R.RFC9112_5_G1, handshake.WebSocket, func(e *handshake.Exchange) {
		e.Request.Add("User-Agent", "a")
		e.Request.Fields[len(e.Request.Fields)-1].End = "\r\nNoColonHere\r\n"
	}),
	q("key-not-multiple-of-4", R.RFC6455_4_3_G2, handshake.WebSocket, set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ")),
	q("key-empty", R.RFC6455_4_3_G1, handshake.WebSocket, set("Sec-WebSocket-Key", "")),
	q("key-padding-inside", R.RFC6455_4_3_G4, handshake.WebSocket, set("Sec-WebSocket-Key", "dGhl=HNhbXBsZSBub25jZQ==")),
	q("key-base64url", R.RFC6455_4_3_G5, handshake.WebSocket, set("Sec-WebSocket-Key", "dGhlIHNhbXBsZS-ub25jZQ==")),
	q("subprotocol-not-token", R.RFC6455_4_3_G7, handshake.WebSocket, set("Sec-WebSocket-Protocol", `"chat"`)),
	q("subprotocol-list-empty", R.RFC6455_4_3_G7, handshake.WebSocket, set("Sec-WebSocket-Protocol", ",")),
	p("accept-empty", R.RFC6455_4_3_G6, handshake.WebSocket, func(e *handshake.Exchange) { e.Response.Set("Sec-WebSocket-Accept", "") }),
	p("server-version-leading-zero", R.RFC6455_4_3_G10, handshake.WebSocket, func(e *handshake.Exchange) {
		e.Response = handshake.Message{Start: "HTTP/1.1 426 Upgrade Required", Fields: []handshake.Field{
			{Name: "Upgrade", Lead: " ", Value: "websocket"}, {Name: "Connection", Lead: " ", Value: "Upgrade"},
			{Name: "Sec-WebSocket-Version", Lead: " ", Value: "013"}, {Name: "Content-Length", Lead: " ", Value: "0"}}}
	}),
	p("server-subprotocol-list", R.RFC6455_4_3_G8, handshake.WebSocket, func(e *handshake.Exchange) { e.Response.Set("Sec-WebSocket-Protocol", "chat, superchat") }),
	q("version-list", R.RFC6455_4_3_G9, handshake.WebSocket, set("Sec-WebSocket-Version", "13, 8")),
	q("version-leading-zero", R.RFC6455_4_3_G12, handshake.WebSocket, set("Sec-WebSocket-Version", "013")),
	q("version-not-digits", R.RFC6455_4_3_G12, handshake.WebSocket, set("Sec-WebSocket-Version", "0x0d")),
	q("extension-list-empty", R.RFC6455_9_1_G1, handshake.WebSocket, set("Sec-WebSocket-Extensions", ",")),
	q("extension-name-not-token", R.RFC6455_9_1_G2, handshake.WebSocket, set("Sec-WebSocket-Extensions", "permessage-deflate, @x")),
	q("extension-two-words", R.RFC6455_9_1_G2, handshake.WebSocket, set("Sec-WebSocket-Extensions", "foo bar")),
	q("extension-param-no-value", R.RFC6455_9_1_G3, handshake.WebSocket, set("Sec-WebSocket-Extensions", "foo; x=")),
	q("extension-param-empty", R.RFC6455_9_1_G3, handshake.WebSocket, set("Sec-WebSocket-Extensions", "foo;; x")),
	q("server-max-window-bits-16", R.RFC7692_7_1_2_1_G1, handshake.WebSocket, set("Sec-WebSocket-Extensions", "permessage-deflate; server_max_window_bits=16")),
	q("server-max-window-bits-08", R.RFC7692_7_1_2_1_G1, handshake.WebSocket, set("Sec-WebSocket-Extensions", "permessage-deflate; server_max_window_bits=08")),
	q("client-max-window-bits-7", R.RFC7692_7_1_2_2_G1, handshake.WebSocket, set("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits=7")),
	q("http2-settings-empty", R.RFC7540_3_2_1_G1, handshake.H2C, set("HTTP2-Settings", "")),
	q("http2-settings-not-token68", R.RFC7540_3_2_1_G1, handshake.H2C, set("HTTP2-Settings", "AAMA*ABk")),

	// Part B: fields and lists.
	q("accept-in-request", R.RFC9110_2_2_2, handshake.WebSocket, add("Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")),
	q("content-length-twice", R.RFC9110_5_3_3, handshake.WebSocket, func(e *handshake.Exchange) {
		e.Request.Add("Content-Length", "0")
		e.Request.Add("Content-Length", "0")
	}),
	q("connection-empty-element", R.RFC9110_5_6_1_1_1, handshake.WebSocket, set("Connection", ", Upgrade")),
	q("upgrade-trailing-comma", R.RFC9110_5_6_1_1_1, handshake.WebSocket, set("Upgrade", "websocket,")),
	q("expect-100-without-content", R.RFC9110_10_1_1_1, handshake.WebSocket, add("Expect", "100-continue")),

	// Part C: Connection.
	q("connection-names-end-to-end", R.RFC9110_7_6_1_5, handshake.WebSocket, set("Connection", "Upgrade, Cache-Control")),

	// Part D: Upgrade, 101, 426.
	p("tls-101-layers-top-down", R.RFC9110_7_8_5, handshake.TLS, func(e *handshake.Exchange) { e.Response.Set("Upgrade", "HTTP/1.1, TLS/1.0") }),
	p("101-switches-to-unoffered", R.RFC9110_7_8_6, handshake.WebSocket, func(e *handshake.Exchange) { e.Response.Set("Upgrade", "h2c") }),
	q("tls-upgrade-without-option", R.RFC9110_7_8_12, handshake.TLS, set("Connection", "keep-alive")),
	q("h2c-upgrade-without-option", R.RFC9110_7_8_12, handshake.H2C, set("Connection", "HTTP2-Settings")),
	p("tls-101-without-option", R.RFC9110_7_8_12, handshake.TLS, func(e *handshake.Exchange) { e.Response.Set("Connection", "close") }),
	p("101-to-http10", R.RFC9110_15_2_1, handshake.WebSocket, func(e *handshake.Exchange) { e.Request.Start = "GET /chat HTTP/1.0" }),
	p("101-without-upgrade", R.RFC9110_15_2_2_1, handshake.WebSocket, func(e *handshake.Exchange) { e.Response.Remove("Upgrade") }),
	p("426-without-upgrade", R.RFC9110_15_5_22_1, handshake.WebSocket, func(e *handshake.Exchange) {
		e.Response = handshake.Message{Start: "HTTP/1.1 426 Upgrade Required", Fields: []handshake.Field{{Name: "Sec-WebSocket-Version", Lead: " ", Value: "13"}, {Name: "Content-Length", Lead: " ", Value: "0"}}}
	}),
	p("101-content-length", R.RFC9110_8_6_1, handshake.WebSocket, func(e *handshake.Exchange) { e.Response.Add("Content-Length", "0") }),

	// Part E: message syntax.
	q("bare-cr-in-value", R.RFC9112_2_2_3, handshake.WebSocket, add("User-Agent", "web\rsocket")),
	q("bare-cr-in-request-line", R.RFC9112_2_2_3, handshake.WebSocket, start("GET /ch\rat HTTP/1.1")),
	q("crlf-before-request-line", R.RFC9112_2_2_4, handshake.WebSocket, func(e *handshake.Exchange) { e.Request.Pre = "\r\n" }),
	q("whitespace-led-first-line", R.RFC9112_2_2_6, handshake.WebSocket, func(e *handshake.Exchange) {
		e.Request.Fields = append([]handshake.Field{{Name: " X-Indented", Lead: " ", Value: "a"}}, e.Request.Fields...)
	}),
	q("request-target-whitespace", R.RFC9112_3_2_1, handshake.WebSocket, start("GET /my chat HTTP/1.1")),
	q("host-missing", R.RFC9112_3_2_3, handshake.WebSocket, func(e *handshake.Exchange) { e.Request.Remove("Host") }),
	q("host-twice", R.RFC9112_3_2_3, handshake.WebSocket, func(e *handshake.Exchange) {
		e.Request.Add("Host", "example.com")
		e.Request.Add("Host", "example.com")
	}),
	q("host-invalid", R.RFC9112_3_2_3, handshake.WebSocket, set("Host", "exa mple.com")),
	p("status-line-no-sp", R.RFC9112_4_1, handshake.WebSocket, status("HTTP/1.1 101")),
	q("space-before-colon", R.RFC9112_5_1_1, handshake.WebSocket, func(e *handshake.Exchange) {
		i := e.Request.Index("Upgrade")
		e.Request.Fields[i].Name += " "
	}),
	q("obs-fold", R.RFC9112_5_2_1, handshake.WebSocket, add("User-Agent", "a\r\n b")),
	p("101-transfer-encoding", R.RFC9112_6_1_1, handshake.H2C, func(e *handshake.Exchange) { e.Response.Add("Transfer-Encoding", "chunked") }),
	q("http10-transfer-encoding", R.RFC9112_6_1_4, handshake.TLS, func(e *handshake.Exchange) {
		e.Request.Start = strings.Replace(e.Request.Start, "HTTP/1.1", "HTTP/1.0", 1)
		e.Request.Add("Transfer-Encoding", "chunked")
	}),
	q("content-length-and-chunked", R.RFC9112_6_2_1, handshake.WebSocket, func(e *handshake.Exchange) {
		e.Request.Add("Content-Length", "0")
		e.Request.Add("Transfer-Encoding", "chunked")
	}),
	q("transfer-coding-not-chunked", R.RFC9112_6_3_2, handshake.WebSocket, add("Transfer-Encoding", "gzip")),
	q("content-length-not-digits", R.RFC9112_6_3_3, handshake.WebSocket, add("Content-Length", "abc")),
	q("content-length-differ", R.RFC9112_6_3_3, handshake.WebSocket, add("Content-Length", "1, 2")),

	// Part G: the WebSocket handshake.
	q("method-post", R.RFC6455_4_2_1_2, handshake.WebSocket, start("POST /chat HTTP/1.1")),
	q("method-lowercase", R.RFC9112_3_1_1, handshake.WebSocket, start("get /chat HTTP/1.1")),
	q("http10-handshake", R.RFC6455_4_2_1_2, handshake.WebSocket, start("GET /chat HTTP/1.0")),
	q("host-empty", R.RFC6455_4_2_1_3, handshake.WebSocket, set("Host", "")),
	q("upgrade-websockets", R.RFC6455_4_2_1_4, handshake.WebSocket, set("Upgrade", "websockets")),
	q("connection-keep-alive", R.RFC6455_4_2_1_5, handshake.WebSocket, set("Connection", "keep-alive")),
	q("connection-upgraded", R.RFC6455_4_2_1_5, handshake.WebSocket, set("Connection", "Upgraded")),
	q("key-missing", R.RFC6455_4_2_1_6, handshake.WebSocket, func(e *handshake.Exchange) { e.Request.Remove("Sec-WebSocket-Key") }),
	q("key-10-octets", R.RFC6455_4_2_1_6, handshake.WebSocket, set("Sec-WebSocket-Key", "dGhlIHNhbXBsZQ==")),
	q("key-3-octets", R.RFC6455_4_2_1_6, handshake.WebSocket, set("Sec-WebSocket-Key", "AAAA")),
	q("version-missing", R.RFC6455_4_2_1_7, handshake.WebSocket, func(e *handshake.Exchange) { e.Request.Remove("Sec-WebSocket-Version") }),
	q("version-8", R.RFC6455_4_2_1_7, handshake.WebSocket, set("Sec-WebSocket-Version", "8")),
	q("subprotocol-twice", R.RFC6455_4_1_15, handshake.WebSocket, set("Sec-WebSocket-Protocol", "chat, chat")),
	p("101-upgrade-two-protocols", R.RFC6455_4_1_20, handshake.WebSocket, func(e *handshake.Exchange) {
		e.Request.Set("Upgrade", "websocket, foo")
		e.Response.Set("Upgrade", "websocket, foo")
	}),
	p("101-connection-upgraded", R.RFC6455_4_1_21, handshake.WebSocket, func(e *handshake.Exchange) { e.Response.Set("Connection", "Upgraded") }),
	p("accept-missing", R.RFC6455_4_1_22, handshake.WebSocket, func(e *handshake.Exchange) { e.Response.Remove("Sec-WebSocket-Accept") }),
	p("accept-no-padding", R.RFC6455_4_1_22, handshake.WebSocket, func(e *handshake.Exchange) {
		e.Response.Set("Sec-WebSocket-Accept", strings.TrimSuffix(parser.Accept(e.Key), "="))
	}),
	p("accept-other-key", R.RFC6455_4_1_22, handshake.WebSocket, func(e *handshake.Exchange) {
		e.Response.Set("Sec-WebSocket-Accept", parser.Accept(e.Key+" "))
	}),
	p("extension-not-offered", R.RFC6455_4_1_23, handshake.WebSocket, func(e *handshake.Exchange) { e.Response.Set("Sec-WebSocket-Extensions", "x-not-offered") }),
	p("subprotocol-not-offered", R.RFC6455_4_1_24, handshake.WebSocket, func(e *handshake.Exchange) { e.Response.Set("Sec-WebSocket-Protocol", "not-offered") }),
	p("subprotocol-case-only", R.RFC6455_4_1_24, handshake.WebSocket, func(e *handshake.Exchange) {
		e.Subprotocols = []string{"chat"}
		e.Request.Set("Sec-WebSocket-Protocol", "chat")
		e.Response.Set("Sec-WebSocket-Protocol", "Chat")
	}),
	p("101-with-transfer-encoding", R.AMB_20, handshake.WebSocket, func(e *handshake.Exchange) { e.Response.Add("Transfer-Encoding", "chunked") }),
	// RFC 6455 §4.1: a field duplicated against §11.3 is a handshake the
	// client must Fail.
	p("101-accept-twice", R.RFC6455_4_1_25, handshake.WebSocket, func(e *handshake.Exchange) { e.Response.Add("Sec-WebSocket-Accept", parser.Accept(e.Key)) }),
	q("key-twice", R.RFC6455_11_3_1_1, handshake.WebSocket, func(e *handshake.Exchange) { e.Request.Add("Sec-WebSocket-Key", e.Key) }),
	p("accept-twice", R.RFC6455_11_3_3_1, handshake.WebSocket, func(e *handshake.Exchange) { e.Response.Add("Sec-WebSocket-Accept", parser.Accept(e.Key)) }),
	p("server-subprotocol-twice", R.RFC6455_11_3_4_1, handshake.WebSocket, func(e *handshake.Exchange) {
		sp := offerSubprotocol(e)
		e.Response.Set("Sec-WebSocket-Protocol", sp)
		e.Response.Add("Sec-WebSocket-Protocol", sp)
	}),
	q("version-twice", R.RFC6455_11_3_5_1, handshake.WebSocket, func(e *handshake.Exchange) { e.Request.Add("Sec-WebSocket-Version", "13") }),
	p("server-extensions-malformed", R.RFC6455_9_1_1, handshake.WebSocket, func(e *handshake.Exchange) {
		OfferDeflate(e, "permessage-deflate")
		e.Response.Set("Sec-WebSocket-Extensions", "permessage-deflate;")
	}),
	q("extension-quoted-not-token", R.RFC6455_9_1_2, handshake.WebSocket, set("Sec-WebSocket-Extensions", `foo; x="a b"`)),

	// Part H: permessage-deflate.
	p("deflate-accepted-twice", R.RFC7692_5_4, handshake.WebSocket, func(e *handshake.Exchange) {
		OfferDeflate(e, "permessage-deflate")
		e.Response.Set("Sec-WebSocket-Extensions", "permessage-deflate, permessage-deflate")
	}),
	p("deflate-accepted-without-valid-offer", R.RFC7692_5_7, handshake.WebSocket, func(e *handshake.Exchange) {
		OfferDeflate(e, "permessage-deflate; foo=1")
		e.Response.Set("Sec-WebSocket-Extensions", "permessage-deflate")
	}),
	p("deflate-response-undefined-param", R.RFC7692_7_3, handshake.WebSocket, func(e *handshake.Exchange) {
		OfferDeflate(e, "permessage-deflate")
		e.Response.Set("Sec-WebSocket-Extensions", "permessage-deflate; foo=1")
	}),
	p("deflate-response-bare-client-bits", R.RFC7692_7_3, handshake.WebSocket, func(e *handshake.Exchange) {
		OfferDeflate(e, "permessage-deflate; client_max_window_bits")
		e.Response.Set("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits")
	}),
	p("deflate-server-takeover-not-echoed", R.RFC7692_7_1_1_1_2, handshake.WebSocket, func(e *handshake.Exchange) {
		OfferDeflate(e, "permessage-deflate; server_no_context_takeover")
		e.Response.Set("Sec-WebSocket-Extensions", "permessage-deflate")
	}),
	p("deflate-server-bits-larger", R.RFC7692_7_1_2_1_3, handshake.WebSocket, func(e *handshake.Exchange) {
		OfferDeflate(e, "permessage-deflate; server_max_window_bits=10")
		e.Response.Set("Sec-WebSocket-Extensions", "permessage-deflate; server_max_window_bits=12")
	}),
	p("deflate-client-bits-not-offered", R.RFC7692_7_1_2_2_3, handshake.WebSocket, func(e *handshake.Exchange) {
		OfferDeflate(e, "permessage-deflate")
		e.Response.Set("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits=15")
	}),

	// Part I: h2c (outside Parts A-H; kept for the oracle).
	q("h2c-without-settings", R.RFC7540_3_2_1, handshake.H2C, func(e *handshake.Exchange) { e.Request.Remove("HTTP2-Settings") }),
	q("h2c-settings-twice", R.RFC7540_3_2_1_1, handshake.H2C, func(e *handshake.Exchange) { e.Request.Add("HTTP2-Settings", "AAMAAABk") }),
	p("h2c-settings-in-response", R.RFC7540_3_2_1_2, handshake.H2C, func(e *handshake.Exchange) { e.Response.Add("HTTP2-Settings", "AAMAAABk") }),
	q("h2c-settings-not-in-connection", R.RFC7540_3_2_1_3, handshake.H2C, set("Connection", "Upgrade")),
	q("h2c-settings-padded", R.RFC7540_3_2_1_4, handshake.H2C, set("HTTP2-Settings", "AAMAAABk=")),
	q("h2c-settings-base64-not-url", R.RFC7540_3_2_1_4, handshake.H2C, set("HTTP2-Settings", "AAQAAP//")),
	q("h2c-settings-partial", R.RFC7540_6_5_1, handshake.H2C, set("HTTP2-Settings", "AAMAAABkAAQA")),
	q("h2c-enable-push-2", R.RFC7540_6_5_2_1, handshake.H2C, set("HTTP2-Settings", "AAIAAAAC")),

	// Switchyard's strict policy (Part J, K).
	q("http-major-2", R.AMB_8, handshake.WebSocket, start("GET /chat HTTP/2.0")),
	q("upgrade-websocket-versioned", R.AMB_3, handshake.WebSocket, set("Upgrade", "websocket/13")),
	q("version-256", R.AMB_10, handshake.WebSocket, set("Sec-WebSocket-Version", "256")),
	q("key-inner-space", R.AMB_12, handshake.WebSocket, set("Sec-WebSocket-Key", "dGhlIHNhbXBs ZSBub25jZQ==")),
	p("101-http10", R.AMB_21, handshake.WebSocket, status("HTTP/1.0 101 Switching Protocols")),
	q("handshake-with-body", R.AMB_23, handshake.WebSocket, add("Content-Length", "5")),
	q("expect-100-policy", R.AMB_35, handshake.WebSocket, add("Expect", "100-continue")),
	q("absolute-form-ws-scheme", R.AMB_27, handshake.WebSocket, func(e *handshake.Exchange) {
		e.Request.Start = "GET ws://example.com/chat HTTP/1.1"
	}),
	q("whitespace-led-line-policy", R.AMB_31, handshake.WebSocket, add("User-Agent", "a\r\n b")),
	q("bare-lf-policy", R.STRICT_2, handshake.WebSocket, func(e *handshake.Exchange) { e.Request.Fields[0].End = "\n" }),
	q("control-octet-policy", R.STRICT_3, handshake.WebSocket, add("User-Agent", "a\x01b")),
	q("chunked-with-length-policy", R.STRICT_6, handshake.WebSocket, func(e *handshake.Exchange) {
		e.Request.Add("Content-Length", "0")
		e.Request.Add("Transfer-Encoding", "chunked")
	}),
	q("key-nonzero-pad-bits", R.STRICT_G1, handshake.WebSocket, set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZR==")),
	q("head-over-limit", R.LIMIT_1, handshake.WebSocket, add("Cookie", strings.Repeat("a", parser.DefaultMaxHeadBytes))),
	q("too-many-fields", R.LIMIT_2, handshake.WebSocket, func(e *handshake.Exchange) {
		for i := 0; i <= parser.DefaultMaxFields; i++ {
			e.Request.Add("X-Filler", "1")
		}
	}),
	q("too-many-list-elements", R.LIMIT_3, handshake.WebSocket, set("Connection", "Upgrade"+strings.Repeat(", keep-alive", parser.DefaultMaxListElements))),
	q("too-many-extension-params", R.LIMIT_4, handshake.WebSocket, set("Sec-WebSocket-Extensions", "foo"+strings.Repeat("; a", parser.DefaultMaxExtensionParams+1))),

	// The same fault under every rule it breaks: grammar building blocks and
	// requirements restated in another section (the parser cites them too).
	p("accept-not-base64", R.RFC6455_4_2_2_G1, handshake.WebSocket, func(e *handshake.Exchange) { e.Response.Set("Sec-WebSocket-Accept", "s3pPLMB") }),
	q("host-port-not-digits", R.RFC9110_7_2_G1, handshake.WebSocket, set("Host", "example.com:8o")),
	q("content-length-letters", R.RFC9110_8_6_G1, handshake.WebSocket, add("Content-Length", "1x")),
	q("http2-settings-comma", R.RFC9110_11_2_G1, handshake.H2C, set("HTTP2-Settings", "AAMA,AABk")),
	q("key-not-groups-of-4", R.RFC6455_4_3_G3, handshake.WebSocket, set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=")),
	q("accept-is-server-only", R.RFC6455_4_3_1, handshake.WebSocket, add("Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")),
	p("426-without-upgrade-list", R.RFC9110_7_8_8, handshake.WebSocket, func(e *handshake.Exchange) {
		e.Response = handshake.Message{Start: "HTTP/1.1 426 Upgrade Required", Fields: []handshake.Field{{Name: "Sec-WebSocket-Version", Lead: " ", Value: "13"}, {Name: "Content-Length", Lead: " ", Value: "0"}}}
	}),
	p("tls-101-stack-top-down", R.RFC2817_3_3_1, handshake.TLS, func(e *handshake.Exchange) { e.Response.Set("Upgrade", "HTTP/1.1, TLS/1.0") }),
	q("tls-upgrade-no-connection-option", R.RFC2817_3_1_2, handshake.TLS, set("Connection", "keep-alive")),
	q("control-field-not-named", R.RFC9110_7_6_1_2, handshake.H2C, set("Connection", "Upgrade")),
	p("subprotocol-case-only-match", R.RFC7936_2_1, handshake.WebSocket, func(e *handshake.Exchange) {
		e.Request.Set("Sec-WebSocket-Protocol", "chat")
		e.Response.Set("Sec-WebSocket-Protocol", "Chat")
	}),
	q("version-zero-first", R.RFC6455_4_3_G11, handshake.WebSocket, set("Sec-WebSocket-Version", "013")),
	q("transfer-coding-not-token", R.RFC9112_6_1_G1, handshake.WebSocket, add("Transfer-Encoding", "g@zip, chunked")),
	q("quoted-string-del", R.RFC9110_5_6_4_G2, handshake.WebSocket, set("Sec-WebSocket-Extensions", "foo; x=\"a\x7fb\"")),
	q("quoted-pair-control", R.RFC9110_5_6_4_G3, handshake.WebSocket, set("Sec-WebSocket-Extensions", "foo; x=\"a\\\x01b\"")),
	p("version-refusal-without-list", R.RFC6455_4_2_2_4, handshake.WebSocket, func(e *handshake.Exchange) {
		e.Request.Set("Sec-WebSocket-Version", "8")
		e.Response = handshake.Message{Start: "HTTP/1.1 400 Bad Request", Fields: []handshake.Field{{Name: "Content-Length", Lead: " ", Value: "0"}}}
	}),
	p("version-426-without-list", R.RFC6455_4_4_1, handshake.WebSocket, func(e *handshake.Exchange) {
		e.Request.Set("Sec-WebSocket-Version", "8")
		e.Response = handshake.Message{Start: "HTTP/1.1 426 Upgrade Required", Fields: []handshake.Field{{Name: "Upgrade", Lead: " ", Value: "websocket"}, {Name: "Connection", Lead: " ", Value: "Upgrade"}, {Name: "Content-Length", Lead: " ", Value: "0"}}}
	}),
	q("upgrade-version-no-token", R.RFC9110_5_6_2_G1, handshake.WebSocket, set("Upgrade", "websocket, h2c/")),
	q("connection-option-dquote", R.RFC9110_5_6_2_G2, handshake.WebSocket, set("Connection", "Upgrade, keep\"alive")),
	q("connection-comma-vt", R.RFC9110_5_6_3_G1, handshake.WebSocket, set("Connection", "Upgrade,\vkeep-alive")),
	q("connection-double-comma", R.RFC9110_5_6_1_1_G1, handshake.WebSocket, set("Connection", "Upgrade,, keep-alive")),
	q("connection-missing-comma", R.RFC9110_5_6_1_G1, handshake.WebSocket, set("Connection", "keep-alive Upgrade")),
	q("subprotocols-missing-comma", R.RFC2616_2_1_G1, handshake.WebSocket, set("Sec-WebSocket-Protocol", "chat superchat")),
	q("subprotocol-list-only-commas", R.RFC9110_5_6_1_2_G1, handshake.WebSocket, set("Sec-WebSocket-Protocol", ", ,")),
	q("upgrade-leading-comma", R.RFC9110_7_8_G1, handshake.WebSocket, set("Upgrade", ", websocket")),
	q("upgrade-protocol-slash-only", R.RFC9110_7_8_G2, handshake.WebSocket, set("Upgrade", "websocket, /13")),
	q("handshake-negative-length", R.RFC6455_4_1_6, handshake.WebSocket, add("Content-Length", "-1")),
	q("handshake-version-7", R.RFC6455_4_2_1_1, handshake.WebSocket, set("Sec-WebSocket-Version", "7")),
	p("101-to-refused-handshake", R.RFC6455_4_2_1_1, handshake.WebSocket, func(e *handshake.Exchange) { e.Request.Set("Sec-WebSocket-Version", "7") }),
	p("101-honours-http10-upgrade", R.RFC9110_7_8_13, handshake.WebSocket, func(e *handshake.Exchange) {
		e.Request.Start = strings.Replace(e.Request.Start, "HTTP/1.1", "HTTP/1.0", 1)
	}),
	p("101-to-post", R.RFC9110_7_8_11, handshake.WebSocket, func(e *handshake.Exchange) {
		e.Request.Start = "POST" + strings.TrimPrefix(e.Request.Start, "GET")
	}),
	p("accept-with-200", R.RFC6455_4_2_2_8, handshake.WebSocket, status("HTTP/1.1 200 OK")),
	p("tls-426-without-version", R.RFC2817_4_2_1, handshake.TLS, func(e *handshake.Exchange) {
		e.Response = handshake.Message{Start: "HTTP/1.1 426 Upgrade Required", Fields: []handshake.Field{
			{Name: "Upgrade", Lead: " ", Value: "TLS, HTTP/1.1"}, {Name: "Connection", Lead: " ", Value: "Upgrade"}, {Name: "Content-Length", Lead: " ", Value: "0"}}}
	}),
}

// offerSubprotocol returns a subprotocol the request offers, adding one
// when it offers none.
func offerSubprotocol(e *handshake.Exchange) string {
	if len(e.Subprotocols) == 0 {
		e.Subprotocols = []string{"chat"}
		e.Request.Set("Sec-WebSocket-Protocol", "chat")
	}
	return e.Subprotocols[0]
}

// OfferDeflate makes the request offer exactly the given extension list.
func OfferDeflate(e *handshake.Exchange, offer string) {
	e.Request.Set("Sec-WebSocket-Extensions", offer)
	e.Deflate = nil
}
