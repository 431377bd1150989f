package clientmode

import (
	"github.com/switchyard/switchyard/judge"
	"github.com/switchyard/switchyard/parser/rules"
	"github.com/switchyard/switchyard/suite"
)

// Judge judges what a client did with a crafted response, with the one
// judge (package judge) that `fuzzrun diff` uses too: a client must open
// exactly when the reference accepts the response as the answer to the
// request the client sent (RFC 6455 §4.1).
func Judge(c Case, o Observation) suite.Result {
	res := suite.Result{Name: c.Name, Group: "client", Rule: c.Rule, Level: rules.LevelOf(c.Rule),
		Request: o.Request, Response: o.Response, Got: "failed"}
	jo := judge.Observation{Side: judge.Client, Protocol: judge.WebSocket, Rule: c.Rule,
		Request: o.Request, Reply: o.Response, Fate: judge.Failed, Detail: o.Detail}
	switch {
	case o.Request == nil:
		jo.Fate, res.Got = judge.NoRequest, "no request"
	case o.Opened:
		jo.Fate, res.Got = judge.Open, "open"
	}
	j := judge.Judge(jo)
	res.Want = "fail"
	if j.Want.Switched {
		res.Want = "open"
	}
	res.Outcome, res.Cited, res.Why = j.Outcome(c.Rule)
	if o.Detail != "" && res.Outcome != suite.Pass {
		res.Why += " (client: " + o.Detail + ")"
	}
	res.Judgement = &j
	return res
}
