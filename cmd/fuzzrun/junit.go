package main

import (
	"fmt"
	"strings"

	"github.com/switchyard/switchyard/internal/junit"
	"github.com/switchyard/switchyard/oracle"
	"github.com/switchyard/switchyard/suite"
)

// diffJUnit is diff's JUnit report: one testsuite per target, one
// testcase per finding. A new finding (not in the baseline) is a failure;
// a known one passes, and says so.
func diffJUnit(res *oracle.Result) []junit.Suite {
	var out []junit.Suite
	at := map[string]int{}
	for _, t := range res.Targets {
		at[t] = len(out)
		out = append(out, junit.Suite{Name: t})
	}
	for _, f := range res.Findings {
		i, ok := at[f.Target]
		if !ok { // a shared layer's finding
			at[f.Target] = len(out)
			i = len(out)
			out = append(out, junit.Suite{Name: f.Target})
		}
		name := fmt.Sprintf("%s %s", f.Class, f.Rule)
		if f.Cause != "" {
			name += " (" + f.Cause + ")"
		}
		c := junit.Case{Classname: f.Target, Name: name,
			SystemOut: fmt.Sprintf("%s\nreplay: %s", f.Summary, f.Replay)}
		if f.New {
			c.Failure = &junit.Problem{Message: f.Summary, Type: string(f.Class),
				Text: fmt.Sprintf("%s %s %s (blamed: %s)\n%s\n\nreproducer:\n%s\nanswer:\n%s\nreplay: %s",
					f.Class, f.Rule, f.Level, f.Blamed, f.Summary, f.Reproducer, f.ReproducerReply, f.Replay)}
		} else {
			c.SystemOut = "known (baseline): " + c.SystemOut
		}
		out[i].Cases = append(out[i].Cases, c)
	}
	return out
}

// suiteJUnit is the suite's JUnit report: one testcase per case. A FAIL
// is a failure, unless known says it is covered (then it is skipped as
// known); NON-STRICT and INFORMATIONAL pass, with their outcome in the
// output.
func suiteJUnit(rep suite.Report, covered func(suite.Result) bool) junit.Suite {
	s := junit.Suite{Name: rep.Mode + " " + rep.Peer, Time: rep.Duration.Seconds(), Timestamp: rep.Started.Format("2006-01-02T15:04:05")}
	for _, r := range rep.Results {
		c := junit.Case{Classname: rep.Peer, Name: r.Name, Time: r.Elapsed.Seconds(),
			SystemOut: strings.TrimSpace(fmt.Sprintf("%s %s: %s (want %s, got %s)", r.Outcome, r.Cited, r.Why, r.Want, r.Got))}
		if r.Outcome == suite.Fail {
			if covered != nil && covered(r) {
				c.Skipped = &junit.Problem{Message: "known FAIL (baseline): " + r.Why}
			} else {
				c.Failure = &junit.Problem{Message: r.Why, Type: string(r.Cited),
					Text: fmt.Sprintf("%s %s\n%s\n\nrequest:\n%s\nresponse:\n%s", r.Outcome, r.Cited, r.Why, r.Request, r.Response)}
			}
		}
		s.Cases = append(s.Cases, c)
	}
	return s
}
