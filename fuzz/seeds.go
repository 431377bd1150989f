package fuzz

import (
	"bytes"
	"sync"

	"github.com/switchyard/switchyard/statemachine"
)

// Seeds are computed once per process: a libFuzzer build
// (go-118-fuzz-build) calls the FuzzXxx function for every input, so the
// corpus must not be read again each time.

// stateMachineExchanges is how many generated exchanges seed
// FuzzStateMachine on top of the captured ones, each as seen by every role.
const stateMachineExchanges = 60

// captures is corpus/ as LoadCorpus reads it from the repository root.
var captures = sync.OnceValues(func() ([]Capture, error) { return LoadCorpus(FindRoot()) })

// generated is GeneratedDir as LoadGenerated reads it from the repository
// root.
var generated = sync.OnceValues(func() (Generated, error) { return LoadGenerated(FindRoot()) })

var requestSeeds = sync.OnceValue(func() [][]byte {
	cs, _ := captures()
	var out [][]byte
	for _, c := range cs {
		if c.Kind == "request" {
			out = append(out, c.Data)
		} else if c.Request != nil {
			out = append(out, c.Request)
		}
	}
	g, _ := generated()
	out = append(out, g.Requests...)
	return append(out,
		[]byte("GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: http://example.com\r\nSec-WebSocket-Protocol: chat, superchat\r\nSec-WebSocket-Version: 13\r\n\r\n"), // RFC 6455 §1.2
		[]byte("OPTIONS * HTTP/1.1\r\nHost: example.bank.com\r\nUpgrade: TLS/1.0\r\nConnection: Upgrade\r\n\r\n"),                                                                                                                                                          // RFC 2817 §3.2
		[]byte("\r\nGET / HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n"),
		[]byte("GET / HTTP/1.1\nHost: a\n\n"),
	)
})

var responseSeeds = sync.OnceValue(func() [][]byte {
	cs, _ := captures()
	var out [][]byte
	for _, c := range cs {
		if c.Kind == "response" {
			out = append(out, c.Data)
		}
	}
	g, _ := generated()
	for _, e := range g.Exchanges {
		out = append(out, e[1])
	}
	return append(out,
		[]byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: chat\r\n\r\n"), // RFC 6455 §1.2
		[]byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: TLS/1.0, HTTP/1.1\r\nConnection: Upgrade\r\n\r\n"),                                                                               // RFC 2817 §3.3
		[]byte("HTTP/1.1 101\r\n\r\n"),
	)
})

// pairSeeds are request/response pairs: each captured response with the
// request it answered, and generated exchanges.
var pairSeeds = sync.OnceValue(func() [][2][]byte {
	g, _ := generated()
	return append(capturedPairs(), g.Exchanges...)
})

// capturedPairs are the captured responses with the requests they answered.
func capturedPairs() [][2][]byte {
	cs, _ := captures()
	var out [][2][]byte
	for _, c := range cs {
		if c.Kind == "response" && c.Request != nil {
			out = append(out, [2][]byte{c.Request, c.Data})
		}
	}
	return out
}

// fieldSeeds are the values each field takes in the request seeds.
var fieldSeeds = sync.OnceValue(func() map[string][][]byte {
	out := map[string][][]byte{}
	for _, msg := range requestSeeds() {
		for _, line := range bytes.Split(headOf(msg), []byte("\r\n")) {
			n, v, ok := bytes.Cut(line, []byte(":"))
			if !ok {
				continue
			}
			for _, name := range Fields {
				if bytes.EqualFold(n, []byte(name)) {
					out[name] = append(out[name], bytes.Trim(v, " \t"))
				}
			}
		}
	}
	return out
})

// fieldExtras are values each field target is seeded with on top of the
// field's values in the request seeds: edge cases of its grammar.
var fieldExtras = map[string][]string{
	FieldConnection:    {"keep-alive, Upgrade", ", Upgrade", "Upgraded", "upgrade,close", "Upgrade, HTTP2-Settings"},
	FieldUpgrade:       {"WebSocket", "websocket/13", "websocket, h2c", "web socket", "TLS/1.0, HTTP/1.1", "foo/"},
	FieldKey:           {"dGhlIHNhbXBsZSBub25jZQ==", "AQIDBAUGBwgJCgsMDQ4PEA==", "dGhlIHNhbXBsZSBub25jZR==", "AAAA", "dGhlIHNhbXBsZSBub25jZQ", "dGhl IHNhbXBsZSBub25jZQ=="},
	FieldVersion:       {"13", "8", "013", "13, 8", "256", "0"},
	FieldProtocol:      {"chat, superchat", "chat, chat", "chat, Chat", ",", `"chat"`},
	FieldExtensions:    {"permessage-deflate; client_max_window_bits", `foo; x="a b"`, `foo; x="ab\c"`, "foo;; x", "permessage-deflate ; server_max_window_bits = 10", ","},
	FieldHTTP2Settings: {"AAMAAABkAAQAAP__", "AAMAAABk=", "AAQAAP//", "", "AAIAAAAC"},
	FieldHost:          {"example.com:8080", "[::1]:80", "[v1.x]", "exa mple", "a%41b", "", ":80"},
	FieldContentLength: {"0", "0, 0", "1, 2", "abc", "", "0000000000000000001", "18446744073709551616"},
}

// fieldExtraSeeds returns fieldExtras[name] as inputs.
func fieldExtraSeeds(name string) [][]byte {
	var out [][]byte
	for _, s := range fieldExtras[name] {
		out = append(out, []byte(s))
	}
	return out
}

// stateMachineSeeds are event sequences of the captured and generated
// exchanges, for each role.
var stateMachineSeeds = sync.OnceValue(func() [][]byte {
	var out [][]byte
	g, _ := generated()
	pairs := append(capturedPairs(), g.Exchanges[:min(len(g.Exchanges), stateMachineExchanges)]...)
	for _, p := range pairs {
		if bytes.IndexByte(p[0], eventSep) >= 0 || bytes.IndexByte(p[1], eventSep) >= 0 {
			continue
		}
		for _, role := range statemachine.Roles {
			out = append(out, EncodeEvents(role, ExchangeEvents(p[0], headOf(p[1]))))
		}
	}
	// A few on secure connections (Secure): each side's TLS handshake
	// record, then the exchange.
	hello := []statemachine.Event{
		statemachine.Data(statemachine.ClientBytes, []byte("\x16\x03\x01\x00\x05\x01\x00\x00\x01\x03")),
		statemachine.Data(statemachine.ServerBytes, []byte("\x16\x03\x03\x00\x05\x02\x00\x00\x01\x03")),
	}
	for _, p := range pairs[:min(len(pairs), 8)] {
		if bytes.IndexByte(p[0], eventSep) >= 0 || bytes.IndexByte(p[1], eventSep) >= 0 {
			continue
		}
		for _, role := range statemachine.Roles {
			in := EncodeEvents(role, append(hello[:2:2], ExchangeEvents(p[0], headOf(p[1]))...))
			in[0] += 3
			out = append(out, in)
		}
	}
	return out
})

// headOf cuts a capture to its head (responses may carry a body).
func headOf(b []byte) []byte { return b[:HeadEndOrAll(b)] }
