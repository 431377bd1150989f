package suite

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"sync"
	"syscall"
	"time"

	"github.com/switchyard/switchyard/parser"
)

// DefaultTimeout bounds one case's connection: a server silent this long
// after the request has hung. Loopback servers answer in milliseconds.
const DefaultTimeout = 2 * time.Second

// DefaultParallel is how many cases run at once by default.
const DefaultParallel = 8

// maxReply caps the octets read for one response head; a longer head is
// judged as it stands.
const maxReply = 64 << 10

// Target is a server reached over TCP.
type Target struct {
	Addr string // HOST:PORT
	Path string // the request-target of the table's cases, "/" when empty
}

// ParseTarget parses "tcp://HOST:PORT[/PATH]".
func ParseTarget(s string) (Target, error) {
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "tcp" || u.Host == "" || u.Port() == "" || u.RawQuery != "" {
		return Target{}, fmt.Errorf("target %q: want tcp://HOST:PORT[/PATH]", s)
	}
	return Target{Addr: u.Host, Path: u.EscapedPath()}, nil
}

// Options tune a run. The zero value runs with the defaults.
type Options struct {
	Timeout  time.Duration // per connection; DefaultTimeout when zero
	Parallel int           // cases at once; DefaultParallel when zero
	// Dial opens a connection to the server; net.Dialer by default. Tests
	// pass an in-process server's dialer.
	Dial func(ctx context.Context, addr string) (net.Conn, error)
}

func (o Options) withDefaults() Options {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Parallel <= 0 {
		o.Parallel = DefaultParallel
	}
	if o.Dial == nil {
		o.Dial = func(ctx context.Context, addr string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "tcp", addr)
		}
	}
	return o
}

// Run sends every case to the target, each on its own connection, and
// returns the judged results in case order. A server that hangs, resets or
// refuses connections fails the case, never the run; Run returns an error
// only when ctx ends first.
func Run(ctx context.Context, t Target, cases []Case, opt Options) ([]Result, error) {
	opt = opt.withDefaults()
	out := make([]Result, len(cases))
	work := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < opt.Parallel; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				start := time.Now()
				c := cases[i]
				req := Bind(c.Request, t.Addr, t.Path)
				o := Exchange(ctx, opt, t.Addr, append(req, c.Body...), len(req))
				o.Request = req
				r := JudgeServer(c, o)
				r.Request = append(req, c.Body...)
				r.Number, r.Elapsed = i+1, time.Since(start)
				out[i] = r
			}
		}()
	}
	for i := range cases {
		if ctx.Err() != nil {
			break
		}
		work <- i
	}
	close(work)
	wg.Wait()
	return out, ctx.Err()
}

// Exchange sends msg on a new connection and reads one response head, all
// within opt.Timeout. headLen is where the request head ends in msg; the
// observation's Request is msg[:headLen].
func Exchange(ctx context.Context, opt Options, addr string, msg []byte, headLen int) Observation {
	opt = opt.withDefaults()
	o := Observation{Request: msg[:headLen]}
	ctx, cancel := context.WithTimeout(ctx, opt.Timeout)
	defer cancel()
	c, err := opt.Dial(ctx, addr)
	if err != nil {
		o.Fate, o.Detail = Reset, err.Error()
		return o
	}
	defer c.Close()
	deadline, _ := ctx.Deadline()
	c.SetDeadline(deadline)
	if _, err := c.Write(msg); err != nil {
		// The server may have answered and closed before reading it all.
		o.Detail = err.Error()
	}
	// Interim 1xx responses other than 101 are skipped, as a client does
	// (RFC 9110 §15.2), and kept in Interim.
	var rest []byte
	for {
		o.Reply, rest, o.Fate, err = readHeadFrom(c, rest)
		if err != nil && o.Detail == "" {
			o.Detail = err.Error()
		}
		if o.Fate != Answered || !interim(o.Reply) || len(o.Interim) > maxReply {
			return o
		}
		o.Interim = append(o.Interim, o.Reply...)
	}
}

// interim reports a 1xx status-line other than 101.
func interim(head []byte) bool {
	return len(head) > 12 && bytes.HasPrefix(head, []byte("HTTP/1.")) && head[9] == '1' && string(head[9:12]) != "101"
}

// ReadHead reads from c until a complete message head, EOF, an error or
// the connection's deadline, and says which. It returns the head (or all
// octets read when there is no complete head).
func ReadHead(c net.Conn) ([]byte, Fate, error) {
	head, _, fate, err := readHeadFrom(c, nil)
	return head, fate, err
}

// readHeadFrom is ReadHead starting with the octets in buf; it also
// returns the octets read past the head.
func readHeadFrom(c net.Conn, buf []byte) (head, rest []byte, fate Fate, err error) {
	tmp := make([]byte, 4096)
	for {
		if end := parser.HeadEnd(buf); end >= 0 {
			return buf[:end], buf[end:], Answered, nil
		}
		if len(buf) >= maxReply {
			return buf, nil, Answered, nil
		}
		n, err := c.Read(tmp)
		buf = append(buf, tmp[:n]...)
		if err != nil && parser.HeadEnd(buf) < 0 {
			return buf, nil, fateOf(err), err
		}
	}
}

func fateOf(err error) Fate {
	var ne net.Error
	switch {
	case errors.Is(err, io.EOF):
		return Closed
	case errors.As(err, &ne) && ne.Timeout():
		return Hung
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNREFUSED):
		return Reset
	}
	return Closed
}
