package parser_test

import (
	"strings"

	"github.com/switchyard/switchyard/rules"
)

// crlf turns a readable message with "\n" line ends into wire form.
func crlf(s string) []byte { return []byte(strings.ReplaceAll(s, "\n", "\r\n")) }

// The valid messages the rule cases start from: RFC 6455 §1.2/§1.3's
// handshake (with the RFC's key) and its 101.
const (
	wsReq = "GET /chat HTTP/1.1\n" +
		"Host: server.example.com\n" +
		"Upgrade: websocket\n" +
		"Connection: Upgrade\n" +
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\n" +
		"Origin: http://example.com\n" +
		"Sec-WebSocket-Protocol: chat, superchat\n" +
		"Sec-WebSocket-Version: 13\n" +
		"Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits; server_max_window_bits=10\n\n"
	wsResp = "HTTP/1.1 101 Switching Protocols\n" +
		"Upgrade: websocket\n" +
		"Connection: Upgrade\n" +
		"Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\n" +
		"Sec-WebSocket-Protocol: chat\n" +
		"Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=10\n\n"
	h2cReq = "GET / HTTP/1.1\n" +
		"Host: server.example.com\n" +
		"Connection: Upgrade, HTTP2-Settings\n" +
		"Upgrade: h2c\n" +
		"HTTP2-Settings: AAMAAABkAARAAAAA\n\n"
	h2cResp = "HTTP/1.1 101 Switching Protocols\n" +
		"Connection: Upgrade\n" +
		"Upgrade: h2c\n\n"
	tlsReq = "OPTIONS * HTTP/1.1\n" +
		"Host: example.bank.com\n" +
		"Upgrade: TLS/1.0\n" +
		"Connection: Upgrade\n\n"
	tlsResp = "HTTP/1.1 101 Switching Protocols\n" +
		"Upgrade: TLS/1.0, HTTP/1.1\n" +
		"Connection: Upgrade\n\n"
	plainReq = "GET /index.html HTTP/1.1\nHost: www.example.com\n\n"
	// badRequest is how a server refuses a handshake it must not accept:
	// the twin of a 101 that accepted one.
	badRequest = "HTTP/1.1 400 Bad Request\nContent-Length: 0\n\n"
)

// ruleCase is one rule's minimal breaking message. The twin is the valid
// message it was made from; a case is checked in both directions: the
// mutant cites the rule (with the role and validity given), the twin does
// not cite it at all.
type ruleCase struct {
	rule rules.ID
	// Exactly one of req (a request alone) or resp (a response, paired
	// with pairReq when that is set) is the mutant.
	req, resp, pairReq string
	twin               string // the valid original of the mutant
	refuse             bool   // the recipient must refuse (Valid(false) is false)
	strictRefuse       bool   // only strict policy refuses (Valid(true) is false, Valid(false) true)
}

// r replaces old with new in s, once; the case table stays readable.
func r(s, old, new string) string {
	if !strings.Contains(s, old) {
		panic("rule case: " + old + " not in base message")
	}
	return strings.Replace(s, old, new, 1)
}

var ruleCases = []ruleCase{
	// Part A/E: message syntax (RFC 9112).
	{rule: rules.RFC9112_2_1_G1, req: strings.TrimSuffix(wsReq, "\n"), twin: wsReq, refuse: true},
	{rule: rules.STRICT_2, req: r(wsReq, "Host: server.example.com\n", "Host: server.example.com<LF>"), twin: wsReq, strictRefuse: true},
	{rule: rules.RFC9112_2_3_G1, req: r(wsReq, "HTTP/1.1", "HTTP/1.10"), twin: wsReq, refuse: true},
	{rule: rules.RFC9112_3_G1, req: r(wsReq, "GET /chat", "GET  /chat"), twin: wsReq, refuse: true},
	{rule: rules.RFC9112_3_G1, req: r(plainReq, "GET", "G(T"), twin: plainReq, refuse: true},
	{rule: rules.RFC9112_3_1_1, req: r(wsReq, "GET /chat", "get /chat"), twin: wsReq, refuse: true},
	{rule: rules.RFC9112_3_2_G1, req: r(plainReq, "/index.html", "/index.html#top"), twin: plainReq, refuse: true},
	{rule: rules.RFC9112_3_2_1, req: r(plainReq, "/index.html", "/my\tindex.html"), twin: plainReq, refuse: true},
	{rule: rules.RFC9112_4_G1, resp: r(wsResp, "101 Switching", "1O1 Switching"), pairReq: wsReq, twin: wsResp, refuse: true},
	{rule: rules.RFC9112_4_1, resp: r(wsResp, "101 Switching Protocols", "101"), pairReq: wsReq, twin: wsResp, strictRefuse: true},
	{rule: rules.RFC9112_5_G1, req: r(wsReq, "Origin: http://example.com", "Origin http//example.com"), twin: wsReq, refuse: true},
	{rule: rules.RFC9110_5_1_G1, req: r(wsReq, "Origin:", "Ori gin:"), twin: wsReq, refuse: true},
	{rule: rules.RFC9112_5_1_1, req: r(wsReq, "Upgrade:", "Upgrade :"), twin: wsReq, refuse: true},
	{rule: rules.RFC9112_5_2_1, req: r(wsReq, "Origin: http://example.com", "Origin:\n http://example.com"), twin: wsReq, strictRefuse: true},
	{rule: rules.AMB_31, req: r(wsReq, "Sec-WebSocket-Protocol: chat, superchat", "Sec-WebSocket-Protocol: chat,\n superchat"), twin: wsReq, strictRefuse: true},
	{rule: rules.RFC9112_5_2_G1, req: r(wsReq, "Origin: http://example.com", "Ori gin: http://example.com\n\tmore"), twin: wsReq, refuse: true},
	{rule: rules.RFC9112_2_2_6, req: r(wsReq, "GET /chat HTTP/1.1\n", "GET /chat HTTP/1.1\n X-Junk: 1\n"), twin: wsReq, strictRefuse: true},
	{rule: rules.RFC9112_2_2_3, req: r(wsReq, "Origin: http://example.com", "Origin: http://exa\rmple.com"), twin: wsReq, strictRefuse: true},
	{rule: rules.RFC9112_2_2_4, req: "\n" + wsReq, twin: wsReq},
	{rule: rules.RFC9110_5_5_G2, req: r(wsReq, "Origin: http://example.com", "Origin: http://exa\x01mple.com"), twin: wsReq, strictRefuse: true},
	{rule: rules.STRICT_3, req: r(wsReq, "Origin: http://example.com", "Origin: http://exa\x00mple.com"), twin: wsReq, strictRefuse: true},
	{rule: rules.AMB_8, req: r(plainReq, "HTTP/1.1", "HTTP/2.0"), twin: plainReq, strictRefuse: true},

	// Part B/C: fields, lists, Connection.
	{rule: rules.RFC9110_5_6_1_1_1, req: r(wsReq, "Connection: Upgrade", "Connection: keep-alive, , Upgrade"), twin: wsReq},
	{rule: rules.RFC9110_7_6_1_G1, req: r(wsReq, "Connection: Upgrade", "Connection: Upgrade, keep\"alive"), twin: wsReq, refuse: true},
	{rule: rules.RFC9110_7_6_1_5, req: r(wsReq, "Connection: Upgrade", "Connection: Upgrade, Cache-Control"), twin: wsReq},
	{rule: rules.RFC9110_2_2_2, req: r(wsReq, "Origin:", "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\nOrigin:"), twin: wsReq},
	{rule: rules.RFC9110_5_3_3, req: r(plainReq, "\n\n", "\nContent-Length: 0\nContent-Length: 0\n\n"), twin: plainReq},
	{rule: rules.RFC9110_10_1_1_1, req: r(plainReq, "\n\n", "\nExpect: 100-continue\n\n"), twin: plainReq},

	// Host (RFC 9112 §3.2).
	{rule: rules.RFC9112_3_2_3, req: r(wsReq, "Host: server.example.com\n", ""), twin: wsReq, refuse: true},
	{rule: rules.RFC9112_3_2_3, req: r(wsReq, "Host: server.example.com\n", "Host: server.example.com\nHost: server.example.com\n"), twin: wsReq, refuse: true},
	{rule: rules.RFC9112_3_2_3, req: r(plainReq, "www.example.com", "www.example.com:8o"), twin: plainReq, refuse: true},
	{rule: rules.RFC6455_4_2_1_3, req: r(wsReq, "Host: server.example.com", "Host:"), twin: wsReq, refuse: true},

	// Framing (RFC 9112 §6).
	{rule: rules.RFC9112_6_3_3, req: r(plainReq, "\n\n", "\nContent-Length: 1x\n\n"), twin: plainReq, refuse: true},
	{rule: rules.RFC9112_6_3_2, req: r(plainReq, "\n\n", "\nTransfer-Encoding: gzip\n\n"), twin: plainReq, refuse: true},
	{rule: rules.RFC9112_6_2_1, req: r(plainReq, "\n\n", "\nContent-Length: 5\nTransfer-Encoding: chunked\n\n"), twin: plainReq, strictRefuse: true},
	{rule: rules.STRICT_6, req: r(plainReq, "\n\n", "\nContent-Length: 5\nTransfer-Encoding: chunked\n\n"), twin: plainReq, strictRefuse: true},
	{rule: rules.RFC9112_6_1_4, req: r(r(plainReq, "HTTP/1.1", "HTTP/1.0"), "\n\n", "\nTransfer-Encoding: chunked\n\n"), twin: r(plainReq, "HTTP/1.1", "HTTP/1.0")},

	// Part D: Upgrade.
	{rule: rules.RFC9110_7_8_G3, req: r(wsReq, "Upgrade: websocket", "Upgrade: web socket"), twin: wsReq, refuse: true},
	{rule: rules.RFC9110_7_8_G4, req: r(wsReq, "Upgrade: websocket", "Upgrade: websocket/"), twin: wsReq, refuse: true},
	{rule: rules.RFC9110_7_8_12, req: r(tlsReq, "Connection: Upgrade", "Connection: keep-alive"), twin: tlsReq, strictRefuse: true},
	{rule: rules.AMB_28, req: r(tlsReq, "Connection: Upgrade", "Connection: keep-alive"), twin: tlsReq, strictRefuse: true},
	{rule: rules.AMB_28, req: r(h2cReq, "Connection: Upgrade, HTTP2-Settings", "Connection: \"Upgrade\", HTTP2-Settings"), twin: h2cReq, strictRefuse: true},
	{rule: rules.AMB_28, resp: r(h2cResp, "Connection: Upgrade\n", ""), pairReq: h2cReq, twin: h2cResp, strictRefuse: true},
	{rule: rules.AMB_31, req: r(tlsReq, "Connection: Upgrade", "Connection: Upgrade, \"keep-alive\""), twin: tlsReq, strictRefuse: true},
	{rule: rules.RFC9110_15_2_2_1, resp: "HTTP/1.1 101 Switching Protocols\nConnection: Upgrade\n\n", pairReq: wsReq, twin: wsResp, refuse: true},
	{rule: rules.RFC9110_7_8_6, resp: r(h2cResp, "Upgrade: h2c", "Upgrade: websocket"), pairReq: h2cReq, twin: h2cResp, refuse: true},
	{rule: rules.RFC9110_7_8_6, resp: h2cResp, pairReq: plainReq, twin: "", refuse: true},
	{rule: rules.RFC9110_7_8_5, resp: r(tlsResp, "TLS/1.0, HTTP/1.1", "HTTP/1.1, TLS/1.0"), pairReq: tlsReq, twin: tlsResp, refuse: true},
	{rule: rules.RFC9110_15_5_22_1, resp: "HTTP/1.1 426 Upgrade Required\nContent-Length: 0\n\n", twin: "HTTP/1.1 426 Upgrade Required\nUpgrade: TLS/1.0, HTTP/1.1\nConnection: Upgrade\nContent-Length: 0\n\n"},
	{rule: rules.RFC9110_8_6_1, resp: r(h2cResp, "\n\n", "\nContent-Length: 0\n\n"), pairReq: h2cReq, twin: h2cResp},
	{rule: rules.RFC9112_6_1_1, resp: r(h2cResp, "\n\n", "\nTransfer-Encoding: chunked\n\n"), pairReq: h2cReq, twin: h2cResp},
	{rule: rules.RFC9110_15_2_1, resp: wsResp, pairReq: r(wsReq, "HTTP/1.1", "HTTP/1.0"), twin: "", refuse: true},
	{rule: rules.AMB_21, resp: r(wsResp, "HTTP/1.1 101", "HTTP/1.0 101"), pairReq: wsReq, twin: wsResp, strictRefuse: true},

	// Part G: the WebSocket request (RFC 6455 §4.2.1).
	{rule: rules.RFC6455_4_2_1_2, req: r(wsReq, "GET /chat", "POST /chat"), twin: wsReq, refuse: true},
	{rule: rules.RFC6455_4_2_1_2, req: r(wsReq, "HTTP/1.1", "HTTP/1.0"), twin: wsReq, refuse: true},
	{rule: rules.AMB_3, req: r(wsReq, "Upgrade: websocket", "Upgrade: websocket/13"), twin: wsReq, strictRefuse: true},
	{rule: rules.RFC6455_4_2_1_5, req: r(wsReq, "Connection: Upgrade", "Connection: keep-alive"), twin: wsReq, refuse: true},
	{rule: rules.RFC6455_4_2_1_6, req: r(wsReq, "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\n", ""), twin: wsReq, refuse: true},
	{rule: rules.RFC6455_4_2_1_6, req: r(wsReq, "dGhlIHNhbXBsZSBub25jZQ==", "AAAA"), twin: wsReq, refuse: true},
	{rule: rules.RFC6455_4_3_G1, req: r(wsReq, "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Key:"), twin: wsReq, refuse: true},
	{rule: rules.RFC6455_4_3_G5, req: r(wsReq, "dGhlIHNhbXBsZSBub25jZQ==", "dGhlIHNhbXBsZSBub25j-Q=="), twin: wsReq, refuse: true},
	{rule: rules.RFC6455_4_3_G4, req: r(wsReq, "dGhlIHNhbXBsZSBub25jZQ==", "dGhlIHNhbXBsZSBub2=jZQ=="), twin: wsReq, refuse: true},
	{rule: rules.AMB_12, req: r(wsReq, "dGhlIHNhbXBsZSBub25jZQ==", "dGhlIHNhbXBs ZSBub25jZQ=="), twin: wsReq, strictRefuse: true},
	{rule: rules.STRICT_G1, req: r(wsReq, "dGhlIHNhbXBsZSBub25jZQ==", "dGhlIHNhbXBsZSBub25jZR=="), twin: wsReq, strictRefuse: true},
	{rule: rules.RFC6455_11_3_1_1, req: r(wsReq, "Origin:", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\nOrigin:"), twin: wsReq, refuse: true},
	{rule: rules.RFC6455_4_2_1_7, req: r(wsReq, "Sec-WebSocket-Version: 13\n", ""), twin: wsReq, refuse: true},
	{rule: rules.RFC6455_4_2_1_7, req: r(wsReq, "Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8"), twin: wsReq, refuse: true},
	{rule: rules.RFC6455_4_3_G12, req: r(wsReq, "Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 013"), twin: wsReq, refuse: true},
	{rule: rules.RFC6455_4_3_G9, req: r(wsReq, "Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 13, 8"), twin: wsReq, refuse: true},
	{rule: rules.AMB_10, req: r(wsReq, "Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 256"), twin: wsReq, refuse: true},
	{rule: rules.RFC6455_11_3_5_1, req: r(wsReq, "Origin:", "Sec-WebSocket-Version: 13\nOrigin:"), twin: wsReq, refuse: true},
	{rule: rules.RFC6455_4_3_G7, req: r(wsReq, "chat, superchat", "chat, \"superchat\""), twin: wsReq, refuse: true},
	{rule: rules.RFC6455_4_3_G7, req: r(wsReq, "chat, superchat", ","), twin: wsReq, refuse: true},
	{rule: rules.RFC6455_4_1_15, req: r(wsReq, "chat, superchat", "chat, chat"), twin: wsReq, strictRefuse: true},
	{rule: rules.AMB_7, req: r(wsReq, "chat, superchat", "chat, chat"), twin: wsReq, strictRefuse: true},
	{rule: rules.RFC6455_9_1_G1, req: r(wsReq, "permessage-deflate; client_max_window_bits; server_max_window_bits=10", ""), twin: wsReq, refuse: true},
	{rule: rules.RFC6455_9_1_G2, req: r(wsReq, "permessage-deflate;", "permessage-deflate x;"), twin: wsReq, refuse: true},
	{rule: rules.RFC6455_9_1_G3, req: r(wsReq, "client_max_window_bits;", "client_max_window_bits=;"), twin: wsReq, refuse: true},
	{rule: rules.RFC6455_9_1_2, req: r(wsReq, "server_max_window_bits=10", "server_max_window_bits=\"1 0\""), twin: wsReq, refuse: true},
	{rule: rules.RFC9110_5_6_4_G1, req: r(wsReq, "server_max_window_bits=10", "server_max_window_bits=\"10"), twin: wsReq, refuse: true},
	{rule: rules.AMB_23, req: r(wsReq, "Origin:", "Content-Length: 5\nOrigin:"), twin: wsReq, strictRefuse: true},
	{rule: rules.AMB_35, req: r(wsReq, "Origin:", "Expect: 100-continue\nOrigin:"), twin: wsReq, strictRefuse: true},
	{rule: rules.AMB_27, req: r(wsReq, "GET /chat", "GET ws://server.example.com/chat"), twin: wsReq, refuse: true},
	{rule: rules.RFC6455_4_2_1_2, req: r(wsReq, "GET /chat", "GET wss://server.example.com/chat"), twin: r(wsReq, "GET /chat", "GET https://server.example.com/chat"), refuse: true},
	{rule: rules.RFC6455_4_2_1_2, req: r(wsReq, "GET /chat", "GET server.example.com:80"), twin: wsReq, refuse: true},
	{rule: rules.RFC6455_4_1_8, req: r(wsReq, "GET /chat", "GET server.example.com:80/chat"), twin: wsReq, refuse: true},

	{rule: rules.RFC6455_4_2_1_4, req: r(wsReq, "Upgrade: websocket", "Upgrade: foo"), twin: wsReq, refuse: true},
	{rule: rules.RFC6455_4_2_1_4, req: r(wsReq, "Upgrade: websocket\n", ""), twin: wsReq, refuse: true},
	{rule: rules.RFC6455_4_3_G2, req: r(wsReq, "dGhlIHNhbXBsZSBub25jZQ==", "dGhlIHNhbXBsZSBub25jZQ="), twin: wsReq, refuse: true},

	// Part H: permessage-deflate offers (declined, not refused) and values.
	{rule: rules.RFC7692_7_1_2_1_G1, req: r(wsReq, "server_max_window_bits=10", "server_max_window_bits=16"), twin: wsReq},
	{rule: rules.RFC7692_7_2, req: r(wsReq, "client_max_window_bits;", "client_max_window_bits; foo=1;"), twin: wsReq},
	{rule: rules.RFC7692_7_2, req: r(wsReq, "client_max_window_bits;", "client_max_window_bits; client_max_window_bits;"), twin: wsReq},
	{rule: rules.RFC7692_7_1_2_2_G1, req: r(wsReq, "client_max_window_bits;", "client_max_window_bits=08;"), twin: wsReq},

	// Part G: the client's validation of the 101 (RFC 6455 §4.1).
	{rule: rules.RFC6455_4_1_20, resp: r(wsResp, "Upgrade: websocket", "Upgrade: websocket, h2c"), pairReq: r(wsReq, "Upgrade: websocket", "Upgrade: websocket, h2c"), twin: wsResp, refuse: true},
	{rule: rules.RFC6455_4_1_20, resp: r(wsResp, "Upgrade: websocket", "Upgrade: websocket/13"), pairReq: r(wsReq, "Upgrade: websocket", "Upgrade: websocket, websocket/13"), twin: wsResp, refuse: true},
	{rule: rules.RFC6455_4_1_21, resp: r(wsResp, "Connection: Upgrade", "Connection: Upgraded"), pairReq: wsReq, twin: wsResp, refuse: true},
	{rule: rules.RFC9110_7_8_12, resp: r(wsResp, "Connection: Upgrade", "Connection: close"), pairReq: wsReq, twin: wsResp, refuse: true},
	{rule: rules.RFC6455_4_1_22, resp: r(wsResp, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo"), pairReq: wsReq, twin: wsResp, refuse: true},
	{rule: rules.RFC6455_4_1_22, resp: r(wsResp, "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\n", ""), pairReq: wsReq, twin: wsResp, refuse: true},
	{rule: rules.RFC6455_4_3_G6, resp: r(wsResp, "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", "Sec-WebSocket-Accept:"), pairReq: wsReq, twin: wsResp, refuse: true},
	{rule: rules.RFC6455_4_3_G10, resp: "HTTP/1.1 426 Upgrade Required\nUpgrade: websocket\nConnection: Upgrade\nSec-WebSocket-Version: 13, 013\nContent-Length: 0\n\n", pairReq: wsReq, twin: "HTTP/1.1 426 Upgrade Required\nUpgrade: websocket\nConnection: Upgrade\nSec-WebSocket-Version: 13, 8, 7\nContent-Length: 0\n\n"},
	{rule: rules.RFC6455_11_3_3_1, resp: r(wsResp, "Sec-WebSocket-Protocol:", "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\nSec-WebSocket-Protocol:"), pairReq: wsReq, twin: wsResp, refuse: true},
	{rule: rules.RFC6455_4_1_24, resp: r(wsResp, "Sec-WebSocket-Protocol: chat", "Sec-WebSocket-Protocol: Chat"), pairReq: wsReq, twin: wsResp, refuse: true},
	{rule: rules.RFC6455_4_3_G8, resp: r(wsResp, "Sec-WebSocket-Protocol: chat", "Sec-WebSocket-Protocol: chat, superchat"), pairReq: wsReq, twin: wsResp, refuse: true},
	{rule: rules.RFC6455_11_3_4_1, resp: r(wsResp, "Sec-WebSocket-Protocol: chat", "Sec-WebSocket-Protocol: chat\nSec-WebSocket-Protocol: chat"), pairReq: wsReq, twin: wsResp, refuse: true},
	{rule: rules.RFC6455_4_1_23, resp: r(wsResp, "permessage-deflate; server_max_window_bits=10", "x-foo"), pairReq: wsReq, twin: wsResp, refuse: true},
	{rule: rules.AMB_20, resp: r(wsResp, "\n\n", "\nContent-Length: 0\n\n"), pairReq: wsReq, twin: wsResp, strictRefuse: true},
	{rule: rules.RFC6455_4_1_25, resp: r(wsResp, "\n\n", "\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\n\n"), pairReq: wsReq, twin: wsResp, refuse: true},
	{rule: rules.RFC6455_9_1_1, resp: r(wsResp, "permessage-deflate; server_max_window_bits=10", "permessage-deflate;"), pairReq: wsReq, twin: wsResp, refuse: true},
	{rule: rules.RFC7692_5_4, resp: r(wsResp, "permessage-deflate; server_max_window_bits=10", "permessage-deflate; server_max_window_bits=10, permessage-deflate; server_max_window_bits=10"), pairReq: wsReq, twin: wsResp, refuse: true},
	{rule: rules.RFC7692_7_3, resp: r(wsResp, "server_max_window_bits=10", "server_max_window_bits=10; server_max_window_bits=10"), pairReq: wsReq, twin: wsResp, refuse: true},
	{rule: rules.RFC7692_7_3, resp: r(wsResp, "server_max_window_bits=10", "server_max_window_bits=10; client_max_window_bits"), pairReq: wsReq, twin: wsResp, refuse: true},
	{rule: rules.RFC7692_7_1_2_2_3, resp: r(wsResp, "server_max_window_bits=10", "server_max_window_bits=10; client_max_window_bits=15"), pairReq: r(wsReq, "client_max_window_bits; ", ""), twin: wsResp, refuse: true},
	{rule: rules.RFC7692_7_1_2_1_3, resp: r(wsResp, "server_max_window_bits=10", "server_max_window_bits=12"), pairReq: wsReq, twin: wsResp, refuse: true},
	{rule: rules.RFC7692_7_1_1_1_2, resp: wsResp, pairReq: r(wsReq, "client_max_window_bits;", "server_no_context_takeover; client_max_window_bits;"), twin: r(wsResp, "server_max_window_bits=10", "server_max_window_bits=10; server_no_context_takeover"), refuse: true},
	{rule: rules.RFC7692_5_7, resp: wsResp, pairReq: r(wsReq, "server_max_window_bits=10", "server_max_window_bits=16"), twin: "", refuse: true},

	// Part I.1: h2c (faults are the client's; the server answers over HTTP/1.1).
	{rule: rules.RFC7540_3_2_1, req: r(h2cReq, "HTTP2-Settings: AAMAAABkAARAAAAA\n", ""), twin: h2cReq},
	{rule: rules.RFC7540_3_2_1_1, req: r(h2cReq, "\n\n", "\nHTTP2-Settings: AAMAAABkAARAAAAA\n\n"), twin: h2cReq},
	{rule: rules.RFC7540_3_2_1_1, req: r(h2cReq, "HTTP2-Settings: AAMAAABkAARAAAAA\n", ""), twin: h2cReq},
	{rule: rules.RFC7540_3_2_1_1, req: r(h2cReq, "AAMAAABkAARAAAAA", "AAIAAAAC"), twin: h2cReq},
	{rule: rules.RFC7540_3_2_1_3, req: r(h2cReq, "Connection: Upgrade, HTTP2-Settings", "Connection: Upgrade"), twin: h2cReq},
	{rule: rules.RFC7540_3_2_1_4, req: r(h2cReq, "AAMAAABkAARAAAAA", "AAMAAABkAARAAA//"), twin: h2cReq},
	{rule: rules.RFC7540_3_2_1_4, req: r(h2cReq, "AAMAAABkAARAAAAA", "AAMAAABk="), twin: h2cReq},
	{rule: rules.RFC7540_3_2_1_G1, req: r(h2cReq, "AAMAAABkAARAAAAA", "AAMA,AABk"), twin: h2cReq},
	{rule: rules.RFC7540_6_5_1, req: r(h2cReq, "AAMAAABkAARAAAAA", "AAMAAABkAARA"), twin: h2cReq},
	{rule: rules.RFC7540_6_5_2_1, req: r(h2cReq, "AAMAAABkAARAAAAA", "AAIAAAAC"), twin: h2cReq},
	{rule: rules.RFC7540_3_2_3, req: r(h2cReq, "Upgrade: h2c", "Upgrade: h2c, h2"), twin: h2cReq},
	{rule: rules.RFC7540_3_2_1_2, resp: r(h2cResp, "\n\n", "\nHTTP2-Settings: AAMAAABk\n\n"), pairReq: h2cReq, twin: h2cResp},

	// Local limits.
	{rule: rules.LIMIT_3, req: r(wsReq, "Connection: Upgrade", "Connection: Upgrade"+strings.Repeat(",a", 70)), twin: wsReq, strictRefuse: true},
	{rule: rules.LIMIT_4, req: r(wsReq, "permessage-deflate;", "x-many"+strings.Repeat("; p", 20)+", permessage-deflate;"), twin: wsReq, strictRefuse: true},
	// The same fault, cited under every rule it breaks: grammar building
	// blocks and requirements restated in another section.
	{rule: rules.RFC6455_4_2_2_G1, resp: r(wsResp, "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", "Sec-WebSocket-Accept: s3pPLMB"), pairReq: wsReq, twin: wsResp, refuse: true},
	{rule: rules.RFC9110_7_2_G1, req: r(plainReq, "www.example.com", "www.example.com:8o"), twin: plainReq, refuse: true},
	{rule: rules.RFC9110_8_6_G1, req: r(plainReq, "\n\n", "\nContent-Length: 1x\n\n"), twin: plainReq, refuse: true},
	{rule: rules.RFC9110_11_2_G1, req: r(h2cReq, "AAMAAABkAARAAAAA", "AAMA,AABk"), twin: h2cReq},
	{rule: rules.RFC6455_4_3_G3, req: r(wsReq, "dGhlIHNhbXBsZSBub25jZQ==", "dGhlIHNhbXBsZSBub25jZQ="), twin: wsReq, refuse: true},
	{rule: rules.RFC6455_4_3_1, req: r(wsReq, "Origin:", "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\nOrigin:"), twin: wsReq},
	{rule: rules.RFC9110_7_8_8, resp: "HTTP/1.1 426 Upgrade Required\nContent-Length: 0\n\n", twin: "HTTP/1.1 426 Upgrade Required\nUpgrade: TLS/1.0, HTTP/1.1\nConnection: Upgrade\nContent-Length: 0\n\n"},
	{rule: rules.RFC2817_3_3_1, resp: r(tlsResp, "TLS/1.0, HTTP/1.1", "HTTP/1.1, TLS/1.0"), pairReq: tlsReq, twin: tlsResp, refuse: true},
	{rule: rules.RFC2817_3_1_2, req: r(tlsReq, "Connection: Upgrade", "Connection: keep-alive"), twin: tlsReq, strictRefuse: true},
	{rule: rules.RFC9110_7_6_1_2, req: r(h2cReq, "Connection: Upgrade, HTTP2-Settings", "Connection: Upgrade"), twin: h2cReq},
	{rule: rules.RFC7936_2_1, resp: r(wsResp, "Sec-WebSocket-Protocol: chat", "Sec-WebSocket-Protocol: Chat"), pairReq: wsReq, twin: wsResp, refuse: true},
	{rule: rules.RFC6455_4_3_G11, req: r(wsReq, "Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 013"), twin: wsReq, refuse: true},
	{rule: rules.RFC9112_6_1_G1, req: r(plainReq, "\n\n", "\nTransfer-Encoding: g@zip, chunked\n\n"), twin: plainReq, refuse: true},
	{rule: rules.RFC6455_4_2_2_4, resp: "HTTP/1.1 400 Bad Request\nContent-Length: 0\n\n", pairReq: r(wsReq, "Version: 13", "Version: 8"), twin: "HTTP/1.1 426 Upgrade Required\nUpgrade: websocket\nConnection: Upgrade\nSec-WebSocket-Version: 13\nContent-Length: 0\n\n"},
	{rule: rules.RFC6455_4_4_1, resp: "HTTP/1.1 426 Upgrade Required\nUpgrade: websocket\nConnection: Upgrade\nContent-Length: 0\n\n", pairReq: r(wsReq, "Version: 13", "Version: 8"), twin: "HTTP/1.1 400 Bad Request\nSec-WebSocket-Version: 13, 8, 7\nContent-Length: 0\n\n"},
	{rule: rules.RFC9110_5_6_4_G2, req: r(wsReq, "server_max_window_bits=10", "server_max_window_bits=\"1\x7f0\""), twin: wsReq, refuse: true},
	{rule: rules.RFC9110_5_6_4_G3, req: r(wsReq, "server_max_window_bits=10", "server_max_window_bits=\"1\\\x010\""), twin: wsReq, refuse: true},

	// Building blocks and restated duties, cited beside the field's own
	// rule: token and tchar, OWS, the #rule's forms, Upgrade's productions.
	{rule: rules.RFC9110_5_6_2_G1, req: r(wsReq, "Upgrade: websocket", "Upgrade: websocket/"), twin: wsReq, refuse: true},
	{rule: rules.RFC9110_5_6_2_G1, req: r(wsReq, "Origin:", "Ori(gin:"), twin: wsReq, refuse: true},
	{rule: rules.RFC9110_5_6_2_G2, req: r(wsReq, "Connection: Upgrade", "Connection: Upgrade, keep\"alive"), twin: wsReq, refuse: true},
	{rule: rules.RFC9110_5_6_2_G2, req: r(wsReq, "permessage-deflate;", "permessage-deflate; @x;"), twin: wsReq, refuse: true},
	{rule: rules.RFC9110_5_6_2_G2, req: r(plainReq, "\n\n", "\nTransfer-Encoding: g@zip, chunked\n\n"), twin: plainReq, refuse: true},
	{rule: rules.RFC9110_5_6_2_G2, req: r(plainReq, "GET", "G(T"), twin: plainReq, refuse: true},
	{rule: rules.RFC9110_5_6_2_G2, req: r(wsReq, "server_max_window_bits=10", "server_max_window_bits=\"1 0\""), twin: wsReq, refuse: true},
	{rule: rules.RFC9110_5_6_3_G1, req: r(wsReq, "Connection: Upgrade", "Connection: Upgrade,\vkeep-alive"), twin: wsReq, refuse: true},
	{rule: rules.RFC9110_5_6_3_G1, req: r(wsReq, "Upgrade: websocket", "Upgrade: websocket\f, h2c"), twin: wsReq, refuse: true},
	{rule: rules.RFC9110_5_6_3_G1, req: r(wsReq, "Origin: http://example.com", "Origin: http://example.com\v"), twin: wsReq, strictRefuse: true},
	{rule: rules.RFC9110_5_6_1_1_G1, req: r(wsReq, "Connection: Upgrade", "Connection: keep-alive, , Upgrade"), twin: wsReq},
	{rule: rules.RFC9110_5_6_1_G1, req: r(wsReq, "Upgrade: websocket", "Upgrade: websocket h2c"), twin: wsReq, refuse: true},
	{rule: rules.RFC9110_5_6_1_G1, req: r(wsReq, "Connection: Upgrade", "Connection: keep-alive Upgrade"), twin: wsReq, refuse: true},
	{rule: rules.RFC2616_2_1_G1, req: r(wsReq, "chat, superchat", "chat superchat"), twin: wsReq, refuse: true},
	{rule: rules.RFC2616_2_1_G1, req: r(wsReq, "permessage-deflate; client_max_window_bits; server_max_window_bits=10", ","), twin: wsReq, refuse: true},
	{rule: rules.RFC9110_5_6_1_2_G1, req: r(wsReq, "chat, superchat", ", ,"), twin: wsReq, refuse: true},
	{rule: rules.RFC9110_7_8_G1, req: r(wsReq, "Upgrade: websocket", "Upgrade: websocket,"), twin: wsReq},
	{rule: rules.RFC9110_7_8_G1, req: r(wsReq, "Upgrade: websocket", "Upgrade: websocket h2c"), twin: wsReq, refuse: true},
	{rule: rules.RFC9110_7_8_G2, req: r(wsReq, "Upgrade: websocket", "Upgrade: websocket, /13"), twin: wsReq, refuse: true},
	{rule: rules.RFC6455_4_1_6, req: r(wsReq, "Host: server.example.com\n", ""), twin: wsReq, refuse: true},
	{rule: rules.RFC6455_4_1_6, req: r(wsReq, "Origin:", "Expect: 100-continue\nOrigin:"), twin: wsReq, strictRefuse: true},
	{rule: rules.RFC6455_4_2_1_1, req: r(wsReq, "Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8"), twin: wsReq, refuse: true},
	{rule: rules.RFC6455_4_2_1_1, req: r(wsReq, "Upgrade:", "Upgrade :"), twin: wsReq, refuse: true},
	{rule: rules.RFC6455_4_2_1_1, resp: wsResp, pairReq: r(wsReq, "Sec-WebSocket-Version: 13\n", ""), twin: badRequest},
	{rule: rules.RFC7692_7_2, resp: wsResp, pairReq: r(wsReq, "server_max_window_bits=10", "server_max_window_bits=16"), twin: r(wsResp, "Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=10\n", ""), refuse: true},
	{rule: rules.RFC9110_7_8_13, resp: wsResp, pairReq: r(wsReq, "HTTP/1.1", "HTTP/1.0"), twin: badRequest, refuse: true},
	{rule: rules.RFC9110_7_8_11, resp: wsResp, pairReq: r(wsReq, "GET /chat", "POST /chat"), twin: badRequest},
	{rule: rules.RFC6455_4_2_2_8, resp: r(wsResp, "101 Switching Protocols", "200 OK"), pairReq: wsReq, twin: wsResp},
	{rule: rules.RFC2817_4_2_1, resp: "HTTP/1.1 426 Upgrade Required\nUpgrade: TLS, HTTP/1.1\nConnection: Upgrade\nContent-Length: 0\n\n", pairReq: tlsReq, twin: "HTTP/1.1 426 Upgrade Required\nUpgrade: TLS/1.0, HTTP/1.1\nConnection: Upgrade\nContent-Length: 0\n\n"},
}
