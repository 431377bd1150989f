package suite

import (
	R "github.com/switchyard/switchyard/rules"
)

// row is one hand-written case: the base request (baseRequest) edited as
// the fields say, or a whole raw request.
type row struct {
	group, name string
	rule        R.ID
	want        Want
	start       string   // replaces the request-line
	del         []string // field names removed (every line of each)
	set         []string // "Name: value" replaces the first line of that name, or is appended
	add         []string // lines appended as they are
	body        string   // octets after the head
	raw         string   // the whole head instead, line ends written out
}

// baseRequest is the RFC 6455 §1.2 handshake without Origin and
// Sec-WebSocket-Protocol: the minimal valid request.
var baseRequest = []string{
	"GET " + PathPlaceholder + " HTTP/1.1",
	"Host: " + HostPlaceholder,
	"Upgrade: websocket",
	"Connection: Upgrade",
	"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
	"Sec-WebSocket-Version: 13",
}

// table is the hand-written part of the suite, by group. Each row is tied
// to the one rule it is about; a test checks that its want is what the
// strict reference (package parser) decides.
var table = []row{
	// A server must accept every legal form of a valid handshake.
	{group: "valid", name: "minimal", rule: R.RFC6455_4_2_1_2, want: Switch},
	{group: "valid", name: "rfc6455-example", rule: R.RFC6455_4_2_1_2, want: Switch, add: []string{"Origin: http://example.com", "Sec-WebSocket-Protocol: chat, superchat"}},
	{group: "valid", name: "upgrade-capitalised", rule: R.RFC6455_4_2_1_4, want: Switch, set: []string{"Upgrade: WebSocket"}},
	{group: "valid", name: "upgrade-upper-case", rule: R.RFC6455_4_2_1_4, want: Switch, set: []string{"Upgrade: WEBSOCKET"}},
	{group: "valid", name: "upgrade-two-protocols", rule: R.AMB_3, want: Switch, set: []string{"Upgrade: websocket, foo/1"}},
	{group: "valid", name: "connection-lower-case", rule: R.RFC6455_4_2_1_5, want: Switch, set: []string{"Connection: upgrade"}},
	{group: "valid", name: "connection-list", rule: R.RFC6455_4_2_1_5, want: Switch, set: []string{"Connection: keep-alive, Upgrade"}},
	{group: "valid", name: "connection-list-upgrade-first", rule: R.RFC6455_4_2_1_5, want: Switch, set: []string{"Connection: Upgrade, keep-alive"}},
	{group: "valid", name: "connection-two-lines", rule: R.RFC9110_5_2_1, want: Switch, set: []string{"Connection: keep-alive"}, add: []string{"Connection: Upgrade"}},
	{group: "valid", name: "connection-empty-elements", rule: R.RFC9110_5_6_1_2_G1, want: Either, set: []string{"Connection: , Upgrade ,"}},
	{group: "valid", name: "names-lower-case", rule: R.RFC6455_4_1_26, want: Switch, raw: "GET $PATH HTTP/1.1\r\nhost: $HOST\r\nupgrade: websocket\r\nconnection: Upgrade\r\nsec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==\r\nsec-websocket-version: 13\r\n\r\n"},
	{group: "valid", name: "names-upper-case", rule: R.RFC6455_4_1_26, want: Switch, raw: "GET $PATH HTTP/1.1\r\nHOST: $HOST\r\nUPGRADE: websocket\r\nCONNECTION: Upgrade\r\nSEC-WEBSOCKET-KEY: dGhlIHNhbXBsZSBub25jZQ==\r\nSEC-WEBSOCKET-VERSION: 13\r\n\r\n"},
	{group: "valid", name: "fields-reordered", rule: R.RFC6455_4_2_1_2, want: Switch, raw: "GET $PATH HTTP/1.1\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nHost: $HOST\r\n\r\n"},
	{group: "valid", name: "ows-around-values", rule: R.RFC9112_5_G1, want: Switch, set: []string{"Upgrade:   websocket  ", "Connection:\tUpgrade\t"}},
	{group: "valid", name: "no-ows", rule: R.RFC9112_5_G1, want: Switch, set: []string{"Upgrade:websocket", "Connection:Upgrade"}},
	{group: "valid", name: "key-ows", rule: R.RFC6455_4_2_1_6, want: Switch, set: []string{"Sec-WebSocket-Key:   dGhlIHNhbXBsZSBub25jZQ==  "}},
	{group: "valid", name: "key-other-nonce", rule: R.RFC6455_4_2_1_6, want: Switch, set: []string{"Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA=="}},
	{group: "valid", name: "key-plus-slash", rule: R.RFC6455_4_2_1_6, want: Switch, set: []string{"Sec-WebSocket-Key: ++++////++++////++++/w=="}},
	{group: "valid", name: "version-ows", rule: R.RFC6455_4_2_1_7, want: Switch, set: []string{"Sec-WebSocket-Version:  13 "}},
	{group: "valid", name: "absolute-form-target", rule: R.RFC6455_4_2_1_2, want: Switch, start: "GET http://" + HostPlaceholder + PathPlaceholder + " HTTP/1.1"},
	{group: "valid", name: "query-string", rule: R.RFC6455_4_2_1_2, want: Switch, start: "GET " + PathPlaceholder + "?a=1&b=two HTTP/1.1"},
	{group: "valid", name: "extra-fields", rule: R.RFC6455_4_1_17, want: Switch, add: []string{"User-Agent: switchyard-suite", "Cookie: a=b", "Accept: */*", "Pragma: no-cache"}},
	{group: "valid", name: "origin", rule: R.RFC6455_4_2_1_8, want: Switch, add: []string{"Origin: http://" + HostPlaceholder}},
	{group: "valid", name: "subprotocol-one", rule: R.RFC6455_4_2_2_6, want: Switch, add: []string{"Sec-WebSocket-Protocol: chat"}},
	{group: "valid", name: "subprotocol-two-lines", rule: R.RFC9110_5_2_1, want: Switch, add: []string{"Sec-WebSocket-Protocol: chat", "Sec-WebSocket-Protocol: superchat"}},
	{group: "valid", name: "subprotocol-unknown", rule: R.RFC6455_4_2_2_6, want: Switch, add: []string{"Sec-WebSocket-Protocol: x-unknown"}},
	{group: "valid", name: "subprotocol-case-differs", rule: R.RFC6455_4_2_2_6, want: Switch, add: []string{"Sec-WebSocket-Protocol: Chat, chat"}},
	{group: "valid", name: "deflate", rule: R.RFC6455_4_2_2_7, want: Switch, add: []string{"Sec-WebSocket-Extensions: permessage-deflate"}},
	{group: "valid", name: "deflate-client-max-window-bits", rule: R.RFC6455_4_2_2_7, want: Switch, add: []string{"Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits"}},
	{group: "valid", name: "deflate-browser-offer", rule: R.RFC6455_4_2_2_7, want: Switch, add: []string{"Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits; server_no_context_takeover"}},
	{group: "valid", name: "deflate-two-offers", rule: R.RFC6455_4_2_2_7, want: Switch, add: []string{"Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=10, permessage-deflate"}},
	{group: "valid", name: "extension-unknown", rule: R.RFC6455_4_2_2_7, want: Switch, add: []string{"Sec-WebSocket-Extensions: x-switchyard-unknown"}},
	{group: "valid", name: "extension-unknown-then-deflate", rule: R.RFC6455_4_2_2_7, want: Switch, add: []string{"Sec-WebSocket-Extensions: x-foo; bar=1, permessage-deflate"}},
	{group: "valid", name: "deflate-bad-param-declined", rule: R.RFC7692_7_2, want: Either, add: []string{"Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=7"}},
	{group: "valid", name: "host-without-port", rule: R.RFC6455_4_2_1_3, want: Switch, set: []string{"Host: localhost"}},
	{group: "valid", name: "connection-close-too", rule: R.AMB_22, want: Switch, set: []string{"Connection: Upgrade, close"}},

	// Request-line faults: refuse.
	{group: "request-line", name: "method-post", rule: R.RFC6455_4_2_1_2, want: Refuse, start: "POST " + PathPlaceholder + " HTTP/1.1"},
	{group: "request-line", name: "method-head", rule: R.RFC6455_4_2_1_2, want: Refuse, start: "HEAD " + PathPlaceholder + " HTTP/1.1"},
	{group: "request-line", name: "method-lower-case", rule: R.RFC9112_3_1_1, want: Refuse, start: "get " + PathPlaceholder + " HTTP/1.1"},
	{group: "request-line", name: "http-1.0", rule: R.RFC6455_4_2_1_2, want: Refuse, start: "GET " + PathPlaceholder + " HTTP/1.0"},
	{group: "request-line", name: "version-lower-case", rule: R.RFC9112_2_3_G1, want: Refuse, start: "GET " + PathPlaceholder + " http/1.1"},
	{group: "request-line", name: "version-two-digits", rule: R.RFC9112_2_3_G1, want: Refuse, start: "GET " + PathPlaceholder + " HTTP/1.10"},
	{group: "request-line", name: "two-spaces", rule: R.RFC9112_3_G1, want: Refuse, start: "GET  " + PathPlaceholder + " HTTP/1.1"},
	{group: "request-line", name: "absolute-form-ws-scheme", rule: R.AMB_27, want: Refuse, start: "GET ws://" + HostPlaceholder + PathPlaceholder + " HTTP/1.1"},

	// Upgrade and Connection.
	{group: "upgrade", name: "missing", rule: R.RFC6455_4_2_1_4, want: NoSwitch, del: []string{"Upgrade"}},
	{group: "upgrade", name: "websockets", rule: R.RFC6455_4_2_1_4, want: NoSwitch, set: []string{"Upgrade: websockets"}},
	{group: "upgrade", name: "versioned", rule: R.AMB_3, want: Refuse, set: []string{"Upgrade: websocket/13"}},
	{group: "upgrade", name: "not-a-token", rule: R.RFC9110_7_8_G3, want: NoSwitch, set: []string{"Upgrade: web socket"}},
	{group: "upgrade", name: "empty", rule: R.RFC6455_4_2_1_4, want: NoSwitch, set: []string{"Upgrade: "}},
	{group: "connection", name: "missing", rule: R.RFC6455_4_2_1_5, want: Refuse, del: []string{"Connection"}},
	{group: "connection", name: "keep-alive-only", rule: R.RFC6455_4_2_1_5, want: Refuse, set: []string{"Connection: keep-alive"}},
	{group: "connection", name: "upgraded", rule: R.RFC6455_4_2_1_5, want: Refuse, set: []string{"Connection: Upgraded"}},
	{group: "connection", name: "close-only", rule: R.RFC6455_4_2_1_5, want: Refuse, set: []string{"Connection: close"}},
	{group: "connection", name: "not-a-token", rule: R.RFC9110_7_6_1_G1, want: Refuse, set: []string{"Connection: Up grade"}},

	// Host.
	{group: "host", name: "missing", rule: R.RFC9112_3_2_3, want: Refuse, del: []string{"Host"}},
	{group: "host", name: "twice", rule: R.RFC9112_3_2_3, want: Refuse, add: []string{"Host: other.example"}},
	{group: "host", name: "empty", rule: R.RFC6455_4_2_1_3, want: Refuse, set: []string{"Host: "}},
	{group: "host", name: "space-inside", rule: R.RFC9112_3_2_3, want: Refuse, set: []string{"Host: exa mple.com"}},

	// Sec-WebSocket-Key.
	{group: "key", name: "missing", rule: R.RFC6455_4_2_1_6, want: Refuse, del: []string{"Sec-WebSocket-Key"}},
	{group: "key", name: "empty", rule: R.RFC6455_4_3_G1, want: Refuse, set: []string{"Sec-WebSocket-Key: "}},
	{group: "key", name: "10-octets", rule: R.RFC6455_4_2_1_6, want: Refuse, set: []string{"Sec-WebSocket-Key: dGhlIHNhbXBsZQ=="}},
	{group: "key", name: "3-octets", rule: R.RFC6455_4_2_1_6, want: Refuse, set: []string{"Sec-WebSocket-Key: AAAA"}},
	{group: "key", name: "32-octets", rule: R.RFC6455_4_2_1_6, want: Refuse, set: []string{"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZWRHaGxJSE5oYlhCc1pTQnU="}},
	{group: "key", name: "padding-missing", rule: R.RFC6455_4_3_G2, want: Refuse, set: []string{"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ"}},
	{group: "key", name: "trailing-garbage", rule: R.RFC6455_4_3_G2, want: Refuse, set: []string{"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==x"}},
	{group: "key", name: "not-base64", rule: R.RFC6455_4_3_G5, want: Refuse, set: []string{"Sec-WebSocket-Key: !!!!!!!!!!!!!!!!!!!!!!=="}},
	{group: "key", name: "base64url", rule: R.RFC6455_4_3_G5, want: Refuse, set: []string{"Sec-WebSocket-Key: --__--__--__--__--__-w=="}},
	{group: "key", name: "inner-space", rule: R.AMB_12, want: Refuse, set: []string{"Sec-WebSocket-Key: dGhlIHNhbXBs ZSBub25jZQ=="}},
	{group: "key", name: "twice-same", rule: R.RFC6455_11_3_1_1, want: Refuse, add: []string{"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=="}},
	{group: "key", name: "twice-different", rule: R.RFC6455_11_3_1_1, want: Refuse, add: []string{"Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA=="}},

	// Sec-WebSocket-Version.
	{group: "version", name: "missing", rule: R.RFC6455_4_2_1_7, want: Refuse, del: []string{"Sec-WebSocket-Version"}},
	{group: "version", name: "8", rule: R.RFC6455_4_2_1_7, want: Refuse, set: []string{"Sec-WebSocket-Version: 8"}},
	{group: "version", name: "12", rule: R.RFC6455_4_2_1_7, want: Refuse, set: []string{"Sec-WebSocket-Version: 12"}},
	{group: "version", name: "14", rule: R.RFC6455_4_2_1_7, want: Refuse, set: []string{"Sec-WebSocket-Version: 14"}},
	{group: "version", name: "0", rule: R.RFC6455_4_2_1_7, want: Refuse, set: []string{"Sec-WebSocket-Version: 0"}},
	{group: "version", name: "leading-zero", rule: R.RFC6455_4_3_G12, want: Refuse, set: []string{"Sec-WebSocket-Version: 013"}},
	{group: "version", name: "256", rule: R.AMB_10, want: Refuse, set: []string{"Sec-WebSocket-Version: 256"}},
	{group: "version", name: "list", rule: R.RFC6455_4_3_G9, want: Refuse, set: []string{"Sec-WebSocket-Version: 13, 8"}},
	{group: "version", name: "not-a-number", rule: R.RFC6455_4_3_G12, want: Refuse, set: []string{"Sec-WebSocket-Version: thirteen"}},
	{group: "version", name: "empty", rule: R.RFC6455_4_3_G12, want: Refuse, set: []string{"Sec-WebSocket-Version: "}},
	{group: "version", name: "twice", rule: R.RFC6455_11_3_5_1, want: Refuse, add: []string{"Sec-WebSocket-Version: 13"}},

	// Sec-WebSocket-Protocol and -Extensions.
	{group: "subprotocol", name: "duplicate", rule: R.RFC6455_4_1_15, want: Refuse, add: []string{"Sec-WebSocket-Protocol: chat, chat"}},
	{group: "subprotocol", name: "not-a-token", rule: R.RFC6455_4_3_G7, want: Refuse, add: []string{"Sec-WebSocket-Protocol: ch@t"}},
	{group: "subprotocol", name: "only-commas", rule: R.RFC6455_4_3_G7, want: Refuse, add: []string{"Sec-WebSocket-Protocol: , ,"}},
	{group: "extensions", name: "double-semicolon", rule: R.RFC6455_9_1_G3, want: Refuse, add: []string{"Sec-WebSocket-Extensions: permessage-deflate;;"}},
	{group: "extensions", name: "quoted-name", rule: R.RFC6455_9_1_G2, want: Refuse, add: []string{"Sec-WebSocket-Extensions: \"permessage-deflate\""}},
	{group: "extensions", name: "bad-param-value", rule: R.RFC6455_9_1_2, want: Refuse, add: []string{"Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=\"1 0\""}},

	// Framing and bodies: a handshake has no body (AMB-23).
	{group: "framing", name: "content-length-body", rule: R.AMB_23, want: Refuse, add: []string{"Content-Length: 5"}, body: "hello"},
	{group: "framing", name: "chunked-body", rule: R.AMB_23, want: Refuse, add: []string{"Transfer-Encoding: chunked"}, body: "5\r\nhello\r\n0\r\n\r\n"},
	{group: "framing", name: "content-length-and-chunked", rule: R.STRICT_6, want: Refuse, add: []string{"Content-Length: 5", "Transfer-Encoding: chunked"}, body: "0\r\n\r\n"},
	{group: "framing", name: "content-length-not-a-number", rule: R.RFC9112_6_3_3, want: Refuse, add: []string{"Content-Length: five"}},
	{group: "framing", name: "content-length-zero", rule: R.AMB_23, want: Switch, add: []string{"Content-Length: 0"}},
	{group: "framing", name: "expect-continue", rule: R.AMB_35, want: Refuse, add: []string{"Expect: 100-continue"}},

	// Field syntax.
	{group: "syntax", name: "space-before-colon", rule: R.RFC9112_5_1_1, want: Refuse, set: []string{"Upgrade : websocket"}, del: []string{"Upgrade"}},
	{group: "syntax", name: "obs-fold", rule: R.AMB_31, want: Refuse, set: []string{"Connection:\r\n Upgrade"}},
	{group: "syntax", name: "bare-lf", rule: R.STRICT_2, want: Refuse, raw: "GET $PATH HTTP/1.1\nHost: $HOST\nUpgrade: websocket\nConnection: Upgrade\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\nSec-WebSocket-Version: 13\n\n"},
	{group: "syntax", name: "nul-in-value", rule: R.STRICT_3, want: Refuse, add: []string{"X-Test: a\x00b"}},
	{group: "syntax", name: "ctl-in-value", rule: R.STRICT_3, want: Refuse, add: []string{"X-Test: a\x01b"}},
	{group: "syntax", name: "name-not-a-token", rule: R.RFC9110_5_1_G1, want: Refuse, add: []string{"X(Test): 1"}},
	{group: "syntax", name: "leading-whitespace-line", rule: R.RFC9112_2_2_6, want: Refuse, raw: "GET $PATH HTTP/1.1\r\n Host: $HOST\r\nHost: $HOST\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"},

	// Limits (Switchyard policy; the RFC only asks for bounded buffers).
	{group: "limits", name: "head-over-16KiB", rule: R.LIMIT_1, want: Refuse, add: []string{"X-Big: " + bigValue}},
	{group: "limits", name: "120-fields", rule: R.LIMIT_2, want: Refuse, add: manyFields},

	// Other upgrades sent to a WebSocket server.
	{group: "other-upgrade", name: "h2c", rule: R.RFC7540_3_2_1, want: Either, raw: "GET $PATH HTTP/1.1\r\nHost: $HOST\r\nUpgrade: h2c\r\nConnection: Upgrade, HTTP2-Settings\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n"},
	{group: "other-upgrade", name: "h2c-no-settings", rule: R.RFC7540_3_2_1_1, want: NoSwitch, raw: "GET $PATH HTTP/1.1\r\nHost: $HOST\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n"},
	{group: "other-upgrade", name: "tls", rule: R.RFC2817_3_1, want: Either, raw: "OPTIONS * HTTP/1.1\r\nHost: $HOST\r\nUpgrade: TLS/1.0\r\nConnection: Upgrade\r\n\r\n"},
	{group: "other-upgrade", name: "unknown-protocol", rule: R.RFC9110_7_8_6, want: NoSwitch, raw: "GET $PATH HTTP/1.1\r\nHost: $HOST\r\nUpgrade: foo/2\r\nConnection: Upgrade\r\n\r\n"},
	{group: "other-upgrade", name: "plain-get", rule: R.RFC9110_7_8_6, want: NoSwitch, raw: "GET $PATH HTTP/1.1\r\nHost: $HOST\r\n\r\n"},
}

var bigValue = func() string {
	b := make([]byte, 17<<10)
	for i := range b {
		b[i] = 'a' + byte(i%26)
	}
	return string(b)
}()

var manyFields = func() []string {
	out := make([]string, 120)
	for i := range out {
		out[i] = "X-Field-" + string(rune('a'+i/26%26)) + string(rune('a'+i%26)) + ": 1"
	}
	return out
}()
