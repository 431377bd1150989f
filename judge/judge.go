// Package judge is Switchyard's one judge: it reads an Observation — the
// octets each party sent and the connection's fate, as the harness saw
// them — and decides, with the parser and the state machine as reference,
// where the implementation under test departed from the RFCs. Every mode
// of `fuzzrun diff` and `fuzzrun suite` (server, client, proxy; in process
// or over TCP) calls Judge, so that the same bytes always get the same
// verdict.
//
// The decisions follow the table in docs/judging.md, row by row: an
// implementation is blamed with a violation only under a rule that binds
// its own role, at that rule's level; a choice the RFCs leave open is
// recorded as permitted, never as a divergence.
package judge

// Judge judges one observation.
func Judge(o Observation) Judgement {
	switch o.Side {
	case Client:
		return judgeClient(&o)
	case Proxy:
		return judgeProxy(&o)
	}
	return judgeServer(&o)
}
