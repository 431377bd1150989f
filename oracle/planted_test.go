package oracle

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/base64"
	"io"
	"net"
	"testing"
	"time"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/rules"
)

// plantedServer is a strict WebSocket server built on the parser, with at
// most one planted defect. The correct one (defect "") switches exactly
// when the reference does and answers everything else with the
// reference's refusal.
type plantedServer struct{ defect string }

func (s plantedServer) Close() {}

// triggered reports whether a robustness defect fires on this request: it
// fires on requests offering a subprotocol, so that a run stays short.
func triggered(head []byte) bool {
	return bytes.Contains(bytes.ToLower(head), []byte("sec-websocket-protocol"))
}

func (s plantedServer) Serve(c *PeerConn) {
	defer c.Close()
	buf, err := readHead(c)
	if err != nil {
		return
	}
	head := buf[:parser.HeadEnd(buf)]
	switch s.defect {
	case "panic":
		if triggered(head) {
			panic("planted panic")
		}
	case "hang":
		if triggered(head) {
			io.Copy(io.Discard, c) // until the oracle gives up and closes
			return
		}
	}
	c.Write(s.respond(head))
}

// respond computes the planted server's answer.
func (s plantedServer) respond(head []byte) []byte {
	decide := head
	switch s.defect {
	case "bad-key": // validates a stand-in key, answers for the real one
		decide = replaceField(head, "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
	case "http10": // takes an HTTP/1.0 handshake for HTTP/1.1
		decide = bytes.Replace(head, []byte("HTTP/1.0\r\n"), []byte("HTTP/1.1\r\n"), 1)
	}
	var rp, dp parser.Parser
	req := rp.ParseRequest(head)
	dec := dp.ParseRequest(decide)
	ok := switchableWS(dec) && dec.Valid(true)
	if s.defect == "lenient" { // Switchyard's policy only: accepts what the RFC lets it
		// RFC 9112 §6.1: a request with Content-Length and
		// Transfer-Encoding is answered and the connection closed.
		ok = dec.WebSocket.Offered && !dec.Has(rules.AMB_3) && len(dec.WebSocket.Key) > 0 && dec.Valid(false) && dec.WebSocket.Version == 13 &&
			!dec.Has(rules.STRICT_6)
	}
	if s.defect == "h2" && bytes.Contains(bytes.ToLower(head), []byte("upgrade: h2\r\n")) {
		return []byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2\r\nConnection: Upgrade\r\n\r\n")
	}
	if s.defect == "refuse-valid" {
		ok = false
	}
	if !ok {
		status := dec.RefusalStatus(true)
		if status == 0 {
			status = 400
		}
		switch s.defect {
		case "no-answer":
			return nil
		case "426-without-version":
			if status == 426 {
				return []byte("HTTP/1.1 426 Upgrade Required\r\nUpgrade: websocket\r\nConnection: Upgrade, close\r\nContent-Length: 0\r\n\r\n")
			}
		}
		return parser.AppendRefusal(nil, status, "refused")
	}
	key := req.WebSocket.Key
	if s.defect == "bad-key" {
		key = bytes.TrimSpace(fieldValue(head, "Sec-WebSocket-Key"))
	}
	var sel parser.Selection
	for _, p := range dec.WebSocket.Protocols {
		if string(p.Value) == "chat" || string(p.Value) == "superchat" {
			sel.Subprotocol = p.Value
			break
		}
	}
	if s.defect == "unoffered-subprotocol" {
		sel.Subprotocol = []byte("mqtt")
	}
	if s.defect == "unoffered-extension" {
		sel.Extensions = []byte("x-foo")
	}
	out := parser.AppendSwitchingProtocols(nil, key, sel)
	switch s.defect {
	case "wrong-accept":
		h := sha1.Sum(key) // the GUID forgotten (RFC 6455 §4.2.2 step 5.4)
		out = replaceField(out, "Sec-WebSocket-Accept", base64.StdEncoding.EncodeToString(h[:]))
	case "no-upgrade":
		out = bytes.Replace(out, []byte("Upgrade: websocket\r\n"), nil, 1)
	case "no-connection":
		out = bytes.Replace(out, []byte("Connection: Upgrade\r\n"), nil, 1)
	case "content-length":
		out = bytes.Replace(out, []byte("\r\n\r\n"), []byte("\r\nContent-Length: 0\r\n\r\n"), 1)
	}
	if s.defect == "lenient" && dec.Expect100 {
		// RFC 9110 §7.8: a 100 (Continue) before the 101.
		out = append([]byte("HTTP/1.1 100 Continue\r\n\r\n"), out...)
	}
	return out
}

func switchableWS(r *parser.Request) bool {
	for _, p := range r.Switchable {
		if string(bytes.ToLower(p.Name)) == "websocket" {
			return true
		}
	}
	return false
}

// fieldValue returns the value of the first field line named name.
func fieldValue(head []byte, name string) []byte {
	for _, line := range bytes.Split(head, []byte("\n")) {
		if i := bytes.IndexByte(line, ':'); i > 0 && bytes.EqualFold(bytes.TrimSpace(line[:i]), []byte(name)) {
			return bytes.TrimRight(line[i+1:], "\r")
		}
	}
	return nil
}

// replaceField replaces the value of every field line named name.
func replaceField(head []byte, name, value string) []byte {
	lines := bytes.SplitAfter(head, []byte("\n"))
	for i, line := range lines {
		if j := bytes.IndexByte(line, ':'); j > 0 && bytes.EqualFold(bytes.TrimSpace(line[:j]), []byte(name)) {
			lines[i] = []byte(name + ": " + value + "\r\n")
		}
	}
	return bytes.Join(lines, nil)
}

// plantedRun runs the oracle over one planted server.
func plantedRun(t *testing.T, target ServerTarget, minimize bool) *Result {
	t.Helper()
	res, err := Run(context.Background(), Config{
		Servers: []ServerTarget{target}, Seed: 7, Cases: 200,
		Timeout: time.Second, NoMinimize: !minimize,
	})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func plantedTarget(defect string) ServerTarget {
	return NewInProcess(ServerImpl{Name: "planted/" + defect, Protocol: "websocket",
		Start: func() Server { return plantedServer{defect} }})
}

func has(res *Result, class Class, rule rules.ID) bool {
	for _, f := range res.Findings {
		if f.Class == class && (rule == "" || f.Rule == rule) {
			return true
		}
	}
	return false
}

// TestPlantedCorrect: the strict server built on the reference diverges
// on no case at all.
func TestPlantedCorrect(t *testing.T) {
	res := plantedRun(t, plantedTarget(""), false)
	for _, f := range res.Findings {
		t.Errorf("correct server: %s %s: %s\n%s", f.Class, f.Rule, f.Summary, f.Request)
	}
	if res.Cases < 200 {
		t.Errorf("only %d cases ran", res.Cases)
	}
}

// TestPlantedDefects: each planted defect is found with its rule and class.
func TestPlantedDefects(t *testing.T) {
	tests := []struct {
		defect string
		class  Class
		rule   rules.ID // "" for any rule
	}{
		{"bad-key", Violation, rules.RFC6455_4_2_1_6},
		{"wrong-accept", Violation, rules.RFC6455_4_2_2_11},
		{"no-upgrade", Violation, rules.RFC9110_7_8_4},
		{"no-connection", Violation, rules.RFC9110_7_8_12},
		{"content-length", Violation, rules.RFC9110_8_6_1},
		{"unoffered-subprotocol", Violation, rules.RFC6455_4_2_2_6},
		{"unoffered-extension", Violation, rules.RFC6455_4_2_2_7},
		{"http10", Violation, rules.RFC9110_15_2_1},
		{"h2", Violation, rules.RFC7540_3_2_3},
		{"426-without-version", Violation, rules.RFC6455_4_2_2_4},
		{"no-answer", Violation, rules.RFC6455_4_2_1_1},
		{"refuse-valid", Interop, ""},
		{"lenient", Policy, ""},
		{"panic", Robustness, ""},
		{"hang", Robustness, ""},
	}
	for _, tt := range tests {
		t.Run(tt.defect, func(t *testing.T) {
			t.Parallel()
			res := plantedRun(t, plantedTarget(tt.defect), false)
			if !has(res, tt.class, tt.rule) {
				t.Errorf("defect %s not found as %s %s; findings:", tt.defect, tt.class, tt.rule)
				for _, f := range res.Findings {
					t.Logf("  %s %s: %s", f.Class, f.Rule, f.Summary)
				}
			}
			for _, f := range res.Findings {
				if f.Class == Violation && rules.LevelOf(f.Rule) != rules.Must {
					t.Errorf("violation citing a %s rule: %s", rules.LevelOf(f.Rule), f.Rule)
				}
			}
			if tt.defect == "lenient" && has(res, Violation, "") {
				for _, f := range res.Findings {
					if f.Class == Violation {
						t.Errorf("a server lenient only where the RFC allows got a violation: %s: %s\n%s\n%s", f.Rule, f.Summary, f.Request, f.Response)
					}
				}
			}
		})
	}
}

// TestPlantedReset: a TCP server that resets every connection is a
// robustness finding, and never stalls the run.
func TestPlantedReset(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Skip("no loopback TCP:", err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				c.Read(make([]byte, 64))
				c.(*net.TCPConn).SetLinger(0) // close with RST
				c.Close()
			}()
		}
	}()
	target, err := ParseTCPTarget("tcp://" + ln.Addr().String() + "/chat")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	res, err := Run(context.Background(), Config{Servers: []ServerTarget{target}, Seed: 1, Cases: 20, Timeout: time.Second, NoMinimize: true})
	if err != nil {
		t.Fatal(err)
	}
	if !has(res, Robustness, "") {
		t.Errorf("reset not found; findings: %v", res.Findings)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("run took %v", d)
	}
}
