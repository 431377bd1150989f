package planted

import (
	"bytes"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/switchyard/switchyard/internal/wire"
	"github.com/switchyard/switchyard/parser"
)

// ProxyDefect selects a planted proxy's defect.
type ProxyDefect uint8

const (
	// StrictProxy has no defect: it removes hop-by-hop fields (RFC 9110
	// §7.6.1) and tunnels only after a valid 101 answering the client's
	// own offer (PROXY-1..3); it answers an invalid 101 with 502, and
	// closes after a refused upgrade with octets behind it (PROXY-5).
	StrictProxy ProxyDefect = iota
	// TunnelAfterRefusal tunnels after whatever answers an upgrade
	// request: a 426, a 200, a 4xx (breaks PROXY-2).
	TunnelAfterRefusal
	// TunnelOnUnsolicited101 trusts any 101 that names a protocol, even
	// one answering a request that offered no upgrade (breaks PROXY-3).
	TunnelOnUnsolicited101
)

// Proxy is a small HTTP/1.1 reverse proxy in front of one backend.
type Proxy struct {
	ln      net.Listener
	backend string
	defect  ProxyDefect
	wg      sync.WaitGroup
}

// NewProxy starts a proxy with the given defect on 127.0.0.1 and a free
// port, forwarding to backend (HOST:PORT).
func NewProxy(backend string, defect ProxyDefect) (*Proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &Proxy{ln: ln, backend: backend, defect: defect}
	p.wg.Add(1)
	go p.serve()
	return p, nil
}

// Addr returns the proxy's HOST:PORT.
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// Close stops the proxy and waits for its connections to end.
func (p *Proxy) Close() {
	p.ln.Close()
	p.wg.Wait()
}

func (p *Proxy) serve() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			defer c.Close()
			p.handle(c)
		}()
	}
}

// handle serves one client connection: one exchange after another, until
// a tunnel or a close.
func (p *Proxy) handle(c net.Conn) {
	cr := wire.NewReader(c)
	for {
		c.SetDeadline(time.Now().Add(ioTimeout))
		head, err := cr.Head(maxHead)
		if err != nil {
			return
		}
		req := parser.ParseRequest(head)
		if !req.Complete {
			return
		}
		b, err := net.DialTimeout("tcp", p.backend, ioTimeout)
		if err != nil {
			c.Write([]byte("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"))
			return
		}
		b.SetDeadline(time.Now().Add(ioTimeout))
		fwd := forwardRequest(req)
		b.Write(fwd)
		br := wire.NewReader(b)
		rhead, err := br.Head(maxHead)
		if err != nil {
			b.Close()
			return
		}
		rrest := br.Buffered()
		var fp parser.Parser
		freq := fp.ParseRequest(fwd)
		resp := parser.ParseResponse(rhead, freq)
		if p.tunnels(req, resp) {
			c.Write(rhead)
			c.Write(rrest)
			b.Write(cr.Buffered()) // octets the client sent behind its request belong to the tunnel
			tunnel(c, b)
			return
		}
		if resp.Status == 101 {
			c.Write([]byte("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"))
			b.Close()
			return
		}
		c.Write(rhead)
		c.Write(body(b, resp, rrest))
		b.Close()
		if len(req.Upgrade) > 0 && len(cr.Buffered()) > 0 {
			// PROXY-5: octets behind a refused upgrade request are
			// never forwarded as HTTP.
			return
		}
	}
}

// tunnels decides whether to become a tunnel after resp answered req.
func (p *Proxy) tunnels(req *parser.Request, resp *parser.Response) bool {
	switch p.defect {
	case TunnelAfterRefusal:
		if len(req.Upgrade) > 0 {
			return true
		}
	case TunnelOnUnsolicited101:
		if resp.Status == 101 && len(resp.Upgrade) > 0 {
			return true
		}
	}
	if !resp.Switched {
		return false
	}
	// PROXY-3: the switch must answer the client's own offer.
	for _, u := range resp.Upgrade {
		found := false
		for _, o := range req.Upgrade {
			found = found || strings.EqualFold(string(o.Name), string(u.Name))
		}
		if !found {
			return false
		}
	}
	return true
}

// forwardRequest rebuilds the request head for the backend (RFC 9110
// §7.6.1): the fields the client's Connection names and the known
// hop-by-hop fields are removed; an upgrade offer is forwarded with the
// proxy's own "Connection: Upgrade".
func forwardRequest(r *parser.Request) []byte {
	hop := map[string]bool{"connection": true, "keep-alive": true, "proxy-connection": true, "te": true, "upgrade": true, "transfer-encoding": true}
	for _, t := range r.Connection {
		hop[strings.ToLower(string(t.Value))] = true
	}
	var out bytes.Buffer
	out.WriteString(string(r.Method) + " " + string(r.Target) + " HTTP/1.1\r\n")
	for _, f := range r.Fields {
		if !hop[strings.ToLower(string(f.Name))] {
			out.WriteString(string(f.Name) + ": " + string(f.Value) + "\r\n")
		}
	}
	if f := r.Get("Upgrade"); f != nil && hasOption(r, "upgrade") {
		out.WriteString("Upgrade: " + string(f.Value) + "\r\nConnection: Upgrade\r\n")
	}
	out.WriteString("\r\n")
	return out.Bytes()
}

func hasOption(r *parser.Request, opt string) bool {
	for _, t := range r.Connection {
		if strings.EqualFold(string(t.Value), opt) {
			return true
		}
	}
	return false
}

// body reads the response body a Content-Length announces.
func body(b net.Conn, resp *parser.Response, have []byte) []byte {
	f := resp.Get("Content-Length")
	if f == nil {
		return have
	}
	n, err := strconv.Atoi(string(f.Value))
	if err != nil || n < 0 || n > maxHead {
		return have
	}
	for len(have) < n {
		tmp := make([]byte, n-len(have))
		k, err := b.Read(tmp)
		have = append(have, tmp[:k]...)
		if err != nil {
			break
		}
	}
	return have[:min(len(have), n)]
}

// tunnel copies octets both ways until either side closes.
func tunnel(a, b net.Conn) {
	b.SetDeadline(time.Now().Add(ioTimeout))
	a.SetDeadline(time.Now().Add(ioTimeout))
	done := make(chan struct{}, 2)
	go func() { io.Copy(a, b); done <- struct{}{} }()
	go func() { io.Copy(b, a); done <- struct{}{} }()
	<-done
	a.Close()
	b.Close()
	<-done
}
