package parser

import (
	"crypto/sha1"
	"slices"
	"strconv"

	"github.com/switchyard/switchyard/rules"
)

// websocketGUID is appended to the key before hashing (RFC 6455 §1.3, §4.2.2).
const websocketGUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

// KeyLen is the length of a strict Sec-WebSocket-Key: 16 octets in base64
// (RFC 6455 §4.1; STRICT-G1). AcceptLen is the length of the Accept value.
const (
	KeyLen    = 24
	AcceptLen = 28
)

// SupportedVersion is the only WebSocket version RFC 6455 defines.
const SupportedVersion = 13

// AppendAccept appends to dst the Sec-WebSocket-Accept value for key:
// base64(SHA-1(key + GUID)), over the key exactly as received minus
// surrounding whitespace (RFC 6455 §4.2.2 step 5.4). It does not allocate
// when dst has room for 28 more octets and key is at most 64 octets.
func AppendAccept(dst, key []byte) []byte {
	var sum [sha1.Size]byte
	if len(key) == KeyLen {
		// The common key: hash an array of exactly key + GUID, which
		// sha1.Sum reads without a slice of a larger buffer.
		var in [KeyLen + len(websocketGUID)]byte
		copy(in[:], key)
		copy(in[KeyLen:], websocketGUID)
		sum = sha1.Sum(in[:])
	} else {
		var buf [64 + len(websocketGUID)]byte
		var in []byte
		if len(key) <= 64 {
			in = append(buf[:0], key...)
		} else {
			in = append(make([]byte, 0, len(key)+len(websocketGUID)), key...)
		}
		sum = sha1.Sum(append(in, websocketGUID...))
	}
	n := len(dst)
	dst = slices.Grow(dst, AcceptLen)[:n+AcceptLen]
	encodeDigest((*[AcceptLen]byte)(dst[n:]), &sum)
	return dst
}

// base64Alphabet is the standard base64 alphabet (RFC 4648 §4), the one
// Sec-WebSocket-Accept is written in (RFC 6455 §4.2.2 step 5.4).
const base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

// encodeDigest writes a SHA-1 digest to out in base64 with padding, as
// base64.StdEncoding does, for the one length an Accept value has: six
// whole groups of three octets, then two octets and one '='. The fixed
// sizes spare encoding/base64's general loop (TestEncodeDigest compares),
// and writing in place spares a copy of the result.
func encodeDigest(out *[AcceptLen]byte, sum *[sha1.Size]byte) {
	for g := range 6 {
		v := uint(sum[3*g])<<16 | uint(sum[3*g+1])<<8 | uint(sum[3*g+2])
		out[4*g] = base64Alphabet[v>>18&63]
		out[4*g+1] = base64Alphabet[v>>12&63]
		out[4*g+2] = base64Alphabet[v>>6&63]
		out[4*g+3] = base64Alphabet[v&63]
	}
	v := uint(sum[18])<<16 | uint(sum[19])<<8
	out[24] = base64Alphabet[v>>18&63]
	out[25] = base64Alphabet[v>>12&63]
	out[26] = base64Alphabet[v>>6&63]
	out[27] = '='
}

// Accept returns the Sec-WebSocket-Accept value for key.
func Accept(key string) string {
	return string(AppendAccept(nil, []byte(key)))
}

// checkBase64Value checks base64-value-non-empty (RFC 6455 §4.3), the
// grammar of both Sec-WebSocket-Key and Sec-WebSocket-Accept. It returns
// the decoded length, or -1 after reporting a violation.
func checkBase64Value(b []byte, off int, field string, grammar rules.ID, role Role, v *Verdict, status int) int {
	if len(b) == 0 {
		v.record(grammar, role, status, octetAt(field, off), "empty value; base64-value-non-empty needs at least 4 characters")
		return -1
	}
	for i, c := range b {
		if c == ' ' || c == '\t' {
			// AMB-12: no whitespace inside the value.
			v.record(rules.AMB_12, role, status, octetAt(field, off+i), "whitespace inside a base64 value")
			return -1
		}
		if !base64Char[c] && c != '=' {
			v.record(rules.RFC6455_4_3_G5, role, status, octetAt(field, off+i), "octet outside the base64 alphabet (A-Z a-z 0-9 + /)")
			return -1
		}
	}
	if len(b)%4 != 0 {
		// base64-value-non-empty is whole groups of 4 characters.
		v.record(rules.RFC6455_4_3_G2, role, status, bytesAt(field, off, b), "base64 value length is not a multiple of 4")
		v.sender(rules.RFC6455_4_3_G3, bytesAt(field, off, b), "base64-data is groups of 4 characters")
		return -1
	}
	// '=' only as the last one or two characters of the last group.
	pad := 0
	for pad < 2 && pad < len(b) && b[len(b)-1-pad] == '=' {
		pad++
	}
	for i, c := range b[:len(b)-pad] {
		if c == '=' {
			v.record(rules.RFC6455_4_3_G4, role, status, octetAt(field, off+i), "'=' padding inside a base64 value")
			return -1
		}
	}
	return len(b)/4*3 - pad
}

// checkKey checks the request's Sec-WebSocket-Key (RFC 6455 §4.1 step 7,
// §4.2.1 step 5, §4.3; STRICT-G1).
func checkKey(f *Field, v *Verdict) bool {
	if strictKey(f.Value) {
		return true
	}
	const field = "Sec-WebSocket-Key"
	if i := indexOWS(f.Value); i >= 0 {
		// AMB-12: whitespace inside the key is refused by strict policy.
		// Without its whitespace, a value that is still not the base64 of
		// 16 octets breaks RFC 6455 §4.2.1's MUST as well.
		v.refuse(rules.AMB_12, octetAt(field, f.ValueOffset+i), "whitespace inside a base64 value")
		if n := base64LenIgnoringWS(f.Value); n != 16 {
			v.refuse(rules.RFC6455_4_2_1_6, fieldValue(field, f),
				"without its whitespace, the key is not the base64 encoding of 16 octets")
		}
		return false
	}
	n := checkBase64Value(f.Value, f.ValueOffset, field, rules.RFC6455_4_3_G1, Recipient, v, 400)
	if n < 0 {
		return false
	}
	if n != 16 {
		v.refuse(rules.RFC6455_4_2_1_6, fieldValue(field, f),
			"key decodes to "+strconv.Itoa(n)+" octets; it must decode to exactly 16")
		return false
	}
	// 16 octets are 21 characters and 2 pad bits in the 22nd; strict keys
	// have those bits zero, so the 22nd character is one of A Q g w.
	switch f.Value[21] {
	case 'A', 'Q', 'g', 'w':
	default:
		v.refuse(rules.STRICT_G1, octetAt(field, f.ValueOffset+21),
			"key has non-zero pad bits (its 22nd character must be A, Q, g or w)")
		return false
	}
	return true
}

// base64LenIgnoringWS returns the number of octets b decodes to when its
// SP and HTAB are removed, or -1 when what remains is not
// base64-value-non-empty (RFC 6455 §4.3): whole groups of 4 characters of
// the base64 alphabet, with '=' only as the last one or two.
func base64LenIgnoringWS(b []byte) int {
	n, pad := 0, 0
	for _, c := range b {
		switch {
		case c == ' ' || c == '\t':
			continue
		case c == '=':
			pad++
		case !base64Char[c] || pad > 0:
			return -1 // outside the alphabet, or data after padding
		}
		n++
	}
	if n == 0 || n%4 != 0 || pad > 2 {
		return -1
	}
	return n/4*3 - pad
}

// strictKey reports, in one pass, whether b is a key that checkKey's
// checks below all accept: 22 base64 characters, the 22nd with zero pad
// bits, then "==" (16 octets decode to exactly this form). Only other keys
// take the longer path, which names the fault.
func strictKey(b []byte) bool {
	if len(b) != KeyLen || b[22] != '=' || b[23] != '=' {
		return false
	}
	switch b[21] {
	case 'A', 'Q', 'g', 'w':
	default:
		return false
	}
	return allIn(b[:22], &base64Char, &base64CharAt)
}

// parseVersion reads one version value of Sec-WebSocket-Version: version =
// DIGIT | NZDIGIT DIGIT | "1" DIGIT DIGIT | "2" DIGIT DIGIT (RFC 6455 §4.3),
// limited to 0-255 without leading zeros (STRICT-G3, AMB-10). It returns the
// number, or -1 and the rule broken.
func parseVersion(b []byte) (int, rules.ID) {
	if len(b) == 0 || len(b) > 3 {
		return -1, rules.RFC6455_4_3_G12
	}
	n := 0
	for _, c := range b {
		if !isDigit(c) {
			return -1, rules.RFC6455_4_3_G12
		}
		n = n*10 + int(c-'0')
	}
	if len(b) > 1 && b[0] == '0' {
		return -1, rules.RFC6455_4_3_G12
	}
	if len(b) == 3 && b[0] != '1' && b[0] != '2' {
		return -1, rules.RFC6455_4_3_G12
	}
	if n > 255 {
		return -1, rules.AMB_10
	}
	return n, ""
}
