package testpeers

import (
	"bytes"
	"crypto/sha1"
	"encoding/base64"
	"io"
	"net"
	"time"

	"github.com/switchyard/switchyard/internal/listen"
	"github.com/switchyard/switchyard/internal/wire"
	"github.com/switchyard/switchyard/judge"
	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/rules"
)

// plantedTimeout bounds every read and write of the planted peers.
const plantedTimeout = 2 * time.Second

// sampleKey is the Sec-WebSocket-Key of RFC 6455 §1.2.
const sampleKey = "dGhlIHNhbXBsZSBub25jZQ=="

// Server is a planted WebSocket server on a TCP listener.
type Server struct{ *listen.Server }

// NewServer starts a planted server with defect d on 127.0.0.1 and a free
// port; Close stops it. Panic is for in-process servers only (ServePlanted).
func NewServer(d Defect) (*Server, error) {
	s, err := listen.Start("127.0.0.1:0", func(c net.Conn) {
		defer closeGently(c)
		c.SetDeadline(time.Now().Add(plantedTimeout))
		servePlanted(c, d)
	})
	if err != nil {
		return nil, err
	}
	return &Server{s}, nil
}

// ServePlanted serves one connection as the planted server with defect d
// does, and closes it: one request read, one answer (Respond) written.
func ServePlanted(c net.Conn, d Defect) {
	defer c.Close()
	servePlanted(c, d)
}

func servePlanted(c net.Conn, d Defect) {
	r := wire.ReadRequest(c, wire.Limits{Settle: wire.NoSettle})
	if r.Fate != judge.Answered {
		return
	}
	head := r.Head
	// The robustness defects fire on requests offering a subprotocol, so
	// that a run stays short.
	triggered := bytes.Contains(bytes.ToLower(head), []byte("sec-websocket-protocol"))
	switch {
	case d == Panic && triggered:
		panic("planted panic")
	case d == Hang && triggered:
		io.Copy(io.Discard, c) // until the harness gives up and closes
		return
	}
	c.Write(Respond(head, d))
}

// Respond returns the planted server's answer to the request head: the
// strict reference's 101 or refusal, bent by d.
func Respond(head []byte, d Defect) []byte {
	decide := head
	switch d {
	case AcceptBadKey: // validates a stand-in key, answers for the real one
		decide = replaceField(head, "Sec-WebSocket-Key", sampleKey)
	case HTTP10: // takes an HTTP/1.0 handshake for HTTP/1.1
		decide = bytes.Replace(head, []byte("HTTP/1.0\r\n"), []byte("HTTP/1.1\r\n"), 1)
	}
	var rp, dp parser.Parser
	req := rp.ParseRequest(head)
	dec := dp.ParseRequest(decide)
	ok := switchableWS(dec) && dec.Valid(parser.Strict)
	if d == Lenient { // Switchyard's policy only: accepts what the RFC lets it
		// RFC 9112 §6.1: a request with Content-Length and
		// Transfer-Encoding is answered and the connection closed.
		ok = dec.WebSocket.Offered && !dec.Has(rules.AMB_3) && len(dec.WebSocket.Key) > 0 && dec.Valid(parser.Lenient) && dec.WebSocket.Version == 13 &&
			!dec.Has(rules.STRICT_6)
	}
	if d == SwitchToH2 && bytes.Contains(bytes.ToLower(head), []byte("upgrade: h2\r\n")) {
		return []byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2\r\nConnection: Upgrade\r\n\r\n")
	}
	if d == RefuseValid {
		ok = false
	}
	if !ok {
		return refusal(dec, d)
	}
	key := req.WebSocket.Key
	if d == AcceptBadKey {
		key = bytes.TrimSpace(fieldValue(head, "Sec-WebSocket-Key"))
	}
	var sel parser.Selection
	for _, p := range dec.WebSocket.Protocols {
		if string(p.Value) == "chat" || string(p.Value) == "superchat" {
			sel.Subprotocol = p.Value
			break
		}
	}
	switch d {
	case UnofferedSubprotocol:
		sel.Subprotocol = []byte("mqtt")
	case UnofferedExtension:
		sel.Extensions = []byte("x-foo")
	}
	out := parser.AppendSwitchingProtocols(nil, key, sel)
	switch d {
	case WrongAccept:
		h := sha1.Sum(key) // the GUID forgotten (RFC 6455 §4.2.2 step 5.4)
		out = replaceField(out, "Sec-WebSocket-Accept", base64.StdEncoding.EncodeToString(h[:]))
	case NoUpgrade:
		out = bytes.Replace(out, []byte("Upgrade: websocket\r\n"), nil, 1)
	case NoConnection:
		out = bytes.Replace(out, []byte("Connection: Upgrade\r\n"), nil, 1)
	case ContentLength101:
		out = bytes.Replace(out, []byte("\r\n\r\n"), []byte("\r\nContent-Length: 0\r\n\r\n"), 1)
	case Lenient:
		if dec.Expect100 {
			// RFC 9110 §7.8: a 100 (Continue) before the 101.
			out = append([]byte("HTTP/1.1 100 Continue\r\n\r\n"), out...)
		}
	}
	return out
}

// refusal is the planted server's answer to a request it does not switch
// on: the reference's refusal status (400 when it has none), bent by d.
func refusal(dec *parser.Request, d Defect) []byte {
	status := dec.RefusalStatus(parser.Strict)
	if status == 0 {
		status = 400
	}
	switch {
	case d == NoAnswer:
		return nil
	case d == RefusalWithoutVersion && status == 426:
		return []byte("HTTP/1.1 426 Upgrade Required\r\nUpgrade: websocket\r\nConnection: Upgrade, close\r\nContent-Length: 0\r\n\r\n")
	}
	return parser.AppendRefusal(nil, status, "refused")
}

func switchableWS(r *parser.Request) bool {
	for _, p := range r.Switchable {
		if string(bytes.ToLower(p.Name)) == "websocket" {
			return true
		}
	}
	return false
}

// fieldValue returns the value of the first field line named name.
func fieldValue(head []byte, name string) []byte {
	for _, line := range bytes.Split(head, []byte("\n")) {
		if i := bytes.IndexByte(line, ':'); i > 0 && bytes.EqualFold(bytes.TrimSpace(line[:i]), []byte(name)) {
			return bytes.TrimRight(line[i+1:], "\r")
		}
	}
	return nil
}

// replaceField replaces the value of every field line named name.
func replaceField(head []byte, name, value string) []byte {
	lines := bytes.SplitAfter(head, []byte("\n"))
	for i, line := range lines {
		if j := bytes.IndexByte(line, ':'); j > 0 && bytes.EqualFold(bytes.TrimSpace(line[:j]), []byte(name)) {
			lines[i] = []byte(name + ": " + value + "\r\n")
		}
	}
	return bytes.Join(lines, nil)
}

// closeGently closes c after draining what the peer still sends for a
// moment, so that unread octets do not turn the close into a reset that
// destroys the response in flight.
func closeGently(c net.Conn) {
	if tc, ok := c.(*net.TCPConn); ok {
		tc.CloseWrite()
	}
	c.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
	buf := make([]byte, 4096)
	for {
		if _, err := c.Read(buf); err != nil {
			break
		}
	}
	c.Close()
}
