package trivialfuzz

import "testing"

func FuzzTrivial(f *testing.F) {
	f.Add([]byte("GET / HTTP/1.1\r\nHost: a\r\n\r\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) > MaxLen {
			t.Fatalf("input of %d octets, more than %d", len(in), MaxLen)
		}
	})
}
