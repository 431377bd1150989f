package naive

import "github.com/switchyard/switchyard/properties/handshake"

// Recipient is the naive recipient with the given faults: a WebSocket server
// judging requests and a WebSocket client judging the 101 to its request.
type Recipient struct{ Faults Fault }

func (n Recipient) has(f Fault) bool { return n.Faults&f != 0 }

// Judge returns the naive server's decision on e's request and the naive
// client's on e's response. The client knows what it sent: it reads its
// own request without faults.
func (n Recipient) Judge(e handshake.Exchange) (server, client Decision) {
	req, resp := e.Request.Print(), e.Response.Print()
	return n.Server(req), n.client(req, resp)
}

// JudgesLikeReference reports whether n decides on both messages of e as
// the reference does.
func (n Recipient) JudgesLikeReference(e handshake.Exchange) bool {
	rs, rc := RefDecisions(e)
	ns, nc := n.Judge(e)
	return ns.Same(rs) && nc.Same(rc)
}
