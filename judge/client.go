package judge

import (
	"errors"
	"strings"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/rules"
	"github.com/switchyard/switchyard/statemachine"
)

// judgeClient applies the client rows of the decision table
// (docs/judging.md): a client must open exactly when the reference client
// accepts the response as the answer to the request the client sent
// (RFC 6455 §4.1).
func judgeClient(o *Observation) Judgement {
	var j Judgement
	j.Got = Decision{Fate: o.Fate, Switched: o.Fate == Open}
	if o.Fate == NoRequest {
		j.Want = Decision{Fate: Open}
		j.add(Robustness, Client, rules.RFC6455_4_1_6, "sent no complete request: %s", o.Detail)
		return j
	}
	req := request(o)
	reqHead, _ := split(o.Request)
	respHead, _ := split(o.Reply)
	resp := response(respHead, req)
	open, why := referenceClient(reqHead, respHead, resp)
	j.Want = Decision{Fate: Failed, Switched: open}
	if open {
		j.Want.Fate = Open
	}
	if x := senderFault(&req.Verdict); x != nil {
		j.fault(Violation, Client, x.Rule, x, "sent a non-conforming request: %s", x.Message)
	}
	switch {
	case o.Fate == Panicked:
		j.add(Robustness, Client, rules.RFC6455_4_1_25, "panicked: %s", o.Detail)
	case o.Fate == Hung:
		j.add(Robustness, Client, rules.RFC6455_4_1_25, "no verdict within the deadline")
	case j.Got.Switched && !open:
		openedOnFail(&j, o.Protocol, resp, why)
	case j.Got.Switched && !resp.Valid(parser.Strict):
		x := resp.First(parser.Strict)
		j.fault(Policy, Client, x.Rule, x, "opened on a 101 Switchyard's strict policy Fails: %s", x.Message)
	case j.Got.Switched:
		j.note("opened on a valid 101")
	case !open:
		j.note("failed the connection")
	case !resp.Valid(parser.Strict):
		j.note("failed a 101 only Switchyard's strict policy Fails")
	case o.AfterClose:
		j.permit("failed only once the harness closed the connection: %s", o.Detail)
	case toleratedIn(&resp.Verdict) != "":
		duty := toleratedIn(&resp.Verdict)
		j.add(Violation, Client, duty, "failed a 101 whose only fault is one a recipient must accept (%s)", duty)
	case len(req.WebSocket.Protocols) > 0 && resp.Subprotocol == nil:
		j.permit("failed a 101 that selects none of the offered subprotocols; RFC 6455 accepts it, the WHATWG WebSocket standard fails it")
	default:
		j.add(Interop, Client, completedHandshake(o.Protocol), "failed a valid server handshake: %s", o.Detail)
	}
	return j
}

// referenceClient decides as a client must whether the response opens the
// connection: the client state machine fed the request the client sent
// and the response it was handed. It returns the decision at the level of
// the RFC's MUSTs — a refusal the machine bases on Switchyard's policy
// alone leaves the connection open — and the MUST-level violation that
// keeps it closed, when the machine names one. When the machine cannot
// follow the exchange (the client's request is itself broken), the
// parser's pairing of the two heads decides.
func referenceClient(reqHead, respHead []byte, resp *parser.Response) (open bool, why *parser.Violation) {
	m := statemachine.New(statemachine.Client)
	if _, err := m.Step(statemachine.Request(reqHead)); err == nil {
		_, err := m.Step(statemachine.ResponseHeadEvent(respHead))
		if m.State() == statemachine.Switched {
			return true, nil
		}
		var v *parser.Violation
		if errors.As(err, &v) {
			if v.Level == rules.Policy {
				return resp.Status == 101 && resp.Switched && resp.Valid(parser.Lenient), nil
			}
			if v.Level == rules.Must && resp.Status == 101 {
				return false, v
			}
		}
		if err == nil || v != nil {
			return false, nil
		}
	}
	return resp.Status == 101 && resp.Switched && resp.Valid(parser.Lenient), nil
}

// openedOnFail judges a client that opened on a response the reference
// client Fails. The reference's reason may be a server's duty (a 101 to an
// HTTP/1.0 request, a protocol never offered): a WebSocket client is then
// blamed under its own catch-all duty, RFC 6455 §4.1's "Fail if the
// response breaks any other server-handshake requirement"; no rule obliges
// a client of another upgrade to refuse such a 101.
func openedOnFail(j *Judgement, protocol string, resp *parser.Response, why *parser.Violation) {
	rule, msg := rules.RFC6455_4_1_19, "a "+itoa(resp.Status)+" response"
	x := clientCheck(&resp.Verdict)
	switch {
	case x != nil:
		rule, msg = x.Rule, x.Message // the parser's own check for the client, the most specific
	case why != nil:
		rule, msg = why.Rule, why.Message
	case resp.First(parser.Lenient) != nil:
		rule, msg = resp.First(parser.Lenient).Rule, resp.First(parser.Lenient).Message
	}
	if !namesClient(rule) {
		if protocol != WebSocket {
			j.permit("opened on a 101 that breaks the server's %s (%s); no rule obliges a %s client to Fail it", rule, msg, protocol)
			return
		}
		msg = "it breaks the server's " + string(rule) + ": " + msg
		rule, x = rules.RFC6455_4_1_25, nil
	}
	if x != nil {
		j.fault(Violation, Client, rule, x, "opened on a response it must Fail: %s", msg)
		return
	}
	j.add(Violation, Client, rule, "opened on a response it must Fail: %s", msg)
}

// clientCheck returns the first violation that obliges the client to
// refuse the response under a rule that names the client (RFC 6455 §4.1's
// checks, RFC 7692 §5), or nil: a grammar production or a server's field
// rule is the server's, and the client's duty then is RFC 6455 §4.1's
// catch-all.
func clientCheck(v *parser.Verdict) *parser.Violation {
	for i := range v.Violations {
		if x := &v.Violations[i]; x.Role == parser.Recipient && x.Level == rules.Must && namesClient(x.Rule) {
			return x
		}
	}
	return nil
}

// namesClient reports whether a rule's catalogue subject names the client
// (or a user agent, or every recipient).
func namesClient(id rules.ID) bool {
	r, ok := rules.Lookup(id)
	if !ok {
		return false
	}
	s := strings.ToLower(r.Subject)
	return strings.Contains(s, "client") || s == "ua" || strings.Contains(s, "recipient")
}
