package main

import (
	"errors"
	"os"

	"github.com/switchyard/switchyard/judge"
	"github.com/switchyard/switchyard/oracle"
	"github.com/switchyard/switchyard/suite"
)

// suiteFindings turns the suite's failing results (FAIL; with strict,
// NON-STRICT too) into findings of the named peer, one per divergence of
// the judgement, so that suite and diff gate on one baseline format
// (oracle.Baseline: implementation, version, rule, class, cause).
func suiteFindings(peer string, rs []suite.Result, strict bool) []oracle.Finding {
	var out []oracle.Finding
	seen := map[oracle.Signature]bool{}
	for _, r := range rs {
		if r.Judgement == nil || !(r.Outcome == suite.Fail || strict && r.Outcome == suite.NonStrict) {
			continue
		}
		for _, d := range r.Judgement.Divergences {
			if d.Class == judge.Interop || d.Class == judge.Policy {
				if !strict {
					continue // NON-STRICT gates only with --strict
				}
			}
			f := oracle.Finding{Target: peer, Side: d.Blamed, Class: d.Class, Rule: d.Rule, Level: d.Level.String(),
				Blamed: d.Blamed, InMessage: d.InMessage, Cause: d.Cause, Summary: d.Summary, Case: r.Name,
				Request: string(r.Request), Response: string(r.Response)}
			f.Reproducer = f.Request
			if d.Blamed == judge.Client {
				f.Reproducer = f.Response
			}
			if seen[f.Sig()] {
				continue
			}
			seen[f.Sig()] = true
			out = append(out, f)
		}
	}
	return out
}

// loadKnown reads a suite baseline; a missing file is an empty one when it
// is about to be written.
func loadKnown(path string, update bool) (*oracle.Baseline, error) {
	bl, err := oracle.LoadBaseline(path)
	if errors.Is(err, os.ErrNotExist) && update {
		return &oracle.Baseline{}, nil
	}
	return bl, err
}
