package oracle

import "bytes"

// MinimizeBudget bounds the reruns one minimization may spend.
const MinimizeBudget = 300

// Minimize shrinks msg while keep(candidate) holds: delta debugging
// (Zeller's ddmin, removing complements) over the field lines first, then
// over the bytes of the head. The start-line and the Host lines are never
// changed — a reproducer must reach the same resource on the same host as
// the case did — and the empty line closing the head (with any body)
// always stays: without it the peer would only wait for more. It spends at
// most budget calls of keep. A CRLF is never split.
func Minimize(msg []byte, keep func([]byte) bool, budget int) []byte {
	calls := 0
	spent := func() bool { return calls >= budget }
	test := func(b []byte) bool {
		if spent() {
			return false
		}
		calls++
		return keep(b)
	}
	lines := splitLines(msg)
	if len(lines) < 2 {
		return msg
	}
	tail := lines[len(lines)-1]
	// The units of the line phase: every line but the last, the start-line
	// and Host lines fixed.
	units := make([]unit, 0, len(lines)-1)
	for i, l := range lines[:len(lines)-1] {
		units = append(units, unit{b: l, fixed: i == 0 || isHostLine(l)})
	}
	units = ddminFree(units, func(u []unit) bool { return test(append(joinUnits(u), tail...)) }, spent)

	// The bytes phase: the free lines' octets, the last one's terminator
	// kept so that every candidate still ends its head. A CRLF stays
	// whole: removing its CR alone would add a bare-LF fault the
	// reproducer does not need.
	var bunits []unit
	for k, u := range units {
		if u.fixed {
			bunits = append(bunits, u)
			continue
		}
		b := u.b
		end := len(b)
		if k == len(units)-1 {
			end = len(bytes.TrimRight(b, "\r\n"))
		}
		for i := 0; i < end; i++ {
			if b[i] == '\r' && i+1 < end && b[i+1] == '\n' {
				bunits = append(bunits, unit{b: b[i : i+2]})
				i++
				continue
			}
			bunits = append(bunits, unit{b: b[i : i+1]})
		}
		if end < len(b) {
			bunits = append(bunits, unit{b: b[end:], fixed: true})
		}
	}
	bunits = ddminFree(bunits, func(u []unit) bool { return test(append(joinUnits(u), tail...)) }, spent)
	return append(joinUnits(bunits), tail...)
}

// unit is one piece of a message under minimization; a fixed one is never
// removed.
type unit struct {
	b     []byte
	fixed bool
}

// ddminFree runs ddmin over the free units, keeping the fixed ones in
// their places.
func ddminFree(units []unit, test func([]unit) bool, spent func() bool) []unit {
	var free []int
	for i, u := range units {
		if !u.fixed {
			free = append(free, i)
		}
	}
	build := func(keep []int) []unit {
		out := make([]unit, 0, len(units))
		k := 0
		for i, u := range units {
			if u.fixed {
				out = append(out, u)
			} else if k < len(keep) && keep[k] == i {
				out = append(out, u)
				k++
			}
		}
		return out
	}
	return build(ddmin(free, func(sub []int) bool { return test(build(sub)) }, spent))
}

// ddmin returns a 1-minimal subsequence of units for which test holds,
// assuming it holds for units, or the smallest found before spent reports
// the budget gone.
func ddmin[T any](units []T, test func([]T) bool, spent func() bool) []T {
	n := 2
	for len(units) >= 2 && !spent() {
		chunk := (len(units) + n - 1) / n
		reduced := false
		for start := 0; start < len(units) && !spent(); start += chunk {
			end := min(start+chunk, len(units))
			comp := append(append([]T{}, units[:start]...), units[end:]...)
			if len(comp) > 0 && test(comp) {
				units, n, reduced = comp, max(n-1, 2), true
				break
			}
		}
		if !reduced {
			if n >= len(units) {
				break
			}
			n = min(2*n, len(units))
		}
	}
	return units
}

// isHostLine reports a field line named Host (case-insensitive).
func isHostLine(l []byte) bool {
	return len(l) >= 5 && bytes.EqualFold(l[:5], []byte("host:"))
}

// splitLines splits a message into its lines, each with its terminator;
// the empty line closing the head and whatever follows form the last.
func splitLines(b []byte) [][]byte {
	var out [][]byte
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 || (len(out) > 0 && (i == 0 || (i == 1 && b[0] == '\r'))) {
			out = append(out, b)
			break
		}
		out = append(out, b[:i+1])
		b = b[i+1:]
	}
	return out
}

func joinUnits(us []unit) []byte {
	var out []byte
	for _, u := range us {
		out = append(out, u.b...)
	}
	return out
}
