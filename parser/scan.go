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
// plainValue or are HTAB: control octets (below 0x20) and DEL.
func unplain(x uint64) uint64 {
	return ^plainHigh(x) & highs
}

// plainHigh sets the high bit of those octets of x that are in plainValue
// but HTAB (and may set others' high bits only where it is set already).
// Octets 0x80-0xff are obs-text, plain, their high bit set in x. For the
// others, c+1 with the high bit dropped maps DEL to 0 and 0x00-0x1f to
// 0x01-0x20, below every plain octet's 0x21-0x7f, which adding 0x5f lifts
// to the high bit. Neither addition carries into the next octet (c+1 is at
// most 0x80, the sum at most 0xde), so no octet flags another. Five
// operations, and a run of words is tested by AND-ing theirs.
func plainHigh(x uint64) uint64 {
	z := ((x &^ highs) + ones) &^ highs
	return x | (z + ones*0x5f)
}

// plainRun returns the index of the first octet at or after i that is not
// in plainValue, or len(b). It tests sixteen octets per step, which is all
// most values need, and once a value has run past those (a Cookie, a
// User-Agent), 64 per step until a step finds an octet that is not SP or
// VCHAR (0x20-0x7e), which the sixteen-octet steps then look for. The
// lowest flagged octet of a step is found without a branch on where it
// is. HTAB is flagged but plain: the scan steps over it and goes on.
//
// The 64-octet step takes three operations a word where plainHigh takes
// five. For an octet c with no carry coming in, c+0x60 has its high bit
// set exactly from 0x20 up (0xff makes 0x5f), and c+1 has it clear
// exactly below 0x7f (0xff makes 0x00, caught by the first); so the high
// bit of (x+0x60) &^ (x+1) is set for 0x20-0x7e and clear for any other
// octet. Up to the lowest octet outside 0x20-0x7e neither addition
// carries (c+0x60 <= 0xde, c+1 <= 0x7f), so that octet is seen as it is,
// and the octets above it, which carries may change, do not matter: the
// step has failed already. The step is written out in the loop: as a
// function it is not inlined, and the call costs a fifth of the scan.
func plainRun(b []byte, i int) int {
	long := true // no 64-octet step has failed since the last HTAB
	for i+16 <= len(b) {
		w := b[i : i+16 : i+16]
		m0 := unplain(binary.LittleEndian.Uint64(w[0:]))
		m1 := unplain(binary.LittleEndian.Uint64(w[8:]))
		if m0|m1 == 0 {
			i += 16
			if long {
				// Once a 64-octet step fails, the octet that made it fail
				// is less than 64 octets on: the 16-octet steps find it
				// without going back to the long steps, unless it is HTAB.
				long = false
				for i+64 <= len(b) {
					w := b[i : i+64 : i+64]
					x0, x1 := binary.LittleEndian.Uint64(w[0:]), binary.LittleEndian.Uint64(w[8:])
					x2, x3 := binary.LittleEndian.Uint64(w[16:]), binary.LittleEndian.Uint64(w[24:])
					x4, x5 := binary.LittleEndian.Uint64(w[32:]), binary.LittleEndian.Uint64(w[40:])
					x6, x7 := binary.LittleEndian.Uint64(w[48:]), binary.LittleEndian.Uint64(w[56:])
					from20 := (x0 + ones*0x60) & (x1 + ones*0x60) & (x2 + ones*0x60) & (x3 + ones*0x60) &
						(x4 + ones*0x60) & (x5 + ones*0x60) & (x6 + ones*0x60) & (x7 + ones*0x60)
					from7f := (x0 + ones) | (x1 + ones) | (x2 + ones) | (x3 + ones) |
						(x4 + ones) | (x5 + ones) | (x6 + ones) | (x7 + ones)
					if from20&^from7f&highs != highs {
						break
					}
					i += 64
				}
			}
			continue
		}
		i += lowestOf2(m0, m1) / 8
		if b[i] != '\t' {
			return i
		}
		i++
		long = true
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
