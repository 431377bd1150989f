package oracle

import (
	_ "embed"
	"encoding/json"
	"os"
	"sort"

	"github.com/switchyard/switchyard/parser/rules"
)

// BaselineEntry is one known divergence of one implementation version,
// with a one-line reason.
type BaselineEntry struct {
	Target  string   `json:"target"`
	Version string   `json:"version"`
	Class   Class    `json:"class"`
	Rule    rules.ID `json:"rule"`
	Reason  string   `json:"reason"`
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

// Covers reports whether an entry covers f: same target, version, rule
// and class. A new version of an implementation must be baselined anew.
func (b *Baseline) Covers(f *Finding) bool {
	return b.entry(f) != nil
}

func (b *Baseline) entry(f *Finding) *BaselineEntry {
	for i := range b.Entries {
		e := &b.Entries[i]
		if e.Target == f.Target && e.Version == f.Version && e.Rule == f.Rule && e.Class == f.Class {
			return e
		}
	}
	return nil
}

// Updated returns a baseline holding exactly the given findings, keeping
// the reasons of entries that already covered them; a new entry's reason
// is the finding's summary.
func (b *Baseline) Updated(fs []Finding) *Baseline {
	out := &Baseline{Entries: []BaselineEntry{}}
	for i := range fs {
		f := &fs[i]
		reason := f.Summary
		if e := b.entry(f); e != nil {
			reason = e.Reason
		}
		out.Entries = append(out.Entries, BaselineEntry{Target: f.Target, Version: f.Version, Class: f.Class, Rule: f.Rule, Reason: reason})
	}
	sort.Slice(out.Entries, func(i, j int) bool {
		a, c := out.Entries[i], out.Entries[j]
		if a.Target != c.Target {
			return a.Target < c.Target
		}
		if a.Class != c.Class {
			return a.Class < c.Class
		}
		return a.Rule < c.Rule
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
