package wire

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/switchyard/switchyard/judge"
	"github.com/switchyard/switchyard/parser"
)

const (
	ok101 = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"
	cont  = "HTTP/1.1 100 Continue\r\n\r\n"
	req   = "GET /chat HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
)

// peer runs a hostile peer on a loopback TCP listener: serve gets each
// accepted connection. It returns the listener's address.
func peer(t *testing.T, serve func(c *net.TCPConn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Skip("no loopback TCP:", err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				c.SetDeadline(time.Now().Add(5 * time.Second))
				serve(c.(*net.TCPConn))
			}()
		}
	}()
	return ln.Addr().String()
}

// exchange sends req to the peer at addr and reads its answer.
func exchange(t *testing.T, addr string, timeout time.Duration) judge.Observation {
	t.Helper()
	return Exchange(context.Background(), TCP, addr, []byte(req), len(req), timeout)
}

// readReq reads the request the harness sends, so that a peer answers
// after it.
func readReq(c net.Conn) { ReadRequest(c, Limits{Settle: NoSettle}) }

// The scanner finds the end parser.HeadEnd finds, however the octets are
// split, looking at each octet once.
func TestScannerAgreesWithHeadEnd(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	alphabet := []byte("\r\nab: ")
	for i := 0; i < 20000; i++ {
		b := make([]byte, rng.Intn(40))
		for k := range b {
			b[k] = alphabet[rng.Intn(len(alphabet))]
		}
		var s Scanner
		got := -1
		for n := 0; n <= len(b); n += 1 + rng.Intn(4) {
			if got = s.End(b[:min(n, len(b))]); got >= 0 {
				break
			}
		}
		if got < 0 {
			got = s.End(b)
		}
		if want := parser.HeadEnd(b); got != want {
			t.Fatalf("Scanner on %q = %d; parser.HeadEnd = %d", b, got, want)
		}
	}
}

// A peer that never ends its head is cut off at MaxHeadBytes: Oversized,
// with what was read, and no more.
func TestEndlessHead(t *testing.T) {
	addr := peer(t, func(c *net.TCPConn) {
		readReq(c)
		c.Write([]byte("HTTP/1.1 200 OK\r\nX-Endless: "))
		line := bytes.Repeat([]byte("a"), 1024)
		for {
			if _, err := c.Write(line); err != nil {
				return
			}
		}
	})
	o := exchange(t, addr, 3*time.Second)
	if o.Fate != judge.Oversized {
		t.Fatalf("fate %s (%s); want oversized", o.Fate, o.Detail)
	}
	if len(o.Reply) == 0 || len(o.Reply) > MaxHeadBytes {
		t.Errorf("kept %d octets of the endless head; want 1..%d", len(o.Reply), MaxHeadBytes)
	}
	if !bytes.HasPrefix(o.Reply, []byte("HTTP/1.1 200 OK\r\n")) {
		t.Errorf("reply %.40q", o.Reply)
	}
}

// A 100 Continue then a 101: both read, the 100 as interim, the 101 as
// the final head; interim 103 and 102 too, in order.
func TestInterimThenSwitch(t *testing.T) {
	early := "HTTP/1.1 103 Early Hints\r\nLink: </s.css>; rel=preload\r\n\r\n"
	addr := peer(t, func(c *net.TCPConn) {
		readReq(c)
		c.Write([]byte(cont))
		time.Sleep(10 * time.Millisecond) // a separate segment
		c.Write([]byte(early + ok101))
	})
	o := exchange(t, addr, 2*time.Second)
	if o.Fate != judge.Answered || string(o.Reply) != ok101 {
		t.Fatalf("fate %s, reply %q; want answered with the 101", o.Fate, o.Reply)
	}
	if len(o.Interim) != 2 || string(o.Interim[0]) != cont || string(o.Interim[1]) != early {
		t.Errorf("interim %q; want the 100 then the 103", o.Interim)
	}
}

// 64 KiB of interim heads before a 101: the reader stops at its limits
// (Oversized), keeping at most MaxInterimHeads of them.
func TestInterimFlood(t *testing.T) {
	flood := bytes.Repeat([]byte(cont), 64<<10/len(cont)+1)
	addr := peer(t, func(c *net.TCPConn) {
		readReq(c)
		c.Write(append(flood, ok101...))
	})
	o := exchange(t, addr, 2*time.Second)
	if o.Fate != judge.Oversized {
		t.Fatalf("fate %s (%s); want oversized", o.Fate, o.Detail)
	}
	if len(o.Interim) != MaxInterimHeads {
		t.Errorf("kept %d interim heads; want %d", len(o.Interim), MaxInterimHeads)
	}
	if !strings.Contains(o.Detail, "interim") {
		t.Errorf("detail %q does not say why", o.Detail)
	}
}

// The octets after a 101 are kept, up to MaxAfterBytes.
func TestAfterKept(t *testing.T) {
	frame := "\x81\x05hello"
	small := peer(t, func(c *net.TCPConn) {
		readReq(c)
		c.Write([]byte(ok101 + frame))
		time.Sleep(time.Second)
	})
	o := exchange(t, small, 2*time.Second)
	if o.Fate != judge.Answered || string(o.Reply) != ok101 || string(o.After) != frame {
		t.Errorf("fate %s, reply %q, after %q; want the 101 and the frame after it", o.Fate, o.Reply, o.After)
	}
	late := peer(t, func(c *net.TCPConn) {
		readReq(c)
		c.Write([]byte(ok101))
		time.Sleep(Settle / 4)
		c.Write([]byte(frame))
		time.Sleep(time.Second)
	})
	if o := exchange(t, late, 2*time.Second); string(o.After) != frame {
		t.Errorf("a frame %v after the head: after %q", Settle/4, o.After)
	}
	big := peer(t, func(c *net.TCPConn) {
		readReq(c)
		c.Write([]byte(ok101))
		c.Write(bytes.Repeat([]byte("x"), 3*MaxAfterBytes))
		time.Sleep(time.Second)
	})
	start := time.Now()
	o = exchange(t, big, 2*time.Second)
	if o.Fate != judge.Answered || len(o.After) != MaxAfterBytes {
		t.Errorf("fate %s, %d octets after; want answered, %d", o.Fate, len(o.After), MaxAfterBytes)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v: the after-read waited past its limit", d)
	}
}

// The fates: a reset, a close (after a partial head), a hang, a refused
// connect.
func TestFates(t *testing.T) {
	reset := peer(t, func(c *net.TCPConn) {
		readReq(c)
		c.SetLinger(0) // close with a RST
	})
	closed := peer(t, func(c *net.TCPConn) {
		readReq(c)
		c.Write([]byte("HTTP/1.1 400 Bad"))
	})
	hung := peer(t, func(c *net.TCPConn) {
		io.Copy(io.Discard, c)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Skip(err)
	}
	refused := ln.Addr().String()
	ln.Close()

	for _, tt := range []struct {
		name, addr string
		want       judge.Fate
		reply      string
	}{
		{"reset", reset, judge.Reset, ""},
		{"closed", closed, judge.Closed, "HTTP/1.1 400 Bad"},
		{"hung", hung, judge.Hung, ""},
		{"refused", refused, judge.Unreachable, ""},
	} {
		start := time.Now()
		o := exchange(t, tt.addr, 300*time.Millisecond)
		if o.Fate != tt.want || string(o.Reply) != tt.reply {
			t.Errorf("%s: fate %s (%s), reply %q; want %s, %q", tt.name, o.Fate, o.Detail, o.Reply, tt.want, tt.reply)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%s: took %v", tt.name, d)
		}
	}
}

func TestFateOf(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want judge.Fate
	}{
		{nil, judge.Answered},
		{io.EOF, judge.Closed},
		{io.ErrUnexpectedEOF, judge.Closed},
		{net.ErrClosed, judge.Closed},
		{ErrOversized, judge.Oversized},
		{&net.OpError{Op: "read", Err: os.NewSyscallError("read", syscall.ECONNRESET)}, judge.Reset},
		{&net.OpError{Op: "write", Err: os.NewSyscallError("write", syscall.EPIPE)}, judge.Reset},
		{&net.OpError{Op: "read", Err: errors.New("something else")}, judge.Closed},
		{&net.OpError{Op: "dial", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}, judge.Unreachable},
		{os.ErrDeadlineExceeded, judge.Hung},
		{&net.OpError{Op: "dial", Err: errors.New("i/o timeout")}, judge.Unreachable},
		{context.DeadlineExceeded, judge.Hung},
	} {
		if got := FateOf(tt.err); got != tt.want {
			t.Errorf("FateOf(%v) = %s; want %s", tt.err, got, tt.want)
		}
	}
	// A connect that times out is unreachable, not hung.
	d := net.Dialer{Timeout: time.Nanosecond}
	if _, err := d.Dial("tcp", "192.0.2.1:9"); err != nil {
		if got := FateOf(err); got != judge.Unreachable {
			t.Errorf("a dial timeout (%v) is %s; want unreachable", err, got)
		}
	}
}

// A head written one octet at a time is read whole.
func TestHeadByteByByte(t *testing.T) {
	addr := peer(t, func(c *net.TCPConn) {
		c.SetNoDelay(true)
		readReq(c)
		for i := 0; i < len(ok101); i++ {
			c.Write([]byte{ok101[i]})
		}
		time.Sleep(time.Second)
	})
	o := exchange(t, addr, 2*time.Second)
	if o.Fate != judge.Answered || string(o.Reply) != ok101 || o.After != nil {
		t.Errorf("fate %s, reply %q, after %q", o.Fate, o.Reply, o.After)
	}
}

// Over net.Pipe, which does not buffer, a server that answers before
// reading the body does not deadlock the exchange.
func TestAnswerBeforeBody(t *testing.T) {
	body := bytes.Repeat([]byte("b"), 1<<20)
	msg := append([]byte(req), body...)
	dial := func(ctx context.Context, _ string) (net.Conn, error) {
		ours, theirs := net.Pipe()
		go func() {
			defer theirs.Close()
			theirs.SetDeadline(time.Now().Add(2 * time.Second))
			NewReader(theirs).Head(MaxHeadBytes)
			theirs.Write([]byte("HTTP/1.1 413 Content Too Large\r\nContent-Length: 0\r\n\r\n"))
		}()
		return ours, nil
	}
	o := Exchange(context.Background(), dial, "pipe", msg, len(req), 2*time.Second)
	if o.Fate != judge.Answered || !bytes.HasPrefix(o.Reply, []byte("HTTP/1.1 413")) {
		t.Errorf("fate %s (%s), reply %q", o.Fate, o.Detail, o.Reply)
	}
	if string(o.Request) != req || len(o.Body) != len(body) {
		t.Errorf("request %d octets, body %d; want %d, %d", len(o.Request), len(o.Body), len(req), len(body))
	}
}

// ReadRequest keeps the octets after a client's head, within its cap,
// and cuts off an endless head.
func TestReadRequest(t *testing.T) {
	read := func(send []byte, lim Limits) Request {
		ours, theirs := net.Pipe()
		defer ours.Close()
		go func() {
			theirs.SetDeadline(time.Now().Add(2 * time.Second))
			theirs.Write(send)
			time.Sleep(100 * time.Millisecond)
			theirs.Close()
		}()
		ours.SetDeadline(time.Now().Add(2 * time.Second))
		return ReadRequest(ours, lim)
	}
	frame := "\x81\x85abcd\x09\x07\x0f\x08\x0e"
	r := read([]byte(req+frame), Limits{})
	if r.Fate != judge.Answered || string(r.Head) != req || string(r.Body) != frame {
		t.Errorf("fate %s, head %q, body %q", r.Fate, r.Head, r.Body)
	}
	r = read(append([]byte(req), bytes.Repeat([]byte("x"), 2*MaxBodyBytes)...), Limits{})
	if len(r.Body) != MaxBodyBytes {
		t.Errorf("body %d octets; want the cap, %d", len(r.Body), MaxBodyBytes)
	}
	r = read(append([]byte("GET / HTTP/1.1\r\nX: "), bytes.Repeat([]byte("y"), 2*MaxHeadBytes)...), Limits{})
	if r.Fate != judge.Oversized || len(r.Head) != MaxHeadBytes {
		t.Errorf("endless request head: fate %s, %d octets", r.Fate, len(r.Head))
	}
	r = read([]byte("GET / HT"), Limits{})
	if r.Fate != judge.Closed || string(r.Head) != "GET / HT" {
		t.Errorf("partial request: fate %s, head %q", r.Fate, r.Head)
	}
}

// A Reader hands out pipelined heads one by one, and Complete sees a
// head in what Fill read.
func TestReaderPipelined(t *testing.T) {
	ours, theirs := net.Pipe()
	defer ours.Close()
	go func() {
		theirs.Write([]byte(req + req + "tail"))
		theirs.Close()
	}()
	ours.SetDeadline(time.Now().Add(2 * time.Second))
	r := NewReader(ours)
	for i := 0; i < 2; i++ {
		h, err := r.Head(MaxHeadBytes)
		if err != nil || string(h) != req {
			t.Fatalf("head %d: %q, %v", i, h, err)
		}
	}
	if r.Complete() {
		t.Error("Complete on a tail that is no head")
	}
	for r.Fill(MaxHeadBytes) == nil {
	}
	if string(r.Buffered()) != "tail" {
		t.Errorf("buffered %q", r.Buffered())
	}
}
