package oracle

import "bytes"

// MinimizeBudget bounds the reruns one minimization may spend.
const MinimizeBudget = 300

// Minimize shrinks msg while keep(candidate) holds: delta debugging
// (Zeller's ddmin, removing complements) over the field lines first, then
// over the bytes of the head. The start-line is never removed as a line,
// and the empty line closing the head (with any body) always stays:
// without it the peer would only wait for more. It spends at most budget
// calls of keep. A CRLF is never split.
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
	first, mid, tail := lines[0], lines[1:len(lines)-1], lines[len(lines)-1]
	whole := func(sub [][]byte) []byte {
		return join(append(append([][]byte{first}, sub...), tail))
	}
	mid = ddmin(mid, func(sub [][]byte) bool { return test(whole(sub)) }, spent)
	msg = whole(mid)
	// The bytes phase keeps the last line's terminator too, so that every
	// candidate still ends its head.
	headLen := len(msg) - len(tail)
	headLen -= len(msg[:headLen]) - len(bytes.TrimRight(msg[:headLen], "\r\n"))
	tail = msg[headLen:]
	// The units are bytes, except that a CRLF stays whole: removing its CR
	// alone would add a bare-LF fault the reproducer does not need.
	var units [][]byte
	for i := 0; i < headLen; i++ {
		if msg[i] == '\r' && i+1 < headLen && msg[i+1] == '\n' {
			units = append(units, msg[i:i+2])
			i++
			continue
		}
		units = append(units, msg[i:i+1])
	}
	units = ddmin(units, func(sub [][]byte) bool { return test(append(join(sub), tail...)) }, spent)
	return append(join(units), tail...)
}

// ddmin returns a 1-minimal subsequence of units for which test holds,
// assuming it holds for units, or the smallest found before spent reports
// the budget gone.
func ddmin(units [][]byte, test func([][]byte) bool, spent func() bool) [][]byte {
	n := 2
	for len(units) >= 2 && !spent() {
		chunk := (len(units) + n - 1) / n
		reduced := false
		for start := 0; start < len(units) && !spent(); start += chunk {
			end := min(start+chunk, len(units))
			comp := append(append([][]byte{}, units[:start]...), units[end:]...)
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

func join(parts [][]byte) []byte { return bytes.Join(parts, nil) }
