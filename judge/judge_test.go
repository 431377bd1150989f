package judge

import (
	"strings"
	"testing"

	"github.com/switchyard/switchyard/rules"
)

// crlf turns "|" into CRLF, so that the table reads one head per line.
func crlf(s string) []byte { return []byte(strings.ReplaceAll(s, "|", "\r\n")) }

const (
	wsReq  = "GET /chat HTTP/1.1|Host: a|Upgrade: websocket|Connection: Upgrade|Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==|Sec-WebSocket-Version: 13|"
	ws101  = "HTTP/1.1 101 Switching Protocols|Upgrade: websocket|Connection: Upgrade|Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=|"
	h2cReq = "GET / HTTP/1.1|Host: a|Upgrade: h2c|Connection: Upgrade, HTTP2-Settings|"
	h2c101 = "HTTP/1.1 101 Switching Protocols|Upgrade: h2c|Connection: Upgrade||"
)

// TestServerRows checks the server rows of docs/judging.md on the examples
// the rows were written for.
func TestServerRows(t *testing.T) {
	tests := []struct {
		name      string
		protocol  string
		req       string
		interim   []string
		reply     string
		fate      Fate
		wantClass Class // "" for no divergence
		wantRule  rules.ID
		permitted bool
		config    *ServerConfig
	}{
		{name: "S23 valid refused", req: wsReq + "|", reply: "HTTP/1.1 400 Bad Request|Content-Length: 0||",
			wantClass: Interop, wantRule: rules.RFC6455_4_2_2_13},
		{name: "valid switched", req: wsReq + "|", reply: ws101 + "|"},
		{name: "S17 repeated subprotocol offer switched", req: wsReq + "Sec-WebSocket-Protocol: chat, chat||",
			reply: ws101 + "Sec-WebSocket-Protocol: chat||", wantClass: Policy, wantRule: rules.AMB_7},
		{name: "S24 426 without Upgrade", req: wsReq + "Sec-WebSocket-Version: 8||", reply: "HTTP/1.1 426 Upgrade Required|Sec-WebSocket-Version: 13|Content-Length: 0||",
			wantClass: Violation, wantRule: rules.RFC9110_15_5_22_1},
		{name: "S26 version refused without the field", req: strings.Replace(wsReq, "Version: 13", "Version: 8", 1) + "|",
			reply: "HTTP/1.1 400 Bad Request|Content-Length: 0||", wantClass: Violation, wantRule: rules.RFC6455_4_2_2_4},
		{name: "S26 not the reason: the key is broken too", req: strings.Replace(strings.Replace(wsReq, "Version: 13", "Version: 8", 1), "dGhlIHNhbXBsZSBub25jZQ==", "x", 1) + "|",
			reply: "HTTP/1.1 400 Bad Request|Content-Length: 0||"},
		{name: "S13b another version supported", req: strings.Replace(wsReq, "Version: 13", "Version: 8", 1) + "|", reply: ws101 + "|", permitted: true},
		{name: "S10 no 100 before 101", req: wsReq + "Expect: 100-continue||", reply: ws101 + "|",
			wantClass: Violation, wantRule: rules.RFC9110_7_8_15},
		{name: "S10b 100 then 101", req: wsReq + "Expect: 100-continue||", interim: []string{"HTTP/1.1 100 Continue||"}, reply: ws101 + "|",
			wantClass: Policy, wantRule: rules.AMB_35},
		{name: "S20 empty elements refused", req: strings.Replace(wsReq, "Connection: Upgrade", "Connection: , Upgrade ,", 1) + "|",
			reply: "HTTP/1.1 400 Bad Request|Content-Length: 0||", wantClass: Violation, wantRule: rules.RFC9110_5_6_1_2_1},
		{name: "S13 switched on a broken key", req: strings.Replace(wsReq, "dGhlIHNhbXBsZSBub25jZQ==", "x", 1) + "|", reply: ws101 + "|",
			wantClass: Violation},
		{name: "S25 must refuse, answered 200", req: strings.Replace(wsReq, "dGhlIHNhbXBsZSBub25jZQ==", "x", 1) + "|", reply: "HTTP/1.1 200 OK|Content-Length: 0||",
			wantClass: Violation, wantRule: rules.RFC6455_4_2_1_1},
		{name: "S6 must refuse, closed", req: strings.Replace(wsReq, "dGhlIHNhbXBsZSBub25jZQ==", "x", 1) + "|", fate: Closed,
			wantClass: Violation, wantRule: rules.RFC6455_4_2_1_1},
		{name: "S4 hung on a complete request", req: wsReq + "|", fate: Hung, wantClass: Robustness, wantRule: rules.RFC6455_4_2_2_13},
		{name: "S18 h2c without HTTP2-Settings switched", protocol: H2C, req: h2cReq + "|", reply: h2c101, wantClass: Violation, wantRule: rules.RFC7540_3_2_1_1},
		{name: "h2c switched", protocol: H2C, req: h2cReq + "HTTP2-Settings: AAMAAABkAAQAAP__||", reply: h2c101},
		{name: "S12 switched to h2", protocol: H2C, req: strings.Replace(h2cReq, "h2c", "h2c, h2", 1) + "HTTP2-Settings: AAMAAABkAAQAAP__||",
			reply: "HTTP/1.1 101 Switching Protocols|Upgrade: h2|Connection: Upgrade||", wantClass: Violation, wantRule: rules.RFC7540_3_2_3},
		{name: "S16a switched to h2c, offered, in a WebSocket run: judged as h2c", req: h2cReq + "HTTP2-Settings: AAMAAABkAAQAAP__||", reply: h2c101},
		{name: "S16a switched to h2c, offered, without HTTP2-Settings", req: h2cReq + "|", reply: h2c101,
			wantClass: Violation, wantRule: rules.RFC7540_3_2_1_1},
		{name: "S16b switched to another offered protocol", req: "GET / HTTP/1.1|Host: a|Upgrade: foo|Connection: Upgrade||",
			reply: "HTTP/1.1 101 Switching Protocols|Upgrade: foo|Connection: Upgrade||", permitted: true},
		{name: "S16 switched to a protocol not offered", req: "GET / HTTP/1.1|Host: a||", reply: ws101 + "|", wantClass: Violation},
		{name: "S15 wrong Accept", req: wsReq + "|", reply: strings.Replace(ws101, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", "ICX+Yqv66kxgM0FcWaLWlFLwTAI=", 1) + "|",
			wantClass: Violation, wantRule: rules.RFC6455_4_2_2_11},
		{name: "S15 unoffered subprotocol", req: wsReq + "|", reply: ws101 + "Sec-WebSocket-Protocol: mqtt||",
			wantClass: Violation, wantRule: rules.RFC6455_4_2_2_6},
		{name: "S21 refusal permitted: another fault too", req: strings.Replace(wsReq, "Host: a|", "Host: a|Host: a|", 1) + "|",
			reply: "HTTP/1.1 400 Bad Request|Content-Length: 0||"},
		{name: "S20b configured to require a subprotocol", req: wsReq + "|", reply: "HTTP/1.1 400 Bad Request|Content-Length: 0||", permitted: true,
			config: &ServerConfig{Subprotocols: []string{"chat"}, RequireSubprotocol: true}},
		{name: "S23 required subprotocol offered, refused anyway", req: wsReq + "Sec-WebSocket-Protocol: x|Sec-WebSocket-Protocol: chat||",
			reply: "HTTP/1.1 400 Bad Request|Content-Length: 0||", wantClass: Interop,
			config: &ServerConfig{Subprotocols: []string{"chat"}, RequireSubprotocol: true}},
		{name: "S23 valid refused for its origin", req: wsReq + "|", reply: "HTTP/1.1 403 Forbidden|Content-Length: 0||", permitted: true},
		{name: "S8 not HTTP", req: wsReq + "|", reply: "garbage||", wantClass: Violation, wantRule: rules.RFC9112_4_G1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := Observation{Side: Server, Protocol: tt.protocol, Request: crlf(tt.req), Reply: crlf(tt.reply), Fate: tt.fate, Config: tt.config}
			if o.Protocol == "" {
				o.Protocol = WebSocket
			}
			if o.Fate == "" {
				o.Fate = Answered
			}
			for _, h := range tt.interim {
				o.Interim = append(o.Interim, crlf(h))
			}
			j := Judge(o)
			d := j.Worst()
			switch {
			case tt.wantClass == "" && d != nil:
				t.Fatalf("Judge = %s %s (%s); want no divergence", d.Class, d.Rule, d.Summary)
			case tt.wantClass != "" && d == nil:
				t.Fatalf("Judge = no divergence (%s%s); want %s %s", j.Note, j.Permitted, tt.wantClass, tt.wantRule)
			case d != nil && (d.Class != tt.wantClass || tt.wantRule != "" && d.Rule != tt.wantRule):
				t.Fatalf("Judge = %s %s (%s); want %s %s", d.Class, d.Rule, d.Summary, tt.wantClass, tt.wantRule)
			}
			if (j.Permitted != "") != tt.permitted {
				t.Errorf("Permitted = %q; want permitted %v", j.Permitted, tt.permitted)
			}
		})
	}
}

// TestBinds: the role check the self-audit uses tells a server's duty from
// a client's.
func TestBinds(t *testing.T) {
	tests := []struct {
		id   rules.ID
		side Side
		want bool
	}{
		{rules.RFC6455_4_2_2_11, Server, true},
		{rules.RFC6455_4_2_2_11, Client, false},
		{rules.RFC6455_4_1_15, Server, false},
		{rules.RFC6455_4_1_15, Client, true},
		{rules.RFC9110_5_6_1_2_1, Server, true},
		{rules.AMB_7, Server, true},
		{rules.RFC9112_4_G1, Server, true},
		{rules.PROXY_1, Proxy, true},
		{rules.RFC6455_4_2_1_6, Client, false},
		{"NO-SUCH-RULE", Server, false},
	}
	for _, tt := range tests {
		if got := Binds(tt.id, tt.side); got != tt.want {
			t.Errorf("Binds(%s, %s) = %v; want %v", tt.id, tt.side, got, tt.want)
		}
	}
}

// TestViolationsBindTheBlamedSide runs every server and client row of the
// tables above and checks that each violation cites a rule of the blamed
// side's own role.
func TestViolationsBindTheBlamedSide(t *testing.T) {
	reqs := []string{wsReq + "|", wsReq + "Sec-WebSocket-Protocol: chat, chat||", strings.Replace(wsReq, "dGhlIHNhbXBsZSBub25jZQ==", "x", 1) + "|",
		strings.Replace(wsReq, "Version: 13", "Version: 8", 1) + "|", wsReq + "Expect: 100-continue||", h2cReq + "|", "GET / HTTP/1.0|Host: a|Upgrade: websocket|Connection: Upgrade||"}
	replies := []string{ws101 + "|", h2c101, "HTTP/1.1 400 Bad Request|Content-Length: 0||", "HTTP/1.1 426 Upgrade Required|Content-Length: 0||",
		"HTTP/1.1 101 Switching Protocols|Upgrade: websocket|Content-Length: 0||", "HTTP/1.1 200 OK|Content-Length: 0||"}
	for _, req := range reqs {
		for _, reply := range replies {
			for _, side := range []Side{Server, Client} {
				for _, fate := range []Fate{Answered, Open, Failed} {
					if (side == Server) != (fate == Answered) {
						continue
					}
					j := Judge(Observation{Side: side, Protocol: WebSocket, Request: crlf(req), Reply: crlf(reply), Fate: fate})
					for _, d := range j.Divergences {
						if d.Class == Violation && !Binds(d.Rule, d.Blamed) {
							t.Errorf("%s %s: violation of %s, which does not bind a %s (%s)\n%s\n%s", side, fate, d.Rule, d.Blamed, d.Summary, req, reply)
						}
					}
				}
			}
		}
	}
}

// TestClientRows checks the client rows of docs/judging.md.
func TestClientRows(t *testing.T) {
	tests := []struct {
		name      string
		protocol  string // "" for WebSocket
		req       string
		reply     string
		fate      Fate
		wantClass Class
		wantRule  rules.ID
		permitted bool
	}{
		{name: "C6 valid opened", req: wsReq + "|", reply: ws101 + "|", fate: Open},
		{name: "C9 valid failed", req: wsReq + "|", reply: ws101 + "|", fate: Failed, wantClass: Interop, wantRule: rules.RFC6455_4_1_27},
		{name: "C9 valid h2c 101 failed", protocol: H2C, req: h2cReq + "HTTP2-Settings: AAMAAABkAARAAP__||", reply: h2c101, fate: Failed,
			wantClass: Interop, wantRule: rules.RFC7540_3_2_6},
		{name: "C6 wrong Accept failed", req: wsReq + "|", reply: strings.Replace(ws101, "s3pPL", "AAAAA", 1) + "|", fate: Failed},
		{name: "C4 wrong Accept opened", req: wsReq + "|", reply: strings.Replace(ws101, "s3pPL", "AAAAA", 1) + "|", fate: Open,
			wantClass: Violation, wantRule: rules.RFC6455_4_1_22},
		{name: "C4 200 opened", req: wsReq + "|", reply: "HTTP/1.1 200 OK|Content-Length: 0||", fate: Open,
			wantClass: Violation, wantRule: rules.RFC6455_4_1_19},
		{name: "C4 unoffered subprotocol opened", req: wsReq + "|", reply: ws101 + "Sec-WebSocket-Protocol: mqtt||", fate: Open,
			wantClass: Violation, wantRule: rules.RFC6455_4_1_24},
		{name: "C4 a server's rule: the client's catch-all", req: "GET / HTTP/1.0|Host: a|Upgrade: websocket|Connection: Upgrade|Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==|Sec-WebSocket-Version: 13||",
			reply: ws101 + "|", fate: Open, wantClass: Violation},
		{name: "C8 no subprotocol selected, failed", req: wsReq + "Sec-WebSocket-Protocol: chat||", reply: ws101 + "|", fate: Failed, permitted: true},
		{name: "C1 no request", fate: NoRequest, wantClass: Robustness, wantRule: rules.RFC6455_4_1_6},
		{name: "C4 two Accept lines opened: the client's own check", req: wsReq + "|", reply: ws101 + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=||", fate: Open,
			wantClass: Violation, wantRule: rules.RFC6455_4_1_25},
		{name: "C9b empty list element failed", req: wsReq + "|", reply: strings.Replace(ws101, "Connection: Upgrade", "Connection: , Upgrade", 1) + "|", fate: Failed,
			wantClass: Violation, wantRule: rules.RFC9110_5_6_1_2_1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			protocol := tt.protocol
			if protocol == "" {
				protocol = WebSocket
			}
			j := Judge(Observation{Side: Client, Protocol: protocol, Request: crlf(tt.req), Reply: crlf(tt.reply), Fate: tt.fate})
			d := j.Worst()
			switch {
			case tt.wantClass == "" && d != nil:
				t.Fatalf("Judge = %s %s (%s); want no divergence", d.Class, d.Rule, d.Summary)
			case tt.wantClass != "" && d == nil:
				t.Fatalf("Judge = no divergence; want %s %s", tt.wantClass, tt.wantRule)
			case d != nil && (d.Class != tt.wantClass || tt.wantRule != "" && d.Rule != tt.wantRule):
				t.Fatalf("Judge = %s %s (%s); want %s %s", d.Class, d.Rule, d.Summary, tt.wantClass, tt.wantRule)
			}
			if d != nil && d.Class == Violation && !Binds(d.Rule, Client) {
				t.Errorf("violation of %s, which does not bind a client", d.Rule)
			}
			if (j.Permitted != "") != tt.permitted {
				t.Errorf("Permitted = %q; want permitted %v", j.Permitted, tt.permitted)
			}
		})
	}
}

// TestProxyRows checks the intermediary rows that need no state machine:
// what reached the client must be an HTTP response.
func TestProxyRows(t *testing.T) {
	req := crlf(wsReq + "|")
	for _, tt := range []struct {
		name      string
		reply     []byte
		forwarded []byte
		wantClass Class
		permitted bool
	}{
		{name: "P0 echo", reply: req, wantClass: Violation},
		{name: "P0 garbage", reply: []byte("\x16\x03\x01garbage\r\n\r\n"), forwarded: req, wantClass: Violation},
		{name: "P1 nothing", wantClass: Robustness},
		{name: "P3 answered itself", reply: crlf("HTTP/1.1 403 Forbidden|Content-Length: 0||"), permitted: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			o := Observation{Side: Proxy, Protocol: WebSocket, Request: req, Reply: tt.reply, Fate: Answered,
				Proxy: &ProxyWire{Forwarded: tt.forwarded}}
			if tt.reply == nil {
				o.Fate = Hung
			}
			j := Judge(o)
			d := j.Worst()
			switch {
			case tt.wantClass == "" && d != nil:
				t.Fatalf("Judge = %s %s (%s); want none", d.Class, d.Rule, d.Summary)
			case tt.wantClass != "" && (d == nil || d.Class != tt.wantClass):
				t.Fatalf("Judge = %+v; want %s", d, tt.wantClass)
			}
			if (j.Permitted != "") != tt.permitted {
				t.Errorf("Permitted = %q; want permitted %v", j.Permitted, tt.permitted)
			}
		})
	}
}

// TestEmptyElementInRFC6455List: a null element of an RFC 2616 list is
// legal, and a recipient must ignore it (RFC 9110 §5.6.1.2): refusing a
// handshake for it alone is a violation, unless the handshake gives the
// server another reason.
func TestEmptyElementInRFC6455List(t *testing.T) {
	for _, tt := range []struct {
		req  string
		want Class
	}{
		{wsReq + "Sec-WebSocket-Protocol: , chat||", Violation},
		{strings.Replace(wsReq, "dGhlIHNhbXBsZSBub25jZQ==", "dGhlIHNhbXBs ZSBub25jZQ==", 1) + "Sec-WebSocket-Protocol: , chat||", ""},
	} {
		j := Judge(Observation{Side: Server, Protocol: WebSocket, Request: crlf(tt.req), Reply: crlf("HTTP/1.1 400 Bad Request|Content-Length: 0||"), Fate: Answered})
		got := Class("")
		if d := j.Worst(); d != nil {
			got = d.Class
			if d.Rule != rules.RFC9110_5_6_1_2_1 {
				t.Errorf("%q: cites %s; want RFC9110-5.6.1.2-1", tt.req, d.Rule)
			}
		}
		if got != tt.want {
			t.Errorf("%q refused: %q; want %q (%s)", tt.req, got, tt.want, j.Permitted)
		}
	}
}
