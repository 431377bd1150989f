package oracle

import (
	"context"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/switchyard/switchyard/internal/wire"
	"github.com/switchyard/switchyard/judge"
	"github.com/switchyard/switchyard/parser"
)

// DefaultTimeout bounds each exchange; a peer that has not answered by then
// has hung.
const DefaultTimeout = 500 * time.Millisecond

// ObserveServer sends c's request to the target over a new connection and
// records the response head and the connection's fate. Every read and write
// has a deadline, so a target that hangs cannot stall the caller for longer
// than timeout.
func ObserveServer(ctx context.Context, t ServerTarget, c Case, timeout time.Duration) Observation {
	start := time.Now()
	o := Observation{Target: t.Name(), Version: t.Version(), Case: c.Name}
	o.Side, o.Protocol, o.Rule, o.Request = ServerSide, t.Protocol(), c.Rule, c.Message
	if ct, ok := t.(interface{ ServerConfig() *judge.ServerConfig }); ok {
		o.Config = ct.ServerConfig()
	}
	var (
		conn     net.Conn
		panicked func() string
		reached  func() bool // nil unless t sits on a shared layer
		err      error
	)
	lt, layered := t.(LayeredTarget)
	if layered && lt.Layer() != "" {
		conn, panicked, reached, err = lt.ConnectReached(ctx)
	} else {
		conn, panicked, err = t.Connect(ctx)
	}
	if err != nil {
		// Nothing reached the target: a run error, never a finding.
		o.Fate, o.Detail = FateUnreachable, "connect: "+err.Error()
		o.Elapsed = time.Since(start)
		return o
	}
	conn.SetDeadline(start.Add(timeout))
	if end, ok := conn.(*oracleEnd); ok {
		defer cutWhenFinished(end)()
	}
	r := wire.Converse(conn, c.Message, wire.DefaultLimits)
	o.Interim, o.Reply, o.After = r.Interim, r.Head, r.After
	o.Elapsed = time.Since(start)
	if reached != nil && !reached() {
		o.Layer = lt.Layer() // the layer answered (or not) on its own
	}
	switch {
	case panicked != nil && panicked() != "":
		o.Fate, o.Detail = FatePanicked, panicked()
	case r.Fate == FateHung:
		o.Fate, o.Detail = FateHung, "no complete response head within "+timeout.String()
	default:
		o.Fate, o.Detail = r.Fate, r.Detail
	}
	return o
}

// cutWhenFinished ends reads on c as the timeout would, as soon as the
// implementation at the other end has finished with the connection
// (PeerConn.Finished): nothing more can arrive, so a read still waiting
// would only wait for the timeout to say what is already known. net.Pipe
// is synchronous, so every octet the implementation wrote has been read
// by then. It returns a function that stops watching.
func cutWhenFinished(c *oracleEnd) (stop func()) {
	quit := make(chan struct{})
	go func() {
		select {
		case <-c.peerFinished():
			c.SetReadDeadline(time.Now())
		case <-quit:
		}
	}()
	return func() { close(quit) }
}

// ClientURL is the URL every client under test dials; the oracle hands the
// client its connection, so the host is never resolved.
const ClientURL = "ws://127.0.0.1:8080/chat"

// ObserveClient runs impl's handshake over a net.Pipe, reads the request
// the client sends, answers it with c's response template rendered for that
// request, and records whether the client reports the connection open.
func ObserveClient(ctx context.Context, impl ClientImpl, c Case, timeout time.Duration) Observation {
	start := time.Now()
	o := Observation{Target: impl.Name, Version: ModuleVersion(impl.Module), Case: c.Name}
	o.Side, o.Protocol, o.Rule = ClientSide, judge.WebSocket, c.Rule
	ours, pipeEnd := net.Pipe()
	theirs := newClientEnd(pipeEnd)
	defer ours.Close()
	deadline := start.Add(timeout)
	ours.SetDeadline(deadline)
	hctx, cancel := context.WithDeadline(ctx, deadline.Add(max(closeGrace, timeout)))
	defer cancel()

	type result struct {
		err   error
		panic string
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			if v := recover(); v != nil {
				done <- result{panic: "panic: " + fmt.Sprint(v)}
			}
		}()
		done <- result{err: impl.Handshake(hctx, theirs, ClientURL)}
	}()
	finish := func(f Fate, detail string) Observation {
		theirs.Close()
		o.Fate, o.Detail, o.Elapsed = f, detail, time.Since(start)
		return o
	}

	req := wire.ReadRequest(ours, wire.Limits{Settle: wire.NoSettle})
	o.Request, o.Body = req.Head, req.Body
	if req.Fate != FateAnswered {
		select {
		case r := <-done:
			if r.panic != "" {
				return finish(FatePanicked, r.panic)
			}
		default:
		}
		return finish(FateNoRequest, req.Detail)
	}
	var p parser.Parser
	o.Reply = Render(c.Message, p.ParseRequest(req.Head))
	theirs.expect(len(o.Reply))
	written := make(chan struct{})
	go func() {
		ours.Write(o.Reply)
		close(written)
	}()

	verdict := func(r result, note string) Observation {
		switch {
		case r.panic != "":
			return finish(FatePanicked, r.panic)
		case r.err != nil:
			return finish(FateFailed, note+r.err.Error())
		}
		return finish(FateOpen, note)
	}
	// net.Pipe is synchronous: once the write returns, the client has
	// read the whole response and has all it needs to decide. It decides,
	// or waits on the server (clientEnd), or does neither until the
	// deadline.
	select {
	case r := <-done:
		return verdict(r, "")
	case <-written:
	case <-time.After(time.Until(deadline)):
	}
	select {
	case r := <-done:
		return verdict(r, "")
	case <-theirs.waiting:
	case <-time.After(time.Until(deadline)):
	}
	// No verdict yet: close the server's end, as a server does once it has
	// answered, and give the client a moment to notice. A client still
	// silent after that has hung.
	ours.Close()
	select {
	case r := <-done:
		o.AfterClose = true
		return verdict(r, "verdict only after the server closed: ")
	case <-time.After(max(closeGrace, timeout)):
		return finish(FateHung, "no verdict within "+timeout.String()+", nor after the server closed")
	}
}

// clientEnd is the client's end of the pipe in ObserveClient. It tells
// when the client, having read the whole response, waits on the server:
// it reads more (coder/websocket's client reads a failed handshake's
// "body"), or it writes (the oracle reads nothing after the request). net.Pipe is synchronous, so either blocks until the
// server closes the connection, and only then can the client decide: the
// oracle closes at once instead of at the deadline.
type clientEnd struct {
	net.Conn
	want    atomic.Int64  // octets of the response, -1 until it is known
	read    atomic.Int64  // octets the client has read
	waiting chan struct{} // closed once the client waits on the server
	once    sync.Once
}

func newClientEnd(c net.Conn) *clientEnd {
	e := &clientEnd{Conn: c, waiting: make(chan struct{})}
	e.want.Store(-1)
	return e
}

// expect sets the length of the response, before it is written.
func (e *clientEnd) expect(n int) { e.want.Store(int64(n)) }

func (e *clientEnd) wait() { e.once.Do(func() { close(e.waiting) }) }

// Read reads from the pipe, noting a read past the whole response.
func (e *clientEnd) Read(b []byte) (int, error) {
	if e.past() {
		e.wait()
	}
	n, err := e.Conn.Read(b)
	e.read.Add(int64(n))
	return n, err
}

// Write writes to the pipe, noting a write after the whole response.
func (e *clientEnd) Write(b []byte) (int, error) {
	if e.past() {
		e.wait()
	}
	return e.Conn.Write(b)
}

// past reports whether the client has read the whole response.
func (e *clientEnd) past() bool {
	w := e.want.Load()
	return w >= 0 && e.read.Load() >= w
}

// closeGrace is the least time a client may take to give its verdict once
// the server has closed the connection; a longer timeout allows more.
const closeGrace = 500 * time.Millisecond
