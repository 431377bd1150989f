package parser_test

import (
	"bytes"
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"math/rand"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/rules"
)

// chromiumReq is the handshake headless Chromium sends (captured shape:
// Origin, permessage-deflate with client_max_window_bits, User-Agent,
// Cache-Control, Pragma ...).
const chromiumReq = "GET /chat HTTP/1.1\n" +
	"Host: 127.0.0.1:8080\n" +
	"Connection: Upgrade\n" +
	"Pragma: no-cache\n" +
	"Cache-Control: no-cache\n" +
	"User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36\n" +
	"Upgrade: websocket\n" +
	"Origin: http://127.0.0.1:8080\n" +
	"Sec-WebSocket-Version: 13\n" +
	"Accept-Encoding: gzip, deflate, br, zstd\n" +
	"Accept-Language: en-US,en;q=0.9\n" +
	"Sec-WebSocket-Key: AQIDBAUGBwgJCgsMDQ4PEA==\n" +
	"Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\n\n"

// TestRFC6455Example checks the opening handshake of RFC 6455 §1.2 and
// §1.3, the Accept value §1.3 computes, and what the client then has in use
// (RFC 6455 §4.1: Subprotocol In Use, Extensions In Use).
func TestRFC6455Example(t *testing.T) {
	req := parser.ParseRequest(crlf(wsReq))
	if !req.Valid(true) || !req.Conforming() {
		t.Fatalf("RFC 6455 §1.2 request: %v", ruleList(&req.Verdict))
	}
	if len(req.Switchable) != 1 || string(req.Switchable[0].Name) != "websocket" {
		t.Fatalf("Switchable = %v; want [websocket]", req.Switchable)
	}
	if got := parser.Accept("dGhlIHNhbXBsZSBub25jZQ=="); got != "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=" {
		t.Errorf("Accept = %q; want the RFC 6455 §1.3 value", got)
	}
	resp := parser.ParseResponse(crlf(wsResp), req)
	if !resp.Valid(true) || !resp.Switched {
		t.Fatalf("RFC 6455 §1.3 response: switched %v, %v", resp.Switched, ruleList(&resp.Verdict))
	}
	if string(resp.Subprotocol) != "chat" || len(resp.Extensions) != 1 || string(resp.Extensions[0].Name) != "permessage-deflate" {
		t.Errorf("in use: subprotocol %q, extensions %d", resp.Subprotocol, len(resp.Extensions))
	}
}

// TestRFC9110UpgradeExample parses the hypothetical exchange of RFC 9110
// §7.8. It names websocket without the RFC 6455 fields, so a WebSocket
// server must refuse it (RFC 6455 §4.2.1) and a WebSocket client must Fail
// on its 101, which has no Sec-WebSocket-Accept (RFC 6455 §4.1).
func TestRFC9110UpgradeExample(t *testing.T) {
	req := parser.ParseRequest(crlf("GET /hello HTTP/1.1\nHost: www.example.com\nConnection: upgrade\nUpgrade: websocket, IRC/6.9, RTA/x11\n\n"))
	if n := len(req.Upgrade); n != 3 || req.Upgrade[1].String() != "IRC/6.9" || req.Upgrade[2].String() != "RTA/x11" {
		t.Fatalf("Upgrade = %v", req.Upgrade)
	}
	if !req.Has(rules.RFC6455_4_2_1_6) || req.Valid(false) {
		t.Errorf("want the missing key refused: %v", ruleList(&req.Verdict))
	}
	resp := parser.ParseResponse(crlf("HTTP/1.1 101 Switching Protocols\nConnection: upgrade\nUpgrade: websocket\n\n"), req)
	if !resp.Has(rules.RFC6455_4_1_22) || resp.Switched {
		t.Errorf("want the 101 without Accept failed: %v", ruleList(&resp.Verdict))
	}
}

// TestRFC7540Example checks the h2c upgrade of RFC 7540 §3.2 with a real
// SETTINGS payload (MAX_CONCURRENT_STREAMS=100, INITIAL_WINDOW_SIZE=2^30).
func TestRFC7540Example(t *testing.T) {
	req := parser.ParseRequest(crlf(h2cReq))
	if !req.Valid(true) || !req.Conforming() || len(req.Switchable) != 1 {
		t.Fatalf("h2c request: switchable %v, %v", req.Switchable, ruleList(&req.Verdict))
	}
	want := []parser.Setting{{ID: 3, Value: 100}, {ID: 4, Value: 1 << 30}}
	if len(req.H2C.Settings) != 2 || req.H2C.Settings[0] != want[0] || req.H2C.Settings[1] != want[1] {
		t.Errorf("settings = %v; want %v", req.H2C.Settings, want)
	}
	if got := string(parser.AppendHTTP2Settings(nil, want)); got != "AAMAAABkAARAAAAA" {
		t.Errorf("AppendHTTP2Settings = %q", got)
	}
	if len(req.Warnings) == 0 || req.Warnings[0].Rule != rules.RFC9113_3_1_1 {
		t.Errorf("want the RFC 9113 deprecation warning, got %v", req.Warnings)
	}
	resp := parser.ParseResponse(crlf(h2cResp), req)
	if !resp.Switched || !resp.Valid(true) {
		t.Errorf("h2c 101: %v", ruleList(&resp.Verdict))
	}
}

// TestRFC2817Examples checks the mandatory TLS upgrade of RFC 2817 §3.2,
// the server's 101 of §3.3 and the 426 of §4.2.
func TestRFC2817Examples(t *testing.T) {
	req := parser.ParseRequest(crlf(tlsReq))
	if !req.Valid(true) || !req.TLS || len(req.Switchable) != 1 || req.Switchable[0].String() != "TLS/1.0" {
		t.Fatalf("OPTIONS * upgrade: TLS %v switchable %v %v", req.TLS, req.Switchable, ruleList(&req.Verdict))
	}
	resp := parser.ParseResponse(crlf(tlsResp), req)
	if !resp.Switched || !resp.Valid(true) {
		t.Errorf("101 TLS/1.0, HTTP/1.1: %v", ruleList(&resp.Verdict))
	}
	r426 := parser.ParseResponse(crlf("HTTP/1.1 426 Upgrade Required\nUpgrade: TLS/1.0, HTTP/1.1\nConnection: Upgrade\n\n"), nil)
	if !r426.Valid(true) || !r426.Conforming() {
		t.Errorf("426: %v", ruleList(&r426.Verdict))
	}
	noConn := parser.ParseRequest(crlf(r(tlsReq, "Connection: Upgrade\n", "")))
	if len(noConn.Switchable) != 0 {
		t.Errorf("TLS upgrade without the connection option is switchable")
	}
}

// TestByteClasses sweeps all 256 octets through each byte class, against
// predicates written straight from the ABNF (RFC 9110 §5.6.2, §5.5, §5.6.4;
// RFC 6455 §4.3 base64-character; RFC 4648 §5).
func TestByteClasses(t *testing.T) {
	isAlpha := func(b byte) bool { return 'A' <= b && b <= 'Z' || 'a' <= b && b <= 'z' }
	isDigit := func(b byte) bool { return '0' <= b && b <= '9' }
	vchar := func(b byte) bool { return 0x21 <= b && b <= 0x7e }
	for i := 0; i < 256; i++ {
		b := byte(i)
		tchar := isAlpha(b) || isDigit(b) || strings.IndexByte("!#$%&'*+-.^_`|~", b) >= 0 && b != 0
		name := []byte{'X', b}
		h := parser.ParseRequest(append(append([]byte("GET / HTTP/1.1\r\nHost: a\r\n"), name...), ": v\r\n\r\n"...))
		if got := !h.Has(rules.RFC9110_5_1_G1) && !h.Has(rules.RFC9112_5_G1) && !h.Has(rules.RFC9112_5_1_1) && b != ':' && b != '\r' && b != '\n'; got != tchar && b != ':' && b != '\n' && b != '\r' {
			t.Errorf("octet %#02x in a field name: accepted %v, tchar %v", b, got, tchar)
		}
		// field-vchar / SP / HTAB (obs-text included) pass; controls do not.
		okValue := vchar(b) || b >= 0x80 || b == ' ' || b == '\t'
		v := parser.ParseRequest([]byte("GET / HTTP/1.1\r\nHost: a\r\nX-Y: a" + string([]byte{b}) + "b\r\n\r\n"))
		if b != '\n' && v.Valid(true) != okValue {
			t.Errorf("octet %#02x inside a field value: strict-valid %v, field-vchar %v", b, v.Valid(true), okValue)
		}
		// base64-character in a key (position 0 of a valid key).
		key := []byte("dGhlIHNhbXBsZSBub25jZQ==")
		key[0] = b
		k := parser.ParseRequest([]byte(strings.Replace(string(crlf(wsReq)), "dGhlIHNhbXBsZSBub25jZQ==", string(key), 1)))
		isB64 := isAlpha(b) || isDigit(b) || b == '+' || b == '/'
		if b != '\n' && b != '\r' && b != ' ' && b != '\t' && k.Valid(true) != isB64 {
			t.Errorf("octet %#02x in Sec-WebSocket-Key: strict-valid %v, base64-character %v", b, k.Valid(true), isB64)
		}
	}
}

// TestAccept checks Sec-WebSocket-Accept against SHA-1 and base64 computed
// independently, for the RFC vectors and random 16-octet keys (RFC 6455
// §4.2.2 step 5.4).
func TestAccept(t *testing.T) {
	ref := func(key string) string {
		sum := sha1.Sum([]byte(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
		return base64.StdEncoding.EncodeToString(sum[:])
	}
	keys := []string{"dGhlIHNhbXBsZSBub25jZQ==", "AQIDBAUGBwgJCgsMDQ4PEA==", strings.Repeat("A", 100)}
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 200; i++ {
		var nonce [16]byte
		rng.Read(nonce[:])
		keys = append(keys, base64.StdEncoding.EncodeToString(nonce[:]))
	}
	for _, k := range keys {
		if got, want := parser.Accept(k), ref(k); got != want {
			t.Errorf("Accept(%q) = %q; want %q", k, got, want)
		}
	}
}

// TestQuotedString checks quoted-string parameter values (RFC 9110 §5.6.4):
// a quoted-pair stands for the octet after the backslash, and the unescaped
// value must be a token (RFC 6455 §9.1).
func TestQuotedString(t *testing.T) {
	ok := parser.ParseRequest(crlf(r(wsReq, "server_max_window_bits=10", "server_max_window_bits=\"1\\0\"")))
	if !ok.Valid(true) {
		t.Fatalf("quoted-pair: %v", ruleList(&ok.Verdict))
	}
	if p := ok.WebSocket.Extensions[0].Param("server_max_window_bits"); p == nil || string(p.Value) != "10" || !p.Quoted {
		t.Errorf("unescaped value = %+v; want 10", p)
	}
	for _, c := range []struct {
		val  string
		rule rules.ID
	}{
		{"\"a\\\"b\"", rules.RFC6455_9_1_2},  // unescapes to a"b
		{"\"a\\\x00\"", rules.RFC6455_9_1_2}, // quoted-pair of NUL (RFC 9110 §5.6.4-G3): repaired to SP, "a " is no token
		{"\"a\x7fb\"", rules.RFC9110_5_6_4_G2},
		{"\"a\\\x01\"", rules.RFC9110_5_6_4_G3},      // DEL is not qdtext
		{"\"\"", rules.RFC6455_9_1_2},                // empty is not a token
		{"\"10", rules.RFC9110_5_6_4_G1},             // unterminated
		{"\"a,b\"", rules.RFC6455_9_1_2},             // RULES.md's example
		{"\"a\\", rules.RFC9110_5_6_4_G1},            // backslash at the end
		{"\"\xe9\"", rules.RFC6455_9_1_2},            // obs-text is qdtext but not a token
		{"\"a b\"", rules.RFC6455_9_1_2},             // SP is qdtext but not a token
		{"\"x\"y", rules.RFC6455_9_1_G2},             // junk after the closing quote
		{"\"x\" ; \"y\"", rules.RFC6455_9_1_G3},      // a quoted parameter name
		{"\"x\",, permessage-deflate", ""},           // empty elements are allowed (RFC 2616 #rule)
		{"\"x\"\t;\tclient_no_context_takeover", ""}, // HTAB around ';' (AMB-13)
		{" 10 ; server_no_context_takeover  ", ""},   // SP around '=' and ';' (AMB-13)
		{"10 ;client_no_context_takeover,x-ext", ""}, // a second extension
		{"10; client_no_context_takeover=\"x\"", ""}, // a value on a flag: declined, not refused
	} {
		req := parser.ParseRequest(crlf(r(wsReq, "server_max_window_bits=10", "server_max_window_bits="+c.val)))
		if c.rule == "" {
			if !req.Valid(false) {
				t.Errorf("%q: %v; want valid", c.val, ruleList(&req.Verdict))
			}
			continue
		}
		if !req.Has(c.rule) || req.Valid(false) {
			t.Errorf("%q: %v; want %s and refused", c.val, ruleList(&req.Verdict), c.rule)
		}
	}
}

// TestLists checks the #list rules (RFC 9110 §5.6.1): a recipient ignores
// empty elements, which a sender must not generate, and a 1# list needs one
// non-empty element.
func TestLists(t *testing.T) {
	req := parser.ParseRequest(crlf(r(wsReq, "Connection: Upgrade", "Connection: foo ,Upgrade,")))
	if !req.Valid(true) || req.Conforming() || len(req.Connection) != 2 {
		t.Errorf("'foo ,Upgrade,': valid %v conforming %v options %d", req.Valid(true), req.Conforming(), len(req.Connection))
	}
	req = parser.ParseRequest(crlf(r(wsReq, "Connection: Upgrade", "Connection: foo , ,Upgrade,charlie")))
	if !req.Valid(true) || len(req.Connection) != 3 {
		t.Errorf("'foo , ,Upgrade,charlie': %v, %d options", ruleList(&req.Verdict), len(req.Connection))
	}
	for _, v := range []string{",", ",   ,"} {
		req = parser.ParseRequest(crlf(r(wsReq, "chat, superchat", v)))
		if !req.Has(rules.RFC6455_4_3_G7) {
			t.Errorf("Sec-WebSocket-Protocol: %q: %v; want RFC6455-4.3-G7", v, ruleList(&req.Verdict))
		}
	}
	// An empty Upgrade is a valid #list (RFC 9110) but offers nothing (AMB-28).
	req = parser.ParseRequest(crlf(r(wsReq, "Upgrade: websocket", "Upgrade:")))
	if req.WebSocket.Offered || req.Valid(false) {
		t.Errorf("empty Upgrade: offered %v, %v", req.WebSocket.Offered, ruleList(&req.Verdict))
	}
	// protocol = protocol-name ["/" protocol-version] (RFC 9110 §7.8, RFC 2817 §7.2).
	req = parser.ParseRequest(crlf("OPTIONS * HTTP/1.1\nHost: a\nConnection: upgrade\nUpgrade: TLS/1.0, foo, bar/x-1\n\n"))
	if len(req.Upgrade) != 3 || req.Upgrade[0].String() != "TLS/1.0" || req.Upgrade[2].String() != "bar/x-1" || !req.Valid(true) {
		t.Errorf("Upgrade list = %v, %v", req.Upgrade, ruleList(&req.Verdict))
	}
	for _, bad := range []string{"/13", "web socket", "websocket/", "a/b/c"} {
		req = parser.ParseRequest(crlf(r(tlsReq, "TLS/1.0", bad)))
		if req.Valid(false) {
			t.Errorf("Upgrade: %s accepted", bad)
		}
	}
}

// TestCombinedLines checks that field lines with the same name combine in
// order (RFC 9110 §5.2, RFC 6455 §9.1, AMB-5).
func TestCombinedLines(t *testing.T) {
	req := parser.ParseRequest(crlf(r(r(wsReq, "Upgrade: websocket", "Upgrade: foo\nUpgrade: websocket"),
		"Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits; server_max_window_bits=10",
		"Sec-WebSocket-Extensions: x-first\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\nSec-WebSocket-Protocol: third")))
	if !req.Valid(true) {
		t.Fatalf("split lines: %v", ruleList(&req.Verdict))
	}
	if len(req.Upgrade) != 2 || string(req.Upgrade[1].Name) != "websocket" {
		t.Errorf("Upgrade = %v", req.Upgrade)
	}
	exts := req.WebSocket.Extensions
	if len(exts) != 2 || string(exts[0].Name) != "x-first" || len(exts[1].Params) != 1 {
		t.Errorf("extensions in order = %d", len(exts))
	}
	if ps := req.WebSocket.Protocols; len(ps) != 3 || string(ps[2].Value) != "third" {
		t.Errorf("protocols = %v", ps)
	}
	// A response may split Sec-WebSocket-Extensions too (erratum 3433, AMB-5).
	resp := parser.ParseResponse(crlf(r(r(wsResp, "Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=10", "Sec-WebSocket-Extensions: permessage-deflate\nSec-WebSocket-Extensions: x-first"), "Sec-WebSocket-Protocol: chat\n", "")), req)
	if !resp.Valid(true) || len(resp.Extensions) != 2 {
		t.Errorf("split response extensions: %v", ruleList(&resp.Verdict))
	}
}

// TestCaseInsensitive checks the comparisons STRICT-4 makes
// case-insensitive: field names (RFC 9110 §5.1, RFC 6455 §4.1), connection
// options (RFC 9110 §7.6.1), the protocol-name (RFC 9110 §16.7, AMB-1).
func TestCaseInsensitive(t *testing.T) {
	req := parser.ParseRequest(crlf("GET /chat HTTP/1.1\nhost: a\nUPGRADE: WebSocket\nconnection: keep-alive, UPGRADE\nsec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==\nSEC-WEBSOCKET-VERSION: 13\n\n"))
	if !req.Valid(true) || len(req.Switchable) != 1 {
		t.Fatalf("mixed case: %v", ruleList(&req.Verdict))
	}
	resp := parser.ParseResponse(crlf("HTTP/1.1 101 Switching Protocols\nupgrade: WEBSOCKET\nCONNECTION: upgrade\nsec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\n\n"), req)
	if !resp.Switched {
		t.Errorf("mixed-case 101: %v", ruleList(&resp.Verdict))
	}
	// Substrings never match (AMB-2).
	req = parser.ParseRequest(crlf(r(wsReq, "Connection: Upgrade", "Connection: upgrade-insecure")))
	if req.Valid(false) {
		t.Error("Connection: upgrade-insecure accepted as upgrade")
	}
	if got := parser.CanonicalName("sec-websocket-key"); got != "Sec-WebSocket-Key" {
		t.Errorf("CanonicalName = %q", got)
	}
}

// TestFieldValueOWS checks that OWS around a field value is not part of it
// (RFC 9110 §5.5, RFC 9112 §5.1).
func TestFieldValueOWS(t *testing.T) {
	req := parser.ParseRequest(crlf(r(r(wsReq, "Upgrade: websocket", "Upgrade:\t websocket \t"), "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Key:dGhlIHNhbXBsZSBub25jZQ==  ")))
	if !req.Valid(true) || string(req.WebSocket.Key) != "dGhlIHNhbXBsZSBub25jZQ==" {
		t.Errorf("OWS: key %q, %v", req.WebSocket.Key, ruleList(&req.Verdict))
	}
}

// TestRepairs checks what a lenient recipient sees after replacing obs-fold,
// bare CR and NUL with SP (RFC 9112 §5.2, §2.2; RFC 9110 §5.5): the repaired
// field is validated again, and strict policy refuses the message anyway.
func TestRepairs(t *testing.T) {
	// A fold inside a list: repaired to "chat,   superchat", still valid.
	req := parser.ParseRequest(crlf(r(wsReq, "chat, superchat", "chat,\n  superchat")))
	if !req.Valid(false) || req.Valid(true) || len(req.WebSocket.Protocols) != 2 {
		t.Errorf("folded list: lenient %v strict %v protocols %d", req.Valid(false), req.Valid(true), len(req.WebSocket.Protocols))
	}
	// A fold inside a token: repaired to "web   socket", which is not one.
	req = parser.ParseRequest(crlf(r(wsReq, "Upgrade: websocket", "Upgrade: web\n socket")))
	if req.Valid(false) || !req.Has(rules.RFC9110_7_8_G3) {
		t.Errorf("folded token: %v; want refused even when repaired", ruleList(&req.Verdict))
	}
	// NUL replaced by SP inside a list: "Upgrade, x" stays valid.
	req = parser.ParseRequest(crlf(r(wsReq, "Connection: Upgrade", "Connection: Upgrade,\x00x")))
	if !req.Valid(false) || req.Valid(true) {
		t.Errorf("NUL: lenient %v strict %v", req.Valid(false), req.Valid(true))
	}
	// The same in a response: a user agent MUST replace the fold (RFC 9112 §5.2).
	resp := parser.ParseResponse(crlf(r(wsResp, "Connection: Upgrade", "Connection:\n Upgrade")), parser.ParseRequest(crlf(wsReq)))
	if !resp.Valid(false) || resp.Valid(true) {
		t.Errorf("folded 101: lenient %v strict %v: %v", resp.Valid(false), resp.Valid(true), ruleList(&resp.Verdict))
	}
	// Repairs keep lengths, so offsets still point into the input.
	in := crlf(r(wsReq, "Origin: http://example.com", "Origin: http://exa\x00mple.com"))
	req = parser.ParseRequest(in)
	for _, v := range req.Violations {
		if v.Rule == rules.STRICT_3 && in[v.Offset] != 0 {
			t.Errorf("offset %d points at %q, not the NUL", v.Offset, in[v.Offset])
		}
	}
}

// TestHTTP10 checks that an HTTP/1.0 request's Upgrade is ignored (RFC 9110
// §7.8) and that no 1xx may answer it (RFC 9110 §15.2).
func TestHTTP10(t *testing.T) {
	req := parser.ParseRequest(crlf("GET / HTTP/1.0\nUpgrade: foo\nConnection: upgrade\n\n"))
	x := req.NoSwitchTo("foo")
	if len(req.Switchable) != 0 || x == nil || x.Rule != rules.RFC9110_7_8_13 || x.Role != parser.NoSwitch || !req.Valid(true) || !req.Conforming() {
		t.Errorf("HTTP/1.0 Upgrade: switchable %v violations %v", req.Switchable, ruleList(&req.Verdict))
	}
	// A WebSocket handshake in HTTP/1.0 is refused (RFC 6455 §4.2.1); the
	// HTTP/1.0 rule stays a warning.
	req = parser.ParseRequest(crlf(r(wsReq, "HTTP/1.1", "HTTP/1.0")))
	if req.NoSwitchTo("websocket") != nil || len(req.Warnings) == 0 || req.Warnings[0].Rule != rules.RFC9110_7_8_13 || req.Valid(false) {
		t.Errorf("HTTP/1.0 WebSocket: warnings %v violations %v", req.Warnings, ruleList(&req.Verdict))
	}
}

// TestBuild101 checks the strict 101 (STRICT-7; RFC 6455 §4.2.2 steps
// 5.1-5.4): it parses as a valid answer, and building it allocates nothing.
func TestBuild101(t *testing.T) {
	req := parser.ParseRequest(crlf(wsReq))
	sel := parser.Selection{Subprotocol: []byte("chat"), Extensions: []byte("permessage-deflate; server_max_window_bits=10")}
	out := parser.AppendSwitchingProtocols(nil, req.WebSocket.Key, sel)
	if !bytes.Equal(out, crlf(wsResp)) {
		t.Errorf("101 =\n%s\nwant\n%s", out, crlf(wsResp))
	}
	var p parser.Parser
	if resp := p.ParseResponse(out, req); !resp.Switched || !resp.Valid(true) || !resp.Conforming() {
		t.Errorf("built 101 invalid: %v", ruleList(&resp.Verdict))
	}
	buf := make([]byte, 0, 512)
	if n := testing.AllocsPerRun(100, func() { buf = parser.AppendSwitchingProtocols(buf[:0], req.WebSocket.Key, sel) }); n != 0 {
		t.Errorf("AppendSwitchingProtocols allocates %.0f times", n)
	}
}

// TestRefusal checks the refusals a strict server sends (AMB-9; RFC 9110
// §15.5.22; RFC 6455 §4.2.2 step 4, §4.4): a 426 carries Upgrade,
// Connection and Sec-WebSocket-Version, and parses as a conforming response.
func TestRefusal(t *testing.T) {
	req := parser.ParseRequest(crlf(r(wsReq, "Version: 13", "Version: 8")))
	if got := req.RefusalStatus(false); got != 426 {
		t.Fatalf("status for version 8 = %d; want 426", got)
	}
	out := parser.AppendRefusal(nil, 426, "unsupported version")
	resp := parser.ParseResponse(out, req)
	if !resp.Conforming() || !resp.Valid(true) || resp.Switched || resp.Status != 426 {
		t.Errorf("426: %v", ruleList(&resp.Verdict))
	}
	if f := resp.Get("Sec-WebSocket-Version"); f == nil || string(f.Value) != "13" {
		t.Errorf("426 without Sec-WebSocket-Version: 13")
	}
	for _, st := range []int{400, 431, 505} {
		resp := parser.ParseResponse(parser.AppendRefusal(nil, st, "x"), nil)
		if !resp.Conforming() || resp.Status != st {
			t.Errorf("%d: %v", st, ruleList(&resp.Verdict))
		}
	}
}

// TestResponseViolationsCarryNoStatus: a client answers no response with a
// status, so no violation of a response carries one, not even those of
// the head checks requests share (a bare LF, an obs-fold, a space before
// the colon).
func TestResponseViolationsCarryNoStatus(t *testing.T) {
	for _, head := range []string{
		"HTTP/1.1 101 Switching Protocols\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
		"HTTP/1.1 200 OK\r\nX: a\r\n b\r\nServer : x\r\n\r\n",
	} {
		resp := parser.ParseResponse([]byte(head), nil)
		if len(resp.Violations) == 0 {
			t.Fatalf("%q: no violation; the test needs one", head)
		}
		for _, x := range resp.Violations {
			if x.Status != 0 {
				t.Errorf("%q: %s carries status %d", head, x.Rule, x.Status)
			}
		}
		if got := resp.RefusalStatus(false); got != 0 {
			t.Errorf("%q: RefusalStatus = %d, want 0", head, got)
		}
	}
}

// TestLimits checks that the configurable limits hold and are reported with
// 431 (RFC 9110 §5.4: a 4xx for an oversized header section).
func TestLimits(t *testing.T) {
	big := crlf(r(wsReq, "Origin: http://example.com", "Origin: http://"+strings.Repeat("a", parser.DefaultMaxHeadBytes)))
	req := parser.ParseRequest(big)
	if !req.Has(rules.LIMIT_1) || req.RefusalStatus(true) != 431 {
		t.Errorf("oversized head: %v status %d", ruleList(&req.Verdict), req.RefusalStatus(true))
	}
	many := crlf(r(wsReq, "Origin:", strings.Repeat("X-A: 1\n", 120)+"Origin:"))
	if req := parser.ParseRequest(many); !req.Has(rules.LIMIT_2) {
		t.Errorf("120 fields: %v", ruleList(&req.Verdict))
	}
	p := parser.Parser{Limits: parser.Limits{MaxFields: 200, MaxHeadBytes: 1 << 20}}
	if req := p.ParseRequest(many); req.Has(rules.LIMIT_2) || !req.Valid(true) {
		t.Errorf("raised limit: %v", ruleList(&req.Verdict))
	}
	if req := p.ParseRequest(big); req.Has(rules.LIMIT_1) {
		t.Errorf("raised head limit: %v", ruleList(&req.Verdict))
	}
}

// TestTruncations parses every prefix of a valid exchange: no panic, the
// input is never changed, and only a complete head can be valid.
func TestTruncations(t *testing.T) {
	for _, msg := range [][]byte{crlf(wsReq), crlf(h2cReq), crlf(chromiumReq)} {
		for n := 0; n <= len(msg); n++ {
			in := append([]byte(nil), msg[:n]...)
			req := parser.ParseRequest(in)
			if !bytes.Equal(in, msg[:n]) {
				t.Fatalf("prefix %d: input changed", n)
			}
			if req.Valid(false) != (n == len(msg)) {
				t.Fatalf("prefix %d of %d: valid %v", n, len(msg), req.Valid(false))
			}
			if end := parser.HeadEnd(in); (end >= 0) != (n == len(msg)) || end >= 0 && end != req.Len {
				t.Fatalf("prefix %d: HeadEnd %d, Len %d", n, end, req.Len)
			}
		}
	}
	resp := crlf(wsResp)
	req := parser.ParseRequest(crlf(wsReq))
	for n := 0; n < len(resp); n++ {
		if r := parser.ParseResponse(resp[:n], req); r.Switched {
			t.Fatalf("response prefix %d switched", n)
		}
	}
}

// TestZeroAllocs checks the happy path of the importable validator: parse
// and validate Chromium's request, then build its 101, with a reused Parser.
func TestZeroAllocs(t *testing.T) {
	in := crlf(chromiumReq)
	var p parser.Parser
	buf := make([]byte, 0, 256)
	run := func() {
		req := p.ParseRequest(in)
		if !req.Valid(true) {
			t.Fatal(ruleList(&req.Verdict))
		}
		buf = parser.AppendSwitchingProtocols(buf[:0], req.WebSocket.Key, parser.Selection{Extensions: []byte("permessage-deflate")})
	}
	run()
	if n := testing.AllocsPerRun(200, run); n != 0 {
		t.Errorf("valid request path allocates %.1f times per run", n)
	}
	var q parser.Parser
	req := p.ParseRequest(in)
	if n := testing.AllocsPerRun(200, func() { q.ParseResponse(buf, req) }); n != 0 {
		t.Errorf("valid response path allocates %.1f times per run", n)
	}
}

// TestLinearTime feeds 100 times more field lines and checks that the time
// grows less than 150 times, measured within this run.
func TestLinearTime(t *testing.T) {
	if testing.Short() {
		t.Skip("timing test")
	}
	mk := func(n int) []byte {
		return crlf(r(wsReq, "Origin:", strings.Repeat("Sec-WebSocket-Extensions: a; b=\"c\", d\n", n)+"Origin:"))
	}
	small, large := mk(10), mk(1000)
	p := parser.Parser{Limits: parser.Limits{MaxHeadBytes: 1 << 20, MaxFields: 5000, MaxListElements: 5000}}
	// Best of several rounds of a fixed amount of work per input, so that
	// both sizes are timed in the same run on the same machine.
	measure := func(in []byte, iters int) float64 {
		best := 0.0
		for round := 0; round < 7; round++ {
			start := time.Now()
			for i := 0; i < iters; i++ {
				p.ParseRequest(in)
			}
			ns := float64(time.Since(start).Nanoseconds()) / float64(iters)
			if best == 0 || ns < best {
				best = ns
			}
		}
		return best
	}
	ratio := measure(large, 30) / measure(small, 3000)
	t.Logf("100x input: %.1fx time", ratio)
	if ratio > 150 {
		t.Errorf("100x input took %.1fx the time; want under 150x", ratio)
	}
}

// TestPMDResponses checks permessage-deflate answers a client must accept
// (RFC 7692 §7.1.1.2: client_no_context_takeover whether or not offered;
// AMB-15: a larger client_max_window_bits; AMB-16: added server parameters)
// and that several offers are matched as AMB-17 says.
func TestPMDResponses(t *testing.T) {
	req := parser.ParseRequest(crlf(r(wsReq, "permessage-deflate; client_max_window_bits; server_max_window_bits=10",
		"permessage-deflate; client_max_window_bits=10, permessage-deflate")))
	if !req.Valid(true) {
		t.Fatalf("two offers: %v", ruleList(&req.Verdict))
	}
	for _, c := range []struct {
		ext string
		ok  bool
	}{
		{"permessage-deflate; client_no_context_takeover", true},
		{"permessage-deflate; client_max_window_bits=12", true}, // larger than the hint (AMB-15)
		{"permessage-deflate; server_no_context_takeover; server_max_window_bits=9", true},
		{"permessage-deflate; client_max_window_bits", false},    // no value in a response
		{"permessage-deflate; server_max_window_bits=16", false}, // out of range
		{"permessage-deflate; x=1", false},                       // not defined
		{"Permessage-Deflate", false},                            // case-sensitive (AMB-18)
		{"permessage-deflate, permessage-deflate", false},        // two PMCEs (RSV1)
	} {
		resp := parser.ParseResponse(crlf(r(wsResp, "permessage-deflate; server_max_window_bits=10", c.ext)), req)
		if resp.Switched != c.ok {
			t.Errorf("%q: switched %v, want %v (%v)", c.ext, resp.Switched, c.ok, ruleList(&resp.Verdict))
		}
	}
}

// TestCorpus judges every captured handshake of corpus/: real clients'
// requests and real servers' responses are strictly valid, and the few
// deliberately broken requests (no key, version 25) and the RFC 9110 §7.8
// example, which has no WebSocket fields, are not.
func TestCorpus(t *testing.T) {
	data, err := os.ReadFile("../corpus/index.json")
	if err != nil {
		t.Skipf("no corpus: %v", err)
	}
	var index []struct {
		File, Kind, Source, Request string
	}
	if err := json.Unmarshal(data, &index); err != nil {
		t.Fatal(err)
	}
	broken := func(name string) bool {
		return strings.Contains(name, "no-key") || strings.Contains(name, "bad-version") || strings.Contains(name, "rfc9110-7.8")
	}
	n := 0
	for _, e := range index {
		raw, err := os.ReadFile("../" + e.File)
		if err != nil {
			t.Fatal(err)
		}
		var v *parser.Verdict
		switch e.Kind {
		case "request":
			v = &parser.ParseRequest(raw).Verdict
		case "response":
			var req *parser.Request
			if e.Request != "" {
				reqRaw, err := os.ReadFile("../" + e.Request)
				if err != nil {
					t.Fatal(err)
				}
				req = parser.ParseRequest(reqRaw)
			}
			v = &parser.ParseResponse(raw, req).Verdict
		default:
			t.Fatalf("%s: kind %q", e.File, e.Kind)
		}
		n++
		wantValid := !(e.Kind == "request" && broken(e.File)) && !(e.Kind == "response" && strings.Contains(e.File, "rfc9110-7.8"))
		if v.Valid(true) != wantValid {
			t.Errorf("%s (%s): strict-valid %v, want %v: %v", e.File, e.Source, v.Valid(true), wantValid, ruleList(v))
		}
	}
	if n < 50 {
		t.Errorf("only %d corpus entries", n)
	}
}

// TestSwitchNotAllowed checks that a 101 answering an offer the server had
// to refuse is the server's fault, cited with the rule it broke.
func TestSwitchNotAllowed(t *testing.T) {
	req := parser.ParseRequest(crlf(r(wsReq, "Version: 13", "Version: 8")))
	resp := parser.ParseResponse(crlf(wsResp), req)
	if !resp.Has(rules.RFC6455_4_2_1_1) {
		t.Errorf("101 to version 8: %v", ruleList(&resp.Verdict))
	}
	req = parser.ParseRequest(crlf(r(wsReq, "dGhlIHNhbXBsZSBub25jZQ==", "dGhlIHNhbXBsZSBub25jZR==")))
	if resp := parser.ParseResponse(crlf(r(wsResp, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", parser.Accept("dGhlIHNhbXBsZSBub25jZR=="))), req); !resp.Has(rules.STRICT_5) {
		t.Errorf("101 to a non-canonical key: %v", ruleList(&resp.Verdict))
	}
	req = parser.ParseRequest(crlf(r(h2cReq, "HTTP2-Settings: AAMAAABkAARAAAAA\n", "")))
	if resp := parser.ParseResponse(crlf(h2cResp), req); !resp.Has(rules.RFC7540_3_2_1_1) {
		t.Errorf("101 to h2c without settings: %v", ruleList(&resp.Verdict))
	}
	req = parser.ParseRequest(crlf(h2cReq))
	if resp := parser.ParseResponse(crlf(h2cResp), req); len(resp.Violations) != 0 {
		t.Errorf("valid h2c 101: %v", ruleList(&resp.Verdict))
	}
}

// TestHostIPLiteral checks IP-literal hosts (RFC 3986 §3.2.2): IPv6
// addresses and IPvFuture, without zone IDs.
func TestHostIPLiteral(t *testing.T) {
	for host, ok := range map[string]bool{
		"[::1]": true, "[::1]:8080": true, "[2001:db8::7]": true, "[::ffff:192.0.2.1]": true, "[v1.x]": true, "[vF.a:b]": true,
		"[:::]": false, "[::1": false, "[::1]x": false, "[fe80::1%25eth0]": false, "[192.0.2.1]": false, "[v.x]": false, "[v1.]": false, "[]": false,
	} {
		req := parser.ParseRequest(crlf("GET / HTTP/1.1\nHost: " + host + "\n\n"))
		if req.Valid(true) != ok {
			t.Errorf("Host: %s: valid %v, want %v (%v)", host, req.Valid(true), ok, ruleList(&req.Verdict))
		}
	}
}

// TestSwitchableNeedsValidRequest checks that no protocol is switchable on a
// request the server must refuse (STRICT-5).
func TestSwitchableNeedsValidRequest(t *testing.T) {
	for _, raw := range []string{
		r(tlsReq, "Host: example.bank.com\n", ""),
		r(h2cReq, "Host: server.example.com", "Host: exa mple"),
		r(tlsReq, "\n\n", "\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\n\n"),
	} {
		if req := parser.ParseRequest(crlf(raw)); len(req.Switchable) != 0 {
			t.Errorf("switchable %v on a refused request: %v", req.Switchable, ruleList(&req.Verdict))
		}
	}
}

// TestAbsoluteFormIPLiteral: an absolute-form target may name an
// IP-literal host in brackets (RFC 3986 §3.2.2); brackets anywhere else,
// or a malformed literal, break RFC9112-3.2-G1.
func TestAbsoluteFormIPLiteral(t *testing.T) {
	for _, tc := range []struct {
		target string
		ok     bool
	}{
		{"http://[::1]/", true},
		{"http://[::1]:8080/chat?x=1", true},
		{"http://user@[2001:db8::7]/", true},
		{"http://[v1.fe]/", true},
		{"http://[::1]", true},
		{"http://[::1/", false},
		{"http://[::g]/", false},
		{"http://[::1]x/", false},
		{"http://host/[x]", false},
		{"http://host?[", false},
		{"/[::1]", false},
	} {
		var p parser.Parser
		r := p.ParseRequest([]byte("GET " + tc.target + " HTTP/1.1\r\nHost: example.com\r\n\r\n"))
		if got := !r.Verdict.Has(rules.RFC9112_3_2_G1); got != tc.ok {
			t.Errorf("%s: accepted = %v, want %v (%v)", tc.target, got, tc.ok, r.Violations)
		}
	}
}

// TestBadOctetsReportedOncePerKind checks that a field value full of
// octets field-value does not allow costs one report per kind of octet,
// at its first place, however long the value is.
func TestBadOctetsReportedOncePerKind(t *testing.T) {
	value := strings.Repeat("\x01\x00\r", 1000)
	raw := "GET / HTTP/1.1\r\nHost: a\r\nX-Junk: a" + value + "b\r\n\r\n"
	req := parser.ParseRequest([]byte(raw))
	counts := map[rules.ID]int{}
	first := map[rules.ID]int{}
	for _, x := range req.Violations {
		if _, ok := first[x.Rule]; !ok {
			first[x.Rule] = x.Offset
		}
		counts[x.Rule]++
	}
	start := strings.Index(raw, "\x01")
	for _, tt := range []struct {
		rule   rules.ID
		n, off int
	}{
		{rules.RFC9110_5_5_G2, 2, start}, // one control octet, one NUL
		{rules.STRICT_3, 2, start},
		{rules.RFC9112_2_2_3, 1, start + 2},
		{rules.AMB_31, 1, start + 2},
	} {
		if counts[tt.rule] != tt.n || first[tt.rule] != tt.off {
			t.Errorf("%s: %d reports, the first at %d; want %d, the first at %d", tt.rule, counts[tt.rule], first[tt.rule], tt.n, tt.off)
		}
	}
	if len(req.Violations) > 20 {
		t.Errorf("%d violations for one field value; want a handful", len(req.Violations))
	}
}
