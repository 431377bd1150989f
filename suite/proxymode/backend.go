package proxymode

import (
	"bytes"
	"errors"
	"net"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/switchyard/switchyard/internal/wire"
	"github.com/switchyard/switchyard/parser"
)

// probeResponse is the backend's answer to the probe when it arrives as an
// HTTP request.
const probeResponse = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nprobe"

// tunnelEcho is what the backend sends back when the probe reaches it raw,
// so that the client sees octets come back through the tunnel too.
const tunnelEcho = "switchyard-tunnel-echo\r\n"

// MaxBackendConns caps the connections the scripted backend serves at
// once: a proxy opens one or two per case (the request, and the probe when
// it parses it as HTTP), and a pool a few more. A proxy that opens more is
// flooding: the extra connections are closed at once, unread.
const MaxBackendConns = 64

// slot is what the backend saw of one case.
type slot struct {
	c     Case
	probe []byte // the exact probe octets the client will send

	mu        sync.Mutex
	forwarded []byte // the request head as the backend received it
	raw       bool   // the probe arrived byte for byte on that connection
	http      bool   // the probe arrived as an HTTP request
	got       chan struct{}
	probed    chan struct{}
}

func newSlot(c Case, probe []byte) *slot {
	return &slot{c: c, probe: probe, got: make(chan struct{}), probed: make(chan struct{})}
}

func (s *slot) setForwarded(h []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.forwarded == nil {
		s.forwarded = append([]byte(nil), h...)
		close(s.got)
	}
}

func (s *slot) sawProbe(raw bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.raw || s.http {
		return
	}
	s.raw, s.http = raw, !raw
	close(s.probed)
}

// backend is the scripted server behind the proxy. It routes each
// connection by the case number in its request-target, "/sy/N" (and
// "/sy/N/probe" for the probe), since a proxy may reuse or open backend
// connections as it likes.
type backend struct {
	ln      net.Listener
	timeout time.Duration
	wg      sync.WaitGroup

	mu     sync.Mutex
	slots  map[int]*slot
	conns  map[net.Conn]bool // connections being served
	closed bool
}

func startBackend(addr string, timeout time.Duration) (*backend, error) {
	ln, err := listen(addr)
	if err != nil {
		return nil, err
	}
	b := &backend{ln: ln, timeout: timeout, slots: map[int]*slot{}, conns: map[net.Conn]bool{}}
	b.wg.Add(1)
	go b.serve()
	return b, nil
}

func (b *backend) set(n int, s *slot) {
	b.mu.Lock()
	b.slots[n] = s
	b.mu.Unlock()
}

func (b *backend) slot(n int) *slot {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.slots[n]
}

// close stops the backend once the run has every result: it closes the
// listener and the connections still served — a proxy may hold one open
// after its case is judged, and waiting for its deadline would only make
// the run longer — and waits for their handlers.
func (b *backend) close() {
	b.ln.Close()
	b.mu.Lock()
	b.closed = true
	for c := range b.conns {
		c.Close()
	}
	b.mu.Unlock()
	b.wg.Wait()
}

func (b *backend) serve() {
	defer b.wg.Done()
	for {
		c, err := b.ln.Accept()
		if err != nil {
			return
		}
		b.mu.Lock()
		refuse := b.closed || len(b.conns) >= MaxBackendConns
		if !refuse {
			b.conns[c] = true
		}
		b.mu.Unlock()
		if refuse {
			c.Close()
			continue
		}
		b.wg.Add(1)
		go func() {
			defer b.wg.Done()
			defer func() {
				c.Close()
				b.mu.Lock()
				delete(b.conns, c)
				b.mu.Unlock()
			}()
			b.handle(c)
		}()
	}
}

// listen listens on addr, retrying for a few seconds while the address is
// in use: a port in the ephemeral range can be held for a moment by the
// local end of an outgoing connection.
func listen(addr string) (net.Listener, error) {
	for i := 0; ; i++ {
		ln, err := net.Listen("tcp", addr)
		if err == nil || !errors.Is(err, syscall.EADDRINUSE) || i == 50 {
			return ln, err
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// caseOf reads "/sy/N" or "/sy/N/probe" from a request head.
func caseOf(head []byte) (n int, probe bool, ok bool) {
	line, _, _ := bytes.Cut(head, []byte("\n"))
	i := bytes.Index(line, []byte("/sy/"))
	if i < 0 {
		return 0, false, false
	}
	rest := string(line[i+4:])
	end := strings.IndexAny(rest, "/ ?")
	if end < 0 {
		end = len(rest)
	}
	n, err := strconv.Atoi(rest[:end])
	return n, strings.HasPrefix(rest[end:], "/probe"), err == nil
}

func (b *backend) handle(c net.Conn) {
	deadline := time.Now().Add(b.timeout)
	c.SetDeadline(deadline)
	r := wire.NewReader(c)
	for {
		head, err := r.Head(wire.MaxHeadBytes)
		if err != nil {
			return
		}
		n, probe, ok := caseOf(head)
		s := b.slot(n)
		if !ok || s == nil {
			c.Write([]byte("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"))
			return
		}
		if probe {
			s.sawProbe(false)
			c.Write([]byte(probeResponse))
			return
		}
		s.setForwarded(head)
		c.Write(render(s.c.Response, head))
		if !b.watch(c, r, s) {
			return
		}
	}
}

// watch reads what follows the scripted response on the same connection
// (the octets r holds past the request head, then more, at most
// wire.MaxHeadBytes, each octet scanned once): the raw probe (a tunnel) or
// another request (connection reuse), which it serves.
func (b *backend) watch(c net.Conn, r *wire.Reader, s *slot) bool {
	for {
		got := r.Buffered()
		if len(got) >= len(s.probe) && bytes.HasPrefix(got, s.probe) {
			s.sawProbe(true)
			c.Write([]byte(tunnelEcho))
			return false
		}
		if r.Complete() && !bytes.HasPrefix(s.probe, got[:min(len(got), len(s.probe))]) {
			// A new HTTP request on a reused connection: serve it.
			return b.serveReused(c, r)
		}
		if err := r.Fill(wire.MaxHeadBytes); err != nil {
			return false
		}
	}
}

// serveReused answers a request that arrived on a reused backend
// connection: the probe parsed as HTTP, or a stray request.
func (b *backend) serveReused(c net.Conn, r *wire.Reader) bool {
	head, _ := r.Head(wire.MaxHeadBytes)
	n, probe, ok := caseOf(head)
	if s := b.slot(n); ok && probe && s != nil {
		s.sawProbe(false)
	}
	c.Write([]byte(probeResponse))
	return false
}

// render fills the backend's response template for the request it got.
func render(tmpl string, head []byte) []byte {
	if !strings.Contains(tmpl, "$ACCEPT") {
		return []byte(tmpl)
	}
	r := parser.ParseRequest(head)
	key := r.WebSocket.Key
	if f := r.Get("Sec-WebSocket-Key"); key == nil && f != nil {
		key = f.Value
	}
	return []byte(strings.ReplaceAll(tmpl, "$ACCEPT", parser.Accept(string(key))))
}
