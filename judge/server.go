package judge

import (
	"strings"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/rules"
)

// judgeServer applies the server rows of the decision table
// (docs/judging.md) to what a server did with a request.
func judgeServer(o *Observation) Judgement {
	req := request(o)
	var resp *parser.Response
	if o.Fate == Answered && isHTTP(o.Reply) {
		resp = response(o.Reply, req)
	}
	s := serverCase{o: o, req: req, resp: resp, offered: offers(req, o.Protocol)}
	s.mustRefuse = req.First(parser.Lenient)
	s.j.Got = decision(o, req, resp)
	s.j.Want = s.want()
	s.judge()
	return s.j
}

// serverCase is one server observation being judged.
type serverCase struct {
	o          *Observation
	req        *parser.Request
	resp       *parser.Response // the final response, nil when none came
	offered    bool             // Upgrade names the observation's protocol
	mustRefuse *parser.Violation
	j          Judgement
}

// want is the reference server's decision.
func (s *serverCase) want() Decision {
	w := Decision{Fate: Answered}
	if s.o.Protocol != "" && switchable(s.req, s.o.Protocol) {
		w.Switched, w.StatusClass, w.Protocol = true, 1, s.o.Protocol
		w.AcceptOK = s.o.Protocol == WebSocket
		return w
	}
	w.StatusClass = 4
	if st := s.req.RefusalStatus(parser.Strict); st != 0 {
		w.StatusClass = st / 100
	} else if !s.offered {
		w.StatusClass = 0 // any final status
	}
	return w
}

// cause is the rule a robustness divergence cites: the first fault of
// the request, of any level and role, or the protocol's definition of a
// completed handshake.
func (s *serverCase) cause() rules.ID {
	if len(s.req.Violations) > 0 {
		return s.req.Violations[0].Rule
	}
	return fallbackRule(s.o.Protocol)
}

func (s *serverCase) judge() {
	o, j := s.o, &s.j
	switch o.Fate {
	case Panicked:
		j.add(Robustness, Server, s.cause(), "panicked: %s", o.Detail)
		return
	case Reset:
		j.add(Robustness, Server, s.cause(), "reset the connection without a complete response")
		return
	case Oversized:
		j.add(Robustness, Server, rules.LIMIT_1, "sent more than the harness reads before a complete final response head (%s)", o.Detail)
		return
	case Hung:
		body := sentBody(o)
		if s.req.ContentLength > int64(len(body)) || s.req.TransferEncoding && len(body) == 0 || !s.req.Complete {
			j.note("waited for the body the request announced")
			return // waiting for a declared body is right
		}
		j.add(Robustness, Server, s.cause(), "no response within the deadline to a complete request")
		return
	case Closed:
		s.dropped()
		return
	}
	if s.resp == nil {
		j.add(Violation, Server, rules.RFC9112_4_G1, "the answer is not an HTTP response")
		return
	}
	s.interims()
	if s.resp.Status == 101 {
		s.switched()
		return
	}
	if s.resp.Status < 200 {
		j.add(Violation, Server, rules.RFC9110_15_2_2, "an interim %d is the last response the server sent", s.resp.Status)
		return
	}
	s.refused()
}

// dropped: the server closed without a complete response.
func (s *serverCase) dropped() {
	j := &s.j
	switch {
	case s.mayRefuseSilently():
		j.note("closed the connection without answering")
	case s.mustRefuse != nil && strings.HasPrefix(string(s.mustRefuse.Rule), "RFC9112-"):
		// Octets that are not a well-formed HTTP/1.1 message: RFC 9112
		// §2.2 asks for a 400 and a close with a SHOULD only.
		j.add(Policy, Server, rules.RFC9112_2_2_7, "closed the connection without a 400 on a malformed message (%s)", s.mustRefuse.Rule)
	case s.mustRefuse != nil && s.offered && s.o.Protocol == WebSocket:
		j.add(Violation, Server, rules.RFC6455_4_2_1_1, "closed the connection without an HTTP error response to a handshake it must refuse (%s)", s.mustRefuse.Rule)
	case s.mustRefuse == nil && switchable(s.req, s.o.Protocol):
		s.declined("dropped (closed)")
	default:
		j.note("closed the connection without answering")
	}
}

// mayRefuseSilently reports a request the server may close on without an
// answer: nothing in it is a handshake that asks for one.
func (s *serverCase) mayRefuseSilently() bool {
	return !s.offered && s.mustRefuse == nil
}

// interims judges the interim responses before the final one.
func (s *serverCase) interims() {
	j, req := &s.j, s.req
	saw100 := false
	for _, h := range s.o.Interim {
		st := response(h, req).Status
		saw100 = saw100 || st == 100
		if req.Major == 1 && req.Minor == 0 {
			j.add(Violation, Server, rules.RFC9110_15_2_1, "sent an interim %d to an HTTP/1.0 request", st)
			return
		}
	}
	if s.resp.Status == 101 && req.Expect100 && s.offered && !saw100 {
		j.add(Violation, Server, rules.RFC9110_7_8_15, "switched protocols on a request with Upgrade and Expect: 100-continue without sending 100 (Continue) first")
	}
}

// switched judges a 101.
func (s *serverCase) switched() {
	j, req, resp, proto := &s.j, s.req, s.resp, s.o.Protocol
	if req.Major == 1 && req.Minor == 0 {
		j.add(Violation, Server, rules.RFC9110_15_2_1, "sent 101 to an HTTP/1.0 request")
		return
	}
	for _, pr := range resp.Upgrade {
		if pr.Version == nil && equalFold(pr.Name, "h2") {
			j.add(Violation, Server, rules.RFC7540_3_2_3, "switched to h2 through Upgrade; h2 is negotiated with TLS ALPN only")
			return
		}
	}
	otherVersion := false
	if x := s.mustRefuse; x != nil {
		if only, wellFormed := versionOnly(req); only && wellFormed && proto == WebSocket {
			otherVersion = true
			j.permit("switched on Sec-WebSocket-Version %d, a version RFC 6455 §4.4 lets a server support besides 13", req.WebSocket.Version)
		} else {
			j.fault(Violation, Server, x.Rule, x, "switched on a request it must refuse: %s", x.Message)
			return
		}
	}
	if x := senderFault(&resp.Verdict); x != nil && !(otherVersion && x.Rule == rules.RFC6455_4_2_1_1) {
		j.fault(Violation, Server, x.Rule, x, "sent a 101 that breaks the server's own MUST: %s", x.Message)
		return
	}
	if x := resp.First(parser.Lenient); x != nil {
		j.fault(Violation, Server, dutyOf(x), x, "sent a 101 the client must refuse: %s", x.Message)
		return
	}
	if !s.offered {
		s.switchedToAnother()
		return
	}
	if id, why, ok := noSwitchDuty(req, proto); ok && s.mustRefuse == nil {
		j.add(Violation, Server, id, "switched to %s on a request it must not switch: %s", proto, why)
		return
	}
	if why := prefaceFault(proto, s.o.After); why != "" {
		j.add(Violation, Server, rules.RFC7540_3_2_5, "the server's first HTTP/2 frame must be SETTINGS: %s", why)
		return
	}
	if x := firstPolicy(&req.Verdict); x != nil {
		j.fault(Policy, Server, x.Rule, x, "switched on a request Switchyard's strict policy refuses: %s", x.Message)
	}
	if x := firstPolicy(&resp.Verdict); x != nil {
		j.fault(Policy, Server, x.Rule, x, "sent a 101 that departs from Switchyard's strict form: %s", x.Message)
	}
	j.note("switched with a valid 101")
}

// switchedToAnother judges a valid 101 to a protocol other than the
// observation's. RFC 9110 §7.8 lets the server pick any protocol the client
// listed, so a 101 to another offered protocol is the server's choice: it
// is judged under the protocol it chose when the judge knows that one
// (S16a), and permitted otherwise (S16b). A 101 naming a protocol the
// request did not offer is caught before, by the client's check of the
// same fact (S15); S16 is what remains when the 101 names none at all.
func (s *serverCase) switchedToAnother() {
	if chosen := s.chosen(); chosen != "" && offers(s.req, chosen) {
		o := *s.o
		o.Protocol = chosen
		s.j = judgeServer(&o)
		return
	}
	if len(s.resp.Upgrade) > 0 {
		s.j.permit("switched to %s, which the request offered besides %s", s.resp.Upgrade[0].Name, s.o.Protocol)
		return
	}
	s.j.add(Violation, Server, rules.RFC9110_7_8_6, "switched to a protocol the request's Upgrade did not name")
}

// chosen is the judge's protocol the 101 names as its only Upgrade
// protocol, "" when it names another, several or none.
func (s *serverCase) chosen() string {
	if len(s.resp.Upgrade) != 1 {
		return ""
	}
	pr := s.resp.Upgrade[0]
	for _, p := range []string{WebSocket, H2C, TLS} {
		name, version := protocolToken(p)
		if equalFold(pr.Name, name) && strings.EqualFold(string(pr.Version), version) {
			return p
		}
	}
	return ""
}

// refused judges a final status other than 101.
func (s *serverCase) refused() {
	j, req, resp := &s.j, s.req, s.resp
	st := resp.Status
	if st == 426 && len(resp.Upgrade) == 0 {
		j.add(Violation, Server, rules.RFC9110_15_5_22_1, "426 without Upgrade")
		j.Divergences[len(j.Divergences)-1].InMessage = true
	}
	switch {
	case s.mustRefuse == nil && switchable(req, s.o.Protocol):
		s.declined("refused with status " + itoa(st))
	case s.mustRefuse == nil && s.offered && req.First(parser.Strict) != nil:
		j.note("refused with %d, as Switchyard's strict policy does (%s)", st, req.First(parser.Strict).Rule)
	case s.mustRefuse == nil:
		j.note("did not switch (%d)", st)
	case s.o.Protocol != WebSocket || !s.offered:
		j.note("refused with %d", st)
	case st < 400:
		j.add(Violation, Server, rules.RFC6455_4_2_1_1, "answered %d, not an HTTP error, to a handshake it must refuse (%s)", st, s.mustRefuse.Rule)
	default:
		s.refusedHandshake()
	}
}

// refusedHandshake judges an error answer to a WebSocket handshake the
// server must refuse: what the refusal must carry depends on its reason.
func (s *serverCase) refusedHandshake() {
	j, req, resp := &s.j, s.req, s.resp
	st := resp.Status
	if why := otherReason(resp); why != "" {
		j.note("refused with %d: %s", st, why)
		return
	}
	if only, wellFormed := versionOnly(req); only && wellFormed && resp.Get("Sec-WebSocket-Version") == nil {
		j.add(Violation, Server, rules.RFC6455_4_2_2_4, "refused an unsupported Sec-WebSocket-Version with %d but without Sec-WebSocket-Version listing the versions it supports", st)
		return
	}
	if ref := req.RefusalStatus(parser.Strict); ref != 0 && st != ref && (st == 426 || ref == 426) {
		j.add(Policy, Server, rules.AMB_9, "refused with %d; the strict reference answers %d", st, ref)
		return
	}
	j.note("refused with %d", st)
}

// declined judges a server that did not switch on a request the reference
// may switch on.
func (s *serverCase) declined(what string) {
	j, req, proto := &s.j, s.req, s.o.Protocol
	if why := otherReason(s.resp); why != "" {
		j.permit("%s: %s", what, why)
		return
	}
	if c := s.o.Config; c != nil && c.RequireSubprotocol && !offersAny(req, c.Subprotocols) {
		j.permit("%s: the request offers none of the subprotocols %v the server is configured to require", what, c.Subprotocols)
		return
	}
	if duty, ok := toleratedBy(req); ok {
		j.add(Violation, Server, duty, "%s handshake %s: its only fault is one a recipient must accept", proto, what)
		return
	}
	if x := senderFault(&req.Verdict); x != nil {
		j.permit("%s a %s handshake whose sender broke %s; a recipient may refuse it", what, proto, x.Rule)
		return
	}
	if x := req.First(parser.Strict); x != nil {
		j.permit("%s, as Switchyard's strict policy does (%s)", what, x.Rule)
		return
	}
	j.add(Interop, Server, fallbackRule(proto), "valid %s handshake %s", proto, what)
	if s.o.Rule != "" {
		j.Divergences[len(j.Divergences)-1].Cause = "variation " + string(s.o.Rule)
	}
}
