package naive

import "testing"

// TestInterimStatusLine: a status-line is an interim response's when it is
// HTTP/1.1, 1xx other than 101, with a reason phrase after SP (RFC 9112
// §4; RFC 9110 §15.2).
func TestInterimStatusLine(t *testing.T) {
	for start, want := range map[string]bool{
		"HTTP/1.1 100 Continue": true, "HTTP/1.1 102 Processing": true, "HTTP/1.1 103 Early Hints": true, "HTTP/1.1 199 x": true,
		"HTTP/1.1 101 Switching Protocols": false, "HTTP/1.1 200 OK": false, "HTTP/1.1 1000 x": false, "HTTP/1.1 10 x": false,
		"HTTP/1.0 100 Continue": false, "HTTP/1.1 100": false,
	} {
		if nInterim(start) != want {
			t.Errorf("nInterim(%q) = %v", start, !want)
		}
	}
}
