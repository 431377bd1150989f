package parser

import (
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// fastPathSeeds returns the captured corpus, the benchmark inputs and
// heads made to sit on the fast path's edges: HTAB, DEL, obs-text and
// controls in values, names longer than any known one, lines that end
// near the end of the input, no final CRLF.
func fastPathSeeds(tb testing.TB) [][]byte {
	var seeds [][]byte
	for _, glob := range []string{"../corpus/requests/*.http", "../corpus/responses/*.http", "../bench/testdata/*.http"} {
		paths, err := filepath.Glob(glob)
		if err != nil {
			tb.Fatal(err)
		}
		for _, path := range paths {
			b, err := os.ReadFile(path)
			if err != nil {
				tb.Fatal(err)
			}
			seeds = append(seeds, b)
		}
	}
	for _, s := range []string{
		"GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: a\r\nX-Tab:\tv\tw\t\r\nX-Del: a\x7fb\r\nX-Obs: \x80\xff\r\nX-Ctl: a\x01b\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: a\r\nX-A-Field-Name-Longer-Than-Any-Known-One: v\r\nUpgrade: websocket\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: a\r\nX: " + string(make([]byte, 40)) + "\r\n\r\n",
		"GET / HTTP/1.1\r\nHost : a\r\nX:y\r\nUpgrade:websocket\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\n folded\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: a\r\nA: b\r\nC: d",
		"GET / HTTP/1.1\r\nHost: a\r\nA: b\nC: d\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: a\r\nA: b\rC: d\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\nSec-WebSocket-Extensions: x\r\n\r\n",
		"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n",
	} {
		seeds = append(seeds, []byte(s))
	}
	return seeds
}

// FuzzFastPath checks that the fast paths (fastRequestLine, fastFields,
// eachElem's for one element, browserOffer) and the general ones give the same request and response,
// field for field and violation for violation, on any input.
func FuzzFastPath(f *testing.F) {
	for _, s := range fastPathSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, b []byte) { checkFastPath(t, b) })
}

// TestFastPathMutants runs the same check on random mutants of the seeds,
// so that a plain go test covers more than the seeds: octets replaced by
// the ones the fast path treats apart (CR, LF, HTAB, SP, colon, DEL, NUL,
// obs-text) or by any octet, and heads cut short.
func TestFastPathMutants(t *testing.T) {
	seeds := fastPathSeeds(t)
	special := []byte("\r\n\t :\x7f\x00\x80\xff,;=\"")
	r := rand.New(rand.NewSource(14))
	for i := 0; i < 20000; i++ {
		b := append([]byte(nil), seeds[r.Intn(len(seeds))]...)
		for k := 1 + r.Intn(3); k > 0 && len(b) > 0; k-- {
			at := r.Intn(len(b))
			switch r.Intn(4) {
			case 0:
				b[at] = special[r.Intn(len(special))]
			case 1:
				b[at] = byte(r.Intn(256))
			case 2:
				b = b[:at]
			default:
				b = append(b[:at], append([]byte{special[r.Intn(len(special))]}, b[at:]...)...)
			}
		}
		checkFastPath(t, b)
	}
}

func checkFastPath(t *testing.T, b []byte) {
	t.Helper()
	var fast, general, fastResp, generalResp Parser
	general.generalOnly, generalResp.generalOnly = true, true
	fr, gr := fast.ParseRequest(b), general.ParseRequest(b)
	if !reflect.DeepEqual(fr, gr) {
		t.Fatalf("request %q:\nfast path    %+v\ngeneral path %+v", b, fr, gr)
	}
	fs, gs := fastResp.ParseResponse(b, fr), generalResp.ParseResponse(b, gr)
	if !reflect.DeepEqual(fs, gs) {
		t.Fatalf("response %q:\nfast path    %+v\ngeneral path %+v", b, fs, gs)
	}
}
