package parser

import (
	"bytes"

	"github.com/switchyard/switchyard/rules"
)

// parseRequestLine checks request-line = method SP request-target SP
// HTTP-version (RFC 9112 §3), with single SPs as separators (STRICT-2).
func (p *Parser) parseRequestLine(b []byte, start int, line []byte, h *Head, v *Verdict) {
	const field = "request-line"
	if i := bytes.IndexByte(line, '\r'); i >= 0 {
		v.refuse(rules.RFC9112_2_2_3, octetAt(field, start+i), "bare CR in the request-line")
	}
	sp1 := bytes.IndexByte(line, ' ')
	sp2 := lastSP(line)
	if sp1 < 0 || sp2 == sp1 {
		v.refuse(rules.RFC9112_3_G1, bytesAt(field, start, line), "request-line is not method SP request-target SP HTTP-version")
		p.requestLineFallback(line, h)
		return
	}
	method, target, version := line[:sp1], line[sp1+1:sp2], line[sp2+1:]
	h.Method, h.Target = method, target
	if i := firstNotTchar(method); i >= 0 || len(method) == 0 {
		at := start + max(i, 0)
		if i >= 0 && isOWS(method[i]) || i >= 0 && method[i] < 0x20 {
			// RFC 9112 §3: a recipient MAY split on other whitespace, which
			// enables smuggling; Switchyard does not (STRICT-2).
			v.refuse(rules.STRICT_2, octetAt(field, at), "request-line separator other than a single SP")
		}
		v.refuse(rules.RFC9112_3_G1, octetAt(field, at), "method is not a token")
		if i < 0 || !(isOWS(method[i]) || method[i] < 0x20) {
			// Not a misplaced separator: the method itself is no token.
			v.alsoNotToken(field, method, start)
		}
	}
	tstart := start + sp1 + 1
	switch {
	case len(target) > 0 && (target[0] == ' ' || target[len(target)-1] == ' '):
		v.refuse(rules.RFC9112_3_G1, octetAt(field, tstart), "request-line separator is more than one SP")
	case len(target) == 0:
		v.refuse(rules.RFC9112_3_G1, octetAt(field, tstart), "two SPs in a row: the request-target is empty")
	case target[0] == '/' && allIn(target, &targetNoPct, &targetNoPctAt):
		// origin-form of pchar, "/" and "?" with no pct-encoded octet: what
		// checkTarget would find no fault in, in one pass.
	default:
		if i := firstNot(target, &targetChar); i >= 0 && targetSpace[target[i]] {
			// RFC 9112 §3.2: no whitespace is allowed in the request-target;
			// a server SHOULD answer 400 rather than autocorrect.
			v.refuse(rules.RFC9112_3_2_1, octetAt(field, tstart+i), "whitespace inside the request-target")
		} else {
			checkTarget(target, tstart, h, v)
		}
	}
	p.checkVersion(version, start+sp2+1, field, h, v)
}

// fastRequestLine reads the request-line in the form nearly every request
// has, a token method, SP, an origin-form target of pchar, "/" and "?"
// with no pct-encoded octet, and SP "HTTP/1.1" CRLF, in one pass with no
// search for the line's end, and returns the offset of the line after
// it, or 0 when b does not start so. Then the general path
// (parseRequestLine) reads the line; on a line this one takes, it finds
// the same method, target and version and no fault (FuzzFastPath).
func fastRequestLine(b []byte, h *Head) int {
	m := tokenEnd(b, 0)
	if m == 0 || m+1 >= len(b) || b[m] != ' ' || b[m+1] != '/' {
		return 0
	}
	t := m + 1
	e := runEnd(b, t, &targetNoPct, &targetNoPctAt)
	const version = " HTTP/1.1\r\n"
	if len(b)-e < len(version) || string(b[e:e+len(version)]) != version {
		return 0
	}
	h.Method, h.Target, h.Major, h.Minor = b[:m], b[t:e], 1, 1
	return e + len(version)
}

// lastSP returns the index of the last SP in line, or -1. A request-line
// almost always ends in " HTTP/1.1", whose last SP is then known without a
// scan: "HTTP/1.1" holds none.
func lastSP(line []byte) int {
	if n := len(line); n >= 9 && string(line[n-9:]) == " HTTP/1.1" {
		return n - 9
	}
	return bytes.LastIndexByte(line, ' ')
}

// targetNoPct holds the octets of targetChar but '%', which checkTarget looks
// at again.
var targetNoPct = func() [256]bool {
	c := targetChar
	c['%'] = false
	return c
}()

// targetNoPctAt is targetNoPct spread for allIn: origin-form targets run to
// dozens of octets.
var targetNoPctAt = spread(&targetNoPct)

// targetSpace holds the whitespace a lenient reader might split a
// request-line on (RFC 9112 §3: SP, HTAB, VT, FF).
var targetSpace = class(" \t\v\f")

// requestLineFallback keeps what can be read of a request-line that has no
// two SPs, so that later checks still know the method.
func (p *Parser) requestLineFallback(line []byte, h *Head) {
	if i := bytes.IndexByte(line, ' '); i >= 0 {
		h.Method = line[:i]
		h.Target = line[i+1:]
	} else {
		h.Method = line
	}
	h.Major, h.Minor = 1, 1
}

// checkTarget checks a request-target against its four forms (RFC 9112 §3.2).
func checkTarget(t []byte, off int, h *Head, v *Verdict) {
	const field = "request-line"
	lo, hi := 0, 0 // an absolute-form IP-literal host's brackets, when lo > 0
	bad := func(i int, msg string) {
		v.refuse(rules.RFC9112_3_2_G1, octetAt(field, off+i), msg)
	}
	switch {
	case len(t) == 1 && t[0] == '*':
		// asterisk-form: only for OPTIONS (RFC 9112 §3.2.4).
		if string(h.Method) != "OPTIONS" {
			bad(0, "asterisk-form request-target with a method other than OPTIONS")
		}
		return
	case t[0] == '/':
		// origin-form = absolute-path [ "?" query ]
	case string(h.Method) == "CONNECT":
		// authority-form = uri-host ":" port
		if !hostOK(t, portRequired) {
			bad(0, "CONNECT request-target is not uri-host \":\" port")
		}
		return
	default:
		// absolute-form: scheme ":" hier-part; the scheme is
		// ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) (RFC 3986 §3.1).
		c := bytes.IndexByte(t, ':')
		if c <= 0 || !isScheme(t[:c]) {
			bad(0, "request-target is not origin-form, absolute-form, authority-form or \"*\"")
			return
		}
		lo, hi = ipLiteralIn(t, c+1)
		if lo > 0 && hi < 0 {
			bad(lo, "IP-literal is not [ IPv6address ] or [ IPvFuture ] (RFC 3986 §3.2.2)")
			return
		}
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		if lo > 0 && (i == lo || i == hi) {
			continue // the brackets of an IP-literal host
		}
		if c == '#' {
			bad(i, "fragment in the request-target")
			return
		}
		if !targetChar[c] {
			bad(i, "octet not allowed in a request-target")
			return
		}
		if c == '%' && (i+2 >= len(t) || !isHex(t[i+1]) || !isHex(t[i+2])) {
			bad(i, "'%' not followed by two hex digits")
			return
		}
	}
}

// ipLiteralIn finds an IP-literal host in the hier-part of an absolute-form
// target that starts at t[i] (RFC 3986 §3.2: "//" [ userinfo "@" ] host
// [ ":" port ]) and returns the indexes of its brackets; hi < 0 when the
// literal is malformed; lo == 0 when the host is not one.
func ipLiteralIn(t []byte, i int) (lo, hi int) {
	if !bytes.HasPrefix(t[i:], []byte("//")) {
		return 0, 0
	}
	a := i + 2
	end := len(t)
	if k := bytes.IndexAny(t[a:], "/?#"); k >= 0 {
		end = a + k
	}
	if k := bytes.LastIndexByte(t[a:end], '@'); k >= 0 {
		a += k + 1
	}
	if a >= end || t[a] != '[' {
		return 0, 0
	}
	j := bytes.IndexByte(t[a:end], ']')
	if j < 0 || !ipLiteralOK(t[a+1:a+j]) || a+j+1 < end && t[a+j+1] != ':' {
		return a, -1
	}
	return a, a + j
}

func isHex(c byte) bool { return isDigit(c) || 'a' <= lower(c) && lower(c) <= 'f' }

func isScheme(s []byte) bool {
	if len(s) == 0 || !('a' <= lower(s[0]) && lower(s[0]) <= 'z') {
		return false
	}
	for _, c := range s[1:] {
		if !('a' <= lower(c) && lower(c) <= 'z') && !isDigit(c) && c != '+' && c != '-' && c != '.' {
			return false
		}
	}
	return true
}

// checkVersion checks HTTP-version = HTTP-name "/" DIGIT "." DIGIT
// (RFC 9112 §2.3), HTTP-name being case-sensitive "HTTP".
func (p *Parser) checkVersion(ver []byte, off int, field string, h *Head, v *Verdict) {
	if len(ver) != 8 || string(ver[:5]) != "HTTP/" || !isDigit(ver[5]) || ver[6] != '.' || !isDigit(ver[7]) {
		v.refuse(rules.RFC9112_2_3_G1, bytesAt(field, off, ver), "HTTP-version is not HTTP/DIGIT.DIGIT")
		h.Major, h.Minor = 1, 1
		return
	}
	h.Major, h.Minor = int(ver[5]-'0'), int(ver[7]-'0')
	if h.Kind == KindRequest && h.Major != 1 {
		// AMB-8: an HTTP/1.x request-line naming another major version gets 505.
		v.refuse(rules.AMB_8, bytesAt(field, off, ver), "HTTP major version other than 1 on an HTTP/1.x connection")
	}
}

// parseStatusLine checks status-line = HTTP-version SP status-code SP
// [ reason-phrase ] (RFC 9112 §4).
func (p *Parser) parseStatusLine(b []byte, start int, line []byte, h *Head, v *Verdict) {
	const field = "status-line"
	if len(line) < 12 || line[8] != ' ' {
		// Not even "HTTP/1.1 NNN": find what we can for later checks.
		if len(line) >= 8 {
			p.checkVersion(line[:8], start, field, h, v)
		}
		if len(line) == 12 && line[8] == ' ' && isDigit(line[9]) && isDigit(line[10]) && isDigit(line[11]) {
			h.Status = int(line[9]-'0')*100 + int(line[10]-'0')*10 + int(line[11]-'0')
			// RFC 9112 §4: the SP after the status-code is required even
			// without a reason-phrase; recipients may parse leniently.
			v.sender(rules.RFC9112_4_1, octetAt(field, start+12), "no SP after the status-code")
			v.refuseResponse(rules.AMB_31, octetAt(field, start+12), "missing SP after the status-code refused by strict policy")
			return
		}
		v.refuseResponse(rules.RFC9112_4_G1, bytesAt(field, start, line), "status-line is not HTTP-version SP 3DIGIT SP reason-phrase")
		return
	}
	p.checkVersion(line[:8], start, field, h, v)
	code := line[9:12]
	if !isDigit(code[0]) || !isDigit(code[1]) || !isDigit(code[2]) {
		v.refuseResponse(rules.RFC9112_4_G1, spanAt(field, start+9, 3), "status-code is not three digits")
		return
	}
	h.Status = int(code[0]-'0')*100 + int(code[1]-'0')*10 + int(code[2]-'0')
	if len(line) == 12 {
		v.sender(rules.RFC9112_4_1, octetAt(field, start+12), "no SP after the status-code")
		v.refuseResponse(rules.AMB_31, octetAt(field, start+12), "missing SP after the status-code refused by strict policy")
		return
	}
	if line[12] != ' ' {
		v.refuseResponse(rules.RFC9112_4_G1, octetAt(field, start+12), "status-code is not followed by SP")
		return
	}
	h.Reason = line[13:]
	// reason-phrase = 1*( HTAB / SP / VCHAR / obs-text )
	for i, c := range h.Reason {
		if c != '\t' && c != ' ' && !fieldVchar[c] {
			v.refuseResponse(rules.RFC9112_4_G1, octetAt(field, start+13+i), "octet not allowed in the reason-phrase")
			return
		}
	}
}
