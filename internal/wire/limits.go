package wire

import (
	"time"

	"github.com/switchyard/switchyard/parser"
)

// The limits of every read. A peer cannot make the harness read, keep or
// wait for more than these.
const (
	// MaxHeadBytes caps one message head, start-line to blank line: twice
	// the parser's default limit, so that a head the reference refuses
	// as too large (RFC 9112 §2.3, parser.DefaultMaxHeadBytes) still
	// arrives whole and is judged as what it is, while a peer that never
	// ends its head is cut off (Oversized).
	MaxHeadBytes = 2 * parser.DefaultMaxHeadBytes

	// MaxInterimHeads caps the interim (1xx other than 101) responses
	// read before the final one (RFC 9110 §15.2). A server sends one or
	// two (100 Continue, 103 Early Hints); more than this is a peer that
	// never gives a final answer (Oversized).
	MaxInterimHeads = 16

	// MaxInterimBytes caps the octets of all interim heads together, so
	// that MaxInterimHeads heads of MaxHeadBytes each cannot add up.
	MaxInterimBytes = 64 << 10

	// MaxAfterBytes caps the octets kept after a final response head:
	// enough for the first frames a server sends after a 101 or the
	// start of a refusal's body, which is all a judge reads of them.
	MaxAfterBytes = 4 << 10

	// MaxBodyBytes caps the octets kept after a request head (a body the
	// head announces, a pipelined request, early frames of the new
	// protocol), for the same reason.
	MaxBodyBytes = 4 << 10

	// Settle is how long the reader waits, once a head is complete, for
	// the octets that follow it. A peer that writes its head and its
	// first frames back to back is seen whole; a silent one costs only
	// this.
	Settle = 20 * time.Millisecond

	// chunk is the most read from a connection at once.
	chunk = 4 << 10
)

// NoSettle, as Limits.Settle, keeps only the octets already read past a
// head, without waiting for more.
const NoSettle time.Duration = -1

// Limits tune one read. A zero field takes the package's constant of the
// same name (DefaultLimits); a caller lowers a limit, never removes it.
type Limits struct {
	MaxHead         int           // bytes of one head (MaxHeadBytes)
	MaxInterimHeads int           // interim heads before the final one (MaxInterimHeads)
	MaxInterimBytes int           // bytes of all interim heads (MaxInterimBytes)
	MaxAfter        int           // bytes kept after the head (MaxAfterBytes, MaxBodyBytes for a request)
	Settle          time.Duration // wait for octets after the head (Settle); NoSettle for none
}

// DefaultLimits are the limits every mode uses unless it says otherwise.
var DefaultLimits = Limits{
	MaxHead:         MaxHeadBytes,
	MaxInterimHeads: MaxInterimHeads,
	MaxInterimBytes: MaxInterimBytes,
	MaxAfter:        MaxAfterBytes,
	Settle:          Settle,
}

// orDefault fills the zero fields, and caps every field at its constant.
func (l Limits) orDefault(after int) Limits {
	clamp := func(v, max int) int {
		if v <= 0 || v > max {
			return max
		}
		return v
	}
	l.MaxHead = clamp(l.MaxHead, MaxHeadBytes)
	l.MaxInterimHeads = clamp(l.MaxInterimHeads, MaxInterimHeads)
	l.MaxInterimBytes = clamp(l.MaxInterimBytes, MaxInterimBytes)
	l.MaxAfter = clamp(l.MaxAfter, after)
	if l.Settle == 0 || l.Settle > Settle {
		l.Settle = Settle
	}
	return l
}
