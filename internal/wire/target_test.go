package wire

import (
	"context"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
)

func TestParseTarget(t *testing.T) {
	for s, want := range map[string]Target{
		"tcp://127.0.0.1:80":                 {Addr: "127.0.0.1:80", Path: "/"},
		"tcp://localhost:8080/ws":            {Addr: "localhost:8080", Path: "/ws"},
		"tcp://[::1]:9/a%20b?token=x&y=1":    {Addr: "[::1]:9", Path: "/a%20b", Query: "token=x&y=1"},
		"tcp://example.test:1/chat?v=2#frag": {},
	} {
		got, err := ParseTarget(s)
		if want.Addr == "" {
			if err == nil {
				t.Errorf("ParseTarget(%q): no error", s)
			}
			continue
		}
		if err != nil || got != want {
			t.Errorf("ParseTarget(%q) = %+v, %v; want %+v", s, got, err, want)
		}
	}
	for _, s := range []string{"http://127.0.0.1:80", "tcp://127.0.0.1", "127.0.0.1:80", "tcp://u@h:1/"} {
		if _, err := ParseTarget(s); err == nil {
			t.Errorf("ParseTarget(%q): no error", s)
		}
	}
}

// Retarget points every well-formed request at the target's path, query
// and address, and keeps each case's defect.
func TestRetarget(t *testing.T) {
	tg := Target{Addr: "10.0.0.1:81", Path: "/chat", Query: "t=1"}
	for _, tt := range []struct{ in, want string }{
		{"GET /ws HTTP/1.1\r\nHost: example.com\r\n\r\n", "GET /chat?t=1 HTTP/1.1\r\nHost: 10.0.0.1:81\r\n\r\n"},
		{"GET / HTTP/1.1\r\nhost:  server.example.com:8080 \r\n\r\nbody", "GET /chat?t=1 HTTP/1.1\r\nhost:  10.0.0.1:81 \r\n\r\nbody"},
		{"GET /socket.io/?EIO=4 HTTP/1.1\r\nHOST: [::1]\r\n\r\n", "GET /chat?t=1&EIO=4 HTTP/1.1\r\nHOST: 10.0.0.1:81\r\n\r\n"},
		{"GET /chat?t=1&a=2 HTTP/1.1\r\nHost: 10.0.0.1:81\r\n\r\n", "GET /chat?t=1&a=2 HTTP/1.1\r\nHost: 10.0.0.1:81\r\n\r\n"},
		{"GET ws://example.com/chat HTTP/1.1\nHost: example.com\n\n", "GET ws://10.0.0.1:81/chat?t=1 HTTP/1.1\nHost: 10.0.0.1:81\n\n"},
		{"GET  /x HTTP/1.1\r\n\r\n", "GET  /chat?t=1 HTTP/1.1\r\n\r\n"},
		{"\r\nGET /x#frag HTTP/1.1\r\n\r\n", "\r\nGET /chat?t=1#frag HTTP/1.1\r\n\r\n"},
		// Defects are kept.
		{"GET HTTP/1.1\r\nHost: example.com\r\n\r\n", "GET HTTP/1.1\r\nHost: 10.0.0.1:81\r\n\r\n"},
		{"GET /my chat HTTP/1.1\r\n\r\n", "GET /my chat HTTP/1.1\r\n\r\n"},
		{"GET /ch\rat HTTP/1.1\r\n\r\n", "GET /ch\rat HTTP/1.1\r\n\r\n"},
		{"GET chat HTTP/1.1\r\n\r\n", "GET chat HTTP/1.1\r\n\r\n"},
		{"OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n", "OPTIONS * HTTP/1.1\r\nHost: 10.0.0.1:81\r\n\r\n"},
		{"GET / HTTP/1.1\r\nHost: exa mple.com\r\nHost: example.com:8o\r\nHost:\r\nHost : a\r\n\r\n", "GET /chat?t=1 HTTP/1.1\r\nHost: exa mple.com\r\nHost: example.com:8o\r\nHost:\r\nHost : a\r\n\r\n"},
		{"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\nHost: body", "GET /chat?t=1 HTTP/1.1\r\nHost: 10.0.0.1:81\r\nHost: 10.0.0.1:81\r\n\r\nHost: body"},
	} {
		if got := string(tg.Retarget([]byte(tt.in))); got != tt.want {
			t.Errorf("Retarget(%q)\n = %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

// chatServer is a real WebSocket server (github.com/coder/websocket)
// routed on /chat only; it counts the handshakes that reach /chat and
// everything else.
func chatServer(t *testing.T) (addr string, hits func() (chat, other int)) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Skip("no loopback TCP:", err)
	}
	counts := make(chan [2]int, 1)
	counts <- [2]int{}
	mux := http.NewServeMux()
	mux.HandleFunc("/chat", func(w http.ResponseWriter, r *http.Request) {
		n := <-counts
		n[0]++
		counts <- n
		c, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		c.Close(websocket.StatusNormalClosure, "")
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		n := <-counts
		n[1]++
		counts <- n
		http.NotFound(w, r)
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 2 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String(), func() (int, int) {
		n := <-counts
		counts <- n
		return n[0], n[1]
	}
}

func TestPreflight(t *testing.T) {
	addr, hits := chatServer(t)
	ctx := context.Background()
	chat, _ := ParseTarget("tcp://" + addr + "/chat?room=1")
	if err := Preflight(ctx, TCP, chat, 2*time.Second); err != nil {
		t.Errorf("preflight to /chat: %v", err)
	}
	if c, o := hits(); c != 1 || o != 0 {
		t.Errorf("hits /chat %d, elsewhere %d; want 1, 0", c, o)
	}
	elsewhere, _ := ParseTarget("tcp://" + addr + "/ws")
	err := Preflight(ctx, TCP, elsewhere, 2*time.Second)
	if err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("preflight to /ws: %v; want an error naming the 404", err)
	}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	gone, _ := ParseTarget("tcp://" + ln.Addr().String() + "/chat")
	ln.Close()
	if err := Preflight(ctx, TCP, gone, time.Second); err == nil || !strings.Contains(err.Error(), "unreachable") {
		t.Errorf("preflight to a closed port: %v; want unreachable", err)
	}
}
