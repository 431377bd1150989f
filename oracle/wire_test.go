package oracle

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/switchyard/switchyard/internal/wire"
)

// readHead reads one message head from c with the wire layer, for the
// planted peers of the tests: it returns the head and the octets read
// after it, with a nil error when the head is complete.
func readHead(c net.Conn) ([]byte, error) {
	r := wire.ReadRequest(c, wire.Limits{Settle: wire.NoSettle})
	if r.Fate != FateAnswered {
		return r.Head, errors.New(r.Detail)
	}
	return append(r.Head, r.Body...), nil
}

// ObserveServer reads interim heads before the final one: a 100 Continue
// is no answer (RFC 9110 §15.2), the 101 after it is, and the octets
// after the 101 are kept.
func TestObserveServerInterim(t *testing.T) {
	const (
		cont  = "HTTP/1.1 100 Continue\r\n\r\n"
		ok101 = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"
		frame = "\x81\x02hi"
	)
	addr := serveTCP(t, func(c net.Conn) {
		readHead(c)
		c.Write([]byte(cont))
		c.Write([]byte(ok101 + frame))
		time.Sleep(time.Second)
	})
	tt, err := ParseTCPTarget(addr)
	if err != nil {
		t.Fatal(err)
	}
	c := tt.Rewrite(Case{Name: "x", Message: []byte("GET /chat HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nExpect: 100-continue\r\n\r\n")})
	o := ObserveServer(context.Background(), tt, c, 2*time.Second)
	if o.Fate != FateAnswered || string(o.Reply) != ok101 || len(o.Interim) != 1 || string(o.Interim[0]) != cont || string(o.After) != frame {
		t.Errorf("fate %s, interim %q, reply %q, after %q; want the 100 as interim, the 101 as reply, the frame after", o.Fate, o.Interim, o.Reply, o.After)
	}
}

// A target that refuses connections stops Run with an error: it is never
// a finding.
func TestRunUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Skip(err)
	}
	tt, err := ParseTCPTarget("tcp://" + ln.Addr().String() + "/chat")
	ln.Close()
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), Config{Servers: []ServerTarget{tt}, Seed: 1, Cases: 10, NoMinimize: true})
	if err == nil || !strings.Contains(err.Error(), "unreachable") {
		t.Errorf("Run against a closed port: err %v; want unreachable", err)
	}
	if res != nil && len(res.Findings) > 0 {
		t.Errorf("findings against a closed port: %v", res.Findings)
	}
}
