package suite

import (
	"strconv"

	"github.com/switchyard/switchyard/judge"
	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/rules"
)

// Fate is what became of a connection, as the harness saw it (judge.Fate).
type Fate = judge.Fate

// The fates of a server case's connection.
const (
	Answered  = judge.Answered  // a complete final response head arrived
	Closed    = judge.Closed    // the peer closed before a complete head
	Hung      = judge.Hung      // no complete head before the deadline
	Reset     = judge.Reset     // the connection was reset
	Oversized = judge.Oversized // the head grew past what the harness reads
)

// Observation is what a server did with one case: only what happened on
// the wire, judged afterwards by JudgeServer.
type Observation struct {
	Request []byte   // the request head sent
	Body    []byte   // the octets sent after it
	Reply   []byte   // the final response head received (all octets received when incomplete)
	Interim [][]byte // interim 1xx heads received before it, in order
	After   []byte   // octets received after the final head
	Fate    Fate
	Detail  string // an I/O error, when there was one
}

// JudgeServer judges what a server did with case c, as a server of the
// case's protocol (Case.Protocol), with the one judge
// (package judge) that `fuzzrun diff` uses too: the outcome is a function
// of the judgement (judge.Judgement.Outcome).
func JudgeServer(c Case, o Observation) Result {
	res := Result{Name: c.Name, Group: c.Group, Rule: c.Rule, Level: c.Level, Want: c.Want.String(),
		Request: o.Request, Response: o.Reply, Got: string(o.Fate)}
	for _, h := range o.Interim {
		res.Extra = append(res.Extra, Wire{Label: "interim response before it", Bytes: h})
	}
	proto := c.Protocol
	if proto == "" {
		proto = judge.WebSocket
	}
	j := judge.Judge(judge.Observation{
		Side: judge.Server, Protocol: proto, Rule: c.Rule,
		Request: o.Request, Body: o.Body, Interim: o.Interim, Reply: o.Reply, After: o.After,
		Fate: o.Fate, Detail: o.Detail,
	})
	if o.Fate == Answered {
		res.Got = "garbage"
		if st := parser.ParseResponse(o.Reply, nil).Status; st != 0 {
			res.Got = strconv.Itoa(st)
		}
	}
	return res.judged(&j, c.Rule, o.Detail)
}

// judged sets the result's outcome, cited rule and reason from a
// judgement.
func (res Result) judged(j *judge.Judgement, fallback rules.ID, detail string) Result {
	res.Outcome, res.Cited, res.Why = j.Outcome(fallback)
	if detail != "" && res.Outcome != Pass {
		res.Why += " (" + detail + ")"
	}
	res.Judgement = j
	return res
}
