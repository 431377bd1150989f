package wire

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/switchyard/switchyard/judge"
	"github.com/switchyard/switchyard/parser"
)

// pipeServer is a Dialer whose every connection is answered by answer,
// given the request head read.
func pipeServer(answer func(head []byte) string) Dialer {
	return func(ctx context.Context, addr string) (net.Conn, error) {
		ours, theirs := net.Pipe()
		go func() {
			defer theirs.Close()
			theirs.SetDeadline(time.Now().Add(2 * time.Second))
			r := ReadRequest(theirs, Limits{Settle: NoSettle})
			theirs.Write([]byte(answer(r.Head)))
		}()
		return ours, nil
	}
}

// Each protocol's preflight request is a valid, conforming handshake of
// that protocol which the strict reference may switch, and nothing else.
func TestPreflightRequestForIsValid(t *testing.T) {
	tgt, _ := ParseTarget("tcp://127.0.0.1:8080/app?x=1")
	for _, proto := range []string{judge.WebSocket, judge.H2C, judge.TLS} {
		req := parser.ParseRequest(PreflightRequestFor(tgt, proto))
		if !req.Verdict.Valid(parser.Strict) || !req.Verdict.Conforming() {
			t.Errorf("%s: preflight request is not valid and conforming: %v", proto, req.Violations)
		}
		if len(req.Switchable) != 1 {
			t.Errorf("%s: switchable %v; want exactly the protocol", proto, req.Switchable)
			continue
		}
		name := strings.ToLower(string(req.Switchable[0].Name))
		if want := map[string]string{judge.WebSocket: "websocket", judge.H2C: "h2c", judge.TLS: "tls"}[proto]; name != want {
			t.Errorf("%s: switchable %q", proto, name)
		}
	}
	if PreflightRequestFor(tgt, "spdy") != nil {
		t.Error("an unknown protocol has a preflight request")
	}
}

// The preflight of each protocol passes on a 101 to its own handshake only,
// and a 200 over HTTP/1.1 does not do.
func TestPreflightProtocol(t *testing.T) {
	ctx := context.Background()
	tgt, _ := ParseTarget("tcp://127.0.0.1:8080/app")
	// switcher switches exactly the protocol it serves.
	switcher := func(serves string) Dialer {
		return pipeServer(func(head []byte) string {
			req := parser.ParseRequest(head)
			for _, p := range req.Switchable {
				if strings.EqualFold(string(p.Name), serves) {
					return "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: " + string(p.Name) + "\r\n\r\n"
				}
			}
			return "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
		})
	}
	for _, proto := range []string{judge.WebSocket, judge.H2C, judge.TLS} {
		for _, serves := range []string{"websocket", "h2c", "tls"} {
			err := PreflightProtocol(ctx, switcher(serves), tgt, proto, time.Second)
			same := serves == strings.ToLower(map[string]string{judge.WebSocket: "websocket", judge.H2C: "h2c", judge.TLS: "tls"}[proto])
			switch {
			case same && err != nil:
				t.Errorf("%s preflight to a %s server: %v", proto, serves, err)
			case !same && (err == nil || !strings.Contains(err.Error(), "200 OK")):
				t.Errorf("%s preflight to a %s server: %v; want an error naming the 200", proto, serves, err)
			}
		}
	}
	if err := PreflightProtocol(ctx, switcher("h2c"), tgt, "spdy", time.Second); err == nil {
		t.Error("an unknown protocol passed the preflight")
	}
	err := PreflightProtocol(ctx, switcher("websocket"), tgt, judge.TLS, time.Second)
	if err == nil || !strings.Contains(err.Error(), "RFC 2817") || !strings.Contains(err.Error(), "to *") {
		t.Errorf("tls preflight error %v; want it to name RFC 2817 and OPTIONS *", err)
	}
}

// The WebSocket preflight offers the subprotocols it is given, or none,
// and stays a valid, conforming handshake; a server that closes on an
// offer it does not serve passes a preflight offering its own.
func TestPreflightOffering(t *testing.T) {
	tgt, _ := ParseTarget("tcp://127.0.0.1:8080/")
	for offer, want := range map[string]string{"dumb-increment-protocol": "Sec-WebSocket-Protocol: dumb-increment-protocol\r\n", "": ""} {
		raw := PreflightRequestOffering(tgt, offer)
		req := parser.ParseRequest(raw)
		if !req.Verdict.Valid(parser.Strict) || !req.Verdict.Conforming() {
			t.Errorf("offer %q: not valid and conforming: %v", offer, req.Violations)
		}
		if got := strings.Contains(string(raw), "Sec-WebSocket-Protocol"); got != (want != "") || !strings.Contains(string(raw), want) {
			t.Errorf("offer %q: request %q", offer, raw)
		}
	}
	only := pipeServer(func(head []byte) string {
		if !strings.Contains(string(head), "Sec-WebSocket-Protocol: dumb-increment-protocol\r\n") {
			return "" // closes without an answer, as libwebsockets' test server does
		}
		return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"
	})
	ctx := context.Background()
	if err := PreflightOffering(ctx, only, tgt, judge.WebSocket, "dumb-increment-protocol", time.Second); err != nil {
		t.Errorf("offering the served subprotocol: %v", err)
	}
	if err := PreflightProtocol(ctx, only, tgt, judge.WebSocket, time.Second); err == nil {
		t.Error("offering chat, superchat to a server serving neither: preflight passed")
	}
}
