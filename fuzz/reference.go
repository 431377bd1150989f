package fuzz

import (
	"bytes"
	"encoding/base64"
	"net/netip"
	"strings"
)

// Reference decoders, written from the RFC grammars with the standard
// library, independent of the parser's code: the field targets compare the
// parser's judgement with them.

// isTchar reports whether c is a tchar (RFC 9110 §5.6.2): any VCHAR except
// the delimiters.
func isTchar(c byte) bool {
	return c > 0x20 && c < 0x7f && !strings.ContainsRune("\"(),/:;<=>?@[\\]{}", rune(c))
}

func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isTchar(s[i]) {
			return false
		}
	}
	return true
}

// plainValue reports whether a field value holds no control octet (so the
// message around it keeps its shape) and returns it without surrounding
// OWS (RFC 9112 §5.1).
func plainValue(v []byte) (string, bool) {
	for _, c := range v {
		if (c < 0x20 && c != '\t') || c == 0x7f {
			return "", false
		}
	}
	return strings.Trim(string(v), " \t"), true
}

// listElems splits a #list value on commas, drops OWS and empty elements
// (RFC 9110 §5.6.1.2), and returns the elements and the count including
// empty ones.
func listElems(v string) (elems []string, all int) {
	for _, e := range strings.Split(v, ",") {
		all++
		if e = strings.Trim(e, " \t"); e != "" {
			elems = append(elems, e)
		}
	}
	return elems, all
}

// refKey reports whether a key is strict: base64 (RFC 4648 §4, canonical
// padding bits, RFC 4648 §3.5) of exactly 16 octets (RFC 6455 §4.1;
// STRICT-G1).
func refKey(v string) bool {
	b, err := base64.StdEncoding.Strict().DecodeString(v)
	return err == nil && len(b) == 16 && !strings.ContainsAny(v, "\r\n")
}

// refSettings decodes HTTP2-Settings: base64url without padding (RFC 7540
// §3.2.1) of a whole number of 6-octet settings (§6.5) with valid values
// (§6.5.2, and RFC 8441 §3 for SETTINGS_ENABLE_CONNECT_PROTOCOL). An empty value breaks token68, but it encodes an empty
// SETTINGS payload, a valid one, which a server may take (RFC 9110 §2.4).
func refSettings(v string) ([][2]uint32, bool) {
	b, err := base64.RawURLEncoding.Strict().DecodeString(v)
	if err != nil || len(b)%6 != 0 || strings.ContainsAny(v, "\r\n") {
		return nil, false
	}
	var out [][2]uint32
	for i := 0; i < len(b); i += 6 {
		id := uint32(b[i])<<8 | uint32(b[i+1])
		val := uint32(b[i+2])<<24 | uint32(b[i+3])<<16 | uint32(b[i+4])<<8 | uint32(b[i+5])
		switch {
		case id == 2 && val > 1, id == 4 && val > 1<<31-1, id == 5 && (val < 1<<14 || val > 1<<24-1), id == 8 && val > 1:
			return nil, false
		}
		out = append(out, [2]uint32{id, val})
	}
	return out, true
}

// refExtensions checks extension-list = 1#extension (RFC 6455 §9.1) with
// the implied *LWS of RFC 2616 around ",", ";" and "=" (AMB-13); a quoted
// value must be a token once unescaped. It returns the number of
// extensions and of list elements (empty ones included), and whether the
// most parameters on one extension.
func refExtensions(v string) (n, elems, maxParams int, ok bool) {
	i := 0
	skip := func() {
		for i < len(v) && (v[i] == ' ' || v[i] == '\t') {
			i++
		}
	}
	token := func() string {
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
		if token() == "" {
			return n, elems, maxParams, false
		}
		params := 0
		skip()
		for i < len(v) && v[i] == ';' {
			i++
			skip()
			if token() == "" {
				return n, elems, maxParams, false
			}
			params++
			skip()
			if i < len(v) && v[i] == '=' {
				i++
				skip()
				if i < len(v) && v[i] == '"' {
					val, ok := quoted(v, &i)
					if !ok || !isToken(val) {
						return n, elems, maxParams, false
					}
				} else if token() == "" {
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
// (RFC 9110 §5.6.4) at v[*i] and returns its unescaped content.
func quoted(v string, i *int) (string, bool) {
	var b strings.Builder
	for j := *i + 1; j < len(v); j++ {
		c := v[j]
		switch {
		case c == '"':
			*i = j + 1
			return b.String(), true
		case c == '\\':
			if j+1 == len(v) {
				return "", false
			}
			d := v[j+1]
			if d != '\t' && d != ' ' && (d < 0x21 || d == 0x7f) {
				return "", false
			}
			b.WriteByte(d)
			j++
		case c == '\t' || c == ' ' || c == 0x21 || (c >= 0x23 && c <= 0x5b) || (c >= 0x5d && c <= 0x7e) || c >= 0x80:
			b.WriteByte(c)
		default:
			return "", false
		}
	}
	return "", false
}

// refHost checks Host = uri-host [ ":" port ] (RFC 9110 §7.2) with the
// host grammar of RFC 3986 §3.2.2: IP-literal, IPv4address or reg-name.
func refHost(v string) bool {
	host, port := v, ""
	if strings.HasPrefix(v, "[") {
		j := strings.IndexByte(v, ']')
		if j < 0 {
			return false
		}
		host, port = v[:j+1], v[j+1:]
		if port != "" && port[0] != ':' {
			return false
		}
		port = strings.TrimPrefix(port, ":")
		if !ipLiteral(host[1 : len(host)-1]) {
			return false
		}
	} else if j := strings.LastIndexByte(v, ':'); j >= 0 {
		host, port = v[:j], v[j+1:]
		if host == "" {
			return false
		}
	}
	for i := 0; i < len(port); i++ {
		if port[i] < '0' || port[i] > '9' {
			return false
		}
	}
	if strings.HasPrefix(host, "[") {
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

func isHex(c byte) bool { return bytes.IndexByte([]byte("0123456789abcdefABCDEF"), c) >= 0 }

// ipLiteral checks the inside of "[...]": IPv6address or IPvFuture
// (RFC 3986 §3.2.2).
func ipLiteral(s string) bool {
	if len(s) > 1 && (s[0] == 'v' || s[0] == 'V') {
		dot := strings.IndexByte(s, '.')
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
	a, err := netip.ParseAddr(s)
	return err == nil && a.Is6() && a.Zone() == ""
}
