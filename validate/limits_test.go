package validate_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/validate"
)

// upgradeWithFields is a valid WebSocket handshake with n extra fields.
func upgradeWithFields(n int) *http.Request {
	r := httptest.NewRequest("GET", "/chat", nil)
	r.Header.Set("Upgrade", "websocket")
	r.Header.Set("Connection", "Upgrade")
	r.Header.Set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
	r.Header.Set("Sec-WebSocket-Version", "13")
	for i := range n {
		r.Header.Add("X-F"+strconv.Itoa(i), "v")
	}
	return r
}

// The strict middleware refuses an upgrade request with more field lines
// than the limit with 431, citing LIMIT-2, on the count alone: the head is
// never rebuilt, so that the refusal costs a few allocations however many
// fields there are.
func TestMiddlewareRefusesTooManyFieldsUnbuilt(t *testing.T) {
	reached := false
	h := validate.Middleware(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { reached = true }), nil)
	for _, n := range []int{parser.DefaultMaxFields + 1, 5000} {
		r := upgradeWithFields(n)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusRequestHeaderFieldsTooLarge || !strings.Contains(w.Body.String(), "LIMIT-2") || reached {
			t.Errorf("%d extra fields: %d %q, application reached %v; want 431 citing LIMIT-2", n, w.Code, w.Body.String(), reached)
		}
		allocs := testing.AllocsPerRun(20, func() { h.ServeHTTP(httptest.NewRecorder(), r) })
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		h.ServeHTTP(httptest.NewRecorder(), r)
		runtime.ReadMemStats(&after)
		if octets := after.TotalAlloc - before.TotalAlloc; allocs > 24 || octets > 8<<10 {
			t.Errorf("%d extra fields: %.0f allocations, %d octets per refusal; the head was rebuilt", n, allocs, octets)
		}
	}
	// Within the limit, the request is judged as before, and valid.
	w := httptest.NewRecorder()
	h.ServeHTTP(w, upgradeWithFields(parser.DefaultMaxFields-10))
	if !reached {
		t.Errorf("a handshake within the limits was refused: %d %q", w.Code, w.Body.String())
	}
	// Too many octets in few fields: LIMIT-1.
	r := upgradeWithFields(0)
	r.Header.Set("Cookie", strings.Repeat("c", parser.DefaultMaxHeadBytes))
	w = httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusRequestHeaderFieldsTooLarge || !strings.Contains(w.Body.String(), "LIMIT-1") {
		t.Errorf("a 16 KiB cookie: %d %q; want 431 citing LIMIT-1", w.Code, w.Body.String())
	}
	// Lenient options tolerate LIMIT-n (POLICY): the request is judged.
	reached = false
	lenient := validate.Middleware(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { reached = true }),
		&validate.MiddlewareOptions{Options: validate.Options{Lenient: true}})
	lenient.ServeHTTP(httptest.NewRecorder(), upgradeWithFields(parser.DefaultMaxFields+1))
	if !reached {
		t.Error("a lenient middleware refused a request over a POLICY limit")
	}
}

// TestMiddlewareOrigins: an origin the middleware does not accept gets 403
// citing RFC 6455 §4.2.2, and the refusal is logged; an accepted origin,
// one matching a pattern, and no Origin at all pass.
func TestMiddlewareOrigins(t *testing.T) {
	var logged bytes.Buffer
	opts := &validate.MiddlewareOptions{Origins: []string{"https://app.example"}, OriginPatterns: []string{"*.trusted.example"},
		Logger: slog.New(slog.NewTextHandler(&logged, nil))}
	h := validate.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(299) }), opts)
	for _, tt := range []struct {
		origin string
		want   int
	}{
		{"https://app.example", 299},
		{"HTTPS://APP.EXAMPLE", 299},
		{"https://chat.trusted.example", 299},
		{"", 299},
		{"https://evil.example", http.StatusForbidden},
		{"evil", http.StatusForbidden},
	} {
		r := httptest.NewRequest("GET", "/chat", nil)
		r.Header.Set("Upgrade", "websocket")
		r.Header.Set("Connection", "Upgrade")
		r.Header.Set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
		r.Header.Set("Sec-WebSocket-Version", "13")
		if tt.origin != "" {
			r.Header.Set("Origin", tt.origin)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != tt.want {
			t.Errorf("Origin %q: status %d; want %d (%s)", tt.origin, w.Code, tt.want, w.Body.String())
		}
		if tt.want == http.StatusForbidden && !strings.Contains(w.Body.String(), "RFC6455-4.2.2-3") {
			t.Errorf("Origin %q: body %q names no rule", tt.origin, w.Body.String())
		}
	}
	if !strings.Contains(logged.String(), "evil.example") || !strings.Contains(logged.String(), "status=403") {
		t.Errorf("refusals not logged:\n%s", logged.String())
	}
}
