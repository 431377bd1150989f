package oracle

import "github.com/switchyard/switchyard/judge"

// Fate is what became of a connection under test, as seen from the
// oracle's end (judge.Fate). It records only what happened; the judge
// decides whether it is right.
type Fate = judge.Fate

// Fates of a server under test's connection.
const (
	FateAnswered  = judge.Answered  // a complete final response head arrived (101 or not: the judge reads it)
	FateClosed    = judge.Closed    // the server closed before a complete head (maybe after a partial one)
	FateHung      = judge.Hung      // no complete head before the timeout, connection still open
	FateReset     = judge.Reset     // the connection was reset (TCP RST)
	FateOversized = judge.Oversized // the head grew past what the oracle reads
	FatePanicked  = judge.Panicked  // the implementation panicked
	// FateUnreachable: the oracle could not connect; no case reached the
	// target. Never judged: Run stops with an error.
	FateUnreachable = judge.Unreachable
)

// Fates of a client under test.
const (
	FateOpen   = judge.Open   // the client reported the connection open
	FateFailed = judge.Failed // the client reported the handshake failed
	// FateNoRequest: the client sent no complete request before the timeout.
	FateNoRequest = judge.NoRequest
	// A client can also hang (FateHung: no verdict before the timeout) or
	// panic (FatePanicked).
)

// Observation is what one implementation did with one case: the
// judge.Observation (the raw octets on the wire, the connection's fate,
// the protocol and the case's rule) and which target and case it was. It
// is stored as is, so that it can be judged again later by judge.Judge
// alone.
//
// Layer (in judge.Observation) is set, server side, when the target sits
// on a shared server layer (ServerImpl.Layer) and that layer dealt with
// the connection without calling the implementation's own code: what
// happened is the layer's doing, e.g. "net/http server".
type Observation struct {
	Target  string `json:"target"`
	Version string `json:"version,omitempty"`
	Case    string `json:"case"`
	judge.Observation
}
