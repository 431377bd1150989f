package suite

import (
	"context"
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/switchyard/switchyard/internal/wire"
	"github.com/switchyard/switchyard/judge"
)

// DefaultTimeout bounds one case's connection: a server silent this long
// after the request has hung. Loopback servers answer in milliseconds.
const DefaultTimeout = 2 * time.Second

// DefaultParallel is how many cases run at once by default.
const DefaultParallel = 8

// Target is a server reached over TCP. Every case goes to its path and
// query, with a Host naming it (wire.Target.Retarget).
type Target struct {
	Addr  string // HOST:PORT
	Path  string // the request-target's path, "/" when empty
	Query string // the request-target's query, without "?"; "" for none
}

// ParseTarget parses "tcp://HOST:PORT[/PATH][?QUERY]".
func ParseTarget(s string) (Target, error) {
	t, err := wire.ParseTarget(s)
	return Target{Addr: t.Addr, Path: t.Path, Query: t.Query}, err
}

// wire returns the target as the wire layer knows it.
func (t Target) wire() wire.Target {
	w := wire.Target{Addr: t.Addr, Path: t.Path, Query: t.Query}
	if w.Path == "" {
		w.Path = "/"
	}
	return w
}

// Options tune a run. The zero value runs with the defaults.
type Options struct {
	Timeout  time.Duration // per connection; DefaultTimeout when zero
	Parallel int           // cases at once; DefaultParallel when zero
	// Dial opens a connection to the server; net.Dialer by default. Tests
	// pass an in-process server's dialer.
	Dial func(ctx context.Context, addr string) (net.Conn, error)
	// Protocol is the upgrade protocol the target serves, whose plain
	// handshake Preflight sends: judge.WebSocket ("" too), judge.H2C or
	// judge.TLS.
	Protocol string
	// Subprotocols is the Sec-WebSocket-Protocol offer of a WebSocket
	// preflight; "" is wire.PreflightSubprotocols (chat, superchat). Set
	// it for a server that closes on an offer of subprotocols it does not
	// serve (libwebsockets' test server serves dumb-increment-protocol).
	Subprotocols string
}

func (o Options) withDefaults() Options {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Parallel <= 0 {
		o.Parallel = DefaultParallel
	}
	if o.Dial == nil {
		o.Dial = wire.TCP
	}
	return o
}

// Preflight sends the plain handshake of opt.Protocol (for WebSocket,
// RFC 6455 §1.2's) to the target's path and returns an error, saying what
// the target answered, unless it switches (wire.PreflightProtocol). Run
// it before Run: a target at a wrong path, or not a server of the
// protocol, or not listening, is a run error rather than a page of failed
// cases.
func Preflight(ctx context.Context, t Target, opt Options) error {
	opt = opt.withDefaults()
	proto := opt.Protocol
	if proto == "" {
		proto = judge.WebSocket
	}
	offer := opt.Subprotocols
	if offer == "" {
		offer = wire.PreflightSubprotocols
	}
	return wire.PreflightOffering(ctx, opt.Dial, t.wire(), proto, offer, opt.Timeout)
}

// Run sends every case to the target, each on its own connection, and
// returns the judged results in case order. Each request goes to the
// target's path and query with a Host naming it (wire.Target.Retarget). A
// server that hangs, resets or closes fails the case, never the run; Run
// returns an error when ctx ends first or when a connect fails (the
// target is unreachable: nothing reached it).
func Run(ctx context.Context, t Target, cases []Case, opt Options) ([]Result, error) {
	opt = opt.withDefaults()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu          sync.Mutex
		unreachable error
	)
	wt := t.wire()
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
				req := wt.Retarget(Bind(c.Request, t.Addr, wt.Path))
				o := Exchange(ctx, opt, t.Addr, append(req, c.Body...), len(req))
				if o.Fate == judge.Unreachable {
					mu.Lock()
					if unreachable == nil && ctx.Err() == nil {
						unreachable = fmt.Errorf("target %s is unreachable: %s", wt, o.Detail)
					}
					mu.Unlock()
					cancel()
					continue
				}
				o.Request, o.Body = req, c.Body
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
	if unreachable != nil {
		return out, unreachable
	}
	return out, ctx.Err()
}

// Exchange sends msg on a new connection and reads the response (its
// interim heads, the final head and what follows it), all within
// opt.Timeout (wire.Exchange). headLen is where the request head ends in
// msg; the observation's Request is msg[:headLen] and Body the rest.
func Exchange(ctx context.Context, opt Options, addr string, msg []byte, headLen int) Observation {
	opt = opt.withDefaults()
	o := wire.Exchange(ctx, opt.Dial, addr, msg, headLen, opt.Timeout)
	return Observation{Request: o.Request, Body: o.Body, Reply: o.Reply, Interim: o.Interim, After: o.After, Fate: o.Fate, Detail: o.Detail}
}
