package judge

import "github.com/switchyard/switchyard/rules"

// Outcome is the conformance suite's verdict on one case, as
// Autobahn|Testsuite prints it. It is a pure function of a Judgement
// (Judgement.Outcome), so that the suite and diff never disagree.
type Outcome string

// The outcomes, worst first.
const (
	// Fail: a violation (an RFC MUST of the peer's own role broken) or a
	// robustness failure (panic, hang, reset).
	Fail Outcome = "FAIL"
	// NonStrict: the peer departed only from Switchyard's POLICY or from
	// an RFC SHOULD, or refused a valid handshake (interop). Never an RFC
	// violation.
	NonStrict Outcome = "NON-STRICT"
	// Informational: the RFC allows more than one answer, and the peer
	// gave another than the reference's.
	Informational Outcome = "INFORMATIONAL"
	// Pass: the peer did what the reference does.
	Pass Outcome = "PASS"
)

// Outcomes lists every outcome, worst first.
var Outcomes = [...]Outcome{Fail, NonStrict, Informational, Pass}

// Outcome returns the suite's verdict, the rule it rests on (the worst
// divergence's, or fallback when there is none) and why, in words.
func (j *Judgement) Outcome(fallback rules.ID) (Outcome, rules.ID, string) {
	d := j.Worst()
	switch {
	case d == nil && j.Permitted != "":
		return Informational, fallback, j.Permitted
	case d == nil:
		return Pass, fallback, j.Note
	case d.Class == Violation || d.Class == Robustness:
		return Fail, d.Rule, d.Summary
	}
	return NonStrict, d.Rule, d.Summary
}
