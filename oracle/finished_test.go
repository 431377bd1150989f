package oracle

import (
	"context"
	"testing"
	"time"
)

// finishingServer reads the request, writes reply, then says it has
// finished with the connection, leaving it open (PeerConn.Finished).
type finishingServer struct{ reply string }

func (s finishingServer) Serve(c *PeerConn) {
	go func() {
		readHead(c)
		c.Write([]byte(s.reply))
		c.Finished()
	}()
}

func (finishingServer) Close() {}

// A connection the implementation has finished with but left open is
// known silent at once: the fate is what the timeout would have shown
// (Hung, with the partial head read), long before it.
func TestObserveServerFinishedOpen(t *testing.T) {
	const timeout = time.Minute
	for _, reply := range []string{"", "HTTP/1.1 400 Bad"} {
		tgt := NewInProcess(ServerImpl{Name: "finishing", Protocol: "websocket", Start: func() Server { return finishingServer{reply} }})
		o := ObserveServer(context.Background(), tgt, Case{Name: "plain", Message: []byte(finishedRequest)}, timeout)
		if o.Fate != FateHung || string(o.Reply) != reply || o.Elapsed >= timeout {
			t.Errorf("reply %q: fate %s, head %q after %s; want hung with the partial head, before the timeout", reply, o.Fate, o.Reply, o.Elapsed)
		}
		if want := "no complete response head within " + timeout.String(); o.Detail != want {
			t.Errorf("detail %q, want %q", o.Detail, want)
		}
	}
}

// A 101 on a connection the implementation then finishes with, leaving it
// open, is answered; what it wrote after the head is kept.
func TestObserveServerFinishedAfter101(t *testing.T) {
	const ok101 = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"
	tgt := NewInProcess(ServerImpl{Name: "finishing", Protocol: "websocket", Start: func() Server { return finishingServer{ok101 + "\x81\x00"} }})
	o := ObserveServer(context.Background(), tgt, Case{Name: "plain", Message: []byte(finishedRequest)}, time.Minute)
	if o.Fate != FateAnswered || string(o.Reply) != ok101 || string(o.After) != "\x81\x00" {
		t.Errorf("fate %s, reply %q, after %q", o.Fate, o.Reply, o.After)
	}
}

// finishedRequest is RFC 6455 §1.2's handshake.
const finishedRequest = "GET /chat HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
	"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
