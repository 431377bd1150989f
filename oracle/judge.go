package oracle

import "github.com/switchyard/switchyard/judge"

// The oracle's verdict vocabulary is the judge's: one judge for every mode
// (package judge, docs/judging.md).
type (
	// Class sorts a divergence (judge.Class).
	Class = judge.Class
	// Divergence is one departure from the reference (judge.Divergence).
	Divergence = judge.Divergence
	// Judgement is the judge's reading of one observation (judge.Judgement).
	Judgement = judge.Judgement
	// Decision is one implementation's normalized decision (judge.Decision).
	Decision = judge.Decision
)

// The classes (judge.Violation, …).
const (
	Violation  = judge.Violation
	Interop    = judge.Interop
	Policy     = judge.Policy
	Robustness = judge.Robustness
)

// Judge judges an observation of an implementation that serves protocol
// ("websocket", "h2c" or "tls"; for a client, the protocol it asks for) on
// case c: it completes the observation with the protocol and the case's
// rule, and hands it to judge.Judge.
func Judge(protocol string, c Case, o Observation) Judgement {
	return judge.Judge(o.complete(protocol, c))
}

// complete returns the judge's observation, with the protocol and the
// case's rule filled in.
func (o Observation) complete(protocol string, c Case) judge.Observation {
	jo := o.Observation
	if jo.Protocol == "" {
		jo.Protocol = protocol
	}
	if jo.Protocol == "" {
		jo.Protocol = judge.WebSocket
	}
	if jo.Rule == "" {
		jo.Rule = c.Rule
	}
	return jo
}
