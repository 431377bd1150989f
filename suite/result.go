package suite

import (
	"time"

	"github.com/switchyard/switchyard/parser/rules"
)

// Outcome is the verdict on one case, as Autobahn|Testsuite prints it.
type Outcome string

// The outcomes, worst first.
const (
	// Fail: the peer broke an RFC MUST the case is about, or it hung or
	// reset the connection.
	Fail Outcome = "FAIL"
	// NonStrict: the peer departed only from a SHOULD or from Switchyard's
	// POLICY (STRICT-n, AMB-n, LIMIT-n, PROXY-n). Never an RFC violation.
	NonStrict Outcome = "NON-STRICT"
	// Informational: the case allows more than one answer; the one the
	// peer gave is recorded.
	Informational Outcome = "INFORMATIONAL"
	// Pass: the peer did what the case requires.
	Pass Outcome = "PASS"
)

// Outcomes lists every outcome, worst first.
var Outcomes = [...]Outcome{Fail, NonStrict, Informational, Pass}

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

// Departure returns the outcome for a peer that did not do what a case
// required, from the level of the rule it departed from: FAIL for an RFC
// MUST, NON-STRICT for a SHOULD or a POLICY rule (DESIGN.md principle 2).
func Departure(id rules.ID) Outcome {
	if rules.LevelOf(id) == rules.Must {
		return Fail
	}
	return NonStrict
}
