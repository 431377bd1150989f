package judge_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/switchyard/switchyard/judge"
	"github.com/switchyard/switchyard/oracle"
	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/suite"
)

// replies are the answers every case is judged with: a 101 valid for the
// request, a 400, a 426 with and without Upgrade, a close, a hang.
func replies(req []byte) []struct {
	reply []byte
	fate  judge.Fate
} {
	var p parser.Parser
	r := p.ParseRequest(req)
	return []struct {
		reply []byte
		fate  judge.Fate
	}{
		{parser.AppendSwitchingProtocols(nil, r.WebSocket.Key, parser.Selection{}), judge.Answered},
		{[]byte("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"), judge.Answered},
		{[]byte("HTTP/1.1 426 Upgrade Required\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nContent-Length: 0\r\n\r\n"), judge.Answered},
		{[]byte("HTTP/1.1 426 Upgrade Required\r\nContent-Length: 0\r\n\r\n"), judge.Answered},
		{nil, judge.Closed},
		{nil, judge.Hung},
	}
}

// TestFrontEndsAgree feeds every suite case and every diff server case,
// with the same replies, through both front ends — suite.JudgeServer and
// oracle.Judge — and checks that they give the same judgement, and that
// the suite's outcome is the function of it (judge.Judgement.Outcome).
func TestFrontEndsAgree(t *testing.T) {
	type input struct {
		name string
		rule string
		req  []byte
		body []byte
		sc   *suite.Case
		oc   *oracle.Case
	}
	var ins []input
	for _, c := range suite.Cases() {
		c.Request = suite.Bind(c.Request, "example.com", "/chat")
		c := c
		ins = append(ins, input{name: c.Name, req: c.Request, body: c.Body, sc: &c, oc: &oracle.Case{Name: c.Name, Side: oracle.ServerSide, Message: append(append([]byte{}, c.Request...), c.Body...), Rule: c.Rule}})
	}
	for _, c := range oracle.ServerCases(1, 200, nil) {
		c := c
		head, body := c.Message, []byte(nil)
		if n := parser.HeadEnd(c.Message); n >= 0 {
			head, body = c.Message[:n], c.Message[n:]
		}
		sc := suite.Case{Name: c.Name, Rule: c.Rule, Request: head, Body: body}
		ins = append(ins, input{name: c.Name, req: head, body: body, sc: &sc, oc: &c})
	}
	if len(ins) < 300 {
		t.Fatalf("only %d cases", len(ins))
	}
	for _, in := range ins {
		for _, r := range replies(in.req) {
			res := suite.JudgeServer(*in.sc, suite.Observation{Request: in.req, Body: in.body, Reply: r.reply, Fate: r.fate})
			var o oracle.Observation
			o.Side, o.Request, o.Reply, o.Fate = oracle.ServerSide, in.oc.Message, r.reply, r.fate
			j := oracle.Judge(judge.WebSocket, *in.oc, o)
			if res.Judgement == nil {
				t.Fatalf("%s: the suite's result carries no judgement", in.name)
			}
			if diff := cmp.Diff(j.Divergences, res.Judgement.Divergences); diff != "" {
				t.Errorf("%s, reply %q (%s): the front ends disagree (-diff +suite):\n%s", in.name, r.reply, r.fate, diff)
				continue
			}
			out, cited, _ := j.Outcome(in.sc.Rule)
			if out != res.Outcome || cited != res.Cited {
				t.Errorf("%s, reply %q: suite says %s %s; the judgement gives %s %s", in.name, r.reply, res.Outcome, res.Cited, out, cited)
			}
		}
	}
}
