package parser_test

import (
	"errors"
	"testing"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/rules"
)

// want is one rule a verdict must cite, with the role it must carry.
type want struct {
	rule rules.ID
	role parser.Role
}

// dutyCase is a message whose verdict must divide the duties as the RFCs
// do: who broke which rule (want), whether the recipient must refuse it
// (valid, strictValid), which rule the refusal cites (wantRule, for the
// strict refusal when the message is otherwise valid), and what a server
// may switch to.
type dutyCase struct {
	name          string
	in            string // the request, or the request a response answers
	resp          string // a response judged against in, when set
	wantRule      rules.ID
	want          []want
	notWant       []rules.ID
	valid         bool // Valid(false)
	strictValid   bool // Valid(true)
	conforming    bool
	status        int    // RefusalStatus(false) for an invalid request
	switchable    string // a protocol the request's Switchable must list
	noSwitch      string // a protocol NoSwitchTo must forbid
	notSwitchable string // a protocol Switchable must not list
}

var dutyCases = []dutyCase{
	// RFC 6455 §4.1 binds the client to unique subprotocols; no RFC makes
	// the server refuse: AMB-7 is Switchyard's strict policy.
	{name: "subprotocol twice", in: r(wsReq, "chat, superchat", "chat, chat"), wantRule: rules.AMB_7,
		want:  []want{{rules.RFC6455_4_1_15, parser.Sender}, {rules.AMB_7, parser.Recipient}},
		valid: true, notSwitchable: "websocket"},

	// Whitespace inside the key is AMB-12; a key that, without it, is still
	// not 16 octets of base64 breaks RFC 6455 §4.2.1 too.
	{name: "key G ==", in: r(wsReq, "dGhlIHNhbXBsZSBub25jZQ==", "G =="), wantRule: rules.RFC6455_4_2_1_6,
		want:   []want{{rules.AMB_12, parser.Recipient}, {rules.RFC6455_4_2_1_6, parser.Recipient}, {rules.RFC6455_4_1_12, parser.Sender}},
		status: 400, notSwitchable: "websocket"},
	{name: "key 10 octets with a space", in: r(wsReq, "dGhlIHNhbXBsZSBub25jZQ==", "dGhlIHNhbXBs ZQ=="), wantRule: rules.RFC6455_4_2_1_6,
		want:   []want{{rules.AMB_12, parser.Recipient}, {rules.RFC6455_4_2_1_6, parser.Recipient}},
		status: 400, notSwitchable: "websocket"},
	{name: "key bad alphabet with a space", in: r(wsReq, "dGhlIHNhbXBsZSBub25jZQ==", "dGhl IHNhbXBsZSBub25j-Q=="), wantRule: rules.RFC6455_4_2_1_6,
		want:   []want{{rules.AMB_12, parser.Recipient}, {rules.RFC6455_4_2_1_6, parser.Recipient}},
		status: 400, notSwitchable: "websocket"},
	{name: "key data after padding with a space", in: r(wsReq, "dGhlIHNhbXBsZSBub25jZQ==", "dGhlIHNhbXBsZSBub25j=Q= ="), wantRule: rules.RFC6455_4_2_1_6,
		want:   []want{{rules.AMB_12, parser.Recipient}, {rules.RFC6455_4_2_1_6, parser.Recipient}},
		status: 400, notSwitchable: "websocket"},
	{name: "key 16 octets with a space", in: r(wsReq, "dGhlIHNhbXBsZSBub25jZQ==", "dGhlIHNhbXBs ZSBub25jZQ=="), wantRule: rules.AMB_12,
		want:    []want{{rules.AMB_12, parser.Recipient}},
		notWant: []rules.ID{rules.RFC6455_4_2_1_6, rules.RFC6455_4_1_12},
		valid:   true, conforming: true, notSwitchable: "websocket"},
	{name: "key 16 octets with a space in the padding", in: r(wsReq, "dGhlIHNhbXBsZSBub25jZQ==", "dGhlIHNhbXBsZSBub25jZQ= ="), wantRule: rules.AMB_12,
		want:    []want{{rules.AMB_12, parser.Recipient}},
		notWant: []rules.ID{rules.RFC6455_4_2_1_6},
		valid:   true, conforming: true, notSwitchable: "websocket"},

	// h2c: the client's faults, and the server's duty not to upgrade
	// (RFC 7540 §3.2.1, §6.5); the request is served as HTTP/1.1.
	{name: "h2c valid", in: h2cReq, valid: true, strictValid: true, conforming: true, switchable: "h2c"},
	{name: "h2c without HTTP2-Settings", in: r(h2cReq, "HTTP2-Settings: AAMAAABkAARAAAAA\n", ""),
		want:  []want{{rules.RFC7540_3_2_1, parser.Sender}, {rules.RFC7540_3_2_1_1, parser.NoSwitch}},
		valid: true, strictValid: true, noSwitch: "h2c", notSwitchable: "h2c"},
	{name: "h2c with two HTTP2-Settings", in: r(h2cReq, "\n\n", "\nHTTP2-Settings: AAMAAABk\n\n"),
		want:  []want{{rules.RFC7540_3_2_1, parser.Sender}, {rules.RFC7540_3_2_1_1, parser.NoSwitch}},
		valid: true, strictValid: true, noSwitch: "h2c", notSwitchable: "h2c"},
	{name: "h2c settings in base64, not base64url", in: r(h2cReq, "AAMAAABkAARAAAAA", "AAQAAP//"),
		want:  []want{{rules.RFC7540_3_2_1_4, parser.Sender}, {rules.RFC7540_3_2_1_1, parser.NoSwitch}},
		valid: true, strictValid: true, noSwitch: "h2c", notSwitchable: "h2c"},
	// An empty value breaks token68, but it encodes an empty SETTINGS
	// payload, a valid one: a server may take it (RFC 9110 §2.4).
	{name: "h2c settings empty", in: r(h2cReq, "AAMAAABkAARAAAAA", ""),
		want:    []want{{rules.RFC7540_3_2_1_G1, parser.Sender}},
		notWant: []rules.ID{rules.RFC7540_3_2_1_1},
		valid:   true, strictValid: true, switchable: "h2c"},
	{name: "h2c settings padded", in: r(h2cReq, "AAMAAABkAARAAAAA", "AAMAAABk="),
		want:  []want{{rules.RFC7540_3_2_1_4, parser.Sender}, {rules.RFC7540_3_2_1_1, parser.NoSwitch}},
		valid: true, strictValid: true, noSwitch: "h2c", notSwitchable: "h2c"},
	{name: "h2c settings not token68", in: r(h2cReq, "AAMAAABkAARAAAAA", "AAMA*ABk"),
		want:  []want{{rules.RFC7540_3_2_1_G1, parser.Sender}, {rules.RFC7540_3_2_1_1, parser.NoSwitch}},
		valid: true, strictValid: true, noSwitch: "h2c", notSwitchable: "h2c"},
	{name: "h2c settings length not a multiple of 6", in: r(h2cReq, "AAMAAABkAARAAAAA", "AAMAAA"),
		want:  []want{{rules.RFC7540_6_5_1, parser.Sender}, {rules.RFC7540_3_2_1_1, parser.NoSwitch}},
		valid: true, strictValid: true, noSwitch: "h2c", notSwitchable: "h2c"},
	{name: "h2c ENABLE_PUSH 2", in: r(h2cReq, "AAMAAABkAARAAAAA", "AAIAAAAC"),
		want:  []want{{rules.RFC7540_6_5_2_1, parser.Sender}, {rules.RFC7540_3_2_1_1, parser.NoSwitch}},
		valid: true, strictValid: true, noSwitch: "h2c", notSwitchable: "h2c"},
	{name: "h2c INITIAL_WINDOW_SIZE 2^31", in: r(h2cReq, "AAMAAABkAARAAAAA", "AASAAAAA"),
		want:  []want{{rules.RFC7540_6_5_2_1, parser.Sender}, {rules.RFC7540_3_2_1_1, parser.NoSwitch}},
		valid: true, strictValid: true, noSwitch: "h2c", notSwitchable: "h2c"},
	{name: "h2c MAX_FRAME_SIZE 0", in: r(h2cReq, "AAMAAABkAARAAAAA", "AAUAAAAA"),
		want:  []want{{rules.RFC7540_6_5_2_1, parser.Sender}, {rules.RFC7540_3_2_1_1, parser.NoSwitch}},
		valid: true, strictValid: true, noSwitch: "h2c", notSwitchable: "h2c"},
	{name: "h2c MAX_FRAME_SIZE 2^24", in: r(h2cReq, "AAMAAABkAARAAAAA", "AAUBAAAA"),
		want:  []want{{rules.RFC7540_6_5_2_1, parser.Sender}, {rules.RFC7540_3_2_1_1, parser.NoSwitch}},
		valid: true, strictValid: true, noSwitch: "h2c", notSwitchable: "h2c"},
	{name: "h2c MAX_FRAME_SIZE 2^24-1", in: r(h2cReq, "AAMAAABkAARAAAAA", "AAUA____"),
		valid: true, strictValid: true, conforming: true, switchable: "h2c"},
	{name: "h2c in HTTP/1.0", in: r(h2cReq, "HTTP/1.1", "HTTP/1.0"),
		want:  []want{{rules.RFC9110_7_8_13, parser.NoSwitch}},
		valid: true, strictValid: true, conforming: true, noSwitch: "h2c", notSwitchable: "h2c"},
	{name: "TLS in HTTP/1.0", in: r(tlsReq, "HTTP/1.1", "HTTP/1.0"),
		want:  []want{{rules.RFC9110_7_8_13, parser.NoSwitch}},
		valid: true, strictValid: true, conforming: true, noSwitch: "TLS", notSwitchable: "TLS"},

	// Generic upgrades: the "upgrade" option is the sender's MUST (RFC 9110
	// §7.8); the recipient may recover (RFC 9110 §2.4); AMB-28 refuses.
	{name: "TLS without the upgrade option", in: r(tlsReq, "Connection: Upgrade", "Connection: keep-alive"), wantRule: rules.AMB_28,
		want:  []want{{rules.RFC9110_7_8_12, parser.Sender}, {rules.AMB_28, parser.Recipient}, {rules.RFC2817_3_1_2, parser.Sender}},
		valid: true, notSwitchable: "TLS"},
	{name: "TLS without Connection", in: r(tlsReq, "Connection: Upgrade\n", ""), wantRule: rules.AMB_28,
		want:  []want{{rules.RFC9110_7_8_12, parser.Sender}, {rules.AMB_28, parser.Recipient}, {rules.RFC2817_3_1_2, parser.Sender}},
		valid: true, notSwitchable: "TLS"},
	{name: "TLS with a quoted upgrade option", in: r(tlsReq, "Connection: Upgrade", "Connection: \"upgrade\""), wantRule: rules.AMB_28,
		want: []want{{rules.RFC9110_7_6_1_G1, parser.Sender}, {rules.RFC9110_2_2_1, parser.Sender},
			{rules.RFC9110_7_8_12, parser.Sender}, {rules.AMB_28, parser.Recipient}, {rules.RFC2817_3_1_2, parser.Sender}},
		valid: true, notSwitchable: "TLS"},
	{name: "TLS with another quoted option", in: r(tlsReq, "Connection: Upgrade", "Connection: Upgrade, \"close\""), wantRule: rules.AMB_31,
		want:    []want{{rules.RFC9110_7_6_1_G1, parser.Sender}, {rules.AMB_31, parser.Recipient}},
		notWant: []rules.ID{rules.RFC9110_7_8_12, rules.AMB_28},
		valid:   true, notSwitchable: "TLS"},
	{name: "h2c without the upgrade option", in: r(h2cReq, "Connection: Upgrade, HTTP2-Settings", "Connection: HTTP2-Settings"), wantRule: rules.AMB_28,
		want:  []want{{rules.RFC9110_7_8_12, parser.Sender}, {rules.AMB_28, parser.Recipient}},
		valid: true, notSwitchable: "h2c"},
	{name: "other protocol with a quoted option", in: "GET / HTTP/1.1\nHost: example.com\nUpgrade: foo/2\nConnection: \"upgrade\"\n\n", wantRule: rules.AMB_28,
		want:  []want{{rules.RFC9110_7_6_1_G1, parser.Sender}, {rules.RFC9110_7_8_12, parser.Sender}, {rules.AMB_28, parser.Recipient}},
		valid: true},
	{name: "h2c 101 without the upgrade option", in: h2cReq, resp: r(h2cResp, "Connection: Upgrade\n", ""), wantRule: rules.AMB_28,
		want:  []want{{rules.RFC9110_7_8_12, parser.Sender}, {rules.AMB_28, parser.Recipient}},
		valid: true},
	{name: "TLS 101 with a quoted upgrade option", in: tlsReq, resp: r(tlsResp, "Connection: Upgrade", "Connection: \"Upgrade\""), wantRule: rules.AMB_28,
		want:  []want{{rules.RFC9110_7_6_1_G1, parser.Sender}, {rules.RFC9110_7_8_12, parser.Sender}, {rules.AMB_28, parser.Recipient}},
		valid: true},
	// WebSocket: RFC 6455 makes the option the recipient's check.
	{name: "WebSocket without the upgrade option", in: r(wsReq, "Connection: Upgrade", "Connection: keep-alive"), wantRule: rules.RFC6455_4_2_1_5,
		want:   []want{{rules.RFC6455_4_2_1_5, parser.Recipient}, {rules.RFC6455_4_1_11, parser.Sender}},
		status: 400, notSwitchable: "websocket"},
	{name: "WebSocket with a quoted upgrade option", in: r(wsReq, "Connection: Upgrade", "Connection: \"Upgrade\""), wantRule: rules.RFC9110_7_6_1_G1,
		want:   []want{{rules.RFC9110_7_6_1_G1, parser.Recipient}, {rules.RFC6455_4_2_1_5, parser.Recipient}},
		status: 400, notSwitchable: "websocket"},
	{name: "WebSocket 101 without the upgrade option", in: wsReq, resp: r(wsResp, "Connection: Upgrade\n", ""), wantRule: rules.RFC6455_4_1_21,
		want: []want{{rules.RFC9110_7_8_12, parser.Sender}, {rules.RFC6455_4_1_21, parser.Recipient}, {rules.RFC6455_4_2_2_10, parser.Sender}}},
	{name: "WebSocket 101 without the upgrade option, request unknown", resp: r(wsResp, "Connection: Upgrade\n", ""), wantRule: rules.RFC6455_4_1_21,
		want: []want{{rules.RFC9110_7_8_12, parser.Sender}, {rules.RFC6455_4_1_21, parser.Recipient}}},

	// The WebSocket request-target (RFC 6455 §4.2.1 item 1, §4.1).
	{name: "ws target", in: r(wsReq, "GET /chat", "GET ws://server.example.com/chat"), wantRule: rules.RFC6455_4_2_1_2,
		want:    []want{{rules.RFC6455_4_2_1_2, parser.Recipient}, {rules.RFC6455_4_1_8, parser.Sender}, {rules.AMB_27, parser.Recipient}},
		notWant: []rules.ID{rules.RFC6455_4_1_7}, status: 400, notSwitchable: "websocket"},
	{name: "wss target", in: r(wsReq, "GET /chat", "GET WSS://server.example.com/chat"), wantRule: rules.RFC6455_4_2_1_2,
		want:    []want{{rules.RFC6455_4_2_1_2, parser.Recipient}, {rules.RFC6455_4_1_8, parser.Sender}, {rules.AMB_27, parser.Recipient}},
		notWant: []rules.ID{rules.RFC6455_4_1_7}, status: 400, notSwitchable: "websocket"},
	{name: "authority-form target", in: r(wsReq, "GET /chat", "GET server.example.com:80"), wantRule: rules.RFC6455_4_2_1_2,
		want:    []want{{rules.RFC6455_4_2_1_2, parser.Recipient}, {rules.RFC6455_4_1_8, parser.Sender}},
		notWant: []rules.ID{rules.RFC6455_4_1_7, rules.AMB_27}, status: 400, notSwitchable: "websocket"},
	{name: "authority with a path", in: r(wsReq, "GET /chat", "GET example.com:80/chat"), wantRule: rules.RFC6455_4_2_1_2,
		want:   []want{{rules.RFC6455_4_2_1_2, parser.Recipient}, {rules.RFC6455_4_1_8, parser.Sender}},
		status: 400, notSwitchable: "websocket"},
	{name: "http scheme without authority", in: r(wsReq, "GET /chat", "GET http:/chat"), wantRule: rules.RFC6455_4_2_1_2,
		want:   []want{{rules.RFC6455_4_2_1_2, parser.Recipient}, {rules.RFC6455_4_1_8, parser.Sender}},
		status: 400, notSwitchable: "websocket"},
	{name: "https target", in: r(wsReq, "GET /chat", "GET HTTPS://server.example.com/chat"),
		valid: true, strictValid: true, conforming: true, switchable: "websocket"},
	{name: "http target", in: r(wsReq, "GET /chat", "GET http://server.example.com/chat"),
		valid: true, strictValid: true, conforming: true, switchable: "websocket"},
	{name: "authority-form without WebSocket", in: "GET example.com:80 HTTP/1.1\nHost: example.com\n\n",
		valid: true, strictValid: true, conforming: true},

	// Expect: 100-continue on a body-less handshake stays policy (AMB-35).
	{name: "Expect 100-continue", in: r(wsReq, "Origin:", "Expect: 100-continue\nOrigin:"), wantRule: rules.AMB_35,
		want:  []want{{rules.AMB_35, parser.Recipient}, {rules.RFC9110_10_1_1_1, parser.Sender}},
		valid: true, notSwitchable: "websocket"},
}

// TestDuties checks that verdicts divide the duties as the RFCs do: the
// role and level of every rule cited, validity with and without strict
// policy, the rule a refusal cites, and what a server may switch to.
func TestDuties(t *testing.T) {
	for _, c := range dutyCases {
		t.Run(c.name, func(t *testing.T) {
			var v *parser.Verdict
			var req *parser.Request
			if c.in != "" {
				req = parser.ParseRequest(crlf(c.in))
				v = &req.Verdict
			}
			if c.resp != "" {
				v = &parser.ParseResponse(crlf(c.resp), req).Verdict
			}
			for _, w := range c.want {
				if !citesAs(v, w.rule, w.role) {
					t.Errorf("does not cite %s as %v: %v", w.rule, w.role, ruleList(v))
				}
			}
			for _, id := range c.notWant {
				if v.Has(id) {
					t.Errorf("cites %s: %v", id, ruleList(v))
				}
			}
			for _, x := range v.Violations {
				if x.Level != rules.LevelOf(x.Rule) {
					t.Errorf("%s has level %v, not the catalogue's", x.Rule, x.Level)
				}
			}
			if v.Valid(false) != c.valid || v.Valid(true) != c.strictValid || v.Conforming() != c.conforming {
				t.Errorf("valid %v, strict-valid %v, conforming %v; want %v, %v, %v: %v",
					v.Valid(false), v.Valid(true), v.Conforming(), c.valid, c.strictValid, c.conforming, ruleList(v))
			}
			if c.wantRule != "" {
				var x *parser.Violation
				if first := v.First(c.valid); first == nil || !errors.As(error(first), &x) || x.Rule != c.wantRule {
					t.Errorf("refused citing %v; want %s: %v", first, c.wantRule, ruleList(v))
				} else if x.Role != parser.Recipient {
					t.Errorf("refusal %s has role %v", x.Rule, x.Role)
				}
			}
			if c.resp == "" && c.status != 0 && v.RefusalStatus(false) != c.status {
				t.Errorf("status %d; want %d", v.RefusalStatus(false), c.status)
			}
			if req == nil || c.resp != "" {
				return
			}
			if c.switchable != "" && !lists(req.Switchable, c.switchable) {
				t.Errorf("%s is not switchable: %v", c.switchable, req.Switchable)
			}
			if c.notSwitchable != "" && lists(req.Switchable, c.notSwitchable) {
				t.Errorf("%s is switchable: %v", c.notSwitchable, ruleList(v))
			}
			if c.noSwitch != "" {
				if x := req.NoSwitchTo(c.noSwitch); x == nil || x.Role != parser.NoSwitch || x.Level != rules.Must {
					t.Errorf("NoSwitchTo(%s) = %v: %v", c.noSwitch, x, ruleList(v))
				}
			} else if x := req.NoSwitchTo("h2c"); x != nil {
				t.Errorf("NoSwitchTo(h2c) = %v", x)
			}
		})
	}
}

// TestNoSwitchRole checks the third role's name and that Valid, First and
// Conforming ignore it, and NoSwitchTo's protocol scope.
func TestNoSwitchRole(t *testing.T) {
	if parser.NoSwitch.String() != "no-switch" {
		t.Errorf("NoSwitch.String() = %q", parser.NoSwitch.String())
	}
	if b, _ := parser.NoSwitch.MarshalText(); string(b) != "no-switch" {
		t.Errorf("MarshalText = %q", b)
	}
	req := parser.ParseRequest(crlf(r(h2cReq, "HTTP2-Settings: AAMAAABkAARAAAAA\n", "")))
	if req.NoSwitchTo("H2C") == nil {
		t.Error("NoSwitchTo compares protocol names case-sensitively")
	}
	if x := req.NoSwitchTo("websocket"); x != nil {
		t.Errorf("an h2c rule forbids websocket: %v", x)
	}
	if req.First(true) != nil || req.RefusalStatus(true) != 0 {
		t.Errorf("First(true) = %v", req.First(true))
	}
	req = parser.ParseRequest(crlf(r(tlsReq, "HTTP/1.1", "HTTP/1.0")))
	for _, name := range []string{"TLS", "h2c", "foo"} {
		if req.NoSwitchTo(name) == nil {
			t.Errorf("HTTP/1.0: NoSwitchTo(%s) is nil", name)
		}
	}
}

func citesAs(v *parser.Verdict, id rules.ID, role parser.Role) bool {
	for _, x := range v.Violations {
		if x.Rule == id && x.Role == role {
			return true
		}
	}
	return false
}

func lists(ps []parser.Protocol, name string) bool {
	for _, p := range ps {
		if string(p.Name) == name {
			return true
		}
	}
	return false
}

// TestSwitchOnContentLengthAndChunked: RFC 9112 §6.1 makes a server close
// the connection after responding to a request with both Content-Length
// and Transfer-Encoding, so a 101 to it is the server's fault; a 101 to
// the same request without Content-Length is not.
func TestSwitchOnContentLengthAndChunked(t *testing.T) {
	const head = "GET /chat HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
	const ok101 = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"
	for _, tt := range []struct {
		framing string
		want    bool
	}{
		{"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", true},
		{"Transfer-Encoding: chunked\r\n", false},
		{"Content-Length: 5\r\n", false},
	} {
		var p, q parser.Parser
		req := q.ParseRequest([]byte(head + tt.framing + "\r\n"))
		resp := p.ParseResponse([]byte(ok101), req)
		if got := resp.Has(rules.RFC9112_6_1_5); got != tt.want {
			t.Errorf("%q: 101 cites RFC9112-6.1-5 = %v; want %v", tt.framing, got, tt.want)
		}
	}
}
