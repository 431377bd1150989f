package wire

import (
	"bytes"
	"fmt"
	"net"

	"github.com/switchyard/switchyard/judge"
)

// Response is what a server (or an intermediary) sent in answer to one
// request: the heads and octets as received, and the connection's fate.
type Response struct {
	// Interim holds the interim heads (1xx other than 101) before the
	// final one, in order (RFC 9110 §15.2).
	Interim [][]byte
	// Head is the final response head; when Fate is not Answered, the
	// octets of the head under way, if any.
	Head []byte
	// After holds the octets that followed the final head, up to the
	// limit's MaxAfter, read within its Settle.
	After []byte
	// Fate is Answered when the final head arrived; otherwise what ended
	// the read (FateOf).
	Fate judge.Fate
	// Detail is the error that ended the read, "" when answered.
	Detail string
}

// ReadResponse reads a response from c, whose deadline the caller has
// set: every head up to the final one, interim ones collected in Interim
// within the limits, then the octets that follow the final head within
// the settle wait. Zero limits take DefaultLimits.
func ReadResponse(c net.Conn, lim Limits) Response {
	lim = lim.orDefault(MaxAfterBytes)
	r := NewReader(c)
	var resp Response
	total := 0
	for {
		head, err := r.Head(lim.MaxHead)
		if err != nil {
			resp.Head, resp.Fate, resp.Detail = head, FateOf(err), err.Error()
			return resp
		}
		if !Interim(head) {
			resp.Head, resp.Fate = head, judge.Answered
			settle := lim.Settle
			if !Switching(head) {
				// Only after a 101 does what follows speak for the peer
				// (the new protocol's first octets); after a final
				// status it is a body, and waiting for it costs every
				// case the settle time.
				settle = NoSettle
			}
			resp.After = r.After(lim.MaxAfter, settle)
			return resp
		}
		total += len(head)
		if len(resp.Interim) == lim.MaxInterimHeads || total > lim.MaxInterimBytes {
			resp.Head, resp.Fate = head, judge.Oversized
			resp.Detail = fmt.Sprintf("%v: more than %d interim responses or %d bytes of them before the final one",
				ErrOversized, lim.MaxInterimHeads, lim.MaxInterimBytes)
			return resp
		}
		resp.Interim = append(resp.Interim, head)
	}
}

// Switching reports whether head is a 101 (Switching Protocols)
// status-line.
func Switching(head []byte) bool {
	return len(head) > 12 && bytes.HasPrefix(head, []byte("HTTP/1.")) && string(head[9:12]) == "101"
}

// Interim reports whether head is an interim response: a status-line
// with a 1xx code other than 101 (RFC 9110 §15.2). Empty lines before the
// status-line are skipped, as Scanner does.
func Interim(head []byte) bool {
	for len(head) > 0 && (head[0] == '\r' || head[0] == '\n') {
		head = head[1:]
	}
	// "HTTP/" DIGIT "." DIGIT SP 3DIGIT
	if len(head) < 12 || string(head[:5]) != "HTTP/" || head[8] != ' ' {
		return false
	}
	code := head[9:12]
	for _, b := range code {
		if b < '0' || b > '9' {
			return false
		}
	}
	return code[0] == '1' && string(code) != "101"
}

// Request is what a client sent on a connection the harness accepted.
type Request struct {
	// Head is the request head; when Fate is not Answered, the octets
	// of the head under way, if any.
	Head []byte
	// Body holds the octets that followed the head (a body, a pipelined
	// request, early frames), up to the limit's MaxAfter, read within its
	// Settle.
	Body []byte
	// Fate is Answered when the whole head arrived (the name is shared
	// with responses: the peer's message is complete); otherwise what
	// ended the read (FateOf).
	Fate judge.Fate
	// Detail is the error that ended the read, "" when complete.
	Detail string
}

// ReadRequest reads one request head from c, whose deadline the caller
// has set, and the octets that follow it within the settle wait. Zero
// limits take DefaultLimits, with MaxBodyBytes for MaxAfter.
func ReadRequest(c net.Conn, lim Limits) Request {
	lim = lim.orDefault(MaxBodyBytes)
	r := NewReader(c)
	head, err := r.Head(lim.MaxHead)
	if err != nil {
		return Request{Head: head, Fate: FateOf(err), Detail: err.Error()}
	}
	return Request{Head: head, Body: r.After(lim.MaxAfter, lim.Settle), Fate: judge.Answered}
}
