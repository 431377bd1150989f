package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"log"
	"net"
	"strings"
	"time"

	"github.com/switchyard/switchyard/internal/wire"
	"github.com/switchyard/switchyard/judge"
)

// fixedRequest is a handshake sent verbatim to every server.
type fixedRequest struct {
	variant string
	extra   []string // fields after the common ones
	version string   // Sec-WebSocket-Version value
	noKey   bool
	notes   string
}

// bytes renders the request in the order of RFC 6455 section 1.2, with CRLF.
func (f fixedRequest) bytes() []byte {
	lines := []string{
		"GET /chat HTTP/1.1",
		"Host: 127.0.0.1",
		"Upgrade: websocket",
		"Connection: Upgrade",
	}
	if !f.noKey {
		lines = append(lines, "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==")
	}
	lines = append(lines, "Origin: http://127.0.0.1", "Sec-WebSocket-Version: "+f.version)
	lines = append(lines, f.extra...)
	return []byte(strings.Join(lines, "\r\n") + "\r\n\r\n")
}

const (
	protoField   = "Sec-WebSocket-Protocol: chat, superchat"
	deflateField = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits"
)

var fixedRequests = []fixedRequest{
	{variant: "plain", version: "13", notes: "valid handshake, no subprotocol or extension offer (key from RFC 6455 section 1.3)"},
	{variant: "subproto", version: "13", extra: []string{protoField}, notes: "valid handshake offering subprotocols chat, superchat"},
	{variant: "deflate", version: "13", extra: []string{deflateField}, notes: "valid handshake offering permessage-deflate (RFC 7692)"},
	{variant: "subproto-deflate", version: "13", extra: []string{protoField, deflateField}, notes: "valid handshake offering subprotocols and permessage-deflate"},
	{variant: "bad-version", version: "25", notes: "Sec-WebSocket-Version: 25 (RFC 6455 section 4.4 example): a server should answer 426 with Sec-WebSocket-Version"},
	{variant: "no-key", version: "13", noKey: true, notes: "no Sec-WebSocket-Key: a server must not accept (RFC 6455 section 4.2.1)"},
}

// exchange sends req to addr and returns the raw final response head, byte
// for byte (interim 1xx heads before it are logged, not saved). After a 101
// it sends a masked Close frame and waits briefly for the reply.
func exchange(addr string, req []byte) ([]byte, error) {
	conn, err := net.DialTimeout("tcp", addr, 3*time.Second)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(exchangeTimeout))
	if _, err := conn.Write(req); err != nil {
		return nil, err
	}
	resp := wire.ReadResponse(conn, wire.DefaultLimits)
	head := resp.Head
	if resp.Fate != judge.Answered {
		return head, fmt.Errorf("reading response head: %s: %s (%d bytes read)", resp.Fate, resp.Detail, len(head))
	}
	if len(resp.Interim) > 0 {
		log.Printf("%s: %d interim response(s) before the final head", addr, len(resp.Interim))
	}
	_ = conn.SetDeadline(time.Now().Add(exchangeTimeout))
	br := bufio.NewReader(io.MultiReader(bytes.NewReader(resp.After), conn))
	if strings.HasPrefix(string(head), "HTTP/1.1 101") {
		mask := [4]byte{0x5a, 0x5b, 0x5c, 0x5d}
		payload := [2]byte{0x03 ^ mask[0], 0xe8 ^ mask[1]} // status 1000, masked
		frame := append([]byte{0x88, 0x82}, mask[:]...)
		_, _ = conn.Write(append(frame, payload[:]...))
		_ = conn.SetReadDeadline(time.Now().Add(time.Second))
		_, _ = skipFrame(br)
	}
	return head, nil
}

func fixedName(f fixedRequest) string { return "switchyard-fixed-" + f.variant }

// captureResponses sends every fixed request to a server (or a proxy in front
// of backend) and saves the raw response heads.
func (c *capturer) captureResponses(name, port, backend string) {
	addr := "127.0.0.1:" + port
	for _, f := range fixedRequests {
		variant := f.variant
		e := entry{
			Version:  c.version(name),
			Captured: "scripts/capture-corpus.sh: fixed request sent by scripts/capture to the real server, response head saved",
			Request:  c.rel("requests", fixedName(f)),
			Notes:    f.notes,
		}
		if backend != "" {
			variant = backend + "-" + f.variant
			e.Backend = backend + " " + c.version(backend)
			e.Notes = fmt.Sprintf("%s reverse proxy (scripts/peers config) in front of %s; request: %s", name, backend, f.notes)
		}
		head, err := exchange(addr, f.bytes())
		log.Printf("%-28s %d bytes %v", name+"-"+variant, len(head), errOrOK(err))
		if err != nil {
			c.failures = append(c.failures, fmt.Sprintf("%s-%s: %v", name, variant, err))
			continue
		}
		c.write("response", name, variant, head, e)
	}
}

// captureForwarded sends every fixed request through a proxy whose backend is
// the capture server: the head the proxy forwards is saved as a request, and
// the response it relays back as a response.
func (c *capturer) captureForwarded(name, port string) {
	addr := "127.0.0.1:" + port
	for _, f := range fixedRequests {
		c.drainHeads()
		head, err := exchange(addr, f.bytes())
		heads := c.collectHeads(lateHeadWait)
		log.Printf("%-28s %d bytes %v, %d forwarded head(s)", name+"-capture-"+f.variant, len(head), errOrOK(err), len(heads))
		if len(heads) > 0 {
			c.write("request", name, "forwarded-"+f.variant, heads[0].raw, entry{
				Version:  c.version(name),
				Captured: "scripts/capture-corpus.sh: request head as forwarded by the real proxy to its backend, the capture server",
				Notes:    fmt.Sprintf("what %s sent upstream when it received %s; that request: %s", name, c.rel("requests", fixedName(f)), f.notes),
			})
		}
		if err != nil {
			c.failures = append(c.failures, fmt.Sprintf("%s-capture-%s: %v", name, f.variant, err))
			continue
		}
		c.write("response", name, "capture-"+f.variant, head, entry{
			Version:  c.version(name),
			Captured: "scripts/capture-corpus.sh: fixed request sent by scripts/capture through the real proxy, response head saved",
			Request:  c.rel("requests", fixedName(f)),
			Backend:  "switchyard capture server (scripts/capture): 101 with no subprotocol or extension, or 200 declining",
			Notes:    fmt.Sprintf("%s reverse proxy in front of the capture server; request: %s%s", name, f.notes, forwardedNote(len(heads))),
		})
	}
}

func errOrOK(err error) string {
	if err != nil {
		return err.Error()
	}
	return "ok"
}

func forwardedNote(n int) string {
	if n == 0 {
		return "; the proxy answered by itself: nothing was forwarded to the backend"
	}
	return ""
}
