package proxymode

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/parser/rules"
	sm "github.com/switchyard/switchyard/statemachine"
	"github.com/switchyard/switchyard/suite"
)

// Judge judges one proxy case with the state machine's intermediary role:
// the request as forwarded (hop-by-hop fields), the response as relayed,
// and the decision to tunnel. The backend's scripted faults are the
// backend's; only what the proxy did with them is judged.
func Judge(c Case, o Observation) suite.Result {
	want := "no tunnel"
	if c.Tunnel {
		want = "tunnel"
	}
	res := suite.Result{Name: c.Name, Group: group(c.Name), Rule: c.Rule, Level: rules.LevelOf(c.Rule), Want: want,
		Request: o.Request, Response: o.Relayed, Got: got(o)}
	res.Extra = []suite.Wire{
		{Label: "forwarded to the backend", Bytes: o.Forwarded},
		{Label: "backend answered", Bytes: o.Backend},
		{Label: "probe sent after the response", Bytes: o.Probe},
		{Label: "client received after the response head", Bytes: o.ClientAfter},
	}
	set := func(out suite.Outcome, id rules.ID, format string, args ...any) suite.Result {
		res.Outcome, res.Cited, res.Why = out, id, fmt.Sprintf(format, args...)
		if o.Detail != "" {
			res.Why += " [" + o.Detail + "]"
		}
		return res
	}

	if o.Forwarded == nil {
		// The proxy answered itself, or not at all.
		switch {
		case o.Relayed == nil:
			return set(suite.Fail, c.Rule, "the proxy neither forwarded the request nor answered it")
		case statusOf(o.Relayed) == 101:
			return set(suite.Departure(rules.PROXY_1), rules.PROXY_1, "the proxy answered 101 itself without asking the backend")
		}
		return set(suite.Informational, c.Rule, "the proxy did not forward the request; it answered %d itself", statusOf(o.Relayed))
	}

	m := sm.New(sm.Intermediary)
	ev := sm.Request(o.Request)
	ev.Forwarded = o.Forwarded
	if _, err := m.Step(ev); err != nil {
		id := ruleOf(err)
		return set(suite.Departure(id), id, "forwarded request: %s", messageOf(err))
	}

	// Would a perfect proxy switch on the backend's answer? The reference
	// machine sees the backend's response as if relayed unchanged.
	ref := sm.New(sm.Intermediary)
	ref.Step(ev)
	_, refErr := ref.Step(sm.ResponseHeadEvent(o.Backend))
	if refErr != nil {
		// The backend's answer is no valid switch: a tunnel on it breaks
		// PROXY-3 (a protocol the client never asked for) or PROXY-1.
		id := rules.PROXY_1
		if r := ruleOf(refErr); r == rules.PROXY_3 || r == rules.RFC9110_7_8_6 {
			id = rules.PROXY_3
		}
		switch {
		case o.Tunnel:
			return set(suite.Departure(id), id, "tunnelled on an invalid 101 (%s: %s)", ruleOf(refErr), messageOf(refErr))
		case o.Relayed == nil:
			return set(suite.Informational, id, "did not tunnel on an invalid 101 (%s), but relayed nothing before the deadline", ruleOf(refErr))
		}
		return set(suite.Pass, id, "did not tunnel on an invalid 101 (%s); relayed %s", ruleOf(refErr), statusWord(o.Relayed))
	}

	if o.Relayed == nil && !o.Tunnel {
		return set(suite.Fail, c.Rule, "the proxy relayed nothing of a valid %d before the deadline", statusOf(o.Backend))
	}
	rev := sm.ResponseHeadEvent(o.Backend)
	if o.Relayed != nil {
		rev.Forwarded = o.Relayed
	} else {
		rev.NotForwarded = true
	}
	st, err := m.Step(rev)
	if err != nil {
		id := ruleOf(err)
		return set(suite.Departure(id), id, "relayed response: %s", messageOf(err))
	}
	if st == sm.Switched {
		switch {
		case o.Tunnel:
			return set(suite.Pass, c.Rule, "relayed the 101 and tunnelled")
		case statusOf(o.Relayed) == 101:
			return set(suite.Fail, rules.RFC9112_6_3_1, "relayed the 101 but parsed the next octets as HTTP instead of tunnelling")
		}
		return set(suite.Informational, c.Rule, "did not relay the backend's 101 (relayed %s)", statusWord(o.Relayed))
	}
	if o.Tunnel {
		_, err := m.Step(sm.Simple(sm.Tunnel))
		id := ruleOf(err)
		if id == "" {
			id = rules.PROXY_2
		}
		return set(suite.Departure(id), id, "tunnelled after a %d: %s", statusOf(o.Backend), messageOf(err))
	}
	if c.Pipelined && o.ProbeHTTP {
		return set(suite.Departure(rules.PROXY_5), rules.PROXY_5, "forwarded octets sent before the refusal (%d) as an HTTP request", statusOf(o.Backend))
	}
	how := "closed the connection"
	if o.ProbeHTTP {
		how = "parsed the probe as HTTP"
	}
	return set(suite.Pass, c.Rule, "did not tunnel after a %d; %s", statusOf(o.Backend), how)
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

func statusOf(head []byte) int {
	if head == nil {
		return 0
	}
	return parser.ParseResponse(head, nil).Status
}

func statusWord(head []byte) string {
	if head == nil {
		return "nothing"
	}
	return strconv.Itoa(statusOf(head))
}

func got(o Observation) string {
	s := statusWord(o.Relayed)
	switch {
	case o.Tunnel:
		s += ", tunnel"
	case o.ProbeHTTP:
		s += ", http"
	}
	if o.Forwarded == nil {
		s += ", not forwarded"
	}
	return s
}

func group(name string) string {
	for i := range name {
		if name[i] == '/' {
			return name[:i]
		}
	}
	return name
}
