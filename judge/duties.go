package judge

import (
	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/rules"
)

// This file holds the tables the decision table (docs/judging.md) reads:
// which sender faults a recipient must tolerate, and which recipient rule
// stands for the server's own duty when a client's check fails.

// toleratedFaults maps a sender fault to the recipient duty that obliges a
// recipient to accept it anyway: empty list elements (RFC 9110 §5.6.1.2:
// "a recipient MUST accept and ignore a reasonable number of empty list
// elements").
var toleratedFaults = map[rules.ID]rules.ID{
	rules.RFC9110_5_6_1_1_1: rules.RFC9110_5_6_1_2_1,
}

// citedBeside lists the sender rules the parser cites beside a tolerated
// fault, for the same octets: the sender-form list productions an empty
// element breaks, and RFC 6455 §4.1's "a valid HTTP request".
var citedBeside = map[rules.ID]bool{
	rules.RFC9110_5_6_1_1_G1: true, rules.RFC9110_7_8_G1: true, rules.RFC9110_7_6_1_G1: true, rules.RFC6455_4_1_6: true,
}

// toleratedBy returns the recipient duty a refusal of req breaks, when
// every MUST-level fault of req is a tolerated sender fault or a rule
// cited beside one.
func toleratedBy(req *parser.Request) (rules.ID, bool) {
	duty := toleratedIn(&req.Verdict)
	return duty, duty != ""
}

// toleratedIn returns the recipient duty a refusal of a message breaks
// when every MUST-level fault of its verdict is a tolerated sender fault
// or a rule cited beside one, and one of them, or an empty element the
// parser warns of, is there; or "".
func toleratedIn(v *parser.Verdict) rules.ID {
	var duty rules.ID
	for _, w := range v.Warnings {
		if w.Rule == rules.RFC9110_5_6_1_2_1 {
			duty = w.Rule // a null element of an RFC 2616 list (RFC 6455's fields)
		}
	}
	for _, x := range v.Violations {
		switch d, ok := toleratedFaults[x.Rule]; {
		case x.Level == rules.Policy && x.Role == parser.Recipient:
			return "" // another reason a recipient may refuse the message
		case x.Level != rules.Must:
		case ok:
			duty = d
		case x.Role == parser.Sender && citedBeside[x.Rule]:
		default:
			return ""
		}
	}
	return duty
}

// senderFault returns the first MUST-level fault the message's own sender
// made: a Sender-role violation (the parser records, beside each rule a
// recipient checks, the rule its sender broke: parser.SenderTwins).
func senderFault(v *parser.Verdict) *parser.Violation {
	for i := range v.Violations {
		if x := &v.Violations[i]; x.Level == rules.Must && x.Role == parser.Sender {
			return x
		}
	}
	return nil
}

// dutyOf returns the sender's own rule for a violation a recipient found:
// its first sender twin (RFC 6455 §4.1's client checks against §4.2.2's
// server duties, grammar against RFC 9110 §2.2), or the rule itself when
// the catalogue states no separate sender rule.
func dutyOf(x *parser.Violation) rules.ID {
	if t := parser.SenderTwins(x.Rule); len(t) > 0 {
		return t[0]
	}
	return x.Rule
}

// versionOnly reports whether every reason the request must be refused is
// about its Sec-WebSocket-Version value, and the field is there: then the
// version is why a server refuses, and RFC 6455 §4.2.2 and §4.4 say what
// the refusal must carry. wellFormed reports a version that is a number a
// server could support (RFC 6455 §4.4), not a malformed value.
func versionOnly(req *parser.Request) (only, wellFormed bool) {
	if req.Get("Sec-WebSocket-Version") == nil {
		return false, false
	}
	wellFormed = true
	for i := range req.Violations {
		x := &req.Violations[i]
		if x.Role != parser.Recipient || x.Level != rules.Must {
			continue
		}
		if x.Field != "Sec-WebSocket-Version" {
			return false, false
		}
		if x.Rule != rules.RFC6455_4_2_1_7 && x.Rule != rules.RFC6455_4_2_1_1 {
			wellFormed = false
		}
	}
	return true, wellFormed
}

// noSwitchDuty returns the rule that forbids a server to switch req to
// protocol although it may serve the request as HTTP/1.1: the violation
// the parser records with the NoSwitch role (RFC 7540 §3.2.1's
// HTTP2-Settings duty, RFC 9110 §7.8's HTTP/1.0 rule).
func noSwitchDuty(req *parser.Request, protocol string) (rules.ID, string, bool) {
	name, _ := protocolToken(protocol)
	if x := req.NoSwitchTo(name); x != nil {
		return x.Rule, x.Message, true
	}
	return "", "", false
}

// fallbackRule is the rule a robustness or interop divergence cites when
// the request holds no fault: the protocol's definition of a completed
// handshake.
func fallbackRule(protocol string) rules.ID {
	switch protocol {
	case H2C:
		return rules.RFC7540_3_2_4
	case TLS:
		return rules.RFC2817_3_1
	}
	return rules.RFC6455_4_2_2_13
}

// completedHandshake is the rule a client that fails a valid 101 departs
// from: what the protocol says a client does once the server has accepted.
func completedHandshake(protocol string) rules.ID {
	switch protocol {
	case H2C:
		return rules.RFC7540_3_2_6 // send the client connection preface
	case TLS:
		return rules.RFC2817_3_1 // finish the request after the TLS handshake
	}
	return rules.RFC6455_4_1_27 // the connection is in the OPEN state
}

// firstPolicy returns the first recipient-role POLICY violation: what
// only Switchyard's strict policy refuses.
func firstPolicy(v *parser.Verdict) *parser.Violation {
	for i := range v.Violations {
		if x := &v.Violations[i]; x.Level == rules.Policy && x.Role == parser.Recipient {
			return x
		}
	}
	return nil
}

// otherReason returns why a server may refuse any handshake, valid or
// not, when its status says so, or "": RFC 6455 §4.2.2 lets a server
// require authentication (401) or redirect (3xx), and obliges it to
// refuse an origin it does not accept (403, §10.2) and a resource it does
// not serve (404). Such a refusal is not about the handshake's fields, so
// neither the interop row nor the duties tied to a field's fault apply.
func otherReason(resp *parser.Response) string {
	if resp == nil {
		return ""
	}
	switch st := resp.Status; {
	case st == 401:
		return "authentication required, which RFC 6455 §4.2.2 lets a server ask for"
	case st == 403:
		return "forbidden, the answer RFC 6455 §4.2.2 gives to an origin the server does not accept"
	case st == 404:
		return "not found, the answer RFC 6455 §4.2.2 gives to a resource the server does not serve"
	case st >= 300 && st < 400:
		return "a redirect, which RFC 6455 §4.2.2 lets a server send"
	}
	return ""
}

// offersAny reports whether the request offers one of the subprotocols
// (compared case-sensitively, RFC 7936 §2), on any of its lines.
func offersAny(req *parser.Request, subprotocols []string) bool {
	for _, t := range req.WebSocket.Protocols {
		for _, p := range subprotocols {
			if string(t.Value) == p {
				return true
			}
		}
	}
	return false
}
