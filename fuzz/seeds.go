package fuzz

import (
	"bytes"
	"sync"

	"github.com/switchyard/switchyard/properties"
	"github.com/switchyard/switchyard/statemachine"
)

// Seeds are computed once per process: a libFuzzer build
// (go-118-fuzz-build) calls the FuzzXxx function for every input, so the
// corpus must not be read again each time.

// seedCases is how many generated cases (properties.Cases) seed each target
// on top of the corpus.
const seedCases = 200

// captures is corpus/ as LoadCorpus reads it from the repository root.
var captures = sync.OnceValues(func() ([]Capture, error) { return LoadCorpus(FindRoot()) })

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
	for _, c := range properties.Cases(1, seedCases) {
		out = append(out, c.Request)
	}
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
	for _, c := range properties.ResponseCases(1, seedCases) {
		out = append(out, c.Response)
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
	cs, _ := captures()
	var out [][2][]byte
	for _, c := range cs {
		if c.Kind == "response" && c.Request != nil {
			out = append(out, [2][]byte{c.Request, c.Data})
		}
	}
	for _, c := range properties.ResponseCases(1, seedCases) {
		out = append(out, [2][]byte{c.Request, c.Response})
	}
	return out
})

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

// stateMachineSeeds are event sequences of the captured and generated
// exchanges, for each role.
var stateMachineSeeds = sync.OnceValue(func() [][]byte {
	var out [][]byte
	pairs := pairSeeds()
	pairs = pairs[:len(pairs)-seedCases+60] // the captures, and 60 generated
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
