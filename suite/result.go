package suite

import (
	"time"

	"github.com/switchyard/switchyard/judge"
	"github.com/switchyard/switchyard/rules"
)

// Outcome is the verdict on one case, as Autobahn|Testsuite prints it: a
// function of the one judge's judgement (judge.Outcome).
type Outcome = judge.Outcome

// The outcomes, worst first.
const (
	// Fail: the peer broke an RFC MUST of its own role, or it hung,
	// reset the connection or panicked.
	Fail = judge.Fail
	// NonStrict: the peer departed only from a SHOULD or from Switchyard's
	// POLICY (STRICT-n, AMB-n, LIMIT-n, PROXY-n), or refused a valid
	// handshake (interop). Never an RFC violation.
	NonStrict = judge.NonStrict
	// Informational: the case allows more than one answer; the one the
	// peer gave is recorded.
	Informational = judge.Informational
	// Pass: the peer did what the reference does.
	Pass = judge.Pass
)

// Outcomes lists every outcome, worst first.
var Outcomes = judge.Outcomes

// Result is the judged record of one case against one peer. Every mode
// (server, proxy, client) reports in this form.
type Result struct {
	Number int         `json:"number"` // 1-based position in the run
	Name   string      `json:"name"`   // unique case name, e.g. "key/10-octets"
	Group  string      `json:"group"`  // the case's group, e.g. "key"
	Rule   rules.ID    `json:"rule"`   // the rule the case is about
	Level  rules.Level `json:"level"`  // its level
	Want   string      `json:"want"`   // what the case requires, in words
	// Outcome is the verdict; Cited is the rule it rests on (the case's
	// rule, or the one the peer's answer broke), Why says what happened.
	Outcome Outcome  `json:"outcome"`
	Cited   rules.ID `json:"cited,omitempty"`
	Got     string   `json:"got"` // the peer's answer in a few words: "101", "400", "closed", "open", ...
	Why     string   `json:"why"`
	// The raw octets: what was sent and what came back. Proxy mode adds
	// what the backend received and what the client received.
	Request  []byte `json:"request"`
	Response []byte `json:"response,omitempty"`
	Extra    []Wire `json:"extra,omitempty"`
	// Judgement is the one judge's reading, the outcome's source.
	Judgement *judge.Judgement `json:"judgement,omitempty"`
	// Elapsed is how long the case took.
	Elapsed time.Duration `json:"elapsed_ns"`
}

// Wire is one more labelled capture of octets, e.g. "forwarded request".
type Wire struct {
	Label string `json:"label"`
	Bytes []byte `json:"bytes"`
}

// Counts tallies results by outcome.
type Counts map[Outcome]int

// Count tallies rs.
func Count(rs []Result) Counts {
	c := Counts{}
	for _, o := range Outcomes {
		c[o] = 0
	}
	for _, r := range rs {
		c[r.Outcome]++
	}
	return c
}

// Failed reports whether any result is a FAIL, or with strict a
// NON-STRICT too.
func Failed(rs []Result, strict bool) bool {
	for _, r := range rs {
		if r.Outcome == Fail || (strict && r.Outcome == NonStrict) {
			return true
		}
	}
	return false
}
