package validate_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/switchyard/switchyard/validate"
)

func crlf(s string) []byte { return []byte(strings.ReplaceAll(s, "\n", "\r\n")) }

// A proxy or raw-socket server validates the bytes it received.
func ExampleRawRequest() {
	head := crlf("GET /chat HTTP/1.1\nHost: server.example.com\nUpgrade: websocket\nConnection: Upgrade\n" +
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\nSec-WebSocket-Version: 13\n\n")
	res := validate.RawRequest(head, nil)
	fmt.Println(res.Valid, res.Protocols)

	bad := crlf("GET /chat HTTP/1.1\nHost: server.example.com\nUpgrade: websocket\nConnection: Upgrade\n" +
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ\nSec-WebSocket-Version: 13\n\n")
	res = validate.RawRequest(bad, nil)
	v := res.Violations[0]
	fmt.Println(res.Valid, res.Status, v.Rule, v.Level, v.Role, v.Field, v.Offset)
	// Output:
	// true [websocket]
	// false 400 RFC6455-4.3-G2 MUST recipient Sec-WebSocket-Key 106
}

// Strict by default: obs-fold is refused by policy (AMB-31), though
// RFC 9112 §5.2 lets a server replace it with SP instead.
func ExampleOptions_lenient() {
	head := crlf("GET /chat HTTP/1.1\nHost: server.example.com\nUpgrade: websocket\nConnection:\n Upgrade\n" +
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\nSec-WebSocket-Version: 13\n\n")
	strict := validate.RawRequest(head, nil)
	lenient := validate.RawRequest(head, &validate.Options{Lenient: true})
	fmt.Println("strict:", strict.Valid, "lenient:", lenient.Valid, "conforming:", lenient.Conforming)
	for _, v := range lenient.Violations {
		fmt.Println(v.Rule, v.Level, v.Role)
	}
	// Output:
	// strict: false lenient: true conforming: false
	// RFC9112-5.2-1 MUST sender
	// AMB-31 POLICY recipient
}

// A Go server validates a request net/http has already parsed.
func ExampleHTTPRequest() {
	r := httptest.NewRequest("GET", "/chat", nil)
	r.Header.Set("Upgrade", "websocket")
	r.Header.Set("Connection", "Upgrade")
	r.Header.Set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
	r.Header.Set("Sec-WebSocket-Version", "8")
	res := validate.HTTPRequest(r, nil)
	fmt.Println(res.Valid, res.Status, res.Violations[0].Rule)
	// Output:
	// false 426 RFC6455-4.2.1-7
}

// A client validates the 101 it received against the request it sent.
func ExampleRawResponse() {
	req := crlf("GET /chat HTTP/1.1\nHost: server.example.com\nUpgrade: websocket\nConnection: Upgrade\n" +
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\nSec-WebSocket-Version: 13\nSec-WebSocket-Protocol: chat\n\n")
	resp := crlf("HTTP/1.1 101 Switching Protocols\nUpgrade: websocket\nConnection: Upgrade\n" +
		"Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\nSec-WebSocket-Protocol: superchat\n\n")
	res := validate.RawResponse(resp, req, nil)
	fmt.Println(res.Valid, res.Violations[0].Rule, res.Violations[0].Message)
	// Output:
	// false RFC6455-4.1-24 subprotocol the client did not offer
}

// The middleware answers an invalid upgrade request itself and passes
// everything else through.
func ExampleMiddleware() {
	app := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "app") })
	h := validate.Middleware(app, nil)

	r := httptest.NewRequest("GET", "/chat", nil)
	r.Header.Set("Upgrade", "websocket")
	r.Header.Set("Connection", "Upgrade")
	r.Header.Set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
	r.Header.Set("Sec-WebSocket-Version", "8")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	fmt.Println(w.Code, w.Header().Get("Upgrade"), w.Header().Get("Sec-WebSocket-Version"))

	w = httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/index.html", nil))
	fmt.Println(w.Code, w.Body.String())
	// Output:
	// 426 websocket 13
	// 200 app
}
