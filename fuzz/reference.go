package fuzz

import (
	"bytes"
	"encoding/base64"
	"net/netip"
	"slices"
	"strconv"
	"strings"
)

// Reference decoders, written from the RFC grammars with the standard
// library, independent of the parser's code: the field targets compare the
// parser's judgement with them.

// isTchar reports whether c is a tchar (RFC 9110 §5.6.2): any VCHAR except
// the delimiters.
func isTchar(c byte) bool { return tcharRef[c] }

// tcharRef is tchar straight from its grammar, as a table: the fuzz
// targets ask it of every octet of every list element.
var tcharRef = func() (t [256]bool) {
	for c := range t {
		t[c] = c > 0x20 && c < 0x7f && !strings.ContainsRune("\"(),/:;<=>?@[\\]{}", rune(c))
	}
	return t
}()

func isToken(s []byte) bool {
	if len(s) == 0 {
		return false
	}
	for _, c := range s {
		if !isTchar(c) {
			return false
		}
	}
	return true
}

func isDigits(s []byte) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// containsBytes reports whether list holds e, octet for octet.
func containsBytes(list [][]byte, e []byte) bool {
	for _, d := range list {
		if bytes.Equal(d, e) {
			return true
		}
	}
	return false
}

// plainValue reports whether a field value holds no control octet (so the
// message around it keeps its shape) and returns it without surrounding
// OWS (RFC 9112 §5.1).
func plainValue(v []byte) ([]byte, bool) {
	for _, c := range v {
		if controlRef[c] {
			return nil, false
		}
	}
	return bytes.Trim(v, " \t"), true
}

// controlRef marks the control octets but HTAB, and DEL, as a table: the
// field targets ask it of every octet of the value.
var controlRef = func() (t [256]bool) {
	for c := range t {
		t[c] = (c < 0x20 && c != '\t') || c == 0x7f
	}
	return t
}()

// listElems splits a #list value on commas, drops OWS and empty elements
// (RFC 9110 §5.6.1.2), appends the elements to dst and returns them and the
// count including empty ones.
func listElems(dst [][]byte, v []byte) (elems [][]byte, all int) {
	for {
		all++
		e, rest, more := bytes.Cut(v, []byte(","))
		if e = bytes.Trim(e, " \t"); len(e) > 0 {
			dst = append(dst, e)
		}
		if !more {
			return dst, all
		}
		v = rest
	}
}

// strictStd and strictRawURL decode base64 and base64url rejecting
// non-zero padding bits (RFC 4648 §3.5).
var (
	strictStd    = base64.StdEncoding.Strict()
	strictRawURL = base64.RawURLEncoding.Strict()
)

// keyLen is the length of the base64 encoding, padded, of the 16 octets of
// a Sec-WebSocket-Key (RFC 6455 §4.1).
const keyLen = 24

// refKey reports whether a key is strict: base64 (RFC 4648 §4, canonical
// padding bits, RFC 4648 §3.5) of exactly 16 octets (RFC 6455 §4.1;
// STRICT-G1). The decoder skips CR and LF, which the key must not hold;
// without them, 16 octets encode to exactly keyLen characters.
func refKey(v []byte) bool {
	if len(v) != keyLen || bytes.ContainsAny(v, "\r\n") {
		return false
	}
	var b [keyLen / 4 * 3]byte
	n, err := strictStd.Decode(b[:], v)
	return err == nil && n == 16
}

// refVersionNumber reads a Sec-WebSocket-Version that is the canonical
// decimal of a number from 0 to 255 (RFC 6455 §4.1, §11.3.5).
func refVersionNumber(v []byte) (int, bool) {
	n, err := strconv.Atoi(string(v))
	if err != nil || n < 0 || n > 255 {
		return 0, false
	}
	var b [3]byte
	return n, string(strconv.AppendInt(b[:0], int64(n), 10)) == string(v)
}

// refSettings decodes HTTP2-Settings: base64url without padding (RFC 7540
// §3.2.1) of a whole number of 6-octet settings (§6.5) with valid values
// (§6.5.2, and RFC 8441 §3 for SETTINGS_ENABLE_CONNECT_PROTOCOL), into
// s.settings, with s.decoded holding the octets. An empty value breaks
// token68, but it encodes an empty SETTINGS payload, a valid one, which a
// server may take (RFC 9110 §2.4).
func refSettings(s *scratch, v []byte) ([][2]uint32, bool) {
	s.decoded = slices.Grow(s.decoded[:0], strictRawURL.DecodedLen(len(v)))[:strictRawURL.DecodedLen(len(v))]
	n, err := strictRawURL.Decode(s.decoded, v)
	b := s.decoded[:n]
	if err != nil || len(b)%6 != 0 || bytes.ContainsAny(v, "\r\n") {
		return nil, false
	}
	out := s.settings[:0]
	for i := 0; i < len(b); i += 6 {
		id := uint32(b[i])<<8 | uint32(b[i+1])
		val := uint32(b[i+2])<<24 | uint32(b[i+3])<<16 | uint32(b[i+4])<<8 | uint32(b[i+5])
		switch {
		case id == 2 && val > 1, id == 4 && val > 1<<31-1, id == 5 && (val < 1<<14 || val > 1<<24-1), id == 8 && val > 1:
			return nil, false
		}
		out = append(out, [2]uint32{id, val})
	}
	s.settings = out
	return out, true
}

// refExtensions checks extension-list = 1#extension (RFC 6455 §9.1) with
// the implied *LWS of RFC 2616 around ",", ";" and "=" (AMB-13); a quoted
// value must be a token once unescaped (into s.unquoted). It returns the
// number of extensions and of list elements (empty ones included), the
// most parameters on one extension, and whether v is an extension-list.
func refExtensions(s *scratch, v []byte) (n, elems, maxParams int, ok bool) {
	i := 0
	skip := func() {
		for i < len(v) && (v[i] == ' ' || v[i] == '\t') {
			i++
		}
	}
	token := func() []byte {
		j := i
		for i < len(v) && isTchar(v[i]) {
			i++
		}
		return v[j:i]
	}
	for {
		skip()
		if i == len(v) {
			return n, elems, maxParams, n > 0
		}
		elems++
		if v[i] == ',' {
			i++
			continue
		}
		if len(token()) == 0 {
			return n, elems, maxParams, false
		}
		params := 0
		skip()
		for i < len(v) && v[i] == ';' {
			i++
			skip()
			if len(token()) == 0 {
				return n, elems, maxParams, false
			}
			params++
			skip()
			if i < len(v) && v[i] == '=' {
				i++
				skip()
				if i < len(v) && v[i] == '"' {
					var ok bool
					if s.unquoted, ok = quoted(s.unquoted[:0], v, &i); !ok || !isToken(s.unquoted) {
						return n, elems, maxParams, false
					}
				} else if len(token()) == 0 {
					return n, elems, maxParams, false
				}
				skip()
			}
		}
		maxParams = max(maxParams, params)
		if i < len(v) && v[i] != ',' {
			return n, elems, maxParams, false
		}
		n++
		if i < len(v) {
			i++
		}
	}
}

// quoted reads quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE
// (RFC 9110 §5.6.4) at v[*i] and appends its unescaped content to dst.
func quoted(dst, v []byte, i *int) ([]byte, bool) {
	for j := *i + 1; j < len(v); j++ {
		c := v[j]
		switch {
		case c == '"':
			*i = j + 1
			return dst, true
		case c == '\\':
			if j+1 == len(v) {
				return dst, false
			}
			d := v[j+1]
			if d != '\t' && d != ' ' && (d < 0x21 || d == 0x7f) {
				return dst, false
			}
			dst = append(dst, d)
			j++
		case c == '\t' || c == ' ' || c == 0x21 || (c >= 0x23 && c <= 0x5b) || (c >= 0x5d && c <= 0x7e) || c >= 0x80:
			dst = append(dst, c)
		default:
			return dst, false
		}
	}
	return dst, false
}

// refHost checks Host = uri-host [ ":" port ] (RFC 9110 §7.2) with the
// host grammar of RFC 3986 §3.2.2: IP-literal, IPv4address or reg-name.
func refHost(v []byte) bool {
	host, port := v, []byte(nil)
	if len(v) > 0 && v[0] == '[' {
		j := bytes.IndexByte(v, ']')
		if j < 0 {
			return false
		}
		host, port = v[:j+1], v[j+1:]
		if len(port) > 0 && port[0] != ':' {
			return false
		}
		port = bytes.TrimPrefix(port, []byte(":"))
		if !ipLiteral(host[1 : len(host)-1]) {
			return false
		}
	} else if j := bytes.LastIndexByte(v, ':'); j >= 0 {
		host, port = v[:j], v[j+1:]
		if len(host) == 0 {
			return false
		}
	}
	if !isDigits(port) {
		return false
	}
	if len(host) > 0 && host[0] == '[' {
		return true
	}
	// reg-name = *( unreserved / pct-encoded / sub-delims ); an IPv4address
	// is a reg-name too.
	for i := 0; i < len(host); i++ {
		c := host[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', strings.IndexByte("-._~!$&'()*+,;=", c) >= 0:
		case c == '%' && i+2 < len(host) && isHex(host[i+1]) && isHex(host[i+2]):
			i += 2
		default:
			return false
		}
	}
	return true
}

func isHex(c byte) bool { return strings.IndexByte("0123456789abcdefABCDEF", c) >= 0 }

// ipLiteral checks the inside of "[...]": IPv6address or IPvFuture
// (RFC 3986 §3.2.2).
func ipLiteral(s []byte) bool {
	if len(s) > 1 && (s[0] == 'v' || s[0] == 'V') {
		dot := bytes.IndexByte(s, '.')
		if dot < 2 || dot == len(s)-1 {
			return false
		}
		for i := 1; i < dot; i++ {
			if !isHex(s[i]) {
				return false
			}
		}
		for i := dot + 1; i < len(s); i++ {
			c := s[i]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~!$&'()*+,;=:", c) >= 0) {
				return false
			}
		}
		return true
	}
	a, err := netip.ParseAddr(string(s))
	return err == nil && a.Is6() && a.Zone() == ""
}
