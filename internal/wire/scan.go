package wire

import "bytes"

// Scanner finds the end of a message head in a buffer that grows at its
// end, scanning each octet once. It agrees with parser.HeadEnd: empty
// lines before the start-line are skipped, and the head ends after the
// first empty line (CRLF or a bare LF) that follows a non-empty one.
//
// The zero Scanner is ready. Give End the same buffer each time, grown
// only by appending; call Reset before scanning another.
type Scanner struct {
	next int  // offset of the first octet not scanned yet
	line int  // offset where the current line starts
	seen bool // a non-empty line has been seen
}

// End returns the offset just past the head's final empty line in b, or
// -1 when b holds no complete head yet. Only octets past those already
// scanned are looked at.
func (s *Scanner) End(b []byte) int {
	for s.next < len(b) {
		j := bytes.IndexByte(b[s.next:], '\n')
		if j < 0 {
			s.next = len(b)
			return -1
		}
		lf := s.next + j
		n := lf - s.line
		empty := n == 0 || (n == 1 && b[s.line] == '\r')
		s.next, s.line = lf+1, lf+1
		if empty && s.seen {
			return s.next
		}
		s.seen = s.seen || !empty
	}
	return -1
}

// Reset forgets what was scanned.
func (s *Scanner) Reset() { *s = Scanner{} }
