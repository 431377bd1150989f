package wire

import (
	"context"
	"net"
	"time"

	"github.com/switchyard/switchyard/judge"
)

// Dialer opens a connection to addr; a net.Dialer's DialContext with
// "tcp" bound, or an in-process server's.
type Dialer func(ctx context.Context, addr string) (net.Conn, error)

// TCP is the Dialer of a plain TCP connection.
func TCP(ctx context.Context, addr string) (net.Conn, error) {
	var d net.Dialer
	return d.DialContext(ctx, "tcp", addr)
}

// Converse sends msg on c and reads the response (ReadResponse) at the
// same time: a server may answer before it has read the whole request,
// and net.Pipe does not buffer. c's deadline is the caller's; Converse
// closes c when it is done. A write that failed with a reset, on a
// connection that did not answer, makes the fate Reset.
func Converse(c net.Conn, msg []byte, lim Limits) Response {
	wrote := make(chan error, 1)
	go func() {
		_, err := c.Write(msg)
		wrote <- err
	}()
	resp := ReadResponse(c, lim)
	c.Close() // unblocks a write the peer never read
	werr := <-wrote
	if resp.Fate != judge.Answered && resp.Fate != judge.Oversized && werr != nil && FateOf(werr) == judge.Reset {
		resp.Fate = judge.Reset
		if resp.Detail == "" {
			resp.Detail = werr.Error()
		}
	}
	return resp
}

// Exchange opens a connection to addr with dial, sends msg (a request
// head of headLen octets, then its body) and reads the response, all
// within timeout (the settle wait for After may add up to Settle). A
// failed connect is Unreachable: nothing reached the peer.
func Exchange(ctx context.Context, dial Dialer, addr string, msg []byte, headLen int, timeout time.Duration) judge.Observation {
	start := time.Now()
	o := judge.Observation{Request: msg[:headLen], Body: msg[headLen:]}
	if len(o.Body) == 0 {
		o.Body = nil
	}
	if dial == nil {
		dial = TCP
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	c, err := dial(ctx, addr)
	if err != nil {
		o.Fate, o.Detail, o.Elapsed = judge.Unreachable, "connect: "+err.Error(), time.Since(start)
		return o
	}
	deadline, _ := ctx.Deadline()
	c.SetDeadline(deadline)
	r := Converse(c, msg, DefaultLimits)
	o.Interim, o.Reply, o.After, o.Fate, o.Detail = r.Interim, r.Head, r.After, r.Fate, r.Detail
	o.Elapsed = time.Since(start)
	return o
}
