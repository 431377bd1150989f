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
//   - a failed connect (a dial error, ECONNREFUSED, EHOSTUNREACH,
//     ENETUNREACH): Unreachable — no case ever reached the peer, which is
//     a run error for the caller, not a finding;
//   - ECONNRESET, ECONNABORTED, EPIPE: Reset;
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
