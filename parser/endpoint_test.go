package parser_test

import (
	"strings"
	"testing"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/rules"
)

// head joins lines with CRLF and closes the head.
func head(lines ...string) []byte {
	return []byte(strings.Join(lines, "\r\n") + "\r\n\r\n")
}

// wsRequest is a valid WebSocket handshake for target and host, with extra
// field lines.
func wsRequest(target, host string, extra ...string) []byte {
	return head(append([]string{"GET " + target + " HTTP/1.1", "Host: " + host, "Upgrade: websocket",
		"Connection: Upgrade", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13"}, extra...)...)
}

const accept101 = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"

func response101(extra ...string) []byte {
	return []byte(accept101 + strings.Join(append(extra, ""), "\r\n") + "\r\n")
}

// cites reports the rules of v's violations, in order.
func cited(v parser.Verdict) []rules.ID {
	var out []rules.ID
	for _, x := range v.Violations {
		out = append(out, x.Rule)
	}
	return out
}

func sameRules(a, b []rules.ID) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// checkViolations checks what every configuration violation must carry:
// the catalogue level, the sender role, a field and a message.
func checkViolations(t *testing.T, name string, v parser.Verdict) {
	t.Helper()
	for _, x := range v.Violations {
		if x.Level != rules.LevelOf(x.Rule) || x.Role != parser.Sender || x.Field == "" || x.Message == "" || x.Length < 1 || x.Status != 0 {
			t.Errorf("%s: malformed violation %+v", name, x)
		}
	}
}

func TestEndpointCheckRequest(t *testing.T) {
	plain := wsRequest("/chat", "example.com")
	cases := []struct {
		name string
		e    parser.Endpoint
		req  []byte
		want []rules.ID
	}{
		{"zero endpoint judges nothing", parser.Endpoint{}, head("POST http://x/ HTTP/1.1", "Host: x", "Transfer-Encoding: chunked"), nil},

		// RFC 6455 §4.1 with the URI.
		{"uri match", parser.Endpoint{URI: "ws://example.com/chat"}, plain, nil},
		{"uri match, host case", parser.Endpoint{URI: "ws://EXAMPLE.com/chat"}, plain, nil},
		{"uri default port spelled", parser.Endpoint{URI: "ws://example.com/chat"}, wsRequest("/chat", "example.com:80"), nil},
		{"uri wss port", parser.Endpoint{URI: "wss://example.com:8443/chat"}, wsRequest("/chat", "example.com:8443"), nil},
		{"uri empty path", parser.Endpoint{URI: "ws://example.com"}, wsRequest("/", "example.com"), nil},
		{"uri query", parser.Endpoint{URI: "ws://example.com?a=1"}, wsRequest("/?a=1", "example.com"), nil},
		{"uri absolute-form", parser.Endpoint{URI: "wss://example.com/chat?x"}, wsRequest("https://example.com/chat?x", "example.com"), nil},
		{"uri absolute-form port", parser.Endpoint{URI: "ws://example.com:8080/chat"}, wsRequest("http://example.com:8080/chat", "example.com:8080"), nil},
		{"uri absolute-form empty path", parser.Endpoint{URI: "ws://[::1]"}, wsRequest("http://[::1]", "[::1]"), nil},
		{"uri ignores non-websocket", parser.Endpoint{URI: "ws://example.com/chat"}, head("GET /other HTTP/1.1", "Host: x"), nil},
		{"uri other path", parser.Endpoint{URI: "ws://example.com/chat"}, wsRequest("/talk", "example.com"), []rules.ID{rules.RFC6455_4_1_8}},
		{"uri other query", parser.Endpoint{URI: "ws://example.com/chat?a"}, wsRequest("/chat?b", "example.com"), []rules.ID{rules.RFC6455_4_1_8}},
		{"uri empty path, query dropped", parser.Endpoint{URI: "ws://example.com?a"}, wsRequest("/", "example.com"), []rules.ID{rules.RFC6455_4_1_8, rules.RFC6455_3_2}},
		{"uri path case", parser.Endpoint{URI: "ws://example.com/chat"}, wsRequest("/Chat", "example.com"), []rules.ID{rules.RFC6455_4_1_8}},
		{"uri query dropped", parser.Endpoint{URI: "ws://example.com/chat?room=1"}, wsRequest("/chat", "example.com"), []rules.ID{rules.RFC6455_4_1_8, rules.RFC6455_3_2}},
		{"uri empty query kept", parser.Endpoint{URI: "ws://example.com/chat?"}, wsRequest("/chat?", "example.com"), []rules.ID{rules.RFC6455_4_1_8, rules.RFC6455_3_2}},
		{"uri query added", parser.Endpoint{URI: "ws://example.com"}, wsRequest("/?x", "example.com"), []rules.ID{rules.RFC6455_4_1_8}},
		{"uri absolute-form other host", parser.Endpoint{URI: "ws://example.com/chat"}, wsRequest("http://example.org/chat", "example.com"), []rules.ID{rules.RFC6455_4_1_8}},
		{"uri absolute-form other port", parser.Endpoint{URI: "wss://example.com/chat"}, wsRequest("http://example.com/chat", "example.com"), []rules.ID{rules.RFC6455_4_1_8}},
		{"uri absolute-form query dropped", parser.Endpoint{URI: "ws://example.com/chat?a"}, wsRequest("http://example.com/chat", "example.com"), []rules.ID{rules.RFC6455_4_1_8, rules.RFC6455_3_2}},
		{"uri host other", parser.Endpoint{URI: "ws://example.com/chat"}, wsRequest("/chat", "example.org"), []rules.ID{rules.RFC6455_4_1_9}},
		{"uri host lacks port", parser.Endpoint{URI: "ws://example.com:8080/chat"}, wsRequest("/chat", "example.com"), []rules.ID{rules.RFC6455_4_1_9}},
		{"uri host other port", parser.Endpoint{URI: "ws://example.com/chat"}, wsRequest("/chat", "example.com:8080"), []rules.ID{rules.RFC6455_4_1_9}},
		{"uri host wss default on ws", parser.Endpoint{URI: "ws://example.com/chat"}, wsRequest("/chat", "example.com:443"), []rules.ID{rules.RFC6455_4_1_9}},
		{"uri fragment", parser.Endpoint{URI: "ws://example.com/chat#x"}, plain, []rules.ID{rules.RFC6455_4_1_1, rules.RFC6455_3_1}},
		{"uri grammar", parser.Endpoint{URI: "ws://user@example.com/chat"}, plain, []rules.ID{rules.RFC6455_4_1_1, rules.RFC6455_3_G1}},
		{"uri empty host", parser.Endpoint{URI: "ws:///chat"}, plain, []rules.ID{rules.RFC6455_4_1_1}},
		{"uri invalid, any request", parser.Endpoint{URI: "http://example.com/"}, head("OPTIONS * HTTP/1.1", "Host: example.com"), []rules.ID{rules.RFC6455_4_1_1, rules.RFC6455_3_G1}},

		// RFC 6455 §4.1: a browser sends Origin.
		{"browser with origin", parser.Endpoint{Browser: true}, wsRequest("/chat", "h", "Origin: http://example.com"), nil},
		{"browser with its origin", parser.Endpoint{Browser: true, Origin: "http://example.com"}, wsRequest("/chat", "h", "Origin: http://example.com"), nil},
		{"browser without origin", parser.Endpoint{Browser: true}, plain, []rules.ID{rules.RFC6455_4_1_13}},
		{"browser with another origin", parser.Endpoint{Browser: true, Origin: "https://app.example"}, wsRequest("/chat", "h", "Origin: http://example.com"), []rules.ID{rules.RFC6455_4_1_13}},
		{"browser, not websocket", parser.Endpoint{Browser: true}, head("GET / HTTP/1.1", "Host: h"), nil},
		{"not a browser", parser.Endpoint{Origin: "https://app.example"}, plain, nil},

		// RFC 9112 §3.2.1: origin-form directly to the origin.
		{"direct origin-form", parser.Endpoint{DirectToOrigin: true}, plain, nil},
		{"direct OPTIONS *", parser.Endpoint{DirectToOrigin: true}, head("OPTIONS * HTTP/1.1", "Host: h"), nil},
		{"direct CONNECT", parser.Endpoint{DirectToOrigin: true}, head("CONNECT h:443 HTTP/1.1", "Host: h:443"), nil},
		{"direct absolute-form", parser.Endpoint{DirectToOrigin: true}, wsRequest("http://example.com/chat", "example.com"), []rules.ID{rules.RFC9112_3_2_1_1}},
		{"via proxy absolute-form", parser.Endpoint{}, wsRequest("http://example.com/chat", "example.com"), nil},

		// RFC 9112 §6.1: no Transfer-Encoding to a server not known to handle HTTP/1.1.
		{"te unknown server", parser.Endpoint{ServerHTTP11Unknown: true}, head("POST /x HTTP/1.1", "Host: h", "Transfer-Encoding: chunked"), []rules.ID{rules.RFC9112_6_1_2}},
		{"no te unknown server", parser.Endpoint{ServerHTTP11Unknown: true}, head("POST /x HTTP/1.1", "Host: h", "Content-Length: 0"), nil},

		// RFC 2817 §3.2: OPTIONS upgrade first when cleartext is unacceptable.
		{"cleartext OPTIONS upgrade", parser.Endpoint{CleartextUnacceptable: true}, head("OPTIONS * HTTP/1.1", "Host: h", "Upgrade: TLS/1.0", "Connection: Upgrade"), nil},
		{"cleartext GET upgrade", parser.Endpoint{CleartextUnacceptable: true}, head("GET /account HTTP/1.1", "Host: h", "Upgrade: TLS/1.0", "Connection: Upgrade"), []rules.ID{rules.RFC2817_3_2_1}},
		{"cleartext OPTIONS no upgrade", parser.Endpoint{CleartextUnacceptable: true}, head("OPTIONS * HTTP/1.1", "Host: h"), []rules.ID{rules.RFC2817_3_2_1}},
		{"cleartext OPTIONS no option", parser.Endpoint{CleartextUnacceptable: true}, head("OPTIONS * HTTP/1.1", "Host: h", "Upgrade: TLS/1.0"), []rules.ID{rules.RFC2817_3_2_1}},
		{"cleartext websocket", parser.Endpoint{CleartextUnacceptable: true}, plain, []rules.ID{rules.RFC2817_3_2_1}},

		// RFC 7692 §5: a configured offer names permessage-deflate.
		{"deflate offered", parser.Endpoint{OffersDeflate: true}, wsRequest("/", "h", "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits"), nil},
		{"deflate second", parser.Endpoint{OffersDeflate: true}, wsRequest("/", "h", "Sec-WebSocket-Extensions: x-webkit-deflate-frame", "Sec-WebSocket-Extensions: permessage-deflate"), nil},
		{"deflate missing", parser.Endpoint{OffersDeflate: true}, plain, []rules.ID{rules.RFC7692_5_1}},
		{"deflate other extension", parser.Endpoint{OffersDeflate: true}, wsRequest("/", "h", "Sec-WebSocket-Extensions: x-webkit-deflate-frame"), []rules.ID{rules.RFC7692_5_1}},
		{"deflate name case", parser.Endpoint{OffersDeflate: true}, wsRequest("/", "h", "Sec-WebSocket-Extensions: Permessage-Deflate"), []rules.ID{rules.RFC7692_5_1}},

		// RFC 7692 §5: a client with a small receive window says so in every offer.
		{"window told", parser.Endpoint{DeflateReceiveWindowBits: 10}, wsRequest("/", "h", "Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=10, permessage-deflate; server_max_window_bits=9"), nil},
		{"window 15 judges nothing", parser.Endpoint{DeflateReceiveWindowBits: 15}, wsRequest("/", "h", "Sec-WebSocket-Extensions: permessage-deflate"), nil},
		{"window not told", parser.Endpoint{DeflateReceiveWindowBits: 10}, wsRequest("/", "h", "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits"), []rules.ID{rules.RFC7692_5_2}},
		{"window too large", parser.Endpoint{DeflateReceiveWindowBits: 10}, wsRequest("/", "h", "Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=10", "Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=11"), []rules.ID{rules.RFC7692_5_2}},
		{"window other extension", parser.Endpoint{DeflateReceiveWindowBits: 10}, wsRequest("/", "h", "Sec-WebSocket-Extensions: x-webkit-deflate-frame"), nil},
		{"window invalid offer is the parser's", parser.Endpoint{DeflateReceiveWindowBits: 10}, wsRequest("/", "h", "Sec-WebSocket-Extensions: permessage-deflate; foo=1"), nil},

		// Several at once, in the documented order.
		{"browser direct", parser.Endpoint{Browser: true, DirectToOrigin: true, URI: "ws://example.com/chat"}, wsRequest("http://example.com/chat", "example.com"),
			[]rules.ID{rules.RFC6455_4_1_13, rules.RFC9112_3_2_1_1}},
	}
	for _, c := range cases {
		req := parser.ParseRequest(c.req)
		if !req.Complete {
			t.Fatalf("%s: incomplete request", c.name)
		}
		got := c.e.CheckRequest(req)
		if !sameRules(cited(got), c.want) {
			t.Errorf("%s: cites %v, want %v\n%+v", c.name, cited(got), c.want, got.Violations)
		}
		checkViolations(t, c.name, got)
		if len(got.Warnings) > 0 {
			t.Errorf("%s: warnings %v", c.name, got.Warnings)
		}
	}
}

func TestEndpointCheckResponse(t *testing.T) {
	refuse := func(code string) []byte { return head("HTTP/1.1 " + code) }
	long := wsRequest("/chat", "example.com", "Cookie: "+strings.Repeat("a", 100))
	offer := func(exts ...string) []byte {
		var lines []string
		for _, x := range exts {
			lines = append(lines, "Sec-WebSocket-Extensions: "+x)
		}
		return wsRequest("/chat", "h", lines...)
	}
	zeroDeflate := &parser.DeflateSupport{}
	full := &parser.DeflateSupport{ServerNoContextTakeover: true, MinServerWindowBits: 9}
	cases := []struct {
		name      string
		e         parser.Endpoint
		req, resp []byte
		want      []rules.ID
	}{
		{"zero endpoint judges nothing", parser.Endpoint{}, long, response101(), nil},

		// RFC 9112 §3: a target longer than the server parses gets 414.
		{"target within", parser.Endpoint{MaxTarget: 5}, wsRequest("/chat", "h"), response101(), nil},
		{"target too long 414", parser.Endpoint{MaxTarget: 4}, wsRequest("/chat", "h"), refuse("414 URI Too Long"), nil},
		{"target too long 101", parser.Endpoint{MaxTarget: 4}, wsRequest("/chat", "h"), response101(), []rules.ID{rules.RFC9112_3_2}},
		{"target too long 400", parser.Endpoint{MaxTarget: 4}, wsRequest("/chat", "h"), refuse("400 Bad Request"), []rules.ID{rules.RFC9112_3_2}},
		{"interim not judged", parser.Endpoint{MaxTarget: 4}, wsRequest("/chat", "h"), refuse("100 Continue"), nil},

		// RFC 9110 §5.4: oversized fields get a 4xx.
		{"field line within", parser.Endpoint{MaxFieldLine: 108}, long, response101(), nil},
		{"field line over 431", parser.Endpoint{MaxFieldLine: 107}, long, refuse("431 Request Header Fields Too Large"), nil},
		{"field line over 400", parser.Endpoint{MaxFieldLine: 107}, long, refuse("400 Bad Request"), nil},
		{"field line over 101", parser.Endpoint{MaxFieldLine: 107}, long, response101(), []rules.ID{rules.RFC9110_5_4_1}},
		{"field line over 500", parser.Endpoint{MaxFieldLine: 107}, long, refuse("500 Internal Server Error"), []rules.ID{rules.RFC9110_5_4_1}},
		{"field section over 101", parser.Endpoint{MaxFieldSection: 200}, long, response101(), []rules.ID{rules.RFC9110_5_4_1}},
		{"field section within", parser.Endpoint{MaxFieldSection: 1000}, long, response101(), nil},

		// RFC 6455 §4.2.2: origins and resources.
		{"origin accepted", parser.Endpoint{Origins: []string{"https://app.example"}}, wsRequest("/", "h", "Origin: https://APP.example"), response101(), nil},
		{"origin refused 403", parser.Endpoint{Origins: []string{"https://app.example"}}, wsRequest("/", "h", "Origin: https://evil.example"), refuse("403 Forbidden"), nil},
		{"origin not accepted 101", parser.Endpoint{Origins: []string{"https://app.example"}}, wsRequest("/", "h", "Origin: https://evil.example"), response101(), []rules.ID{rules.RFC6455_4_2_2_3}},
		{"origin not accepted 302", parser.Endpoint{Origins: []string{}}, wsRequest("/", "h", "Origin: null"), refuse("302 Found"), []rules.ID{rules.RFC6455_4_2_2_3}},
		{"no origin not judged", parser.Endpoint{Origins: []string{}}, wsRequest("/", "h"), response101(), nil},
		{"resource served", parser.Endpoint{Resources: []string{"/chat"}}, wsRequest("/chat?room=1", "h"), response101(), nil},
		{"resource absolute-form", parser.Endpoint{Resources: []string{"/"}}, wsRequest("http://h?x", "h"), response101(), nil},
		{"resource not served 404", parser.Endpoint{Resources: []string{"/chat"}}, wsRequest("/talk", "h"), refuse("404 Not Found"), nil},
		{"resource not served 101", parser.Endpoint{Resources: []string{"/chat"}}, wsRequest("/talk", "h"), response101(), []rules.ID{rules.RFC6455_4_2_2_5}},
		{"resource not websocket", parser.Endpoint{Resources: []string{"/chat"}}, head("GET /talk HTTP/1.1", "Host: h"), refuse("200 OK"), nil},

		// RFC 7692: what the server's permessage-deflate supports.
		{"deflate plain", parser.Endpoint{Deflate: zeroDeflate}, offer("permessage-deflate"), response101("Sec-WebSocket-Extensions: permessage-deflate"), nil},
		{"deflate declined", parser.Endpoint{Deflate: &parser.DeflateSupport{Disabled: true}}, offer("permessage-deflate"), response101(), nil},
		{"deflate disabled accepts", parser.Endpoint{Deflate: &parser.DeflateSupport{Disabled: true}}, offer("permessage-deflate"), response101("Sec-WebSocket-Extensions: permessage-deflate"),
			[]rules.ID{rules.RFC7692_5_3, rules.RFC7692_7_2}},
		{"deflate full", parser.Endpoint{Deflate: full}, offer("permessage-deflate; server_no_context_takeover; server_max_window_bits=10"),
			response101("Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover; server_max_window_bits=9"), nil},
		{"deflate takeover unsupported", parser.Endpoint{Deflate: zeroDeflate}, offer("permessage-deflate; server_no_context_takeover"),
			response101("Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover"), []rules.ID{rules.RFC7692_5_3, rules.RFC7692_7_2}},
		{"deflate response-only takeover unsupported", parser.Endpoint{Deflate: zeroDeflate}, offer("permessage-deflate"),
			response101("Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover"), []rules.ID{rules.RFC7692_5_3}},
		{"deflate window unsupported", parser.Endpoint{Deflate: zeroDeflate}, offer("permessage-deflate; server_max_window_bits=10"),
			response101("Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=10"), []rules.ID{rules.RFC7692_5_3, rules.RFC7692_7_2, rules.RFC7692_7_1_2_1_2}},
		{"deflate window too small", parser.Endpoint{Deflate: full}, offer("permessage-deflate; server_max_window_bits=8"),
			response101("Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=8"), []rules.ID{rules.RFC7692_5_3, rules.RFC7692_7_2}},
		{"deflate fallback accepted", parser.Endpoint{Deflate: zeroDeflate}, offer("permessage-deflate; server_max_window_bits=10", "permessage-deflate"),
			response101("Sec-WebSocket-Extensions: permessage-deflate"), nil},
		{"deflate client params always supported", parser.Endpoint{Deflate: zeroDeflate}, offer("permessage-deflate; client_no_context_takeover; client_max_window_bits"),
			response101("Sec-WebSocket-Extensions: permessage-deflate; client_no_context_takeover; client_max_window_bits=8"), nil},
		{"deflate invalid offer is the parser's", parser.Endpoint{Deflate: zeroDeflate}, offer("permessage-deflate; foo"),
			response101("Sec-WebSocket-Extensions: permessage-deflate"), nil},
		{"deflate refusal", parser.Endpoint{Deflate: &parser.DeflateSupport{Disabled: true}}, offer("permessage-deflate"), refuse("400 Bad Request"), nil},
	}
	for _, c := range cases {
		var p1, p2 parser.Parser
		req := p1.ParseRequest(c.req)
		resp := p2.ParseResponse(c.resp, req)
		if !req.Complete || !resp.Complete {
			t.Fatalf("%s: incomplete message", c.name)
		}
		got := c.e.CheckResponse(req, resp)
		if !sameRules(cited(got), c.want) {
			t.Errorf("%s: cites %v, want %v\n%+v", c.name, cited(got), c.want, got.Violations)
		}
		checkViolations(t, c.name, got)
	}
	var e parser.Endpoint
	if v := e.CheckResponse(nil, nil); len(v.Violations) > 0 {
		t.Errorf("nil messages judged: %v", v.Violations)
	}
	if v := e.CheckRequest(nil); len(v.Violations) > 0 {
		t.Errorf("nil request judged: %v", v.Violations)
	}
}

// FuzzEndpoint feeds arbitrary messages and URIs to the Endpoint checks: they
// must not panic, and every violation must be well-formed.
func FuzzEndpoint(f *testing.F) {
	f.Add(wsRequest("/chat?x", "example.com:8080", "Origin: null", "Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=9"),
		response101("Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover"), "ws://example.com:8080/chat?x")
	f.Add(head("OPTIONS * HTTP/1.1", "Host: [::1]", "Upgrade: TLS/1.0", "Transfer-Encoding: chunked"), head("HTTP/1.1 101 ", "Upgrade: TLS/1.0, HTTP/1.1"), "wss://[::1]")
	f.Add(head("GET http://h HTTP/1.1", "Host: h:"), head("HTTP/1.1 414 x"), "ws://h:/?#")
	f.Fuzz(func(t *testing.T, reqb, respb []byte, uri string) {
		e := parser.Endpoint{
			URI: uri, Browser: true, Origin: "https://a.example", DirectToOrigin: true, ServerHTTP11Unknown: true,
			CleartextUnacceptable: true, OffersDeflate: true, DeflateReceiveWindowBits: 10,
			Origins: []string{"https://a.example"}, Resources: []string{"/chat"}, MaxFieldLine: 40, MaxFieldSection: 200, MaxTarget: 10,
			Deflate: &parser.DeflateSupport{MinServerWindowBits: 9},
		}
		var p1, p2 parser.Parser
		req := p1.ParseRequest(reqb)
		checkViolations(t, "request", e.CheckRequest(req))
		resp := p2.ParseResponse(respb, req)
		checkViolations(t, "response", e.CheckResponse(req, resp))
		if u, err := parser.ParseWebSocketURI(uri); err == nil {
			if w, err := parser.ParseWebSocketURI(u.String()); err != nil || w != u {
				t.Errorf("%q rebuilt as %q: %+v, %v", uri, u.String(), w, err)
			}
		}
	})
}
