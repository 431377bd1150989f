package oracle

import (
	"bytes"
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/rules"
)

// plantedClient is a strict WebSocket client built on the parser, with at
// most one planted defect.
func plantedClient(defect string) ClientImpl {
	return ClientImpl{Name: "planted-client/" + defect, Handshake: func(ctx context.Context, c net.Conn, _ string) error {
		defer c.Close()
		version := "13"
		if defect == "bad-request" {
			version = "8"
		}
		req := []byte("GET /chat HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
			"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: " + version + "\r\n" +
			"Sec-WebSocket-Protocol: chat, superchat\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n")
		if d, ok := ctx.Deadline(); ok {
			c.SetDeadline(d)
		}
		if _, err := c.Write(req); err != nil {
			return err
		}
		buf, err := readHead(c)
		if err != nil {
			return err
		}
		head := buf[:parser.HeadEnd(buf)]
		switch defect {
		case "hang":
			if bytes.Contains(head, []byte("Content-Length")) {
				time.Sleep(5 * time.Second) // past the oracle's timeouts and grace, second look included
				return errors.New("late")
			}
		case "panic":
			if bytes.Contains(head, []byte("Transfer-Encoding")) {
				panic("planted panic")
			}
		case "ignore-accept":
			var acc [parser.AcceptLen]byte
			head = replaceField(head, "Sec-WebSocket-Accept", string(parser.AppendAccept(acc[:0], []byte("dGhlIHNhbXBsZSBub25jZQ=="))))
		case "ignore-subprotocol":
			head = replaceField(head, "Sec-WebSocket-Protocol", "chat")
		case "ignore-extensions":
			head = replaceField(head, "Sec-WebSocket-Extensions", "permessage-deflate")
		case "reject-valid":
			return errors.New("refused")
		}
		var rp, sp parser.Parser
		r := rp.ParseRequest(req)
		resp := sp.ParseResponse(head, r)
		if resp.Status == 101 && resp.Switched && resp.Valid(true) {
			return nil
		}
		return errors.New("handshake failed")
	}}
}

func clientRun(t *testing.T, impl ClientImpl) *Result {
	t.Helper()
	res, err := Run(context.Background(), Config{Clients: []ClientImpl{impl}, Timeout: time.Second, NoMinimize: true})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestPlantedClientCorrect: the strict client diverges on no case.
func TestPlantedClientCorrect(t *testing.T) {
	res := clientRun(t, plantedClient(""))
	for _, f := range res.Findings {
		t.Errorf("correct client: %s %s: %s\n%s", f.Class, f.Rule, f.Summary, f.Response)
	}
	if res.Cases != len(ClientCases(0)) {
		t.Errorf("%d cases ran, want %d", res.Cases, len(ClientCases(0)))
	}
}

// TestPlantedClientDefects: each planted client defect is found with its
// rule and class.
func TestPlantedClientDefects(t *testing.T) {
	tests := []struct {
		defect string
		class  Class
		rule   rules.ID
	}{
		{"ignore-accept", Violation, rules.RFC6455_4_1_22},
		{"ignore-subprotocol", Violation, rules.RFC6455_4_1_24},
		{"ignore-extensions", Violation, rules.RFC6455_4_1_23},
		{"bad-request", Violation, rules.RFC6455_4_1_14},
		{"reject-valid", Interop, ""},
		{"hang", Robustness, ""},
		{"panic", Robustness, ""},
	}
	for _, tt := range tests {
		t.Run(tt.defect, func(t *testing.T) {
			t.Parallel()
			res := clientRun(t, plantedClient(tt.defect))
			if !has(res, tt.class, tt.rule) {
				t.Errorf("defect %s not found as %s %s; findings:", tt.defect, tt.class, tt.rule)
				for _, f := range res.Findings {
					t.Logf("  %s %s: %s", f.Class, f.Rule, f.Summary)
				}
			}
		})
	}
}
