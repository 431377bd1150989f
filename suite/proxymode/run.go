package proxymode

import (
	"context"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/switchyard/switchyard/internal/wire"
	"github.com/switchyard/switchyard/judge"
	"github.com/switchyard/switchyard/suite"
)

// DefaultProbeWait is how long the harness waits, after sending the probe,
// for it to reach the backend raw or as HTTP.
const DefaultProbeWait = 500 * time.Millisecond

// ConnectTimeout is the least time the connect to the proxy is given
// before the proxy counts as unreachable (a run error, never judged): a
// loaded machine can hold up a loopback connect far longer than an
// exchange's timeout allows, and a listening proxy is never a finding.
const ConnectTimeout = 5 * time.Second

// Config says where the proxy is and where its backend must listen.
type Config struct {
	// Proxy is the proxy's HOST:PORT.
	Proxy string
	// BackendListen is where the scripted backend listens: the proxy's
	// upstream, e.g. 127.0.0.1:47620.
	BackendListen string
	// Timeout bounds each connection (suite.DefaultTimeout when zero);
	// ProbeWait the wait for the probe (DefaultProbeWait when zero).
	Timeout   time.Duration
	ProbeWait time.Duration
	// Duration, when positive, stops Run starting new cases once it has
	// run this long; the results of the cases it ran are returned, with
	// no error (fuzzrun diff --duration).
	Duration time.Duration
	// Each, when set, is called with each case's result as soon as it is
	// judged, in order: a findings log appends what it finds at once.
	Each func(suite.Result)
	// Parallel is how many cases are in flight at once (one after the
	// other when zero or one). Cases are independent — each has its own
	// connection and its own backend path, /sy/N — and most of a case is
	// waiting on the proxy, so overlapping them shortens the run. Results
	// still come, and Each is still called, in case order.
	Parallel int
}

// Observation is what happened to one proxy case on the wire.
type Observation struct {
	Request   []byte // what the client sent to the proxy
	Forwarded []byte // the request head as the backend received it; nil if it never arrived
	Backend   []byte // what the backend answered
	Relayed   []byte // the final response head the client received; nil if none
	// Interim holds the interim (1xx other than 101) heads the client
	// received before Relayed.
	Interim [][]byte
	Probe   []byte // the probe the client sent after the response
	// Tunnel: the probe reached the backend byte for byte on the
	// connection that carried the case (the proxy tunnels). ProbeHTTP:
	// it arrived as an HTTP request (the proxy parsed it).
	Tunnel    bool
	ProbeHTTP bool
	// ClientAfter is what the client received after the response head.
	ClientAfter []byte
	Detail      string
}

// Run drives every case through the proxy, cfg.Parallel at a time, and
// returns the judged results in case order. A proxy that hangs or resets
// fails the case, never the run; Run returns an error only when the
// backend cannot listen, the proxy cannot be reached, or ctx ends. Once
// cfg.Duration has passed it starts no new case.
func Run(ctx context.Context, cfg Config, cases []Case) ([]suite.Result, error) {
	begin := time.Now()
	if cfg.Timeout <= 0 {
		cfg.Timeout = suite.DefaultTimeout
	}
	if cfg.ProbeWait <= 0 {
		cfg.ProbeWait = DefaultProbeWait
	}
	b, err := startBackend(cfg.BackendListen, cfg.Timeout+cfg.ProbeWait+time.Second)
	if err != nil {
		return nil, fmt.Errorf("backend: %w", err)
	}
	defer b.close()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	type outcome struct {
		r   suite.Result
		err error
	}
	// started holds one channel per started case, in case order; its
	// capacity and inFlight's bound the cases running at once.
	par := max(cfg.Parallel, 1)
	started := make(chan chan outcome, par)
	inFlight := make(chan struct{}, par)
	go func() {
		defer close(started)
		for i, c := range cases {
			if ctx.Err() != nil || cfg.Duration > 0 && time.Since(begin) >= cfg.Duration {
				return
			}
			inFlight <- struct{}{}
			done := make(chan outcome, 1)
			go func() {
				defer func() { <-inFlight }()
				start := time.Now()
				o, err := exchange(ctx, cfg, b, i+1, c)
				if err != nil {
					done <- outcome{err: err}
					return
				}
				r := Judge(c, o)
				r.Number, r.Elapsed = i+1, time.Since(start)
				done <- outcome{r: r}
			}()
			started <- done
		}
	}()
	var out []suite.Result
	var runErr error
	for done := range started {
		o := <-done
		if runErr != nil {
			continue // draining the cases already started
		}
		if o.err != nil {
			runErr = o.err
			cancel()
			continue
		}
		out = append(out, o.r)
		if cfg.Each != nil {
			cfg.Each(o.r)
		}
	}
	if runErr == nil && len(out) < len(cases) {
		runErr = ctx.Err() // the caller's context ended the run
	}
	return out, runErr
}

// exchange runs case c, number n, and records what happened. The error
// is a run error: the proxy could not be reached at all.
func exchange(ctx context.Context, cfg Config, b *backend, n int, c Case) (Observation, error) {
	path := "/sy/" + strconv.Itoa(n)
	req := strings.NewReplacer("$PATH", path, "$HOST", cfg.Proxy).Replace(c.Request)
	probe := []byte("GET " + path + "/probe HTTP/1.1\r\nHost: " + cfg.Proxy + "\r\nX-Switchyard-Probe: " + strconv.Itoa(n) + "\r\n\r\n")
	s := newSlot(c, probe)
	b.set(n, s)
	o := Observation{Request: []byte(req), Probe: probe}

	var d net.Dialer
	dctx, cancel := context.WithTimeout(ctx, max(cfg.Timeout, ConnectTimeout))
	defer cancel()
	conn, err := d.DialContext(dctx, "tcp", cfg.Proxy)
	if err != nil {
		o.Detail = "dial: " + err.Error()
		return o, fmt.Errorf("proxy %s is unreachable: %w", cfg.Proxy, err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(cfg.Timeout))
	first := o.Request
	if c.Pipelined {
		first = append(append([]byte(nil), o.Request...), probe...)
	}
	if _, err := conn.Write(first); err != nil {
		o.Detail = "write: " + err.Error()
	}
	// Only the octets already read past the head are kept here: what
	// follows is read by probeAndWait, once the probe is sent.
	resp := wire.ReadResponse(conn, wire.Limits{Settle: wire.NoSettle})
	o.Interim = resp.Interim
	if resp.Fate == judge.Answered {
		o.Relayed = resp.Head
	} else {
		o.Detail = fmt.Sprintf("no response head: %s", resp.Fate)
		if resp.Detail != "" {
			o.Detail += " (" + resp.Detail + ")"
		}
	}
	// Give the backend a moment to record the request, if it got one.
	select {
	case <-s.got:
	case <-time.After(100 * time.Millisecond):
	}
	switch {
	case o.Relayed != nil && c.Pipelined:
		o.ClientAfter = probeAndWait(conn, nil, s, cfg.ProbeWait, resp.After)
	case o.Relayed != nil:
		o.ClientAfter = probeAndWait(conn, probe, s, cfg.ProbeWait, resp.After)
	}
	s.mu.Lock()
	o.Forwarded, o.Tunnel, o.ProbeHTTP = s.forwarded, s.raw, s.http
	s.mu.Unlock()
	if o.Forwarded != nil {
		o.Backend = render(c.Response, o.Forwarded)
	}
	return o, nil
}

// probeAndWait sends the probe (unless it is nil: already sent) and
// waits until the backend has seen it (raw or as HTTP), the proxy closes
// the client's connection, or wait passes. It returns what the client
// received after the response head: already (the octets read past it)
// and meanwhile, at most wire.MaxAfterBytes.
func probeAndWait(conn net.Conn, probe []byte, s *slot, wait time.Duration, already []byte) []byte {
	conn.SetDeadline(time.Now().Add(wait))
	if probe != nil {
		conn.Write(probe)
	}
	got := make(chan []byte, 1)
	go func() {
		out := append([]byte(nil), already[:min(len(already), wire.MaxAfterBytes)]...)
		tmp := make([]byte, 4096)
		for len(out) < wire.MaxAfterBytes {
			n, err := conn.Read(tmp[:min(len(tmp), wire.MaxAfterBytes-len(out))])
			out = append(out, tmp[:n]...)
			if err != nil {
				break
			}
		}
		got <- out
	}()
	select {
	case <-s.probed:
		// Let the answer to the probe come back, then stop reading: at
		// once when the proxy closes the connection after it (the backend
		// closes its side once it has answered), else after
		// probeAnswerWait.
		select {
		case out := <-got:
			return out
		case <-time.After(probeAnswerWait):
		}
		conn.SetReadDeadline(time.Now())
		return <-got
	case out := <-got:
		return out
	}
}

// probeAnswerWait is how long the client keeps reading, once the backend
// has seen the probe, for the answer to come back through a proxy that
// keeps the connection open.
const probeAnswerWait = 20 * time.Millisecond
