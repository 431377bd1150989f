package wire

import (
	"errors"
	"net"
	"os"
	"syscall"

	"github.com/switchyard/switchyard/judge"
)

// FateOf is the one place that names what an I/O error did to a
// connection:
//
//   - nil: Answered (the head is complete);
//   - ErrOversized: Oversized;
//   - ECONNRESET, ECONNABORTED, even on the dial (the peer accepted,
//     then reset): Reset;
//   - a failed connect (a dial error, ECONNREFUSED, EHOSTUNREACH,
//     ENETUNREACH): Unreachable — no case ever reached the peer, which is
//     a run error for the caller, not a finding;
//   - EPIPE: Reset;
//   - a deadline: Hung;
//   - anything else (EOF, a closed connection): Closed.
func FateOf(err error) judge.Fate {
	var op *net.OpError
	var ne net.Error
	switch {
	case err == nil:
		return judge.Answered
	case errors.Is(err, ErrOversized):
		return judge.Oversized
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNABORTED):
		// Even on the dial: the peer took the connection, then reset it.
		return judge.Reset
	case errors.As(err, &op) && op.Op == "dial",
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return judge.Unreachable
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNABORTED), errors.Is(err, syscall.EPIPE):
		return judge.Reset
	case errors.Is(err, os.ErrDeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return judge.Hung
	}
	return judge.Closed
}
