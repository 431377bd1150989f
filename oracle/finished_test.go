package oracle

import (
	"context"
	"errors"
	"io"
	"net"
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

// waitingClient sends RFC 6455 §1.2's request, reads the response head,
// then waits on the server the way the oracle must notice: it reads
// further (until the server closes) or writes, and fails.
func waitingClient(write bool) ClientImpl {
	return ClientImpl{Name: "waiting-client", Handshake: func(_ context.Context, c net.Conn, _ string) error {
		if _, err := c.Write([]byte(finishedRequest)); err != nil {
			return err
		}
		if _, err := readHead(c); err != nil {
			return err
		}
		if write {
			c.Write([]byte("\x88\x80\x00\x00\x00\x00")) // a close frame nobody reads
		} else {
			io.Copy(io.Discard, c)
		}
		return errors.New("gave up")
	}}
}

// A client that, having read the whole response, waits on the server is
// closed on at once: it fails only once the server closed (AfterClose),
// as it would at the deadline, long before it.
func TestObserveClientWaitsOnServer(t *testing.T) {
	const timeout = time.Minute
	c := Case{Name: "plain", Side: ClientSide, Message: []byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: $ACCEPT\r\n\r\n")}
	for _, write := range []bool{false, true} {
		o := ObserveClient(context.Background(), waitingClient(write), c, timeout)
		if o.Fate != FateFailed || !o.AfterClose || o.Elapsed >= timeout {
			t.Errorf("write %v: fate %s, after close %v, after %s; want failed after the close, before the timeout", write, o.Fate, o.AfterClose, o.Elapsed)
		}
	}
}
