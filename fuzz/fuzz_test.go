//go:build !gofuzz

package fuzz

import (
	"bytes"
	"testing"

	"github.com/switchyard/switchyard/properties"
	"github.com/switchyard/switchyard/statemachine"
)

// seedCases is how many generated cases (properties.Cases) seed each target
// on top of the corpus.
const seedCases = 200

// corpus loads corpus/ once per target; a missing corpus fails the test.
func corpus(f *testing.F) []Capture {
	f.Helper()
	cs, err := LoadCorpus(FindRoot())
	if err != nil {
		f.Fatalf("loading corpus: %v", err)
	}
	if len(cs) == 0 {
		f.Fatal("corpus/index.json lists no capture")
	}
	return cs
}

// headOf cuts a capture to its head (responses may carry a body).
func headOf(b []byte) []byte {
	if n := HeadEndOrAll(b); n > 0 {
		return b[:n]
	}
	return b
}

func addRequests(f *testing.F) {
	for _, c := range corpus(f) {
		if c.Kind == "request" {
			f.Add(c.Data)
		} else if c.Request != nil {
			f.Add(c.Request)
		}
	}
	for _, c := range properties.Cases(1, seedCases) {
		f.Add(c.Request)
	}
	f.Add([]byte("GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: http://example.com\r\nSec-WebSocket-Protocol: chat, superchat\r\nSec-WebSocket-Version: 13\r\n\r\n")) // RFC 6455 §1.2
	f.Add([]byte("OPTIONS * HTTP/1.1\r\nHost: example.bank.com\r\nUpgrade: TLS/1.0\r\nConnection: Upgrade\r\n\r\n"))                                                                                                                                                          // RFC 2817 §3.2
	f.Add([]byte("\r\nGET / HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n"))
	f.Add([]byte("GET / HTTP/1.1\nHost: a\n\n"))
}

func addResponses(f *testing.F) {
	for _, c := range corpus(f) {
		if c.Kind == "response" {
			f.Add(c.Data)
		}
	}
	for _, c := range properties.ResponseCases(1, seedCases) {
		f.Add(c.Response)
	}
	f.Add([]byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: chat\r\n\r\n")) // RFC 6455 §1.2
	f.Add([]byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: TLS/1.0, HTTP/1.1\r\nConnection: Upgrade\r\n\r\n"))                                                                               // RFC 2817 §3.3
	f.Add([]byte("HTTP/1.1 101\r\n\r\n"))
}

func FuzzRequestHead(f *testing.F) {
	addRequests(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		if err := CheckRequestHead(in); err != nil {
			t.Fatalf("%v\ninput: %q", err, in)
		}
	})
}

func FuzzResponseHead(f *testing.F) {
	addResponses(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		if err := CheckResponseHead(in); err != nil {
			t.Fatalf("%v\ninput: %q", err, in)
		}
	})
}

func FuzzPair(f *testing.F) {
	for _, c := range corpus(f) {
		if c.Kind == "response" && c.Request != nil {
			f.Add(c.Request, c.Data)
		}
	}
	for _, c := range properties.ResponseCases(1, seedCases) {
		f.Add(c.Request, c.Response)
	}
	f.Fuzz(func(t *testing.T, req, resp []byte) {
		if err := CheckPair(req, resp); err != nil {
			t.Fatalf("%v\nrequest: %q\nresponse: %q", err, req, resp)
		}
	})
}

func FuzzRoundTrip(f *testing.F) {
	addRequests(f)
	addResponses(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		if err := CheckRoundTrip(in); err != nil {
			t.Fatalf("%v\ninput: %q", err, in)
		}
	})
}

// fieldTarget is the body of a field target: seeds are the field's values
// in the corpus and the generated cases, plus the given ones.
func fieldTarget(f *testing.F, name string, seeds ...string) {
	add := func(msg []byte) {
		for _, line := range bytes.Split(headOf(msg), []byte("\r\n")) {
			n, v, ok := bytes.Cut(line, []byte(":"))
			if ok && bytes.EqualFold(n, []byte(name)) {
				f.Add(bytes.Trim(v, " \t"))
			}
		}
	}
	for _, c := range corpus(f) {
		add(c.Data)
	}
	for _, c := range properties.Cases(1, seedCases) {
		add(c.Request)
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, v []byte) {
		if err := CheckField(name, v); err != nil {
			t.Fatalf("%v\nvalue: %q", err, v)
		}
	})
}

func FuzzConnection(f *testing.F) {
	fieldTarget(f, FieldConnection, "keep-alive, Upgrade", ", Upgrade", "Upgraded", "upgrade,close", "Upgrade, HTTP2-Settings")
}

func FuzzUpgrade(f *testing.F) {
	fieldTarget(f, FieldUpgrade, "WebSocket", "websocket/13", "websocket, h2c", "web socket", "TLS/1.0, HTTP/1.1", "foo/")
}

func FuzzKey(f *testing.F) {
	fieldTarget(f, FieldKey, "dGhlIHNhbXBsZSBub25jZQ==", "AQIDBAUGBwgJCgsMDQ4PEA==", "dGhlIHNhbXBsZSBub25jZR==", "AAAA", "dGhlIHNhbXBsZSBub25jZQ", "dGhl IHNhbXBsZSBub25jZQ==")
}

func FuzzVersion(f *testing.F) {
	fieldTarget(f, FieldVersion, "13", "8", "013", "13, 8", "256", "0")
}

func FuzzProtocol(f *testing.F) {
	fieldTarget(f, FieldProtocol, "chat, superchat", "chat, chat", "chat, Chat", ",", `"chat"`)
}

func FuzzExtensions(f *testing.F) {
	fieldTarget(f, FieldExtensions, "permessage-deflate; client_max_window_bits", `foo; x="a b"`, `foo; x="ab\c"`, "foo;; x", "permessage-deflate ; server_max_window_bits = 10", ",")
}

func FuzzHTTP2Settings(f *testing.F) {
	fieldTarget(f, FieldHTTP2Settings, "AAMAAABkAAQAAP__", "AAMAAABk=", "AAQAAP//", "", "AAIAAAAC")
}

func FuzzHost(f *testing.F) {
	fieldTarget(f, FieldHost, "example.com:8080", "[::1]:80", "[v1.x]", "exa mple", "a%41b", "", ":80")
}

func FuzzContentLength(f *testing.F) {
	fieldTarget(f, FieldContentLength, "0", "0, 0", "1, 2", "abc", "", "0000000000000000001", "18446744073709551616")
}

func FuzzStateMachine(f *testing.F) {
	for _, c := range corpus(f) {
		if c.Kind == "response" && c.Request != nil {
			for _, role := range statemachine.Roles {
				if !bytes.ContainsRune(c.Request, 0xff) && !bytes.ContainsRune(c.Data, 0xff) {
					f.Add(EncodeEvents(role, ExchangeEvents(c.Request, headOf(c.Data))))
				}
			}
		}
	}
	for _, c := range properties.ResponseCases(1, 60) {
		for _, role := range statemachine.Roles {
			f.Add(EncodeEvents(role, ExchangeEvents(c.Request, c.Response)))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := CheckStateMachine(data); err != nil {
			t.Fatalf("%v\ninput: %q", err, data)
		}
	})
}
