package parser

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
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
	for _, e := range commonHandshakeEdges {
		seeds = append(seeds, []byte(e.s))
	}
	return seeds
}

// commonHandshakeHead is the handshake commonHandshake takes, with a %s
// where commonHandshakeEdges put a field line or change one.
const commonHandshakeHead = "GET /chat HTTP/1.1\r\nHost: server.example.com:80\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
	"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: http://example.com\r\nSec-WebSocket-Version: 13\r\n%s\r\n"

// commonEdge is a request commonHandshake takes or leaves to
// validateRequest, as taken says.
type commonEdge struct {
	s     string
	taken bool
}

// commonHandshakeEdges are handshakes on either side of each test of
// commonHandshake: those it takes, and one step off each of its tests,
// which it must leave to validateRequest.
var commonHandshakeEdges = func() (s []commonEdge) {
	const taken = "\x00taken\x00" // marks, in the lists below, the cases commonHandshake takes
	for _, extra := range []string{
		taken,
		taken + "Sec-WebSocket-Extensions: permessage-deflate\r\n",
		taken + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n",
		taken + "X-Unknown: value\r\n",
		"Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=9\r\n", // declined, not refused
		"Sec-WebSocket-Extensions: x-webkit-deflate-frame\r\n",
		"Sec-WebSocket-Extensions: permessage-deflate\r\nSec-WebSocket-Extensions: permessage-deflate\r\n",
		"Sec-WebSocket-Protocol: chat\r\n",
		"Origin: http://example.org\r\n",
		"Host: other\r\n",
		"Upgrade: websocket\r\n",
		"Content-Length: 0\r\n",
		"Transfer-Encoding: chunked\r\n",
		"Expect: 100-continue\r\n",
		"Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n",
		"HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n",
		"Host : server\r\n",
	} {
		s = append(s, commonEdge{fmt.Sprintf(commonHandshakeHead, strings.TrimPrefix(extra, taken)), strings.HasPrefix(extra, taken)})
	}
	base := fmt.Sprintf(commonHandshakeHead, "")
	for _, r := range [][2]string{
		{"GET /chat", "get /chat"}, {"GET /chat", "POST /chat"}, {"GET /chat", "GET *"},
		{"GET /chat", "GET http://server.example.com/chat"}, {"GET /chat", "GET ws://server.example.com/chat"},
		{"HTTP/1.1", "HTTP/1.0"}, {"HTTP/1.1", "HTTP/1.2"}, {"HTTP/1.1", "HTTP/2.1"},
		{"server.example.com:80", ""}, {"server.example.com:80", taken + "server.example.com:"}, {"server.example.com:80", taken + "[::1]:80"},
		{"server.example.com:80", taken + "a%20b"}, {"server.example.com:80", "a b"}, {"server.example.com:80", "a:b"},
		{"Upgrade: websocket", taken + "Upgrade: WebSocket"}, {"Upgrade: websocket", "Upgrade: websocket/13"},
		{"Upgrade: websocket", "Upgrade: websocket, h2c"}, {"Upgrade: websocket", "Upgrade: websockets"},
		{"Connection: Upgrade", taken + "Connection: upgrade"}, {"Connection: Upgrade", "Connection: keep-alive, Upgrade"},
		{"Connection: Upgrade", "Connection: Upgrade, close"}, {"Connection: Upgrade", "Connection: Upgrade, Host"},
		{"Connection: Upgrade", "Connection: close"},
		{"dGhlIHNhbXBsZSBub25jZQ==", "dGhlIHNhbXBsZSBub25jZR=="}, {"dGhlIHNhbXBsZSBub25jZQ==", "dGhlIHNhbXBsZSBub25jZQ="},
		{"dGhlIHNhbXBsZSBub25jZQ==", "dGhlIHNhbXBsZSBub25jZQ"}, {"dGhlIHNhbXBsZSBub25jZQ==", "dGhlIHNhbXBs ZSBub25jZQ=="},
		{"Version: 13", "Version: 8"}, {"Version: 13", "Version: 013"}, {"Version: 13", "Version: 13, 8"}, {"Version: 13", "Version: 256"},
		{"\r\nOrigin: http://example.com", taken}, {"Sec-WebSocket-Version: 13\r\n", ""}, {"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n", ""},
		{"Host: server.example.com:80\r\n", ""}, {"Upgrade: websocket\r\n", ""}, {"Connection: Upgrade\r\n", ""},
		{"\r\n\r\n", "\n\r\n"}, {"\r\n\r\n", "\r\n"},
	} {
		s = append(s, commonEdge{strings.Replace(base, r[0], strings.TrimPrefix(r[1], taken), 1), strings.HasPrefix(r[1], taken)})
	}
	return s
}()

// commonTaken reports whether commonHandshake takes the request b.
func commonTaken(b []byte) bool {
	var p Parser
	p.limits = p.Limits.withDefaults()
	r := &p.req
	r.reset()
	return p.parseHead(b, KindRequest, &r.Head, &r.Verdict) && p.commonHandshake(r)
}

// TestCommonHandshakeTaken checks that the handshakes commonHandshake is
// for go through it, so that FuzzFastPath compares it with the general
// path and does not merely find it unused, and that the edges one step off
// do not.
func TestCommonHandshakeTaken(t *testing.T) {
	for _, e := range commonHandshakeEdges {
		if got := commonTaken([]byte(e.s)); got != e.taken {
			t.Errorf("commonHandshake took %q: %v, want %v", e.s, got, e.taken)
		}
	}
	for _, path := range []string{"../bench/testdata/minimal.http", "../bench/testdata/chromium-cookies.http", "../corpus/requests/chromium-default.http"} {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !commonTaken(b) {
			t.Errorf("commonHandshake did not take %s", path)
		}
	}
}

// FuzzFastPath checks that the fast paths (fastRequestLine, fastFields,
// eachElem's for one element, browserOffer, commonHandshake) and the general ones give the same request and response,
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
