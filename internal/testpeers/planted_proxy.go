package testpeers

import (
	"bytes"
	"io"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/switchyard/switchyard/internal/listen"
	"github.com/switchyard/switchyard/internal/wire"
	"github.com/switchyard/switchyard/parser"
)

// Proxy is a small HTTP/1.1 reverse proxy in front of one backend.
type Proxy struct {
	*listen.Server
	backend string
	defect  Defect
}

// NewProxy starts a planted proxy with defect d (Strict,
// TunnelAfterRefusal or TunnelOnUnsolicited101) on 127.0.0.1 and a free
// port, forwarding to backend (HOST:PORT); Close stops it.
func NewProxy(backend string, d Defect) (*Proxy, error) {
	p := &Proxy{backend: backend, defect: d}
	s, err := listen.Start("127.0.0.1:0", func(c net.Conn) {
		defer c.Close()
		p.handle(c)
	})
	if err != nil {
		return nil, err
	}
	p.Server = s
	return p, nil
}

// handle serves one client connection: one exchange after another, until
// a tunnel or a close.
func (p *Proxy) handle(c net.Conn) {
	cr := wire.NewReader(c)
	for {
		c.SetDeadline(time.Now().Add(plantedTimeout))
		head, err := cr.Head(maxPlantedHead)
		if err != nil {
			return
		}
		req := parser.ParseRequest(head)
		if !req.Complete {
			return
		}
		b, err := net.DialTimeout("tcp", p.backend, plantedTimeout)
		if err != nil {
			c.Write([]byte("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"))
			return
		}
		b.SetDeadline(time.Now().Add(plantedTimeout))
		fwd := forwardRequest(req)
		b.Write(fwd)
		br := wire.NewReader(b)
		rhead, err := br.Head(maxPlantedHead)
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
	if err != nil || n < 0 || n > maxPlantedHead {
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
	b.SetDeadline(time.Now().Add(plantedTimeout))
	a.SetDeadline(time.Now().Add(plantedTimeout))
	done := make(chan struct{}, 2)
	go func() { io.Copy(a, b); done <- struct{}{} }()
	go func() { io.Copy(b, a); done <- struct{}{} }()
	<-done
	a.Close()
	b.Close()
	<-done
}
