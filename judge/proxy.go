package judge

import (
	"bytes"
	"errors"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/rules"
	sm "github.com/switchyard/switchyard/statemachine"
)

// judgeProxy applies the intermediary rows of the decision table
// (docs/judging.md) with the state machine's intermediary role: the
// request as forwarded (hop-by-hop fields), the response as relayed, and
// the decision to tunnel. The scripted backend's faults are the backend's;
// only what the proxy did with them is judged.
func judgeProxy(o *Observation) Judgement {
	var j Judgement
	w := o.Proxy
	if w == nil {
		w = &ProxyWire{}
	}
	relayed := o.Reply
	if o.Fate != Answered {
		relayed = nil
	}
	j.Got = Decision{Switched: w.Tunnel, StatusClass: statusOf(relayed) / 100, Fate: o.Fate}
	j.Want = Decision{Fate: Answered, StatusClass: statusOf(w.Backend) / 100}
	robust := o.Rule
	if robust == "" {
		robust = rules.PROXY_1
	}
	if relayed != nil && !isHTTP(relayed) {
		// Whatever the proxy did upstream, what reached the client is
		// no response (RFC 9112 §4: status-line).
		what := "an answer that is not an HTTP response"
		if h, _ := split(o.Request); bytes.Equal(relayed, h) {
			what = "the client's own request back"
		}
		j.add(Violation, Proxy, rules.RFC9112_4_G1, "sent the client %s", what)
		return j
	}

	if w.Forwarded == nil {
		// The proxy answered itself, or not at all.
		switch {
		case relayed == nil:
			j.add(Robustness, Proxy, robust, "neither forwarded the request nor answered it (%s)", o.Fate)
		case statusOf(relayed) == 101:
			j.add(Policy, Proxy, rules.PROXY_1, "answered 101 itself without asking the backend")
		default:
			j.permit("did not forward the request; answered %d itself", statusOf(relayed))
		}
		return j
	}

	m := sm.New(sm.Intermediary)
	ev := sm.Request(o.Request)
	ev.Forwarded = w.Forwarded
	if _, err := m.Step(ev); err != nil {
		j.add(Violation, Proxy, ruleOr(err, rules.PROXY_1), "forwarded request: %s", messageOf(err))
		return j
	}

	// Would a perfect proxy switch on the backend's answer? The reference
	// machine sees the backend's response as if relayed unchanged.
	ref := sm.New(sm.Intermediary)
	ref.Step(ev)
	if _, refErr := ref.Step(sm.ResponseHeadEvent(w.Backend)); refErr != nil {
		// The backend's answer is no valid switch: a tunnel on it breaks
		// PROXY-3 (a protocol the client never asked for) or PROXY-1.
		id := rules.PROXY_1
		if r := ruleOf(refErr); r == rules.PROXY_3 || r == rules.RFC9110_7_8_6 {
			id = rules.PROXY_3
		}
		switch {
		case w.Tunnel:
			j.add(Policy, Proxy, id, "tunnelled on an invalid 101 (%s: %s)", ruleOf(refErr), messageOf(refErr))
		case relayed == nil:
			j.permit("did not tunnel on an invalid 101 (%s), but relayed nothing before the deadline", ruleOf(refErr))
		default:
			j.note("did not tunnel on an invalid 101 (%s); relayed %s", ruleOf(refErr), statusWord(relayed))
		}
		return j
	}
	j.Want.Switched = ref.State() == sm.Switched

	if relayed == nil && !w.Tunnel {
		j.add(Robustness, Proxy, robust, "relayed nothing of a valid %d before the deadline", statusOf(w.Backend))
		return j
	}
	rev := sm.ResponseHeadEvent(w.Backend)
	if relayed != nil {
		rev.Forwarded = relayed
	} else {
		rev.NotForwarded = true
	}
	st, err := m.Step(rev)
	if err != nil {
		j.add(Violation, Proxy, ruleOr(err, rules.PROXY_1), "relayed response: %s", messageOf(err))
		return j
	}
	if st == sm.Switched {
		switch {
		case w.Tunnel:
			j.note("relayed the 101 and tunnelled")
		case statusOf(relayed) == 101 && w.Pipelined:
			// The client sent them before the 101, breaking its own duty
			// to wait (RFC 6455 §4.1); where they go is PROXY-6's policy.
			j.add(Policy, Proxy, rules.PROXY_6, "relayed the 101 but did not tunnel the octets the client sent before it (%s)", fateOfProbe(w))
		case statusOf(relayed) == 101:
			j.add(Violation, Proxy, rules.RFC9112_6_3_1, "relayed the 101 but did not tunnel the octets that followed it (%s)", fateOfProbe(w))
		default:
			j.permit("did not relay the backend's 101 (relayed %s)", statusWord(relayed))
		}
		return j
	}
	if w.Tunnel {
		_, err := m.Step(sm.Simple(sm.Tunnel))
		id := ruleOf(err)
		if id == "" {
			id = rules.PROXY_2
		}
		j.add(Violation, Proxy, id, "tunnelled after a %d: %s", statusOf(w.Backend), messageOf(err))
		return j
	}
	if w.Pipelined && w.ProbeHTTP {
		j.add(Policy, Proxy, rules.PROXY_5, "forwarded octets sent before the refusal (%d) as an HTTP request", statusOf(w.Backend))
		return j
	}
	how := "closed the connection"
	if w.ProbeHTTP {
		how = "parsed the probe as HTTP"
	}
	j.note("did not tunnel after a %d; %s", statusOf(w.Backend), how)
	return j
}

// ruleOr is the rule the state machine's error cites, or fallback when it
// cites none: a divergence always names a rule.
func ruleOr(err error, fallback rules.ID) rules.ID {
	if id := ruleOf(err); id != "" {
		return id
	}
	return fallback
}

func ruleOf(err error) rules.ID {
	var v *parser.Violation
	if errors.As(err, &v) {
		return v.Rule
	}
	return ""
}

func messageOf(err error) string {
	var v *parser.Violation
	if errors.As(err, &v) {
		return v.Message
	}
	if err != nil {
		return err.Error()
	}
	return ""
}

// statusOf returns the status of a response head, 0 for none.
func statusOf(head []byte) int {
	if head == nil {
		return 0
	}
	return response(head, nil).Status
}

func statusWord(head []byte) string {
	if head == nil {
		return "nothing"
	}
	return itoa(statusOf(head))
}

// fateOfProbe says what became of the octets the client sent for the
// tunnel.
func fateOfProbe(w *ProxyWire) string {
	if w.ProbeHTTP {
		return "parsed as an HTTP request"
	}
	return "they never reached the backend"
}
