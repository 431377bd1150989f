package proxymode

import (
	"strconv"

	"github.com/switchyard/switchyard/judge"
	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/rules"
	"github.com/switchyard/switchyard/suite"
)

// Judge judges one proxy case with the one judge (package judge) that
// `fuzzrun diff --proxy` uses too: the state machine's intermediary role
// reads the request as forwarded, the response as relayed, and the
// decision to tunnel. The backend's scripted faults are the backend's;
// only what the proxy did with them is judged.
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
	j := judge.Judge(Observe(c, o))
	res.Outcome, res.Cited, res.Why = j.Outcome(c.Rule)
	if o.Detail != "" {
		res.Why += " [" + o.Detail + "]"
	}
	res.Judgement = &j
	return res
}

// Observe returns the judge's observation of one proxy case.
func Observe(c Case, o Observation) judge.Observation {
	fate := judge.Answered
	if o.Relayed == nil {
		fate = judge.Hung
	}
	return judge.Observation{
		Side: judge.Proxy, Protocol: judge.WebSocket, Rule: c.Rule,
		Request: o.Request, Reply: o.Relayed, After: o.ClientAfter, Fate: fate, Detail: o.Detail,
		Proxy: &judge.ProxyWire{Forwarded: o.Forwarded, Backend: o.Backend, Pipelined: c.Pipelined,
			Probe: o.Probe, Tunnel: o.Tunnel, ProbeHTTP: o.ProbeHTTP},
	}
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
