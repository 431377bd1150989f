package naive

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/switchyard/switchyard/parser"
)

// client decides on the response stream to the request it sent: the
// heads it reads, each through its empty line, interim 1xx responses
// skipped (RFC 9110 §15.2, AMB-19) up to the final one, which must be a
// valid 101 (RFC 6455 §4.1, RFC 7692 §5 and §7). It reports the
// subprotocol and extensions in use.
func (n Recipient) client(req, resp []byte) Decision {
	sent, err := Recipient{}.request(req)
	if err != nil {
		return Decision{Err: fmt.Errorf("the client's own request: %v", err)}
	}
	for {
		end := strings.Index(string(resp), "\r\n\r\n")
		if end < 0 {
			return Decision{Err: errors.New("no complete response head")}
		}
		h, err := n.parse(resp[:end+4], true)
		if err != nil {
			return Decision{Err: err}
		}
		if n.has(FaultFirstHeadFinal) || !nInterim(h.start) {
			// What follows a 101 is the new protocol's, not HTTP's.
			return n.switched(sent, h)
		}
		resp = resp[end+4:]
	}
}

// nInterim reports whether a status-line is that of an interim response:
// HTTP/1.1, a 1xx status other than 101, and a reason phrase after SP
// (RFC 9112 §4; RFC 9110 §15.2).
func nInterim(start string) bool {
	rest, ok := strings.CutPrefix(start, "HTTP/1.1 1")
	return ok && len(rest) >= 3 && '0' <= rest[0] && rest[0] <= '9' && '0' <= rest[1] && rest[1] <= '9' &&
		rest[2] == ' ' && rest[:2] != "01"
}

// switched judges the final response head h to the request sent.
func (n Recipient) switched(sent nRequest, h nHead) Decision {
	fail := func(format string, args ...any) Decision { return Decision{Err: fmt.Errorf(format, args...)} }
	if !strings.HasPrefix(h.start, "HTTP/1.1 101 ") {
		return fail("status-line %q", h.start)
	}
	ups, err := n.list(h, "Upgrade")
	if err != nil || len(ups) != 1 || ups[0] != "websocket" && (n.has(FaultCaseSensitiveProtocols) || !strings.EqualFold(ups[0], "websocket")) {
		return fail("Upgrade %q is not websocket (%v)", ups, err)
	}
	if ok, err := n.hasElement(h, "Connection", "Upgrade", n.has(FaultCaseSensitiveOptions)); !ok || err != nil {
		return fail("Connection lacks upgrade (%v)", err)
	}
	if a, err := n.single(h, "Sec-WebSocket-Accept"); err != nil || a != parser.Accept(sent.key) {
		return fail("Sec-WebSocket-Accept %q does not match (%v)", a, err)
	}
	if len(n.values(h, "Content-Length"))+len(n.values(h, "Transfer-Encoding")) > 0 {
		return fail("a 101 with framing fields")
	}
	var d Decision
	switch ps := n.values(h, "Sec-WebSocket-Protocol"); {
	case len(ps) > 1:
		return fail("%d Sec-WebSocket-Protocol lines", len(ps))
	case len(ps) == 1:
		if !slices.Contains(sent.protocols, ps[0]) {
			return fail("subprotocol %q was not offered", ps[0])
		}
		d.protocols = ps
		if n.has(FaultAssumeFirstSubprotocol) {
			d.protocols = sent.protocols[:1]
		}
	}
	if n.has(FaultSingleExtensionsLine) && len(n.values(h, "Sec-WebSocket-Extensions")) > 1 {
		return fail("several Sec-WebSocket-Extensions lines")
	}
	xs, err := n.extensions(h)
	if err != nil {
		return Decision{Err: err}
	}
	deflates := 0
	for _, x := range xs {
		if !slices.ContainsFunc(sent.extensions, func(o nExt) bool { return o.name == x.name }) {
			return fail("extension %s was not offered", x.name)
		}
		if x.name == parser.PermessageDeflate {
			if deflates++; deflates > 1 {
				return fail("two permessage-deflate elements")
			}
			if !slices.ContainsFunc(sent.extensions, func(o nExt) bool { return n.answers(x, o) }) {
				return fail("%s answers no offer", x)
			}
		}
		d.extensions = append(d.extensions, x.String())
	}
	if n.has(FaultUnorderedExtensions) {
		slices.Sort(d.extensions)
	}
	return d
}
