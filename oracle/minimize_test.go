package oracle

import (
	"bytes"
	"os/exec"
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

// TestMinimizeKeepsTargetAndHost: minimization never rewrites the
// request-target or Host, even when the kept fault would survive it.
func TestMinimizeKeepsTargetAndHost(t *testing.T) {
	req := []byte("GET /chat?room=1 HTTP/1.1\r\nHost: example.com:8080\r\nUpgrade: websocket\r\nSec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=16\r\n\r\n")
	got := Minimize(req, func(b []byte) bool { return bytes.Contains(b, []byte("=16")) }, MinimizeBudget)
	for _, want := range []string{"GET /chat?room=1 HTTP/1.1\r\n", "\r\nHost: example.com:8080\r\n", "=16"} {
		if !bytes.Contains(got, []byte(want)) {
			t.Errorf("Minimize = %q; lost %q", got, want)
		}
	}
	if bytes.Contains(got, []byte("Upgrade")) {
		t.Errorf("Minimize = %q; kept a line the fault does not need", got)
	}
}

// TestPrintfQuote: the replay command's printf format prints every octet
// back exactly.
func TestPrintfQuote(t *testing.T) {
	in := []byte("GET /%41 HTTP/1.1\r\nX: a'b\\c\t\x00\xff\n\r\n")
	got := PrintfQuote(in)
	want := `GET /%%41 HTTP/1.1\r\nX: a\047b\134c\t\000\377\n\r\n`
	if got != want {
		t.Errorf("PrintfQuote = %s; want %s", got, want)
	}
	out, err := exec.Command("sh", "-c", "printf '"+got+"'").Output()
	if err != nil {
		t.Fatalf("sh: %v", err)
	}
	if !bytes.Equal(out, in) {
		t.Errorf("printf printed %q; want %q", out, in)
	}
}
