package validate_test

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/switchyard/switchyard/rules"
	"github.com/switchyard/switchyard/validate"
)

const goodHandshake = "GET /chat HTTP/1.1\nHost: %HOST%\nUpgrade: websocket\nConnection: Upgrade\n" +
	"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\nSec-WebSocket-Version: 13\n\n"

// TestMiddlewareOverTCP drives the middleware in a real net/http server over
// a real connection: valid handshakes and plain requests reach the
// application; invalid ones get the status the RFCs call for.
func TestMiddlewareOverTCP(t *testing.T) {
	reached := 0
	app := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached++
		w.WriteHeader(http.StatusTeapot)
	})
	srv := httptest.NewServer(validate.Middleware(app, nil))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")

	for _, c := range []struct {
		name, req  string
		wantStatus int
		wantHeader string // a header the refusal must carry, "" for none
		wantApp    bool
	}{
		{"valid", goodHandshake, 418, "", true},
		{"plain", "GET /index.html HTTP/1.1\nHost: %HOST%\n\n", 418, "", true},
		{"bad key", strings.Replace(goodHandshake, "dGhlIHNhbXBsZSBub25jZQ==", "AAAA", 1), 400, "Sec-WebSocket-Version", false},
		{"version 8", strings.Replace(goodHandshake, "Version: 13", "Version: 8", 1), 426, "Upgrade", false},
		{"no connection option", strings.Replace(goodHandshake, "Connection: Upgrade", "Connection: keep-alive", 1), 400, "", false},
		{"POST", strings.Replace(goodHandshake, "GET", "POST", 1), 400, "", false},
		{"body", strings.Replace(goodHandshake, "Version: 13\n", "Version: 13\nContent-Length: 2\n", 1) + "hi", 400, "", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := reached
			status, hdr := roundTrip(t, host, strings.ReplaceAll(strings.ReplaceAll(c.req, "%HOST%", host), "\n", "\r\n"))
			if status != c.wantStatus {
				t.Errorf("status %d; want %d", status, c.wantStatus)
			}
			if c.wantHeader != "" && hdr.Get(c.wantHeader) == "" {
				t.Errorf("refusal without %s", c.wantHeader)
			}
			if (reached > before) != c.wantApp {
				t.Errorf("application reached: %v; want %v", reached > before, c.wantApp)
			}
		})
	}
}

func roundTrip(t *testing.T, host, raw string) (int, http.Header) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", host, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(conn, raw); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header
}

// TestWebSocketOnly checks AMB-9: a plain request to a WebSocket-only
// resource gets 426 with the upgrade fields.
func TestWebSocketOnly(t *testing.T) {
	h := validate.Middleware(http.NotFoundHandler(), &validate.MiddlewareOptions{WebSocketOnly: true})
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
	if w.Code != 426 || w.Header().Get("Upgrade") != "websocket" || w.Header().Get("Sec-WebSocket-Version") != "13" {
		t.Errorf("plain request: %d %v", w.Code, w.Header())
	}
}

// TestRawResponseStatus checks that a client-side result carries no
// refusal status and lists the switched protocol.
func TestRawResponseStatus(t *testing.T) {
	req := []byte(strings.ReplaceAll(strings.ReplaceAll(goodHandshake, "%HOST%", "a"), "\n", "\r\n"))
	ok := validate.RawResponse([]byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"), req, nil)
	if !ok.Valid || ok.Status != 0 || len(ok.Protocols) != 1 || ok.Protocols[0] != "websocket" {
		t.Errorf("valid 101: %+v", ok)
	}
	bad := validate.RawResponse([]byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"), req, nil)
	if bad.Valid || bad.Status != 0 || len(bad.Protocols) != 0 || bad.Violations[0].Rule != rules.RFC6455_4_1_22 {
		t.Errorf("101 without Accept: %+v", bad)
	}
}
