package clientmode

import (
	"fmt"
	"strings"

	"github.com/switchyard/switchyard/judge"
	"github.com/switchyard/switchyard/rules"
	"github.com/switchyard/switchyard/suite"
)

// Judge judges what a client did with a crafted response, with the one
// judge (package judge) that `fuzzrun diff` uses too: a client must open
// exactly when the reference accepts the response as the answer to the
// request the client sent (RFC 6455 §4.1).
func Judge(c Case, o Observation) suite.Result {
	res := suite.Result{Name: c.Name, Group: "client", Rule: c.Rule, Level: rules.LevelOf(c.Rule),
		Request: o.Request, Response: o.Response, Got: "failed"}
	protocol := c.Protocol
	if protocol == "" {
		protocol = judge.WebSocket
	}
	jo := judge.Observation{Side: judge.Client, Protocol: protocol, Rule: c.Rule,
		Request: o.Request, Reply: o.Response, Fate: judge.Failed, Detail: o.Detail}
	switch {
	case o.Request == nil:
		jo.Fate, res.Got = judge.NoRequest, "no request"
	case o.HeadFate != "" && o.HeadFate != judge.Answered:
		// A head that never ended (or ran past the cap) is no complete
		// request: judged as such, with the octets that came.
		jo.Fate, res.Got = judge.NoRequest, "unfinished request head ("+string(o.HeadFate)+")"
		jo.Detail = fmt.Sprintf("%d octets of a head that never ended (%s: %s)", len(o.Request), o.HeadFate, o.HeadDetail)
	case o.NoVerdict:
		jo.Fate, res.Got = judge.Hung, "no verdict"
	case o.Opened:
		jo.Fate, res.Got = judge.Open, "open"
	}
	j := judge.Judge(jo)
	res.Want = "fail"
	if j.Want.Switched {
		res.Want = "open"
	}
	res.Outcome, res.Cited, res.Why = j.Outcome(c.Rule)
	if o.Detail != "" && res.Outcome != suite.Pass && !strings.Contains(res.Why, o.Detail) {
		res.Why += " (client: " + o.Detail + ")"
	}
	if o.Refused > 0 {
		res.Why += fmt.Sprintf(" (%d connections over the cap of %d were closed unread)", o.Refused, MaxConnsPerCase)
	}
	res.Judgement = &j
	return res
}
