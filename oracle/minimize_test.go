package oracle

import (
	"bytes"
	"testing"
)

func TestMinimize(t *testing.T) {
	req := []byte("GET /chat HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: AAAA\r\nOrigin: http://example.com\r\nSec-WebSocket-Version: 13\r\n\r\n")
	calls := 0
	keep := func(b []byte) bool {
		calls++
		return bytes.Contains(b, []byte("Key: AAAA")) && bytes.HasSuffix(b, []byte("\r\n\r\n"))
	}
	got := Minimize(req, keep, MinimizeBudget)
	if !keep(got) {
		t.Fatalf("Minimize lost the signature: %q", got)
	}
	if len(got) >= len(req)/2 {
		t.Errorf("Minimize(%d bytes) = %d bytes %q; want under half", len(req), len(got), got)
	}
	if calls > MinimizeBudget+1 {
		t.Errorf("%d calls, budget %d", calls, MinimizeBudget)
	}
}

func TestMinimizeBudget(t *testing.T) {
	req := bytes.Repeat([]byte("X-Filler: 0123456789\r\n"), 500)
	req = append(append([]byte("GET / HTTP/1.1\r\n"), req...), "\r\n"...)
	calls := 0
	got := Minimize(req, func([]byte) bool { calls++; return true }, 50)
	if calls > 50 {
		t.Errorf("%d calls, budget 50", calls)
	}
	if !bytes.HasSuffix(got, []byte("\r\n\r\n")) {
		t.Errorf("the head's end was removed: %q", got)
	}
}
