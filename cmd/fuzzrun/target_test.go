package main

import (
	"bytes"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/switchyard/switchyard/internal/testpeers"
	"github.com/switchyard/switchyard/internal/wire"
	"github.com/switchyard/switchyard/oracle"
)

// routedServer is a real WebSocket server (github.com/coder/websocket on
// net/http) routed on /chat only. It records every request its handlers
// see: where it was routed, its query and its Host.
type routedServer struct {
	addr  string
	mu    sync.Mutex
	chat  []*http.Request // requests routed to /chat
	other []string        // request-targets routed anywhere else
}

func newRoutedServer(t *testing.T) *routedServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Skip("no loopback TCP:", err)
	}
	s := &routedServer{addr: ln.Addr().String()}
	mux := http.NewServeMux()
	mux.HandleFunc("/chat", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.chat = append(s.chat, r)
		s.mu.Unlock()
		c, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		c.CloseNow()
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.other = append(s.other, r.RequestURI)
		s.mu.Unlock()
		http.NotFound(w, r)
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 2 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return s
}

// check asserts that every request that reached a handler went to /chat
// with the target's query and a Host naming the target (unless the Host
// is the case's defect: empty or malformed), and that some did.
func (s *routedServer) check(t *testing.T, what string) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.other) > 0 {
		t.Errorf("%s: %d requests routed elsewhere than /chat, e.g. %q", what, len(s.other), s.other[0])
	}
	if len(s.chat) < 2 {
		t.Errorf("%s: %d requests reached /chat; want the preflight and the cases", what, len(s.chat))
	}
	for _, r := range s.chat {
		if !strings.HasPrefix(r.URL.RawQuery, "room=1") {
			t.Errorf("%s: %q reached /chat without the target's query", what, r.RequestURI)
		}
		if r.Host != s.addr && wellFormedHost(r.Host) {
			t.Errorf("%s: %q reached /chat with Host %q; want %s", what, r.RequestURI, r.Host, s.addr)
		}
	}
	s.chat, s.other = nil, nil
}

// TestTargetsHonoured: every case of suite and diff, generated and
// captured ones included, goes to the path and query of --target, and the
// preflight passes; a target routed elsewhere fails the preflight with
// exit 2, as does a target that refuses connections.
func TestTargetsHonoured(t *testing.T) {
	s := newRoutedServer(t)
	target := "tcp://" + s.addr + "/chat?room=1"

	var out, errb bytes.Buffer
	if code := run([]string{"suite", "--target", target}, &out, &errb); code == exitError {
		t.Fatalf("suite: exit %d\n%s", code, errb.String())
	}
	s.check(t, "suite")

	empty := filepath.Join(t.TempDir(), "baseline.json")
	os.WriteFile(empty, []byte(`{"entries": []}`), 0o644)
	out.Reset()
	errb.Reset()
	code := run([]string{"diff", "--target", target, "--cases", "120", "--seed", "3", "--no-minimize", "--log", "",
		"--baseline", empty, "--corpus", "../../corpus/requests"}, &out, &errb)
	if code == exitError {
		t.Fatalf("diff: exit %d\n%s", code, errb.String())
	}
	s.check(t, "diff")

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := "tcp://" + ln.Addr().String() + "/chat"
	ln.Close()
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"suite", "--target", "tcp://" + s.addr + "/elsewhere"}, "404"},
		{[]string{"diff", "--target", "tcp://" + s.addr + "/elsewhere", "--log", ""}, "404"},
		{[]string{"suite", "--target", refused}, "unreachable"},
		{[]string{"diff", "--target", refused, "--log", ""}, "unreachable"},
	} {
		out.Reset()
		errb.Reset()
		if code := run(tt.args, &out, &errb); code != exitError || !strings.Contains(errb.String(), "preflight") || !strings.Contains(errb.String(), tt.want) {
			t.Errorf("fuzzrun %s: exit %d, %q; want %d naming the preflight and %q", strings.Join(tt.args, " "), code, errb.String(), exitError, tt.want)
		}
	}
}

// wellFormedHost reports a non-empty host with no port or a numeric one:
// a Host that names some server.
func wellFormedHost(h string) bool {
	if h == "" {
		return false
	}
	_, port, err := net.SplitHostPort(h)
	if err != nil {
		return !strings.Contains(h, ":")
	}
	return port != "" && strings.Trim(port, "0123456789") == ""
}

// TestDiffProxyReport: diff --proxy --report writes the report (its
// result has no agreement matrix) instead of panicking.
func TestDiffProxyReport(t *testing.T) {
	backend := testpeers.FreeAddr(t)
	p, err := testpeers.NewProxy(backend, testpeers.Strict)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	dir := t.TempDir()
	bl := filepath.Join(dir, "baseline.json")
	os.WriteFile(bl, []byte(`{"entries": []}`), 0o644)
	var out, errb bytes.Buffer
	code := run([]string{"diff", "--proxy", "tcp://" + p.Addr(), "--backend-listen", backend, "--baseline", bl, "--report", dir, "--log", ""}, &out, &errb)
	if code == exitError {
		t.Fatalf("exit %d\n%s%s", code, out.String(), errb.String())
	}
	for _, f := range []string{"report.md", "report.html"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("--report: %v", err)
		}
	}
}

// TestBaselineByName: a TCP peer's baseline is keyed by its --name, not
// its address, so the same peer on another port keeps its entries.
func TestBaselineByName(t *testing.T) {
	a, b := newRoutedServer(t), newRoutedServer(t)
	bl := filepath.Join(t.TempDir(), "peer.json")
	args := func(addr string) []string {
		return []string{"diff", "--target", "tcp://" + addr + "/chat", "--name", "coder-on-nethttp", "--cases", "60", "--seed", "5",
			"--log", "", "--corpus", "", "--baseline", bl}
	}
	var out, errb bytes.Buffer
	if code := run(append(args(a.addr), "--update-baseline"), &out, &errb); code != exitOK {
		t.Fatalf("--update-baseline: exit %d\n%s", code, errb.String())
	}
	written, err := oracle.LoadBaseline(bl)
	if err != nil || len(written.Entries) == 0 {
		t.Fatalf("no baseline entries written (%v)\n%s", err, out.String())
	}
	for _, e := range written.Entries {
		if e.Target != "coder-on-nethttp" {
			t.Errorf("entry keyed by %q; want the --name", e.Target)
		}
	}
	out.Reset()
	if code := run(args(b.addr), &out, &errb); code != exitOK {
		t.Errorf("the same peer on another port: exit %d; want 0 (no new finding)\n%s", code, out.String())
	}
}

// TestSubprotocolsOffer: a server that closes on a handshake offering
// subprotocols it does not serve (as libwebsockets' test server does)
// fails the default preflight, and passes it, for suite and diff, when
// --subprotocols offers one it serves.
func TestSubprotocolsOffer(t *testing.T) {
	const served = "dumb-increment-protocol"
	addr := testpeers.Serve(t, func(c net.Conn) {
		head, _ := wire.NewReader(c).Head(64 << 10)
		if !bytes.Contains(head, []byte("Sec-WebSocket-Protocol: "+served+"\r\n")) {
			return // closes without an answer
		}
		c.Write([]byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
			"Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: " + served + "\r\n\r\n"))
	})
	target := "tcp://" + addr + "/"
	empty := filepath.Join(t.TempDir(), "baseline.json")
	os.WriteFile(empty, []byte(`{"entries": []}`), 0o644)
	for _, args := range [][]string{
		{"suite", "--target", target, "--only", "valid/rfc6455-example"},
		{"diff", "--target", target, "--cases", "1", "--corpus", "", "--log", "", "--baseline", empty},
	} {
		var out, errb bytes.Buffer
		if code := run(args, &out, &errb); code != exitError || !strings.Contains(errb.String(), "preflight") {
			t.Errorf("fuzzrun %s: exit %d, %q; want %d naming the preflight", strings.Join(args, " "), code, errb.String(), exitError)
		}
		out.Reset()
		errb.Reset()
		with := append(args, "--subprotocols", served)
		if code := run(with, &out, &errb); code == exitError {
			t.Errorf("fuzzrun %s: exit %d\n%s", strings.Join(with, " "), code, errb.String())
		}
	}
}
