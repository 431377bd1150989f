package fuzz

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/rules"
)

// The fields the field targets fuzz, each wrapped in a minimal message.
const (
	FieldConnection    = "Connection"
	FieldUpgrade       = "Upgrade"
	FieldKey           = "Sec-WebSocket-Key"
	FieldVersion       = "Sec-WebSocket-Version"
	FieldProtocol      = "Sec-WebSocket-Protocol"
	FieldExtensions    = "Sec-WebSocket-Extensions"
	FieldHTTP2Settings = "HTTP2-Settings"
	FieldHost          = "Host"
	FieldContentLength = "Content-Length"
)

// Fields lists the fields the field targets fuzz.
var Fields = []string{FieldConnection, FieldUpgrade, FieldKey, FieldVersion, FieldProtocol, FieldExtensions, FieldHTTP2Settings, FieldHost, FieldContentLength}

// bases are the minimal messages a fuzzed field goes into: a WebSocket
// handshake, an h2c upgrade, a plain GET. The fuzzed field replaces the
// line of that name, or is added.
var (
	wsBase    = [][2]string{{"Host", "example.com"}, {"Upgrade", "websocket"}, {"Connection", "Upgrade"}, {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="}, {"Sec-WebSocket-Version", "13"}}
	h2cBase   = [][2]string{{"Host", "example.com"}, {"Upgrade", "h2c"}, {"Connection", "Upgrade, HTTP2-Settings"}, {"HTTP2-Settings", "AAMAAABkAAQAAP__"}}
	plainBase = [][2]string{{"Host", "example.com"}}
)

func baseFor(name string) [][2]string {
	switch name {
	case FieldHTTP2Settings:
		return h2cBase
	case FieldHost, FieldContentLength:
		return plainBase
	}
	return wsBase
}

// appendFieldMessage appends to dst the minimal request carrying
// "name: value".
func appendFieldMessage(dst []byte, name string, value []byte) []byte {
	dst = append(dst, "GET /chat HTTP/1.1\r\n"...)
	done := false
	for _, kv := range baseFor(name) {
		dst = append(append(dst, kv[0]...), ": "...)
		if kv[0] == name {
			dst = append(dst, value...)
			done = true
		} else {
			dst = append(dst, kv[1]...)
		}
		dst = append(dst, "\r\n"...)
	}
	if !done {
		dst = append(append(append(append(dst, name...), ": "...), value...), "\r\n"...)
	}
	return append(dst, "\r\n"...)
}

// CheckField checks one field parser through the exported API: the
// request invariants on the wrapping message, and the parser's reading of
// the field against a reference decoder.
func CheckField(name string, value []byte) error {
	s := getScratch()
	defer putScratch(s)
	s.msg = appendFieldMessage(s.msg[:0], name, value)
	in := s.msg
	r, err := checkRequest(s, in)
	if err != nil {
		return err
	}
	v, ok := plainValue(value)
	if !ok {
		return nil
	}
	strict := r.Valid(parser.Strict)
	agree := func(want bool, what string) error {
		if strict != want {
			return fmt.Errorf("%s: %q: Valid(true) = %v; the reference says %v (%s): %v", name, v, strict, want, what, r.Violations)
		}
		return nil
	}
	var all int
	s.elems, all = listElems(s.elems[:0], v)
	elems := s.elems
	if all > parser.DefaultMaxListElements {
		return nil // LIMIT-3 applies
	}
	switch name {
	case FieldConnection:
		tokens, upgrade := true, false
		for _, e := range elems {
			tokens = tokens && isToken(e)
			upgrade = upgrade || bytes.EqualFold(e, []byte("upgrade"))
		}
		if tokens {
			if len(r.Connection) != len(elems) {
				return fmt.Errorf("Connection %q: parsed %d options; want %d", v, len(r.Connection), len(elems))
			}
			for i, t := range r.Connection {
				if !bytes.Equal(t.Value, elems[i]) || !bytes.Equal(in[t.Offset:t.Offset+len(t.Value)], elems[i]) {
					return fmt.Errorf("Connection %q: option %d is %q at %d; want %q", v, i, t.Value, t.Offset, elems[i])
				}
			}
		}
		return agree(tokens && upgrade, "all options tokens, one of them upgrade")
	case FieldUpgrade:
		wellFormed, websocket := true, false
		for _, e := range elems {
			n, ver, slash := bytes.Cut(e, []byte("/"))
			wellFormed = wellFormed && isToken(n) && (!slash || isToken(ver))
			websocket = websocket || (bytes.EqualFold(n, []byte("websocket")) && !slash)
		}
		if wellFormed && len(r.Upgrade) != len(elems) {
			return fmt.Errorf("Upgrade %q: parsed %d protocols; want %d", v, len(r.Upgrade), len(elems))
		}
		if !wellFormed && !websocket {
			return nil // not a WebSocket handshake at all; nothing to compare
		}
		return agree(wellFormed && websocket, "well-formed protocols, websocket among them")
	case FieldKey:
		return agree(refKey(v), "strict base64 of 16 octets")
	case FieldVersion:
		if n, ok := refVersionNumber(v); ok && r.WebSocket.Version != n {
			return fmt.Errorf("version %q read as %d", v, r.WebSocket.Version)
		}
		return agree(string(v) == "13", "exactly 13")
	case FieldProtocol:
		ok := len(elems) > 0
		for i, e := range elems {
			ok = ok && isToken(e) && !containsBytes(elems[:i], e)
		}
		return agree(ok, "1#token, unique")
	case FieldExtensions:
		n, _, maxParams, ok := refExtensions(s, v)
		if maxParams > parser.DefaultMaxExtensionParams {
			return nil // LIMIT-4 applies
		}
		if ok && len(r.WebSocket.Extensions) != n {
			return fmt.Errorf("extensions %q: parsed %d; want %d", v, len(r.WebSocket.Extensions), n)
		}
		return agree(ok, "RFC 6455 §9.1 extension-list")
	case FieldHTTP2Settings:
		settings, ok := refSettings(s, v)
		switchable := false
		for _, pr := range r.Switchable {
			switchable = switchable || bytes.EqualFold(pr.Name, []byte("h2c"))
		}
		if switchable != ok {
			return fmt.Errorf("HTTP2-Settings %q: switchable %v; the reference says %v: %v", v, switchable, ok, r.Violations)
		}
		if ok {
			if len(settings) != len(r.H2C.Settings) {
				return fmt.Errorf("HTTP2-Settings %q: %d settings; want %d", v, len(r.H2C.Settings), len(settings))
			}
			for i, s := range r.H2C.Settings {
				if uint32(s.ID) != settings[i][0] || s.Value != settings[i][1] {
					return fmt.Errorf("HTTP2-Settings %q: setting %d is %v; want %v", v, i, s, settings[i])
				}
			}
		}
		return nil
	case FieldHost:
		return agree(refHost(v), "uri-host [ \":\" port ] of RFC 3986")
	case FieldContentLength:
		ok := len(elems) > 0
		for _, e := range elems {
			ok = ok && bytes.Equal(e, elems[0]) && len(e) <= 18 && isDigits(e)
		}
		if ok {
			n, _ := strconv.ParseInt(string(elems[0]), 10, 64)
			if r.ContentLength != n {
				return fmt.Errorf("Content-Length %q read as %d; want %d", v, r.ContentLength, n)
			}
		}
		if r.Has(rules.RFC9112_6_3_3) == ok {
			return fmt.Errorf("Content-Length %q: cites RFC9112-6.3-3 = %v; the reference says valid = %v", v, r.Has(rules.RFC9112_6_3_3), ok)
		}
		return nil
	}
	return fmt.Errorf("no field target for %q", name)
}
