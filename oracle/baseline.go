package oracle

import (
	_ "embed"
	"encoding/json"
	"os"
	"sort"

	"github.com/switchyard/switchyard/rules"
)

// BaselineEntry is one known divergence of one implementation version:
// the finding's key (target, version, rule, class, cause), a one-line
// reason, and the reproducer, so that every entry can be replayed and
// audited (oracle/adapters' TestBaselineAudit).
type BaselineEntry struct {
	Target    string   `json:"target"`
	Version   string   `json:"version"`
	Class     Class    `json:"class"`
	Rule      rules.ID `json:"rule"`
	Cause     string   `json:"cause,omitempty"`
	Reason    string   `json:"reason"`
	Side      Side     `json:"side,omitempty"`
	Blamed    Side     `json:"blamed,omitempty"`
	InMessage bool     `json:"in_message,omitempty"`
	// Via is the implementation a shared layer's entry replays through.
	Via string `json:"via,omitempty"`
	// Reproducer is the message that replays the finding (a request, or a
	// client's response template), under the JSON name "minimized";
	// Replay the shell command that sends it.
	Reproducer string `json:"minimized,omitempty"`
	Replay     string `json:"replay,omitempty"`
}

// Baseline is the committed list of known divergences. `fuzzrun diff`
// fails only on findings it does not cover, so it can gate CI.
type Baseline struct {
	Entries []BaselineEntry `json:"entries"`
}

//go:embed baseline.json
var defaultBaseline []byte

// DefaultBaseline returns the baseline committed with this package
// (oracle/baseline.json).
func DefaultBaseline() (*Baseline, error) { return parseBaseline(defaultBaseline) }

// LoadBaseline reads a baseline file.
func LoadBaseline(path string) (*Baseline, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return parseBaseline(b)
}

func parseBaseline(b []byte) (*Baseline, error) {
	var bl Baseline
	if err := json.Unmarshal(b, &bl); err != nil {
		return nil, err
	}
	return &bl, nil
}

// Covers reports whether an entry covers f: same target, version, rule,
// class and, for a fault in a message, cause (the parser names it). The
// cause of another finding is the variation of the case that found it,
// which minimization may merge with others (mergeSameCause): it is not
// compared; nor is a robustness finding's rule, which names only the
// first fault of the request that set off the hang, reset or panic. A new
// version of an implementation must be baselined anew.
func (b *Baseline) Covers(f *Finding) bool {
	return b.entry(f) != nil
}

func (b *Baseline) entry(f *Finding) *BaselineEntry {
	for i := range b.Entries {
		e := &b.Entries[i]
		if e.Target == f.Target && e.Version == f.Version && e.Class == f.Class &&
			(e.Rule == f.Rule || f.Class == Robustness) && (e.Cause == f.Cause || !f.InMessage) {
			return e
		}
	}
	return nil
}

// Reproducer returns the reproducer of the entry that lists exactly f's
// signature — target, version, class, rule and cause — or nil when no
// entry does (Covers is looser: it may match an entry of another cause).
func (b *Baseline) Reproducer(f *Finding) []byte {
	for i := range b.Entries {
		e := &b.Entries[i]
		if e.Target == f.Target && e.Version == f.Version && e.Class == f.Class && e.Rule == f.Rule && e.Cause == f.Cause && e.Reproducer != "" {
			return []byte(e.Reproducer)
		}
	}
	return nil
}

// Updated returns the baseline after a run over the targets ran reports:
// the entries of other targets kept as they are, and exactly the given
// findings for those targets, keeping the reasons of entries that already
// covered them (a new entry's reason is the finding's summary). A run over
// a subset of targets never drops the entries of the others.
func (b *Baseline) Updated(fs []Finding, ran func(target string) bool) *Baseline {
	out := &Baseline{Entries: []BaselineEntry{}}
	for _, e := range b.Entries {
		if !ran(e.Target) {
			out.Entries = append(out.Entries, e)
		}
	}
	for i := range fs {
		f := &fs[i]
		reason := f.Summary
		if e := b.entry(f); e != nil {
			reason = e.Reason
		}
		out.Entries = append(out.Entries, BaselineEntry{Target: f.Target, Version: f.Version, Class: f.Class, Rule: f.Rule,
			Cause: f.Cause, Reason: reason, Side: f.Side, Blamed: f.Blamed, InMessage: f.InMessage, Via: f.Via,
			Reproducer: f.Reproducer, Replay: f.Replay})
	}
	sort.SliceStable(out.Entries, func(i, j int) bool {
		a, c := out.Entries[i], out.Entries[j]
		if a.Target != c.Target {
			return a.Target < c.Target
		}
		if a.Class != c.Class {
			return a.Class < c.Class
		}
		if a.Rule != c.Rule {
			return a.Rule < c.Rule
		}
		return a.Cause < c.Cause
	})
	return out
}

// Write writes the baseline as indented JSON.
func (b *Baseline) Write(path string) error {
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}
