package clientmode

import (
	"fmt"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/parser/rules"
	"github.com/switchyard/switchyard/suite"
)

// Judge judges what a client did with a crafted response: it must open
// exactly when the reference accepts the response as the answer to the
// request the client sent (RFC 6455 §4.1).
func Judge(c Case, o Observation) suite.Result {
	res := suite.Result{Name: c.Name, Group: "client", Rule: c.Rule, Level: rules.LevelOf(c.Rule),
		Request: o.Request, Response: o.Response, Got: "failed"}
	if o.Opened {
		res.Got = "open"
	}
	set := func(out suite.Outcome, id rules.ID, format string, args ...any) suite.Result {
		res.Outcome, res.Cited, res.Why = out, id, fmt.Sprintf(format, args...)
		if o.Detail != "" {
			res.Why += " (client: " + o.Detail + ")"
		}
		return res
	}
	if o.Request == nil {
		res.Want = "a handshake"
		return set(suite.Fail, rules.RFC6455_4_1_6, "the client sent no complete handshake request")
	}
	var rp, sp parser.Parser
	req := rp.ParseRequest(o.Request)
	resp := sp.ParseResponse(o.Response, req)
	lenient := resp.Status == 101 && resp.Switched
	if lenient && resp.Verdict.Valid(true) {
		res.Want = "open"
		switch {
		case o.Opened:
			return set(suite.Pass, c.Rule, "opened on a valid 101")
		case c.Either:
			return set(suite.Informational, c.Rule, "failed a 101 that RFC 6455 accepts (common practice: the WHATWG standard requires it)")
		}
		return set(suite.Departure(c.Rule), c.Rule, "failed a valid 101")
	}
	if lenient {
		// Only Switchyard's policy rejects this 101.
		x := resp.Verdict.First(true)
		res.Want = "fail (policy)"
		if o.Opened {
			return set(suite.NonStrict, x.Rule, "opened on a 101 that only strict policy rejects: %s", x.Message)
		}
		return set(suite.Pass, c.Rule, "failed the connection")
	}
	res.Want = "fail"
	if !o.Opened {
		return set(suite.Pass, c.Rule, "failed the connection")
	}
	id := rules.RFC6455_4_1_19
	why := fmt.Sprintf("status %d", resp.Status)
	if resp.Status == 101 {
		if x := resp.Verdict.First(false); x != nil {
			id, why = x.Rule, x.Message
		}
	}
	return set(suite.Departure(id), id, "opened on a response it must refuse: %s", why)
}
