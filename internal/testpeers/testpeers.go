// Package testpeers holds the peers of Switchyard's own tests.
//
// The planted peers (planted*.go) are a WebSocket server, a reverse proxy
// and a client built on package parser, each with at most one deliberate,
// documented defect of one enum, [Defect], so that the tests of the oracle,
// the suite and fuzzrun can prove each defect is found citing the right
// rule. They listen on 127.0.0.1 only.
//
// The hostile peers (this file) are servers,
// intermediaries, clients and client drivers that never end a head, never
// stop sending, answer with garbage, echo, flood or hang. Each one attacks
// a cap of the harness (internal/wire's limits, the client-mode driver and
// connection caps, fuzzrun check's input cap); the tests that use them
// assert that memory and time stay bounded and that the verdict is the
// right one.
//
// Every peer sends from a fixed buffer, so that the allocations a test
// measures are the harness's, not the peer's. Every peer stops when its
// connection is closed, and every server stops with the test (t.Cleanup).
package testpeers

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/switchyard/switchyard/internal/wire"
)

// PeerDeadline bounds every connection a peer serves or opens: a harness
// that stops reading cannot leave a peer's goroutine behind for longer.
const PeerDeadline = 10 * time.Second

// WebSocketRequest is a plain valid WebSocket handshake (RFC 6455 §1.2),
// its Host a placeholder: what a client peer sends, and what a test sends
// to a server peer.
const WebSocketRequest = "GET /chat HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
	"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"

// Switched is the 101 that answers WebSocketRequest (its Accept is the
// one of RFC 6455 §1.3's example key).
const Switched = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
	"Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"

// filler is what floods are made of: field-value octets, no CR or LF, so
// that a head being flooded never ends.
var filler = bytes.Repeat([]byte("a"), 32<<10)

// Flood writes filler to w until a write fails (the other end closed, or
// the deadline passed). It never allocates.
func Flood(w io.Writer) {
	for {
		if _, err := w.Write(filler); err != nil {
			return
		}
	}
}

// Endless is an io.Reader that never ends: every read fills the buffer
// with 'a' (no newline). It stands in for /dev/zero or an endless
// standard input.
type Endless struct{}

// Read fills p.
func (Endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	return len(p), nil
}

// Serve runs handle for every connection accepted on a new loopback
// listener, each connection closed after handle returns or PeerDeadline,
// and returns the listener's address. The listener and every connection
// are closed when the test ends.
func Serve(t testing.TB, handle func(c net.Conn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Skip("no loopback TCP:", err)
	}
	var (
		mu    sync.Mutex
		conns = map[net.Conn]bool{}
		wg    sync.WaitGroup
	)
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns[c] = true
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() {
					c.Close()
					mu.Lock()
					delete(conns, c)
					mu.Unlock()
				}()
				c.SetDeadline(time.Now().Add(PeerDeadline))
				handle(c)
			}()
		}
	}()
	return ln.Addr().String()
}

// FreeAddr returns a free 127.0.0.1 address below the kernel's ephemeral
// port range, for a listener the code under test opens itself later (a
// scripted backend, a peer a script starts). A port the kernel picked and
// this closed again could be handed to another test's outgoing connection
// before that listener binds it; one below the range is never handed out
// that way. Ports are tried in a random order, a bounded number of times.
func FreeAddr(t testing.TB) string {
	t.Helper()
	for range freePortTries {
		port := freePortLow + rand.IntN(freePortHigh-freePortLow)
		ln, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port))
		if err != nil {
			continue // taken
		}
		addr := ln.Addr().String()
		ln.Close()
		return addr
	}
	t.Skipf("no free loopback port in [%d, %d) after %d tries", freePortLow, freePortHigh, freePortTries)
	return ""
}

// The ports FreeAddr picks from, and how many it tries: below 32768,
// where Linux's ephemeral range (32768-60999 by default) starts, and below
// the bases the repository's scripts start their peers from (29800 and up:
// scripts/trophies.sh, peer-results.sh, ci-peers.sh, nightly.sh).
const (
	freePortLow   = 20000
	freePortHigh  = 29000
	freePortTries = 200
)

// ResettingServer starts a server that resets every connection at once
// (SO_LINGER 0, then close: a RST, not a FIN), before reading anything,
// and returns its address.
func ResettingServer(t testing.TB) string {
	return Serve(t, func(c net.Conn) {
		if tc, ok := c.(*net.TCPConn); ok {
			tc.SetLinger(0)
		}
	})
}

// readHead reads one head from c (at most 64 KiB) through the one I/O
// layer, and returns what it read, complete or not. A peer reads the
// request first so that what it sends is an answer.
func readHead(c net.Conn) []byte {
	head, _ := wire.NewReader(c).Head(64 << 10)
	return head
}

// EndlessHeadServer starts a server that answers every request with a 101
// status-line and then header octets that never end: no head end ever
// arrives. It returns the server's address.
func EndlessHeadServer(t testing.TB) string {
	return Serve(t, func(c net.Conn) {
		readHead(c)
		c.Write([]byte("HTTP/1.1 101 Switching Protocols\r\nX-Endless: "))
		Flood(c)
	})
}

// EndlessAfter101Server starts a server that answers every request with a
// valid 101 (Switched) and then octets that never end. It returns the
// server's address.
func EndlessAfter101Server(t testing.TB) string {
	return Serve(t, func(c net.Conn) {
		readHead(c)
		c.Write([]byte(Switched))
		Flood(c)
	})
}

// GarbageServer starts a server that answers every request with octets
// that are not an HTTP response (binary noise and a line that is no
// status-line), then closes. It returns the server's address.
func GarbageServer(t testing.TB) string {
	return Serve(t, func(c net.Conn) {
		readHead(c)
		c.Write([]byte("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 garbage, no status-line\r\n\r\n"))
	})
}

// SilentPeer starts a peer that reads whatever comes (a request, a
// response) and never sends a thing: a server or an intermediary that
// hangs. It returns the peer's address.
func SilentPeer(t testing.TB) string {
	return Serve(t, func(c net.Conn) {
		io.Copy(io.Discard, c)
	})
}

// EchoProxy starts an intermediary that never contacts its backend: it
// sends every octet the client sends straight back to it. It returns the
// proxy's address.
func EchoProxy(t testing.TB) string {
	return Serve(t, func(c net.Conn) {
		io.Copy(c, io.LimitReader(c, 1<<20))
	})
}

// FloodingProxy starts an intermediary that forwards the client's request
// head to backend and relays the backend's answer head, and from then on
// floods both of them with octets that never end, in place of a tunnel.
// It returns the proxy's address.
func FloodingProxy(t testing.TB, backend string) string {
	return Serve(t, func(c net.Conn) {
		req := readHead(c)
		b, err := net.DialTimeout("tcp", backend, PeerDeadline)
		if err != nil {
			return
		}
		defer b.Close()
		b.SetDeadline(time.Now().Add(PeerDeadline))
		if _, err := b.Write(req); err != nil {
			return
		}
		c.Write(readHead(b))
		go Flood(b)
		Flood(c)
	})
}

// EndlessHeadClient dials addr and sends a request-line for target, then
// header octets that never end, until the connection is closed or
// PeerDeadline passes. It is a client that never ends its head.
func EndlessHeadClient(addr, target string) error {
	c, err := net.DialTimeout("tcp", addr, PeerDeadline)
	if err != nil {
		return err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(PeerDeadline))
	if _, err := c.Write([]byte("GET " + target + " HTTP/1.1\r\nHost: example.com\r\nX-Endless: ")); err != nil {
		return err
	}
	Flood(c)
	return nil
}

// FloodingClient dials addr, sends a valid WebSocket handshake for target
// (WebSocketRequest), reads the answer's head, and then sends octets
// without end, until the connection is closed or PeerDeadline passes. It
// returns an error unless the answer was a 101: a client that opens and
// then never stops sending.
func FloodingClient(addr, target string) error {
	c, err := net.DialTimeout("tcp", addr, PeerDeadline)
	if err != nil {
		return err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(PeerDeadline))
	if _, err := c.Write([]byte(strings.Replace(WebSocketRequest, "/chat", target, 1))); err != nil {
		return err
	}
	if head := readHead(c); !bytes.HasPrefix(head, []byte("HTTP/1.1 101 ")) {
		return fmt.Errorf("answered %.40q, not 101", head)
	}
	Flood(c)
	return nil
}

// ConnFlood dials addr n times, keeping every connection open and sending
// on each the start of a request for target that never ends, then closes
// them all. It returns how many connections it opened.
func ConnFlood(addr, target string, n int) int {
	var conns []net.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	line := []byte("GET " + target + " HTTP/1.1\r\nHost: example.com\r\n")
	for range n {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			break
		}
		c.SetDeadline(time.Now().Add(PeerDeadline))
		c.Write(line)
		conns = append(conns, c)
	}
	return len(conns)
}

// The shell bodies of the hostile client drivers (clientmode.Script runs
// a driver with bash; it must print one line, "open" or "error: ...").
const (
	// floodScript prints octets without a newline, forever.
	floodScript = "while :; do printf '%01024d' 0; done\n"
	// hangScript leaves children that hold standard output open, writes
	// their process ids to hang.pids beside itself, and never reports,
	// the shell itself waiting for them.
	hangScript = "here=$(dirname \"$0\")\nsleep 300 &\necho $! >>\"$here/hang.pids\"\nsleep 300 &\necho $! >>\"$here/hang.pids\"\nwait\n"
)

// FloodDriver writes, in dir, a client driver script that prints an
// endless line (no newline ever) and returns its path.
func FloodDriver(t testing.TB, dir string) string { return script(t, dir, "flood.sh", floodScript) }

// HangDriver writes, in dir, a client driver script that never reports
// and whose children hold its standard output open, and returns its path.
// The script writes its children's process ids to HangPids(dir).
func HangDriver(t testing.TB, dir string) string { return script(t, dir, "hang.sh", hangScript) }

// HangPids is the file in dir where HangDriver's script lists its
// children's process ids, one a line.
func HangPids(dir string) string { return filepath.Join(dir, "hang.pids") }

// Alive reports whether process pid runs (exists and is not a zombie).
func Alive(pid int) bool {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return false
	}
	// pid (comm) STATE ...: the state follows the last ')'.
	i := bytes.LastIndexByte(b, ')')
	return i >= 0 && i+2 < len(b) && b[i+2] != 'Z' && b[i+2] != 'X'
}

// script writes a bash script.
func script(t testing.TB, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte("#!/usr/bin/env bash\n"+body), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

// HostPort returns the HOST:PORT of a ws:// URL.
func HostPort(url string) string {
	rest := strings.TrimPrefix(url, "ws://")
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		return rest[:i]
	}
	return rest
}

// Path returns the path of a ws:// URL ("/" when it has none).
func Path(url string) string {
	rest := strings.TrimPrefix(url, "ws://")
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		return rest[i:]
	}
	return "/"
}

// Cost runs f and returns the octets the whole process allocated while it
// ran (runtime.MemStats.TotalAlloc, which only grows, so that a buffer
// allocated and collected meanwhile still counts) and the time it took.
func Cost(f func()) (alloc uint64, took time.Duration) {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	f()
	took = time.Since(start)
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc, took
}

// Bounded runs f and fails the test when it allocated more than maxAlloc
// octets or took longer than maxTime (Cost). It returns what f cost.
func Bounded(t testing.TB, what string, maxAlloc uint64, maxTime time.Duration, f func()) (alloc uint64, took time.Duration) {
	t.Helper()
	alloc, took = Cost(f)
	if alloc > maxAlloc {
		t.Errorf("%s allocated %d KiB; the bound is %d KiB", what, alloc>>10, maxAlloc>>10)
	}
	if took > maxTime {
		t.Errorf("%s took %v; the bound is %v", what, took, maxTime)
	}
	t.Logf("%s: %d KiB allocated, %v", what, alloc>>10, took.Round(time.Millisecond))
	return alloc, took
}
