package naive

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/properties/handshake"
	sm "github.com/switchyard/switchyard/statemachine"
)

// Decision is what a recipient makes of one message: refused (Err), or
// accepted with what it negotiates — the offers a server reads from a
// request, the subprotocol and extensions a client has in use after a 101.
type Decision struct {
	Err        error
	protocols  []string
	extensions []string // each "name; param; param=value", values unescaped
}

// String says whether the decision refused the message, and why, or what
// it negotiated.
func (d Decision) String() string {
	if d.Err != nil {
		return "refused: " + d.Err.Error()
	}
	return fmt.Sprintf("accepted: protocols %q, extensions %q", d.protocols, d.extensions)
}

// Same reports whether two decisions agree: both refused, or both
// accepted with the Same negotiation.
func (d Decision) Same(o Decision) bool {
	if d.Err != nil || o.Err != nil {
		return (d.Err != nil) == (o.Err != nil)
	}
	return slices.Equal(d.protocols, o.protocols) && slices.Equal(d.extensions, o.extensions)
}

// RefDecisions returns the reference's decisions on e: the server's on
// the request (valid in strict mode, websocket switchable) and the
// client's on the response stream (responseStream): each interim head
// valid, the 101 valid against the request and switched, and the
// statemachine's Client role taking the request, the interim heads and
// the 101 to Switched.
func RefDecisions(e handshake.Exchange) (server, client Decision) {
	var p1, p2 parser.Parser
	req := p1.ParseRequest(e.Request.Print())
	switch {
	case !req.Valid(parser.Strict):
		server.Err = req.First(parser.Strict)
	case !slices.ContainsFunc(req.Switchable, func(p parser.Protocol) bool { return strings.EqualFold(string(p.Name), "websocket") }):
		server.Err = errors.New("websocket not switchable")
	default:
		for _, t := range req.WebSocket.Protocols {
			server.protocols = append(server.protocols, string(t.Value))
		}
		server.extensions = refExtensionList(req.WebSocket.Extensions)
	}
	interim, final, err := ResponseStream(e.Response)
	resp := p2.ParseResponse(final, req)
	switch {
	case err != nil:
		client.Err = err
	case !resp.Valid(parser.Strict):
		client.Err = resp.First(parser.Strict)
	case !resp.Switched:
		client.Err = errors.New("not switched")
	default:
		client.Err = RefClientTrace(e.Request.Print(), req, interim, final)
	}
	if client.Err == nil {
		if resp.Subprotocol != nil {
			client.protocols = []string{string(resp.Subprotocol)}
		}
		client.extensions = refExtensionList(resp.Extensions)
	}
	return server, client
}

// ResponseStream returns the response heads a client reads in m: the
// interim responses that m.Pre holds (the interim-responses variation puts
// them there: they are the octets before the 101's status-line), each
// through its empty line, and then m's own head.
func ResponseStream(m handshake.Message) (interim [][]byte, final []byte, err error) {
	pre := []byte(m.Pre)
	for len(pre) > 0 {
		k := parser.HeadEnd(pre)
		if k < 0 {
			return nil, nil, fmt.Errorf("octets before the response that are no complete head: %q", pre)
		}
		interim = append(interim, pre[:k])
		pre = pre[k:]
	}
	m.Pre = ""
	return interim, m.Print(), nil
}

// RefClientTrace checks the interim heads are valid responses and runs the
// statemachine's Client role over the request, the interim heads and the
// final head, which must leave it Switched.
func RefClientTrace(reqHead []byte, req *parser.Request, interim [][]byte, final []byte) error {
	var p parser.Parser
	for _, h := range interim {
		if r := p.ParseResponse(h, req); !r.Valid(parser.Strict) {
			return fmt.Errorf("interim head %q: %v", h, r.First(parser.Strict))
		}
	}
	m := sm.New(sm.Client)
	evs := []sm.Event{sm.Request(reqHead)}
	for _, h := range interim {
		evs = append(evs, sm.ResponseHeadEvent(h))
	}
	for _, ev := range append(evs, sm.ResponseHeadEvent(final)) {
		if _, err := m.Step(ev); err != nil {
			return fmt.Errorf("the Client machine refuses the %v: %v", ev.Kind, err)
		}
	}
	if m.State() != sm.Switched {
		return fmt.Errorf("the Client machine is in %v after the 101, not Switched", m.State())
	}
	return nil
}

// refExtensionList prints the reference's extensions as nExt.String does.
func refExtensionList(xs []parser.Extension) []string {
	var out []string
	for _, x := range xs {
		s := string(x.Name)
		for _, p := range x.Params {
			s += "; " + string(p.Name)
			if p.HasValue {
				s += "=" + string(p.Value)
			}
		}
		out = append(out, s)
	}
	return out
}
