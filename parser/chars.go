package parser

import (
	"bytes"
	"encoding/binary"
	"math/bits"
)

// Byte classes, each generated from its ABNF production by class() below and
// checked over all 256 octets by TestByteClasses against predicates written
// straight from the grammar.

// class builds a byte class from literal characters and inclusive ranges
// given as pairs in ranges.
func class(chars string, ranges ...byte) (c [256]bool) {
	for i := 0; i < len(chars); i++ {
		c[chars[i]] = true
	}
	for i := 0; i+1 < len(ranges); i += 2 {
		for b := int(ranges[i]); b <= int(ranges[i+1]); b++ {
			c[b] = true
		}
	}
	return c
}

var (
	// tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
	//         "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA   (RFC 9110 §5.6.2)
	tchar = class("!#$%&'*+-.^_`|~", '0', '9', 'A', 'Z', 'a', 'z')

	// OWS = *( SP / HTAB ) (RFC 9110 §5.6.3): its octets.
	ows = class("\t ")

	// field-vchar = VCHAR / obs-text (RFC 9110 §5.5); SP and HTAB may sit
	// between field-vchars.
	fieldVchar = class("", 0x21, 0x7e, 0x80, 0xff)

	// qdtext = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text (RFC 9110 §5.6.4)
	qdtext = class("\t ", 0x21, 0x21, 0x23, 0x5b, 0x5d, 0x7e, 0x80, 0xff)

	// quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text ): the escaped octet.
	quotedPairChar = class("\t ", 0x21, 0x7e, 0x80, 0xff)

	// base64-character = ALPHA | DIGIT | "+" | "/" (RFC 6455 §4.3)
	base64Char = class("+/", '0', '9', 'A', 'Z', 'a', 'z')

	// The base64url alphabet (RFC 4648 §5): ALPHA / DIGIT / "-" / "_".
	base64urlChar = class("-_", '0', '9', 'A', 'Z', 'a', 'z')

	// token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
	// (RFC 9110 §11.2): the characters before the padding.
	token68Char = class("-._~+/", '0', '9', 'A', 'Z', 'a', 'z')

	// reg-name characters of uri-host (RFC 3986 §3.2.2): unreserved /
	// pct-encoded / sub-delims. '%' admits pct-encoded; hostOK checks the
	// two hex digits after it.
	regNameChar = class("-._~%!$&'()*+,;=", '0', '9', 'A', 'Z', 'a', 'z')

	// pchar and the query's extra "/" and "?" (RFC 3986 §3.3, §3.4): the
	// octets of an origin-form or absolute-form request-target.
	targetChar = class("-._~%!$&'()*+,;=:@/?", '0', '9', 'A', 'Z', 'a', 'z')
)

// tcharAt[k][c] is 1<<k when c is a tchar, 0 otherwise: tokenEnd ORs the
// classes of eight octets into one byte, octet k at bit k.
var tcharAt = spread(&tchar)

// base64CharAt is base64Char spread for allIn, for the 22 characters of a
// key before its padding.
var base64CharAt = spread(&base64Char)

// token68CharAt and base64urlCharAt are token68Char and base64urlChar
// spread for runEnd, for HTTP2-Settings.
var (
	token68CharAt   = spread(&token68Char)
	base64urlCharAt = spread(&base64urlChar)
)

// spread makes of class c the eight tables a word-at-a-time test ORs:
// table k maps an octet of c to 1<<k, any other to 0.
func spread(c *[256]bool) (t [8][256]uint8) {
	for k := range t {
		for x, ok := range c {
			if ok {
				t[k][x] = 1 << k
			}
		}
	}
	return t
}

// allIn reports whether every octet of b is in class c, whose spread is
// at (see runEnd).
func allIn(b []byte, c *[256]bool, at *[8][256]uint8) bool {
	return runEnd(b, 0, c, at) == len(b)
}

// runEnd returns the index of the first octet at or after i that is not
// in class c, whose spread is at, or len(b): eight octets a step, with
// one branch per step rather than one per octet (see tokenEnd).
func runEnd(b []byte, i int, c *[256]bool, at *[8][256]uint8) int {
	for ; i+8 <= len(b); i += 8 {
		w := b[i : i+8 : i+8]
		if m := at[0][w[0]] | at[1][w[1]] | at[2][w[2]] | at[3][w[3]] | at[4][w[4]] | at[5][w[5]] | at[6][w[6]] | at[7][w[7]]; m != 0xff {
			return i + bits.TrailingZeros8(^m)
		}
	}
	for _, x := range b[i:] {
		if !c[x] {
			break
		}
		i++
	}
	return i
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// isOWS reports whether b is SP or HTAB, what OWS is made of (RFC 9110
// §5.6.3). It reads a table rather than comparing twice: under go test
// -fuzz every comparison calls a hook, and OWS is asked about on every
// line and list element.
func isOWS(b byte) bool { return ows[b] }

// lower folds an ASCII letter to lower case.
func lower(b byte) byte {
	if 'A' <= b && b <= 'Z' {
		return b + ('a' - 'A')
	}
	return b
}

// lowerTable is lower as a table: equalFold runs on every list element and
// known name, and one load per octet beats lower's two comparisons there.
var lowerTable = func() (t [256]byte) {
	for i := range t {
		t[i] = lower(byte(i))
	}
	return t
}()

// equalFold reports whether b equals the lower-case ASCII string s, ignoring
// ASCII case in b (RFC 9110 §5.1: field names are case-insensitive).
func equalFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	// Names of 4 to 16 octets ("upgrade", "websocket", on every
	// handshake) are compared a word at a time: two half-words or two
	// words, overlapping when shorter than both.
	switch n := len(s); {
	case n >= 8 && n <= 16:
		return foldWord(binary.LittleEndian.Uint64(b), stringWord(s[:8])) &&
			foldWord(binary.LittleEndian.Uint64(b[n-8:]), stringWord(s[n-8:]))
	case n >= 4 && n < 8:
		return foldWord(uint64(binary.LittleEndian.Uint32(b))|uint64(binary.LittleEndian.Uint32(b[n-4:]))<<32,
			stringWord4(s[:4])|stringWord4(s[n-4:])<<32)
	}
	for i, c := range b {
		if lowerTable[c] != s[i] {
			return false
		}
	}
	return true
}

// shortScan is the length up to which indexByte loops.
const shortScan = 16

// indexByte returns the index of the first c in b, or -1. It is for the
// short values of the fields the upgrade reads (a list element, a
// version): over a few octets a loop costs less than bytes.IndexByte's
// call and vector set-up, which pays off past shortScan octets.
func indexByte(b []byte, c byte) int {
	if len(b) > shortScan {
		return bytes.IndexByte(b, c)
	}
	for i, x := range b {
		if x == c {
			return i
		}
	}
	return -1
}

// indexOWS returns the index of the first SP or HTAB in b, or -1.
func indexOWS(b []byte) int {
	i := bytes.IndexByte(b, ' ')
	if j := bytes.IndexByte(b, '\t'); j >= 0 && (i < 0 || j < i) {
		i = j
	}
	return i
}

// isToken reports whether b is a token (RFC 9110 §5.6.2).
func isToken(b []byte) bool {
	return len(b) > 0 && firstNotTchar(b) < 0
}

// firstNotTchar returns the index of the first octet of b that is not a
// tchar (RFC 9110 §5.6.2), or -1: firstNot(b, &tchar), eight octets a step
// (tokenEnd). Tokens are what most list elements and names are, and under
// go test -fuzz every step of a loop costs a coverage counter and a
// comparison hook.
func firstNotTchar(b []byte) int {
	if i := tokenEnd(b, 0); i < len(b) {
		return i
	}
	return -1
}

// firstNot returns the index of the first octet of b outside class c, or -1.
func firstNot(b []byte, c *[256]bool) int {
	for i, x := range b {
		if !c[x] {
			return i
		}
	}
	return -1
}

// trimOWS returns b without leading and trailing SP and HTAB, and how many
// octets were cut from the front.
func trimOWS(b []byte) ([]byte, int) {
	i := 0
	for i < len(b) && isOWS(b[i]) {
		i++
	}
	j := len(b)
	for j > i && isOWS(b[j-1]) {
		j--
	}
	return b[i:j], i
}

// foldWord reports whether the eight octets of b are those of s, which is
// lower case, ignoring ASCII case in b: where s has a letter (0x61-0x7a)
// the octet of b is compared with bit 0x20 set, which folds A-Z to a-z
// and leaves a-z alone (and can make no other octet a letter); elsewhere
// exactly, as lowerTable leaves every octet but A-Z alone. No addition
// carries past its octet (0x7f + 0x1f < 0x100).
func foldWord(b, s uint64) bool {
	low := s &^ highs
	letter := (low + ones*(0x80-'a')) &^ (low + ones*(0x80-'z'-1)) &^ s & highs
	return b|letter>>2 == s
}

// stringWord4 is the first four octets of s as a little-endian word.
func stringWord4(s string) uint64 {
	_ = s[3]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24
}

// stringWord is the first eight octets of s as a little-endian word.
func stringWord(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// foldEqual reports whether a and b are equal ignoring ASCII case.
func foldEqual(a, b []byte) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if lower(a[i]) != lower(b[i]) {
			return false
		}
	}
	return true
}
