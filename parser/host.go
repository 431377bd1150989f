package parser

// Host and request-target authorities: uri-host [ ":" port ] (RFC 9110
// §7.2, RFC 3986 §3.2.2).

import (
	"bytes"
	"net/netip"
)

// ipFutureChar holds unreserved / sub-delims / ":" (RFC 3986 §3.2.2).
var ipFutureChar = class("-._~!$&'()*+,;=:", '0', '9', 'A', 'Z', 'a', 'z')

// regNameNoPct holds the octets of regNameChar but '%', which hostOK
// looks at again; regNameNoPctAt is its spread for runEnd.
var (
	regNameNoPct = func() [256]bool {
		c := regNameChar
		c['%'] = false
		return c
	}()
	regNameNoPctAt = spread(&regNameNoPct)
)

// ipLiteralOK checks the inside of IP-literal = "[" ( IPv6address /
// IPvFuture ) "]" (RFC 3986 §3.2.2): an IPv6 address without a zone, or
// IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" ).
func ipLiteralOK(s []byte) bool {
	if len(s) > 0 && (s[0] == 'v' || s[0] == 'V') {
		dot := bytes.IndexByte(s, '.')
		if dot < 2 || dot == len(s)-1 {
			return false
		}
		for _, c := range s[1:dot] {
			if !isHex(c) {
				return false
			}
		}
		return firstNot(s[dot+1:], &ipFutureChar) < 0
	}
	if bytes.IndexByte(s, '%') >= 0 {
		return false // a zone ID is not part of IPv6address
	}
	a, err := netip.ParseAddr(string(s))
	return err == nil && a.Is6()
}

// The values of hostOK's needPort argument: a Host field's port is
// optional, an authority-form request-target's is required.
const (
	portOptional = false
	portRequired = true
)

// hostOK checks Host = uri-host [ ":" port ] (RFC 9110 §7.2, RFC 3986
// §3.2.2); with needPort, the port is required (authority-form).
func hostOK(b []byte, needPort bool) bool {
	if len(b) == 0 {
		// reg-name may be empty: a target URI without authority (RFC 9112 §3.2).
		return !needPort
	}
	if b[0] != '[' {
		// The common Host, a reg-name with no pct-encoded octet and an
		// optional port, read in one pass: hostGrammarOK would find it
		// good too (TestHostFastPath).
		e := runEnd(b, 0, &regNameNoPct, &regNameNoPctAt)
		if e == len(b) && !needPort || e > 0 && e < len(b) && b[e] == ':' && firstNot(b[e+1:], &digitClass) < 0 {
			return true
		}
	}
	return hostGrammarOK(b, needPort)
}

// hostGrammarOK is hostOK for a non-empty b, octet by octet.
func hostGrammarOK(b []byte, needPort bool) bool {
	host := b
	port := []byte(nil)
	hasPort := false
	if b[0] == '[' {
		j := bytes.IndexByte(b, ']')
		if j < 0 || !ipLiteralOK(b[1:j]) {
			return false
		}
		rest := b[j+1:]
		if len(rest) > 0 {
			if rest[0] != ':' {
				return false
			}
			port, hasPort = rest[1:], true
		}
		host = nil
	} else if i := bytes.LastIndexByte(b, ':'); i >= 0 {
		host, port, hasPort = b[:i], b[i+1:], true
	}
	if needPort && !hasPort {
		return false
	}
	for i := 0; i < len(host); i++ {
		c := host[i]
		if !regNameChar[c] {
			return false
		}
		if c == '%' && (i+2 >= len(host) || !isHex(host[i+1]) || !isHex(host[i+2])) {
			return false
		}
	}
	if b[0] != '[' && len(host) == 0 {
		return false
	}
	// port = *DIGIT
	return firstNot(port, &digitClass) < 0
}
