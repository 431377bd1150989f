package bench

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"os"
	"testing"

	"github.com/gobwas/ws"

	"github.com/switchyard/switchyard/parser"
)

// chromium returns the handshake headless Chromium sent to the capture
// server (corpus/requests/chromium-default.http): Origin, permessage-deflate
// with client_max_window_bits, User-Agent, Cache-Control, Pragma, ...
func chromium(tb testing.TB) []byte {
	raw, err := os.ReadFile("../corpus/requests/chromium-default.http")
	if err != nil {
		tb.Fatal(err)
	}
	return raw
}

// BenchmarkSwitchyard parses and validates the request strictly and builds
// its 101, as a server in front of an application would.
func BenchmarkSwitchyard(b *testing.B) {
	raw := chromium(b)
	var p parser.Parser
	out := make([]byte, 0, 256)
	sel := parser.Selection{Extensions: []byte("permessage-deflate")}
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		req := p.ParseRequest(raw)
		if !req.Valid(true) {
			b.Fatal("invalid")
		}
		out = parser.AppendSwitchingProtocols(out[:0], req.WebSocket.Key, sel)
	}
}

// BenchmarkNetHTTPReadRequest parses the same bytes with net/http alone:
// no upgrade check, no 101.
func BenchmarkNetHTTPReadRequest(b *testing.B) {
	raw := chromium(b)
	rd := bytes.NewReader(raw)
	br := bufio.NewReader(rd)
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		rd.Reset(raw)
		br.Reset(rd)
		if _, err := http.ReadRequest(br); err != nil {
			b.Fatal(err)
		}
	}
}

// memConn is an in-memory io.ReadWriter: reads the request, discards the 101.
type memConn struct {
	r *bytes.Reader
}

func (c *memConn) Read(p []byte) (int, error)  { return c.r.Read(p) }
func (c *memConn) Write(p []byte) (int, error) { return len(p), nil }

// BenchmarkGobwasUpgrader runs gobwas/ws's Upgrader.Upgrade on the same
// bytes over an in-memory io.ReadWriter: it parses, checks its own subset
// of the handshake, and writes the 101.
func BenchmarkGobwasUpgrader(b *testing.B) {
	raw := chromium(b)
	conn := &memConn{r: bytes.NewReader(raw)}
	var u ws.Upgrader
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		conn.r.Reset(raw)
		if _, err := u.Upgrade(conn); err != nil {
			b.Fatal(err)
		}
	}
}

// TestPeersAgree checks that the three benchmarks do the work they claim on
// these bytes: all accept the request, and Switchyard's 101 carries the
// Accept value gobwas/ws computes.
func TestPeersAgree(t *testing.T) {
	raw := chromium(t)
	req := parser.ParseRequest(raw)
	if !req.Valid(true) {
		t.Fatalf("Switchyard refuses Chromium's request: %v", req.Violations)
	}
	if _, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(raw))); err != nil {
		t.Fatal(err)
	}
	var sent bytes.Buffer
	rw := struct {
		io.Reader
		io.Writer
	}{bytes.NewReader(raw), &sent}
	if _, err := (&ws.Upgrader{}).Upgrade(rw); err != nil {
		t.Fatal(err)
	}
	want := parser.AppendAccept(nil, req.WebSocket.Key)
	if !bytes.Contains(sent.Bytes(), want) {
		t.Errorf("gobwas/ws's 101 lacks Accept %s:\n%s", want, sent.Bytes())
	}
}
