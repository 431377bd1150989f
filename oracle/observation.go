package oracle

import "time"

// Fate is what became of a connection under test, as seen from the
// oracle's end. It records only what happened; the judge decides whether it
// is right.
type Fate string

// Fates of a server under test's connection.
const (
	FateAnswered Fate = "answered" // a complete response head arrived (101 or not: the judge reads it)
	FateClosed   Fate = "closed"   // the server closed before a complete head (maybe after a partial one)
	FateHung     Fate = "hung"     // no complete head before the timeout, connection still open
	FateReset    Fate = "reset"    // the connection was reset (TCP RST)
	FatePanicked Fate = "panicked" // the implementation panicked
)

// Fates of a client under test.
const (
	FateOpen   Fate = "open"   // the client reported the connection open
	FateFailed Fate = "failed" // the client reported the handshake failed
	// FateNoRequest: the client sent no complete request before the timeout.
	FateNoRequest Fate = "no-request"
	// A client can also hang (FateHung: no verdict before the timeout) or
	// panic (FatePanicked).
)

// Observation is what one implementation did with one case: the raw bytes
// on the wire and the connection's fate. It is stored as is, so that it can
// be judged again later.
type Observation struct {
	Target  string `json:"target"`
	Version string `json:"version,omitempty"`
	Side    Side   `json:"side"`
	Case    string `json:"case"`
	Request []byte `json:"request"`  // server side: sent; client side: what the client sent
	Reply   []byte `json:"response"` // server side: the head received; client side: what was sent back
	Fate    Fate   `json:"fate"`
	Detail  string `json:"detail,omitempty"` // the client's error, a panic value, an I/O error
	// AfterClose reports a client verdict that came only once the oracle
	// had closed the connection: a failure then may be the close's doing.
	AfterClose bool          `json:"after_close,omitempty"`
	Elapsed    time.Duration `json:"elapsed_ns"`
}
