package clientmode

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/switchyard/switchyard/internal/wire"
	"github.com/switchyard/switchyard/judge"
	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/suite"
)

// MaxConnsPerCase caps the connections the crafted server serves for one
// case: a client opens one for its handshake, a browser two or three (a
// speculative preconnect, a retry), and a second try of the driver as
// many again. A client that opens more is flooding: the extra ones are
// closed at once, unread, and counted (Observation.Refused).
const MaxConnsPerCase = 32

// handlerWait bounds the wait, at the end of a case, for the handlers of
// its connections (closed by then) to record what they read: a closed
// connection ends a read at once, and every write has a deadline.
const handlerWait = 2 * time.Second

// Observation is what one client did with one case.
type Observation struct {
	// Request is the client's request head; nil if none arrived. When
	// HeadFate is not Answered, it holds the octets of a head that never
	// ended (at most wire.MaxHeadBytes).
	Request []byte
	// HeadFate is what became of the client's request head: Answered
	// when it was complete; Oversized when it ran past wire.MaxHeadBytes
	// without an end; Closed, Hung or Reset when the connection ended
	// first; "" when nothing arrived.
	HeadFate judge.Fate
	// HeadDetail is the I/O error that ended a head that never ended.
	HeadDetail string
	Body       []byte // what the client sent right after its head (wire.MaxBodyBytes at most)
	Response   []byte // the crafted response it was sent
	Opened     bool   // the client reported the connection open
	// NoVerdict reports a driver that gave no verdict (ErrNoVerdict): it
	// was killed at its limit, or flooded its output.
	NoVerdict bool
	Detail    string // the client's error when it did not open (at most MaxDriverLine octets)
	// Refused counts the connections over MaxConnsPerCase, closed unread.
	Refused int
}

// crafted is the harness's server: it answers each connection with the
// response of the case its request-target names ("/sy/N").
type crafted struct {
	ln net.Listener
	wg sync.WaitGroup

	mu    sync.Mutex
	cases map[int]*record
	conns []net.Conn
	// current is the case under way, 0 between cases, when every new
	// connection is closed at once.
	current int
	served  int           // connections served for the current case
	refused int           // connections over the cap for the current case
	active  int           // handlers running
	idle    chan struct{} // closed when active drops to 0, while a case ends
}

// record is what the crafted server saw of one case.
type record struct {
	c        Case
	request  []byte
	body     []byte // octets after the request head
	response []byte
	// The first head of the case that never ended, and what ended it.
	partial       []byte
	partialFate   judge.Fate
	partialDetail string
}

func (s *crafted) serve() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		if s.current == 0 || s.served >= MaxConnsPerCase {
			if s.current != 0 {
				s.refused++
			}
			s.mu.Unlock()
			c.Close()
			continue
		}
		s.served++
		s.active++
		s.conns = append(s.conns, c)
		s.mu.Unlock()
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer s.done()
			s.handle(c)
		}()
	}
}

// done marks a handler finished.
func (s *crafted) done() {
	s.mu.Lock()
	s.active--
	if s.active == 0 && s.idle != nil {
		close(s.idle)
		s.idle = nil
	}
	s.mu.Unlock()
}

func (s *crafted) handle(c net.Conn) {
	c.SetDeadline(time.Now().Add(suite.DefaultTimeout))
	// Octets the client sends right behind its head (early frames) are
	// kept: a client must wait for the 101 before it sends any.
	req := wire.ReadRequest(c, wire.DefaultLimits)
	if req.Fate != judge.Answered {
		c.Close()
		s.unfinished(req)
		return
	}
	head := req.Head
	n := caseNumber(head)
	s.mu.Lock()
	rec := s.cases[n]
	s.mu.Unlock()
	if rec == nil {
		c.Write([]byte("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"))
		c.Close()
		return
	}
	var p parser.Parser
	resp := Render(rec.c.Response, p.ParseRequest(head))
	s.mu.Lock()
	if rec.request == nil {
		rec.request, rec.body, rec.response = head, req.Body, resp
	}
	s.mu.Unlock()
	c.Write(resp)
	if bytes.HasPrefix(resp, []byte("HTTP/1.1 101")) || bytes.HasPrefix(resp, []byte("HTTP/1.0 101")) {
		if rec.c.Protocol == judge.H2C {
			h2cClose(c)
		} else {
			politeClose(c, req.Body)
		}
		return
	}
	if tc, ok := c.(*net.TCPConn); ok {
		tc.CloseWrite()
	}
	// The rest of the connection is left to the client; endCase ends it
	// with the case.
}

// unfinished records a request head that never ended (oversized, or cut
// off by a close, a reset or the deadline) for the case its request-line
// names, or else the case under way. A connection that sent nothing (a
// browser's speculative preconnect) is no request at all.
func (s *crafted) unfinished(req wire.Request) {
	if len(req.Head) == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	n := caseNumber(req.Head)
	if n == 0 {
		n = s.current
	}
	rec := s.cases[n]
	if rec == nil || (rec.partial != nil && rec.partialFate == judge.Oversized) {
		return
	}
	if rec.partial == nil || req.Fate == judge.Oversized {
		rec.partial, rec.partialFate, rec.partialDetail = req.Head, req.Fate, req.Detail
	}
}

// startCase makes case n the one under way: connections are served again,
// up to MaxConnsPerCase of them in all. A second try of the same case
// keeps the count.
func (s *crafted) startCase(n int) {
	s.mu.Lock()
	if s.current != n && n != 0 {
		s.served, s.refused = 0, 0
	}
	s.current = n
	s.mu.Unlock()
}

// endCase closes every connection of the case, stops serving new ones,
// and waits (at most handlerWait) for the handlers to record what they
// read. It returns how many connections were refused over the cap.
func (s *crafted) endCase() (refused int) {
	s.mu.Lock()
	for _, c := range s.conns {
		c.Close()
	}
	s.conns = nil
	refused = s.refused
	var idle chan struct{}
	if s.active > 0 {
		if s.idle == nil {
			s.idle = make(chan struct{})
		}
		idle = s.idle
	}
	s.mu.Unlock()
	if idle != nil {
		select {
		case <-idle:
		case <-time.After(handlerWait):
		}
	}
	return refused
}

// pause stops serving new connections (until the next startCase).
func (s *crafted) pause() {
	s.mu.Lock()
	s.current = 0
	s.mu.Unlock()
}

func caseNumber(head []byte) int {
	line, _, _ := bytes.Cut(head, []byte("\n"))
	i := bytes.Index(line, []byte("/sy/"))
	if i < 0 {
		return 0
	}
	rest := string(line[i+4:])
	end := strings.IndexAny(rest, "/ ?")
	if end < 0 {
		end = len(rest)
	}
	n, _ := strconv.Atoi(rest[:end])
	return n
}

// Render fills a response template for the request the client sent:
// "$ACCEPT" with the Sec-WebSocket-Accept of its key, "$PROTO" with its
// first offered subprotocol ("chat" when none).
func Render(tmpl string, req *parser.Request) []byte {
	key := req.WebSocket.Key
	if f := req.Get("Sec-WebSocket-Key"); key == nil && f != nil {
		key = f.Value
	}
	proto := "chat"
	if len(req.WebSocket.Protocols) > 0 {
		proto = string(req.WebSocket.Protocols[0].Value)
	}
	return []byte(strings.NewReplacer("$ACCEPT", parser.Accept(string(key)), "$PROTO", proto).Replace(tmpl))
}

// Run serves every case on listen (HOST:PORT; port 0 picks one) and runs
// the driver against each, one after the other. A client that hangs, never
// connects, floods the server with connections or never ends its head, and
// a driver killed at its limit or flooding its output, fail the case,
// never the run; Run returns an error when the listener cannot start, the
// driver cannot run, or ctx ends.
func Run(ctx context.Context, d Driver, listen string, cases []Case) ([]suite.Result, error) {
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return nil, err
	}
	s := &crafted{ln: ln, cases: map[int]*record{}}
	s.wg.Add(1)
	go s.serve()
	defer func() {
		ln.Close()
		s.pause()
		s.endCase()
		s.wg.Wait()
	}()
	var out []suite.Result
	for i, c := range cases {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		n := i + 1
		rec := &record{c: c}
		s.mu.Lock()
		s.cases[n] = rec
		s.mu.Unlock()
		start := time.Now()
		scheme := "ws"
		if c.Protocol == judge.H2C {
			scheme = "http" // an h2c client upgrades an http:// request
		}
		url := fmt.Sprintf("%s://%s/sy/%d", scheme, ln.Addr(), n)
		var (
			opened, noVerdict bool
			detail            string
			refused           int
		)
		// A client that never sent its request (a browser slow to start
		// on a loaded machine) gets one more try; then the case fails.
		for try := 0; try < 2; try++ {
			s.startCase(n)
			opened, detail, err = d.Open(ctx, url, c.Protocols)
			s.pause()
			refused = s.endCase()
			if errors.Is(err, ErrNoVerdict) && ctx.Err() == nil {
				noVerdict, detail, err = true, err.Error(), nil
				break
			}
			if err != nil {
				return out, fmt.Errorf("client %s, case %s: %w", d.Name(), c.Name, err)
			}
			s.mu.Lock()
			sent := rec.request != nil || rec.partial != nil
			s.mu.Unlock()
			if sent {
				break
			}
		}
		s.mu.Lock()
		o := Observation{Request: rec.request, HeadFate: judge.Answered, Body: rec.body, Response: rec.response,
			Opened: opened, NoVerdict: noVerdict, Detail: truncate(detail, MaxDriverLine), Refused: refused}
		if rec.partial != nil && (rec.request == nil || rec.partialFate == judge.Oversized) {
			// A head that never ended is what the client sent: it is
			// judged as such, even beside a complete one when it ran
			// past the cap.
			o.Request, o.HeadFate, o.HeadDetail, o.Body, o.Response = rec.partial, rec.partialFate, rec.partialDetail, nil, nil
		}
		if o.Request == nil {
			o.HeadFate = ""
		}
		delete(s.cases, n)
		s.mu.Unlock()
		r := Judge(c, o)
		r.Number, r.Elapsed = n, time.Since(start)
		out = append(out, r)
	}
	return out, nil
}

// truncate cuts s to at most max octets, saying so.
func truncate(s string, max int) string {
	if len(s) <= max {
		return s
	}
	return s[:max] + fmt.Sprintf("... (%d more octets)", len(s)-max)
}
