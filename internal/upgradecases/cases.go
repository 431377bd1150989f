// Package upgradecases holds the hand-written requests a server of the
// other upgrade protocols is tested with: h2c (RFC 7540 §3.2) and TLS/1.0
// (RFC 2817). The conformance suite (fuzzrun suite --protocol) and the
// differential oracle (fuzzrun diff --protocol) share them, so that both
// send a peer the same handshakes; each is tied to the one rule it is
// about, and what the server must do is the strict reference's decision
// on it (package parser), never written here.
package upgradecases

import (
	"bytes"
	"strings"

	"github.com/switchyard/switchyard/judge"
	"github.com/switchyard/switchyard/parser"
	R "github.com/switchyard/switchyard/rules"
)

// The placeholders a request carries until it is bound to a target: the
// target's HOST:PORT and its path (the suite's placeholders).
const (
	Host = "$HOST"
	Path = "$PATH"
)

// Case is one hand-written request to a server of one protocol.
type Case struct {
	// Name is "PROTOCOL/NAME", unique among the cases of a protocol.
	Name string
	// Rule is the catalogue rule the case is about.
	Rule R.ID
	// Request is the raw request head, Host and the request-target
	// holding Host and Path.
	Request string
	// Body is the octets after the head (a body the head announces).
	Body string
}

// h2cSettings is a valid HTTP2-Settings: SETTINGS_MAX_CONCURRENT_STREAMS
// = 100 and SETTINGS_INITIAL_WINDOW_SIZE = 1073807359.
const h2cSettings = "AAMAAABkAARAAP__"

// h2c builds an h2c upgrade: the request-line, then the field lines
// given, each ending in CRLF.
func h2c(start string, fields ...string) string {
	return start + "\r\nHost: " + Host + "\r\n" + strings.Join(fields, "\r\n") + "\r\n\r\n"
}

// h2cWith is the valid h2c upgrade with HTTP2-Settings set to settings.
func h2cWith(settings string) string {
	return h2c("GET "+Path+" HTTP/1.1", "Connection: Upgrade, HTTP2-Settings", "Upgrade: h2c", "HTTP2-Settings: "+settings)
}

// H2C are the h2c cases (RFC 7540 §3.2, §3.2.1, §6.5).
var H2C = []Case{
	{Name: "h2c/valid", Rule: R.RFC7540_3_2_4, Request: h2cWith(h2cSettings)},
	{Name: "h2c/valid-one-setting", Rule: R.RFC7540_3_2_1_5, Request: h2cWith("AAMAAABk")},
	{Name: "h2c/options", Rule: R.RFC7540_3_2_2, Request: h2c("OPTIONS "+Path+" HTTP/1.1", "Connection: Upgrade, HTTP2-Settings", "Upgrade: h2c", "HTTP2-Settings: "+h2cSettings)},
	{Name: "h2c/options-star", Rule: R.RFC7540_3_2_2, Request: h2c("OPTIONS * HTTP/1.1", "Connection: Upgrade, HTTP2-Settings", "Upgrade: h2c", "HTTP2-Settings: "+h2cSettings)},
	{Name: "h2c/post-with-body", Rule: R.RFC7540_3_2_2, Request: h2c("POST "+Path+" HTTP/1.1", "Connection: Upgrade, HTTP2-Settings", "Upgrade: h2c", "HTTP2-Settings: "+h2cSettings, "Content-Length: 5"), Body: "hello"},
	{Name: "h2c/settings-missing", Rule: R.RFC7540_3_2_1_1, Request: h2c("GET "+Path+" HTTP/1.1", "Connection: Upgrade, HTTP2-Settings", "Upgrade: h2c")},
	{Name: "h2c/settings-twice", Rule: R.RFC7540_3_2_1_1, Request: h2c("GET "+Path+" HTTP/1.1", "Connection: Upgrade, HTTP2-Settings", "Upgrade: h2c", "HTTP2-Settings: "+h2cSettings, "HTTP2-Settings: "+h2cSettings)},
	{Name: "h2c/settings-twice-different", Rule: R.RFC7540_3_2_1_1, Request: h2c("GET "+Path+" HTTP/1.1", "Connection: Upgrade, HTTP2-Settings", "Upgrade: h2c", "HTTP2-Settings: "+h2cSettings, "HTTP2-Settings: AAMAAABk")},
	{Name: "h2c/settings-empty", Rule: R.RFC7540_3_2_1_G1, Request: h2cWith("")},
	{Name: "h2c/settings-base64-not-url", Rule: R.RFC7540_3_2_1_4, Request: h2cWith("AARAAP//")},
	{Name: "h2c/settings-not-token68", Rule: R.RFC7540_3_2_1_G1, Request: h2cWith("AAMA!ABk")},
	{Name: "h2c/settings-padded", Rule: R.RFC7540_3_2_1_4, Request: h2cWith("AAMAAABk=")},
	{Name: "h2c/settings-only-padding", Rule: R.RFC7540_3_2_1_G1, Request: h2cWith("====")},
	{Name: "h2c/settings-length-not-6n", Rule: R.RFC7540_6_5_1, Request: h2cWith("AAMAAABkAAQA")},
	{Name: "h2c/settings-enable-push-2", Rule: R.RFC7540_6_5_2_1, Request: h2cWith("AAIAAAAC")},
	{Name: "h2c/settings-window-over-2^31-1", Rule: R.RFC7540_6_5_2_1, Request: h2cWith("AASAAAAA")},
	{Name: "h2c/settings-max-frame-size-0", Rule: R.RFC7540_6_5_2_1, Request: h2cWith("AAUAAAAA")},
	{Name: "h2c/settings-not-in-connection", Rule: R.RFC7540_3_2_1_3, Request: h2c("GET "+Path+" HTTP/1.1", "Connection: Upgrade", "Upgrade: h2c", "HTTP2-Settings: "+h2cSettings)},
	{Name: "h2c/no-upgrade-option", Rule: R.RFC9110_7_8_12, Request: h2c("GET "+Path+" HTTP/1.1", "Connection: HTTP2-Settings", "Upgrade: h2c", "HTTP2-Settings: "+h2cSettings)},
	{Name: "h2c/no-connection", Rule: R.RFC9110_7_8_12, Request: h2c("GET "+Path+" HTTP/1.1", "Upgrade: h2c", "HTTP2-Settings: "+h2cSettings)},
	{Name: "h2c/http-1.0", Rule: R.RFC9110_7_8_13, Request: h2c("GET "+Path+" HTTP/1.0", "Connection: Upgrade, HTTP2-Settings", "Upgrade: h2c", "HTTP2-Settings: "+h2cSettings)},
	{Name: "h2c/h2-instead", Rule: R.RFC7540_3_2_3, Request: h2c("GET "+Path+" HTTP/1.1", "Connection: Upgrade, HTTP2-Settings", "Upgrade: h2", "HTTP2-Settings: "+h2cSettings)},
	{Name: "h2c/h2-then-h2c", Rule: R.RFC7540_3_2_3, Request: h2c("GET "+Path+" HTTP/1.1", "Connection: Upgrade, HTTP2-Settings", "Upgrade: h2, h2c", "HTTP2-Settings: "+h2cSettings)},
	{Name: "h2c/upper-case-token", Rule: R.RFC9110_7_8_3, Request: h2c("GET "+Path+" HTTP/1.1", "Connection: Upgrade, HTTP2-Settings", "Upgrade: H2C", "HTTP2-Settings: "+h2cSettings)},
}

// tls builds a TLS/1.0 upgrade request (RFC 2817 §3.1, §3.2).
func tls(start string, fields ...string) string {
	return start + "\r\nHost: " + Host + "\r\n" + strings.Join(fields, "\r\n") + "\r\n\r\n"
}

// TLS are the TLS/1.0 upgrade cases (RFC 2817).
var TLS = []Case{
	{Name: "tls/mandatory-options-star", Rule: R.RFC2817_3_2_1, Request: tls("OPTIONS * HTTP/1.1", "Upgrade: TLS/1.0", "Connection: Upgrade")},
	{Name: "tls/optional-get", Rule: R.RFC2817_3_1_1, Request: tls("GET "+Path+" HTTP/1.1", "Upgrade: TLS/1.0", "Connection: Upgrade")},
	{Name: "tls/stack-tls-then-http", Rule: R.RFC2817_3_3_1, Request: tls("OPTIONS * HTTP/1.1", "Upgrade: TLS/1.0, HTTP/1.1", "Connection: Upgrade")},
	{Name: "tls/token-lower-case", Rule: R.RFC9110_7_8_3, Request: tls("OPTIONS * HTTP/1.1", "Upgrade: tls/1.0", "Connection: Upgrade")},
	{Name: "tls/no-upgrade-option", Rule: R.RFC2817_3_1_2, Request: tls("OPTIONS * HTTP/1.1", "Upgrade: TLS/1.0", "Connection: keep-alive")},
	{Name: "tls/no-connection", Rule: R.RFC2817_3_1_2, Request: tls("OPTIONS * HTTP/1.1", "Upgrade: TLS/1.0")},
	{Name: "tls/http-1.0", Rule: R.RFC9110_7_8_13, Request: tls("OPTIONS * HTTP/1.0", "Upgrade: TLS/1.0", "Connection: Upgrade")},
	{Name: "tls/get-http-1.0", Rule: R.RFC9110_7_8_13, Request: tls("GET "+Path+" HTTP/1.0", "Upgrade: TLS/1.0", "Connection: Upgrade")},
	{Name: "tls/unversioned", Rule: R.RFC2817_7_2_1, Request: tls("OPTIONS * HTTP/1.1", "Upgrade: TLS", "Connection: Upgrade")},
	{Name: "tls/other-version", Rule: R.RFC2817_7_2_1, Request: tls("OPTIONS * HTTP/1.1", "Upgrade: TLS/1.3", "Connection: Upgrade")},
}

// For returns the cases of protocol (judge.H2C or judge.TLS), nil for any
// other.
func For(protocol string) []Case {
	switch protocol {
	case judge.H2C:
		return H2C
	case judge.TLS:
		return TLS
	}
	return nil
}

// Offers reports whether a request (a head, possibly followed by its
// body) offers protocol in an Upgrade field line: a server of that
// protocol is the one to test it on. The field lines are read as text, so
// that a request whose Upgrade is malformed still counts. For h2c, "h2"
// counts too: an h2c server is the one that must ignore it (RFC 7540
// §3.2). For tls, TLS of any version counts (RFC 2817 §7.2). For
// websocket (or ""), every request counts: that is the suite's and the
// oracle's own set.
func Offers(msg []byte, protocol string) bool {
	var names []string
	switch protocol {
	case "", judge.WebSocket:
		return true
	case judge.H2C:
		names = []string{"h2c", "h2"}
	case judge.TLS:
		names = []string{"tls"}
	default:
		return false
	}
	head := msg
	if end := parser.HeadEnd(msg); end >= 0 {
		head = msg[:end]
	}
	lines := bytes.Split(head, []byte("\n"))
	for _, l := range lines[min(1, len(lines)):] {
		name, value, ok := bytes.Cut(l, []byte(":"))
		if !ok || !strings.EqualFold(strings.TrimRight(string(name), " \t"), "Upgrade") {
			continue
		}
		for _, tok := range strings.FieldsFunc(string(value), func(r rune) bool {
			return r == ',' || r == ' ' || r == '\t' || r == '\r' || r == ';'
		}) {
			tok, _, _ = strings.Cut(tok, "/")
			for _, n := range names {
				if strings.EqualFold(tok, n) {
					return true
				}
			}
		}
	}
	return false
}
