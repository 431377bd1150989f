package clientmode

import (
	"bytes"
	"context"
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

// Observation is what one client did with one case.
type Observation struct {
	Request  []byte // the client's request head; nil if none arrived
	Body     []byte // what the client sent right after its head (wire.MaxBodyBytes at most)
	Response []byte // the crafted response it was sent
	Opened   bool   // the client reported the connection open
	Detail   string // the client's error when it did not open
}

// crafted is the harness's server: it answers each connection with the
// response of the case its request-target names ("/sy/N").
type crafted struct {
	ln net.Listener
	wg sync.WaitGroup

	mu    sync.Mutex
	cases map[int]*record
	conns []net.Conn
}

// record is what the crafted server saw of one case.
type record struct {
	c        Case
	request  []byte
	body     []byte // octets after the request head
	response []byte
}

func (s *crafted) serve() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		s.conns = append(s.conns, c)
		s.mu.Unlock()
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			s.handle(c)
		}()
	}
}

func (s *crafted) handle(c net.Conn) {
	c.SetDeadline(time.Now().Add(suite.DefaultTimeout))
	// Octets the client sends right behind its head (early frames) are
	// kept: a client must wait for the 101 before it sends any.
	req := wire.ReadRequest(c, wire.DefaultLimits)
	if req.Fate != judge.Answered {
		c.Close()
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
		politeClose(c, req.Body)
		return
	}
	if tc, ok := c.(*net.TCPConn); ok {
		tc.CloseWrite()
	}
	// The rest of the connection is left to the client; closeAll ends it
	// with the case.
}

func (s *crafted) closeAll() {
	s.mu.Lock()
	for _, c := range s.conns {
		c.Close()
	}
	s.conns = nil
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
// the driver against each, one after the other. A client that hangs or
// never connects fails the case, never the run; Run returns an error when
// the listener cannot start, the driver cannot run, or ctx ends.
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
		s.closeAll()
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
		url := fmt.Sprintf("ws://%s/sy/%d", ln.Addr(), n)
		var (
			opened bool
			detail string
		)
		// A client that never sent its request (a browser slow to start
		// on a loaded machine) gets one more try; then the case fails.
		for try := 0; try < 2; try++ {
			opened, detail, err = d.Open(ctx, url, c.Protocols)
			s.closeAll()
			if err != nil {
				return out, fmt.Errorf("client %s, case %s: %w", d.Name(), c.Name, err)
			}
			s.mu.Lock()
			sent := rec.request != nil
			s.mu.Unlock()
			if sent {
				break
			}
		}
		s.mu.Lock()
		o := Observation{Request: rec.request, Body: rec.body, Response: rec.response, Opened: opened, Detail: detail}
		s.mu.Unlock()
		r := Judge(c, o)
		r.Number, r.Elapsed = n, time.Since(start)
		out = append(out, r)
	}
	return out, nil
}
