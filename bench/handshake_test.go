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

// input is one request the three benchmarks run on, the same bytes for all.
type input struct {
	name string // sub-benchmark name: no digits at the end, which go test's -cpu suffix would look like
	path string // relative to bench/
}

// inputs are the benchmarked requests, from smallest to largest; see
// testdata/README.md for where the two under testdata come from.
var inputs = []input{
	// The handshake with nothing but what RFC 6455 §4.1 requires.
	{"minimal", "testdata/minimal.http"},
	// The handshake headless Chromium sent to the capture server: Origin,
	// permessage-deflate with client_max_window_bits, User-Agent,
	// Cache-Control, Pragma, ...
	{"chromium", "../corpus/requests/chromium-default.http"},
	// A browser handshake of about 2 KB: Chromium's fields with a long
	// Cookie and User-Agent, as a logged-in page sends.
	{"cookies", "testdata/chromium-cookies.http"},
}

// cpuClock reads, where the OS tells it, the CPU time a benchmark's loop
// used, and reports it per op as cpu-ns/op beside ns/op: on a shared
// machine, time spent waiting for a core shows in ns/op but not in
// cpu-ns/op, so ratios of cpu-ns/op stay steady when the load is not. It
// is the process's time, garbage collection included, which the peers'
// allocations cost them: run with -cpu 1, as scripts/lib/bench.sh does.
type cpuClock struct {
	start int64
	ok    bool
}

func startCPU() cpuClock {
	start, ok := processCPU()
	return cpuClock{start, ok}
}

func (c cpuClock) report(b *testing.B) {
	if end, _ := processCPU(); c.ok && b.N > 0 {
		b.ReportMetric(float64(end-c.start)/float64(b.N), "cpu-ns/op")
	}
}

func read(tb testing.TB, in input) []byte {
	raw, err := os.ReadFile(in.path)
	if err != nil {
		tb.Fatal(err)
	}
	return raw
}

// BenchmarkSwitchyard parses and validates each request strictly and
// builds its 101, as a server in front of an application would: it accepts
// permessage-deflate when offered.
func BenchmarkSwitchyard(b *testing.B) {
	for _, in := range inputs {
		b.Run(in.name, func(b *testing.B) {
			raw := read(b, in)
			var p parser.Parser
			out := make([]byte, 0, 256)
			var sel parser.Selection
			if len(p.ParseRequest(raw).WebSocket.Extensions) > 0 {
				sel.Extensions = []byte("permessage-deflate")
			}
			b.SetBytes(int64(len(raw)))
			b.ReportAllocs()
			cpu := startCPU()
			for b.Loop() {
				req := p.ParseRequest(raw)
				if !req.Valid(parser.Strict) {
					b.Fatal("invalid")
				}
				out = parser.AppendSwitchingProtocols(out[:0], req.WebSocket.Key, sel)
			}
			cpu.report(b)
		})
	}
}

// BenchmarkNetHTTPReadRequest parses the same bytes with net/http alone:
// no upgrade check, no 101.
func BenchmarkNetHTTPReadRequest(b *testing.B) {
	for _, in := range inputs {
		b.Run(in.name, func(b *testing.B) {
			raw := read(b, in)
			rd := bytes.NewReader(raw)
			br := bufio.NewReader(rd)
			b.SetBytes(int64(len(raw)))
			b.ReportAllocs()
			cpu := startCPU()
			for b.Loop() {
				rd.Reset(raw)
				br.Reset(rd)
				if _, err := http.ReadRequest(br); err != nil {
					b.Fatal(err)
				}
			}
			cpu.report(b)
		})
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
	for _, in := range inputs {
		b.Run(in.name, func(b *testing.B) {
			raw := read(b, in)
			conn := &memConn{r: bytes.NewReader(raw)}
			var u ws.Upgrader
			b.SetBytes(int64(len(raw)))
			b.ReportAllocs()
			cpu := startCPU()
			for b.Loop() {
				conn.r.Reset(raw)
				if _, err := u.Upgrade(conn); err != nil {
					b.Fatal(err)
				}
			}
			cpu.report(b)
		})
	}
}

// TestPeersAgree checks that the three benchmarks do the work they claim on
// every input: all accept the request, and Switchyard's 101 carries the
// Accept value gobwas/ws computes.
func TestPeersAgree(t *testing.T) {
	for _, in := range inputs {
		t.Run(in.name, func(t *testing.T) {
			raw := read(t, in)
			req := parser.ParseRequest(raw)
			if !req.Valid(parser.Strict) {
				t.Fatalf("Switchyard refuses %s: %v", in.path, req.Violations)
			}
			if len(req.Warnings) > 0 {
				t.Errorf("%s is meant to be a clean handshake; Switchyard warns: %v", in.path, req.Warnings)
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
		})
	}
}
