package judge

import (
	"testing"

	"github.com/switchyard/switchyard/rules"
)

// Row S12b: after an h2c 101, the server's first frame must be its
// SETTINGS (RFC 7540 §3.2, §3.5).
func TestH2CPrefaceRow(t *testing.T) {
	const req = h2cReq + "HTTP2-Settings: AAMAAABkAARAAP__||"
	settings := []byte{0, 0, 6, 0x4, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 100}
	for _, tt := range []struct {
		name  string
		after []byte
		proto string
		want  rules.ID // "" for no divergence
	}{
		{"SETTINGS first", settings, H2C, ""},
		{"empty SETTINGS first", []byte{0, 0, 0, 0x4, 0, 0, 0, 0, 0}, H2C, ""},
		{"nothing arrived yet", nil, H2C, ""},
		{"too few octets to tell", []byte{0, 0, 6}, H2C, ""},
		{"HEADERS first", []byte{0, 0, 1, 0x1, 0x4, 0, 0, 0, 1, 0x88}, H2C, rules.RFC7540_3_2_5},
		{"HTTP/1.1 octets first", []byte("HTTP/1.1 200 OK\r\n"), H2C, rules.RFC7540_3_2_5},
		{"SETTINGS ACK first", []byte{0, 0, 0, 0x4, 0x1, 0, 0, 0, 0}, H2C, rules.RFC7540_3_2_5},
		{"SETTINGS on stream 1", []byte{0, 0, 0, 0x4, 0, 0, 0, 0, 1}, H2C, rules.RFC7540_3_2_5},
		{"an h2c 101 in a WebSocket run is judged as h2c (S16a)", []byte("hello"), WebSocket, rules.RFC7540_3_2_5},
	} {
		o := Observation{Side: Server, Protocol: tt.proto, Request: crlf(req), Reply: crlf(h2c101), After: tt.after, Fate: Answered}
		j := Judge(o)
		var got rules.ID
		for _, d := range j.Divergences {
			if d.Rule == rules.RFC7540_3_2_5 {
				got = d.Rule
				if d.Class != Violation || d.Blamed != Server {
					t.Errorf("%s: %s blamed on %s; want a violation of the server", tt.name, d.Class, d.Blamed)
				}
			}
		}
		if got != tt.want {
			t.Errorf("%s: cites %q; want %q (%+v)", tt.name, got, tt.want, j.Divergences)
		}
	}
}
