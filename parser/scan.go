package parser

import (
	"encoding/binary"
	"math/bits"
)

// The word-at-a-time scan of field values the fast path reads
// (fastFields), checked octet by octet against plainValue by
// TestPlainRun, and the fast path as a whole against the general one by
// FuzzFastPath.

// plainValue holds the octets of a field value that need no second look:
// field-vchar (VCHAR / obs-text), SP and HTAB (RFC 9110 §5.5).
var plainValue = class("\t ", 0x21, 0x7e, 0x80, 0xff)

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// unplain sets the high bit of exactly those octets of x that are not in
// plainValue or are HTAB: control octets (below 0x20) and DEL. Octets
// 0x80-0xff are obs-text, plain; for the others, low is the octet itself
// and adding 0x60 reaches the high bit from 0x20 up, adding 0x01 only from
// 0x7f: no addition carries into the next octet, so no octet flags another.
func unplain(x uint64) uint64 {
	low := x &^ highs
	plain := x | ((low + ones*0x60) &^ (low + ones*0x01))
	return ^plain & highs
}

// plainRun returns the index of the first octet at or after i that is not
// in plainValue, or len(b). It tests sixteen octets per step, which is all
// most values need, and once a value has run past those, 32 per step (a
// Cookie, a User-Agent) until a step finds an octet to look at, which the
// sixteen-octet steps then find. The lowest flagged octet of a step is
// found without a branch on where it is. HTAB is flagged but plain: the
// scan steps over it and goes on.
func plainRun(b []byte, i int) int {
	for i+16 <= len(b) {
		w := b[i : i+16 : i+16]
		m0 := unplain(binary.LittleEndian.Uint64(w[0:]))
		m1 := unplain(binary.LittleEndian.Uint64(w[8:]))
		if m0|m1 == 0 {
			i += 16
			for i+32 <= len(b) {
				w := b[i : i+32 : i+32]
				if unplain(binary.LittleEndian.Uint64(w[0:]))|unplain(binary.LittleEndian.Uint64(w[8:]))|
					unplain(binary.LittleEndian.Uint64(w[16:]))|unplain(binary.LittleEndian.Uint64(w[24:])) != 0 {
					break
				}
				i += 32
			}
			continue
		}
		i += lowestOf2(m0, m1) / 8
		if b[i] != '\t' {
			return i
		}
		i++
	}
	for i+8 <= len(b) {
		m := unplain(binary.LittleEndian.Uint64(b[i : i+8]))
		if m == 0 {
			i += 8
			continue
		}
		i += bits.TrailingZeros64(m) / 8
		if b[i] != '\t' {
			return i
		}
		i++
	}
	for i < len(b) && plainValue[b[i]] {
		i++
	}
	return i
}

// lowestOf2 returns the index of the lowest set bit of the 128-bit word
// m0 m1 (m0 lowest), 128 when none is, with a conditional move rather
// than a branch on where the bit is.
func lowestOf2(m0, m1 uint64) int {
	at := 64 + bits.TrailingZeros64(m1)
	if m0 != 0 {
		at = bits.TrailingZeros64(m0)
	}
	return at
}
