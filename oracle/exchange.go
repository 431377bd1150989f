package oracle

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"syscall"
	"time"

	"github.com/switchyard/switchyard/parser"
)

// MaxReplyBytes caps how much of a reply the oracle reads while waiting for
// a complete head: twice the parser's default head limit, so that an
// oversized head is still seen as one.
const MaxReplyBytes = 2 * parser.DefaultMaxHeadBytes

// DefaultTimeout bounds each exchange; a peer that has not answered by then
// has hung.
const DefaultTimeout = 500 * time.Millisecond

// ObserveServer sends c's request to the target over a new connection and
// records the response head and the connection's fate. Every read and write
// has a deadline, so a target that hangs cannot stall the caller for longer
// than timeout.
func ObserveServer(ctx context.Context, t ServerTarget, c Case, timeout time.Duration) Observation {
	start := time.Now()
	o := Observation{Target: t.Name(), Version: t.Version(), Side: ServerSide, Case: c.Name, Request: c.Message}
	conn, panicked, err := t.Connect(ctx)
	if err != nil {
		o.Fate, o.Detail = FateClosed, "connect: "+err.Error()
		if isReset(err) {
			o.Fate = FateReset
		}
		o.Elapsed = time.Since(start)
		return o
	}
	conn.SetDeadline(start.Add(timeout))
	// Write concurrently with reading: a server may answer before it has
	// read the whole request, and net.Pipe does not buffer.
	wrote := make(chan error, 1)
	go func() {
		_, err := conn.Write(c.Message)
		wrote <- err
	}()
	buf, rerr := readHead(conn)
	conn.Close()
	werr := <-wrote
	o.Reply = buf
	o.Elapsed = time.Since(start)
	switch {
	case panicked != nil && panicked() != "":
		o.Fate, o.Detail = FatePanicked, panicked()
	case rerr == nil:
		o.Fate = FateAnswered
	case isReset(rerr) || isReset(werr):
		o.Fate, o.Detail = FateReset, rerr.Error()
	case isTimeout(rerr):
		o.Fate, o.Detail = FateHung, "no complete response head within "+timeout.String()
	default:
		o.Fate, o.Detail = FateClosed, rerr.Error()
	}
	return o
}

// readHead reads from c until a complete message head has arrived, and
// returns what it read. err is nil when the head is complete.
func readHead(c net.Conn) ([]byte, error) {
	buf := make([]byte, 0, 512)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := c.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if parser.HeadEnd(buf) >= 0 {
			return buf, nil
		}
		if len(buf) >= MaxReplyBytes {
			return buf, errors.New("reply head exceeds MaxReplyBytes")
		}
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return buf, err
		}
	}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, os.ErrDeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

func isReset(err error) bool {
	return err != nil && (errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE))
}

// ClientURL is the URL every client under test dials; the oracle hands the
// client its connection, so the host is never resolved.
const ClientURL = "ws://127.0.0.1:8080/chat"

// ObserveClient runs impl's handshake over a net.Pipe, reads the request
// the client sends, answers it with c's response template rendered for that
// request, and records whether the client reports the connection open.
func ObserveClient(ctx context.Context, impl ClientImpl, c Case, timeout time.Duration) Observation {
	start := time.Now()
	o := Observation{Target: impl.Name, Version: ModuleVersion(impl.Module), Side: ClientSide, Case: c.Name}
	ours, theirs := net.Pipe()
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

	req, err := readHead(ours)
	o.Request = req
	if err != nil {
		select {
		case r := <-done:
			if r.panic != "" {
				return finish(FatePanicked, r.panic)
			}
		default:
		}
		return finish(FateNoRequest, err.Error())
	}
	var p parser.Parser
	o.Reply = Render(c.Message, p.ParseRequest(req[:parser.HeadEnd(req)]))
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
	// read the whole response and has all it needs to decide.
	select {
	case r := <-done:
		return verdict(r, "")
	case <-written:
	case <-time.After(time.Until(deadline)):
	}
	select {
	case r := <-done:
		return verdict(r, "")
	case <-time.After(min(settle, time.Until(deadline))):
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

// settle is how long a client that has read the whole response may take
// to decide before the server closes the connection.
const settle = 50 * time.Millisecond

// closeGrace is the least time a client may take to give its verdict once
// the server has closed the connection; a longer timeout allows more.
const closeGrace = 500 * time.Millisecond
