package validate_test

import (
	"bufio"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/switchyard/switchyard/validate"
)

// netHTTPHandshake is a valid WebSocket opening handshake without its
// final empty line.
const netHTTPHandshake = "GET /chat HTTP/1.1\r\nHost: a.example\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
	"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"

// TestWhatNetHTTPRepairs keeps the documentation of HTTPRequest and
// Middleware (and the README) true for the Go it is built with: a real
// net/http server receives each faulty head; the faults it repairs reach
// the handler as a valid request though RawRequest refuses the bytes, and
// the ones it refuses itself get its own 400 before any handler runs.
func TestWhatNetHTTPRepairs(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var seen *validate.Result
	srv := &http.Server{ReadHeaderTimeout: 5 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		res := validate.HTTPRequest(r, nil)
		mu.Lock()
		seen = &res
		mu.Unlock()
	})}
	go srv.Serve(ln)
	defer srv.Close()

	send := func(head string) (int, *validate.Result) {
		t.Helper()
		mu.Lock()
		seen = nil
		mu.Unlock()
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(5 * time.Second))
		if _, err := c.Write([]byte(head)); err != nil {
			t.Fatal(err)
		}
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		mu.Lock()
		defer mu.Unlock()
		return resp.StatusCode, seen
	}
	// Each fault net/http repairs, with the rule RawRequest cites for it
	// and the handler's view no longer shows.
	repaired := []struct{ name, head, rule string }{
		{"obs-fold", strings.Replace(netHTTPHandshake, "Connection: Upgrade\r\n", "Connection:\r\n Upgrade\r\n", 1) + "\r\n", "AMB-31"},
		{"bare LF", strings.ReplaceAll(netHTTPHandshake, "\r\n", "\n") + "\n", "STRICT-2"},
		// net/http drops Content-Length; the body (AMB-23) stays visible.
		{"Content-Length with Transfer-Encoding", netHTTPHandshake + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", "RFC9112-6.2-1"},
	}
	cites := func(res validate.Result, rule string) bool {
		for _, v := range res.Violations {
			if string(v.Rule) == rule {
				return true
			}
		}
		return false
	}
	for _, c := range repaired {
		if !cites(validate.RawRequest([]byte(c.head), nil), c.rule) {
			t.Errorf("%s: RawRequest does not cite %s", c.name, c.rule)
		}
		code, res := send(c.head)
		if res == nil || cites(*res, c.rule) {
			t.Errorf("%s: net/http no longer repairs it (status %d, handler saw %+v): update the docs", c.name, code, res)
		}
	}
	refused := map[string]string{
		"NUL":                           strings.Replace(netHTTPHandshake, "websocket", "web\x00socket", 1) + "\r\n",
		"bare CR":                       strings.Replace(netHTTPHandshake, "websocket", "web\rsocket", 1) + "\r\n",
		"space before the colon":        strings.Replace(netHTTPHandshake, "Upgrade: websocket", "Upgrade : websocket", 1) + "\r\n",
		"two Host lines":                netHTTPHandshake + "Host: b.example\r\n\r\n",
		"no Host":                       strings.Replace(netHTTPHandshake, "Host: a.example\r\n", "", 1) + "\r\n",
		"empty line before the request": "\r\n" + netHTTPHandshake + "\r\n",
	}
	for name, head := range refused {
		if code, res := send(head); code != http.StatusBadRequest || res != nil {
			t.Errorf("%s: net/http answered %d and the handler ran: %v (update the docs)", name, code, res != nil)
		}
	}
}
