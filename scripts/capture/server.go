package main

import (
	"bufio"
	"bytes"
	"crypto/sha1"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"time"

	"github.com/switchyard/switchyard/internal/listen"
	"github.com/switchyard/switchyard/internal/wire"
	"github.com/switchyard/switchyard/judge"
)

// Limits of the capture server. Every wait is bounded.
const (
	headTimeout   = 10 * time.Second // to receive a whole request head
	closeWait     = 1500 * time.Millisecond
	drainWait     = time.Second
	websocketGUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11" // RFC 6455 section 1.3
)

// acceptKey computes Sec-WebSocket-Accept for a Sec-WebSocket-Key
// (RFC 6455 section 4.2.2, step 5.4).
func acceptKey(key string) string {
	h := sha1.Sum([]byte(key + websocketGUID))
	return base64.StdEncoding.EncodeToString(h[:])
}

// headerValues returns the values of every field named name (case-insensitive)
// in a raw head. It is deliberately naive: the capture server only needs the
// key and the Upgrade tokens; judging the head is the parser's job.
func headerValues(head []byte, name string) []string {
	var vals []string
	lines := strings.Split(strings.ReplaceAll(string(head), "\r\n", "\n"), "\n")
	for _, l := range lines[1:] {
		n, v, ok := strings.Cut(l, ":")
		if ok && strings.EqualFold(strings.TrimSpace(n), name) {
			vals = append(vals, strings.TrimSpace(v))
		}
	}
	return vals
}

// capturedHead is one request head received by the capture server.
type capturedHead struct {
	raw  []byte
	from string
	at   time.Time
}

// captureServer records every request head it receives and answers it.
// A WebSocket upgrade gets a correct 101 with no subprotocol or extension
// selected, and then a polite close; anything else (e.g. an h2c upgrade)
// gets a plain 200 that declines the upgrade, and the connection is closed.
type captureServer struct {
	srv   *listen.Server
	heads chan capturedHead
}

func startCaptureServer(addr string) (*captureServer, error) {
	s := &captureServer{heads: make(chan capturedHead, 64)}
	srv, err := listen.Start(addr, s.handle)
	if err != nil {
		return nil, err
	}
	s.srv = srv
	return s, nil
}

func (s *captureServer) addr() string { return s.srv.Addr() }

func (s *captureServer) close() { s.srv.Close() }

func (s *captureServer) handle(c net.Conn) {
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(headTimeout))
	// The head is read within wire.MaxHeadBytes; what the client sends
	// right behind it (early frames) is kept for the closing handshake.
	req := wire.ReadRequest(c, wire.DefaultLimits)
	head := req.Head
	if len(head) > 0 {
		select {
		case s.heads <- capturedHead{raw: head, from: c.RemoteAddr().String(), at: time.Now()}:
		default: // nobody is collecting; never block
		}
	}
	if req.Fate != judge.Answered {
		return
	}
	br := bufio.NewReader(io.MultiReader(bytes.NewReader(req.Body), c))
	upgrade := strings.ToLower(strings.Join(headerValues(head, "Upgrade"), ","))
	keys := headerValues(head, "Sec-WebSocket-Key")
	if !strings.Contains(upgrade, "websocket") || len(keys) != 1 {
		body := "switchyard capture server: upgrade not accepted\n"
		fmt.Fprintf(c, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s", len(body), body)
		return
	}
	fmt.Fprintf(c, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n\r\n", acceptKey(keys[0]))
	politeClose(c, br)
}

// politeClose runs the server side of the WebSocket closing handshake
// (RFC 6455 section 5.5.1): wait a little for the client's Close frame, answer
// with a Close frame (status 1000), half-close, and drain briefly.
func politeClose(c net.Conn, br *bufio.Reader) {
	_ = c.SetReadDeadline(time.Now().Add(closeWait))
	for range 16 { // a few frames at most: our clients only send Close
		op, err := skipFrame(br)
		if err != nil || op == 0x8 {
			break
		}
	}
	_ = c.SetWriteDeadline(time.Now().Add(time.Second))
	_, _ = c.Write([]byte{0x88, 0x02, 0x03, 0xe8}) // FIN+Close, 2-byte payload 1000
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.CloseWrite()
	}
	_ = c.SetReadDeadline(time.Now().Add(drainWait))
	_, _ = io.Copy(io.Discard, io.LimitReader(br, 1<<20))
}

// skipFrame reads one WebSocket frame (RFC 6455 section 5.2) and returns its opcode.
func skipFrame(br *bufio.Reader) (byte, error) {
	var h [2]byte
	if _, err := io.ReadFull(br, h[:]); err != nil {
		return 0, err
	}
	n := uint64(h[1] & 0x7f)
	switch n {
	case 126:
		var ext [2]byte
		if _, err := io.ReadFull(br, ext[:]); err != nil {
			return 0, err
		}
		n = uint64(ext[0])<<8 | uint64(ext[1])
	case 127:
		var ext [8]byte
		if _, err := io.ReadFull(br, ext[:]); err != nil {
			return 0, err
		}
		n = 0
		for _, b := range ext {
			n = n<<8 | uint64(b)
		}
	}
	if h[1]&0x80 != 0 {
		n += 4 // masking key
	}
	if n > 1<<20 {
		return 0, errors.New("frame too large")
	}
	if _, err := io.CopyN(io.Discard, br, int64(n)); err != nil {
		return 0, err
	}
	return h[0] & 0x0f, nil
}
